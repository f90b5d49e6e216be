// The selection axis of a strategy: which keys a backfill loads. One file per part, registered by one
// line in ./registry.ts.
import type { ParamDecl } from '../../core/param-decl.ts';
import type { Key } from '../../core/types.ts';

/** What a selection may ask of the cache (an EvictionPolicy is one). */
export interface CacheView {
  readonly size: number;
  contains(key: Key): boolean;
}

export interface Selection {
  /** Writes up to `batch` uncached source keys into out; returns how many. 0: nothing left to give. */
  select(cache: CacheView, batch: number, out: Uint32Array): number;
}

export interface SelectionSpec<P extends object = Record<string, unknown>> {
  readonly name: string;
  readonly summary: string;
  readonly params: readonly ParamDecl[];
  create(sourceKeys: number, p: P): Selection;
}
