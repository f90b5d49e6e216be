// `snapshot`, plainly: the keys cached before the last restart or loss, most valuable first, handed
// out in that order from where the last backfill stopped; cached (or absent) keys are passed over.
// Nothing before an event.
import { BudgetModel, type CacheSet, type SelectionModel } from './selection-model.ts';

export class SnapshotModel implements SelectionModel {
  list: number[] = [];
  next = 0;

  constructor(
    readonly sourceKeys: number,
    private readonly budget: BudgetModel = new BudgetModel(undefined, 0),
  ) {}

  observe(): void {}
  evicted(): void {}

  event(before: readonly number[]): void {
    this.list = [...before];
    this.next = 0;
  }

  select(cache: CacheSet, batch: number): number[] {
    const out: number[] = [];
    this.budget.start();
    while (this.next < this.list.length && out.length < batch) {
      const key = this.list[this.next]!;
      if (key < this.sourceKeys && !cache.has(key)) {
        if (!this.budget.fits(key)) break;
        out.push(key);
        this.budget.add(key);
      }
      this.next++;
      if (this.budget.full) break;
    }
    return out;
  }
}
