// `clairvoyant`: the uncached keys whose next request is soonest, an upper bound on what any
// selection could load (like `opt` for eviction): it needs every future request, so a strategy using
// it gets the `clairvoyant` trait (the runner reads the stream ahead; sweeps never recommend it).
// It follows the stream (observe: the index of the request being served, checked against the keys
// read ahead) and, to select, walks the requests to come in order, taking each key at its first
// occurrence from there (prev[j] < position) when it is a source key not cached. The key being
// served is skipped: its own miss caches it. Cost: O(requests walked) per backfill, which is small
// while misses are frequent and grows when nearly every upcoming key is cached. Memory: one Int32 per
// request (prev) beside the runner's keys (together OPT_BYTES_PER_REQUEST, as opt).
import type { FutureRequests, Key } from '../../core/types.ts';
import { batchBytesOf, type BatchBytes } from './byte-budget.ts';
import type { CacheView, Selection, SelectionSpec } from './selection.ts';

/** prev[j]: the index of the previous request for keys[j], or -1. */
export function previousUses(keys: Uint32Array, keySpace: number): Int32Array {
  const prev = new Int32Array(keys.length);
  const last = new Int32Array(Math.max(1, keySpace)).fill(-1);
  for (let j = 0; j < keys.length; j++) {
    const k = keys[j]!;
    if (k >= last.length) throw new RangeError(`clairvoyant: request ${j} has key ${k}, outside the key space ${keySpace}`);
    prev[j] = last[k]!;
    last[k] = j;
  }
  return prev;
}

export class ClairvoyantSelection implements Selection {
  readonly observesRequests = true;
  private readonly keys: Uint32Array;
  private readonly prev: Int32Array;
  /** Requests observed so far: the next request's index. */
  private position = 0;

  constructor(
    future: FutureRequests,
    keySpace: number,
    private readonly sourceKeys: number,
    private readonly bytes: BatchBytes | undefined,
  ) {
    this.keys = future.keys;
    this.prev = previousUses(future.keys, keySpace);
  }

  observe(key: Key): void {
    const i = this.position++;
    if (this.keys[i] !== key) {
      throw new Error(`clairvoyant selection: request ${i} is key ${key}, but the stream read ahead has ${i < this.keys.length ? `key ${this.keys[i]}` : `only ${this.keys.length} requests`}`);
    }
  }

  select(cache: CacheView, batch: number, out: Uint32Array): number {
    if (cache.size >= this.sourceKeys) return 0;
    const keys = this.keys;
    const prev = this.prev;
    const from = this.position;
    const serving = from > 0 ? keys[from - 1]! : -1;
    const bytes = this.bytes;
    bytes?.start();
    let n = 0;
    for (let j = from; j < keys.length && n < batch; j++) {
      const key = keys[j]!;
      // Only a key's first request from here on; absent keys, cached keys and the key being served are not candidates.
      if (prev[j]! >= from || key >= this.sourceKeys || key === serving || cache.contains(key)) continue;
      if (bytes !== undefined && !bytes.take(key, n)) break;
      out[n++] = key;
      if (bytes?.full) break;
    }
    return n;
  }
}

const clairvoyant: SelectionSpec = {
  name: 'clairvoyant',
  summary: 'the uncached keys whose next request is soonest: an upper bound like opt (reads the whole stream ahead; never recommended by a sweep)',
  params: [],
  clairvoyant: true,
  create(ctx) {
    if (!ctx.future) throw new Error('the clairvoyant selection needs the stream read ahead (StrategyContext.future): its strategy must have the clairvoyant trait');
    return new ClairvoyantSelection(ctx.future, ctx.keySpace, ctx.sourceKeys, batchBytesOf(ctx));
  },
};

export default clairvoyant;
