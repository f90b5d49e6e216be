// `hottest`: the keys requested most so far, by a decayed estimate, that are not cached. Every
// request of a source key feeds a Space-Saving summary of `hotKeys` counters (../sketch/space-saving.ts:
// O(log hotKeys) per request, memory bounded by hotKeys whatever the key space), halved every
// `hotHalfLife` requests so that old popularity fades. A backfill walks the summary from the most
// counted key down and loads the first `batch` that are not cached (or, with a batch in bytes, while
// their sizes fit), passing over the key of the request being served: a backfill on its miss would
// only spend a slot of the batch on what the miss caches anyway. Deterministic: no randomness, ties
// broken by the summary's own order.
import type { IntegerDecl } from '../../core/param-decl.ts';
import type { Key } from '../../core/types.ts';
import { SpaceSaving } from '../sketch/space-saving.ts';
import { batchBytesOf, type BatchBytes } from './byte-budget.ts';
import type { CacheView, Selection, SelectionSpec } from './selection.ts';

export interface HottestParams {
  readonly hotKeys: number | null;
  readonly hotHalfLife: number | null;
}

/**
 * Counters per cached object when hotKeys is null. Space-Saving only guarantees to keep keys more
 * frequent than 1/hotKeys of the requests; on zipf 0.99 (100,000 keys, C = 10,000) 2 x C counters
 * left the chosen C keys 0.02-0.03 of hit ratio short of the top C, 4 x C within 0.003 (README).
 */
export const HOT_KEYS_PER_CACHED = 4;

/** Keys monitored when hotKeys is null: HOT_KEYS_PER_CACHED x the capacity in objects, at most the source keys. */
export function defaultHotKeys(sourceKeys: number, capacity: number | undefined): number {
  return Math.max(1, Math.min(sourceKeys, capacity === undefined ? sourceKeys : HOT_KEYS_PER_CACHED * capacity));
}

/** Requests between halvings when hotHalfLife is null: 10 x the keys monitored (Caffeine ages its sketch after 10 x its entries). */
export const HALF_LIFE_PER_KEY = 10;

export const HOT_KEYS: IntegerDecl = {
  name: 'hotKeys',
  kind: 'integer',
  doc: 'keys the hottest selection counts (its Space-Saving summary: ~24 bytes each, O(log hotKeys) per request); only keys among them can be loaded',
  unit: 'keys',
  default: null,
  defaultText: `null (${HOT_KEYS_PER_CACHED} x the capacity in objects, at most the source keys; all source keys for an unbounded cache)`,
  min: 1,
  max: 1 << 26,
  nullable: { means: `${HOT_KEYS_PER_CACHED} x the capacity in objects, at most the source keys` },
  typical: [1, 100_000],
};

export const HOT_HALF_LIFE: IntegerDecl = {
  name: 'hotHalfLife',
  kind: 'integer',
  doc: 'requests between halvings of every hottest count, so old popularity fades (a large value: no decay)',
  unit: 'requests',
  default: null,
  defaultText: `null (${HALF_LIFE_PER_KEY} x hotKeys)`,
  min: 1,
  max: Number.MAX_SAFE_INTEGER,
  nullable: { means: `${HALF_LIFE_PER_KEY} x hotKeys` },
  typical: [1, 10_000_000],
};

export class HottestSelection implements Selection {
  readonly observesRequests = true;
  readonly sketch: SpaceSaving;
  /** The key of the last request observed (the one being served during a backfill on its miss). */
  private serving = -1;

  constructor(
    private readonly sourceKeys: number,
    hotKeys: number,
    halfLife: number,
    keySpace: number,
    private readonly bytes: BatchBytes | undefined,
  ) {
    this.sketch = new SpaceSaving(hotKeys, halfLife, keySpace);
  }

  observe(key: Key): void {
    // Absent keys cannot be loaded: they would only take counters.
    this.serving = key;
    if (key < this.sourceKeys) this.sketch.add(key);
  }

  select(cache: CacheView, batch: number, out: Uint32Array): number {
    const s = this.sketch;
    const bytes = this.bytes;
    bytes?.start();
    let n = 0;
    for (let i = 0; i < s.size && n < batch; i++) {
      const key = s.keyAt(i);
      if (key === this.serving || cache.contains(key)) continue;
      if (bytes !== undefined && !bytes.take(key, n)) break;
      out[n++] = key;
      if (bytes?.full) break;
    }
    return n;
  }
}

const hottest: SelectionSpec<HottestParams> = {
  name: 'hottest',
  summary: 'the most requested keys not cached, by a decayed Space-Saving count of the requests so far (bounded by hotKeys)',
  params: [HOT_KEYS, HOT_HALF_LIFE],
  create(ctx, p) {
    const k = p.hotKeys ?? defaultHotKeys(ctx.sourceKeys, ctx.capacity);
    return new HottestSelection(ctx.sourceKeys, k, p.hotHalfLife ?? HALF_LIFE_PER_KEY * k, ctx.keySpace, batchBytesOf(ctx));
  },
};

export default hottest;
