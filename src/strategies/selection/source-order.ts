// What to backfill: keys not yet cached, in source order (0, 1, 2...), at most `batch` at a time.
// A cursor remembers where the last backfill stopped, so a backfill costs O(batch + cached keys
// skipped), not O(source). With an unbounded cache every key before the cursor is cached, so this
// gives exactly the reference's scan-from-the-start result. The cursor wraps, so with a bounded
// cache keys evicted earlier become candidates again.
import { ByteBudgetSourceOrder } from './byte-budget.ts';
import type { CacheView, Selection, SelectionSpec } from './selection.ts';

export class SourceOrderCursor implements Selection {
  private cursor = 0;

  constructor(private readonly sourceKeys: number) {}

  /** Writes up to `batch` uncached source keys into out; returns how many. 0: nothing left to give. */
  select(cache: CacheView, batch: number, out: Uint32Array): number {
    // Caches only hold source keys, so a full one means the source has nothing left to give.
    if (cache.size >= this.sourceKeys) return 0;
    let n = 0;
    let cursor = this.cursor;
    for (let scanned = 0; n < batch && scanned < this.sourceKeys; scanned++) {
      if (!cache.contains(cursor)) out[n++] = cursor;
      cursor = cursor + 1 === this.sourceKeys ? 0 : cursor + 1;
    }
    this.cursor = cursor;
    return n;
  }
}

const sourceOrder: SelectionSpec = {
  name: 'source-order',
  summary: 'uncached keys in source order (0, 1, 2...), resuming where the last backfill stopped',
  params: [],
  // A batch in bytes: source order within the budget.
  create: (ctx) => (ctx.batchBytes !== undefined && ctx.batchSizes !== undefined ? new ByteBudgetSourceOrder(ctx.sourceKeys, ctx.batchSizes, ctx.batchBytes) : new SourceOrderCursor(ctx.sourceKeys)),
};

export default sourceOrder;
