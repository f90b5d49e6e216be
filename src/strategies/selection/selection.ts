// The selection axis of a strategy: which keys a backfill loads. One file per part, registered by one
// line in ./registry.ts. A selection may watch the requests (hottest, clairvoyant), the evictions
// (recently-evicted) or the cache events (snapshot); the strategy calls those hooks only when the
// selection says it wants them (a field test, as for admission), so selections that watch nothing
// add no work per request.
import type { ParamDecl } from '../../core/param-decl.ts';
import type { FutureRequests, Key, ObjectSizes } from '../../core/types.ts';

/** What a selection may ask of the cache (an EvictionPolicy is one). */
export interface CacheView {
  readonly size: number;
  contains(key: Key): boolean;
}

/**
 * A restart or a loss, as far as a selection cares (the events part's CacheEvent is one: kept
 * structural here so the selection axis does not depend on the timeline).
 */
export interface SelectionCacheEvent {
  readonly kind: 'restart' | 'lose';
  /** Virtual ms. */
  readonly at: number;
}

/** What a selection is built for: the run's workload and the strategy's capacity. */
export interface SelectionContext {
  /** Keys [0, sourceKeys) exist in the source. */
  readonly sourceKeys: number;
  /** Exclusive upper bound of request keys (present and absent). */
  readonly keySpace: number;
  /** The run's seed (1 when not given). */
  readonly seed: number;
  /** The cache's capacity in objects (a capacity in bytes turned into objects of the mean size); undefined: unbounded. */
  readonly capacity: number | undefined;
  /** The keys of every request to come: only for a strategy with the `clairvoyant` trait. */
  readonly future: FutureRequests | undefined;
  /**
   * Present when the backfill batch is in bytes: each source key's size, and the bytes per backfill.
   * A selection then writes keys while their sizes fit `batchBytes` (a key larger than the whole
   * budget alone), as ByteBudgetSourceOrder does for source order (see ./byte-budget.ts).
   */
  readonly batchSizes: ObjectSizes | undefined;
  readonly batchBytes: number | undefined;
}

export interface Selection {
  /** Writes up to `batch` uncached source keys into out; returns how many. 0: nothing left to give. */
  select(cache: CacheView, batch: number, out: Uint32Array): number;
  /**
   * The strategy calls observe(key) once per request, before serving it, only when this is true
   * (read once, at construction).
   */
  readonly observesRequests?: boolean;
  observe?(key: Key): void;
  /** The strategy calls evicted(key) for each key its policy evicts, only when this is true. */
  readonly observesEvictions?: boolean;
  evicted?(key: Key): void;
  /** A restart or a loss: `before` holds the keys cached just before it, most valuable first. */
  onCacheEvent?(e: SelectionCacheEvent, before: Uint32Array): void;
}

export interface SelectionSpec<P extends object = Record<string, unknown>> {
  readonly name: string;
  readonly summary: string;
  /** The selection's own parameters (they become parameters of every backfilling strategy). */
  readonly params: readonly ParamDecl[];
  /** Needs the future requests (StrategyContext.future): the strategy gets the `clairvoyant` trait. */
  readonly clairvoyant?: boolean;
  create(ctx: SelectionContext, p: P): Selection;
}
