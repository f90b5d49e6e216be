// `snapshot`: after a restart or a loss, the keys that were cached just before it, most valuable
// first (the policy's own priority order, as the strategy hands them to onCacheEvent), loaded in
// that order from where the last backfill stopped, skipping keys cached again meanwhile. Before any
// event it has nothing to give (a backfill then loads nothing); a later event replaces the list.
// With warm=snapshot on a restart the strategy restores this same list itself; this selection lets
// any trigger (`on-event`, a rate-limited timer...) do it instead.
import type { CacheView, Selection, SelectionCacheEvent, SelectionSpec } from './selection.ts';
import { batchBytesOf, type BatchBytes } from './byte-budget.ts';

export class SnapshotSelection implements Selection {
  private list: Uint32Array = new Uint32Array(0);
  private cursor = 0;

  constructor(
    private readonly sourceKeys: number,
    private readonly bytes: BatchBytes | undefined,
  ) {}

  /** Keys of the saved list not handed out yet (tests). */
  get remaining(): number {
    return this.list.length - this.cursor;
  }

  onCacheEvent(_e: SelectionCacheEvent, before: Uint32Array): void {
    this.list = before.slice();
    this.cursor = 0;
  }

  select(cache: CacheView, batch: number, out: Uint32Array): number {
    const list = this.list;
    const bytes = this.bytes;
    bytes?.start();
    let n = 0;
    let i = this.cursor;
    for (; i < list.length && n < batch; i++) {
      const key = list[i]!;
      if (key >= this.sourceKeys || cache.contains(key)) continue;
      if (bytes !== undefined && !bytes.take(key, n)) break;
      out[n++] = key;
      if (bytes?.full) {
        i++;
        break;
      }
    }
    this.cursor = i;
    return n;
  }
}

const snapshot: SelectionSpec = {
  name: 'snapshot',
  summary: "after a restart or a loss: the keys cached just before it, most valuable first (the policy's priority order); nothing before an event",
  params: [],
  create: (ctx) => new SnapshotSelection(ctx.sourceKeys, batchBytesOf(ctx)),
};

export default snapshot;
