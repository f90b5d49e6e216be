// `source-order`, plainly: a cursor over the source keys 0, 1, 2..., wrapping; a backfill takes the
// uncached keys it passes, scanning at most every key once, and stops where it stopped.
import type { CacheSet, SelectionModel } from './selection-model.ts';

export class SourceOrderModel implements SelectionModel {
  cursor = 0;
  constructor(readonly sourceKeys: number) {}
  observe(): void {}
  evicted(): void {}
  event(): void {}
  select(cache: CacheSet, batch: number): number[] {
    if (cache.size >= this.sourceKeys) return [];
    const out: number[] = [];
    for (let scanned = 0; out.length < batch && scanned < this.sourceKeys; scanned++) {
      if (!cache.has(this.cursor)) out.push(this.cursor);
      this.cursor = (this.cursor + 1) % this.sourceKeys;
    }
    return out;
  }
}
