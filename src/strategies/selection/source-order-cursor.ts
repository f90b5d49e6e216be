// What to backfill: keys not yet cached, in source order (0, 1, 2...), at most `batch` at a time.
// A cursor remembers where the last backfill stopped, so a backfill costs O(batch + cached keys
// skipped), not O(source). With an unbounded store every key before the cursor is cached, so this
// gives exactly the reference's scan-from-the-start result. The cursor wraps, so with an LRU store
// keys evicted earlier become candidates again.
import type { Store } from '../stores/store.ts';

export class SourceOrderCursor {
  private cursor = 0;

  constructor(private readonly sourceKeys: number) {}

  /** Writes up to `batch` uncached source keys into out; returns how many. 0: nothing left to give. */
  select(store: Store, batch: number, out: Uint32Array): number {
    // Stores only hold source keys, so a full store means the source has nothing left to give.
    if (store.size >= this.sourceKeys) return 0;
    let n = 0;
    let cursor = this.cursor;
    for (let scanned = 0; n < batch && scanned < this.sourceKeys; scanned++) {
      if (!store.contains(cursor)) out[n++] = cursor;
      cursor = cursor + 1 === this.sourceKeys ? 0 : cursor + 1;
    }
    this.cursor = cursor;
    return n;
  }
}
