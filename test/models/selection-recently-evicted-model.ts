// `recently-evicted`, plainly: how often each source key was requested (1 or more), and a list of
// evicted keys that had been requested more than once, most recently evicted first, at most
// `capacity` long (an evicted key already listed moves to the front; the oldest falls off). A
// backfill walks the list from the front, taking keys not cached; every key it walks past leaves the
// list (taken, or cached again); a key that does not fit the byte budget stays.
import { BudgetModel, type CacheSet, type SelectionModel } from './selection-model.ts';

export class RecentlyEvictedModel implements SelectionModel {
  readonly requests = new Map<number, number>();
  ghosts: number[] = [];

  constructor(
    readonly sourceKeys: number,
    readonly capacity: number,
    private readonly budget: BudgetModel = new BudgetModel(undefined, 0),
  ) {}

  observe(key: number): void {
    if (key < this.sourceKeys) this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  evicted(key: number): void {
    if ((this.requests.get(key) ?? 0) < 2) return;
    this.ghosts = [key, ...this.ghosts.filter((k) => k !== key)].slice(0, this.capacity);
  }

  event(): void {}

  select(cache: CacheSet, batch: number): number[] {
    const out: number[] = [];
    this.budget.start();
    while (this.ghosts.length > 0 && out.length < batch) {
      const key = this.ghosts[0]!;
      if (!cache.has(key)) {
        if (!this.budget.fits(key)) break;
        out.push(key);
        this.budget.add(key);
      }
      this.ghosts.shift();
      if (this.budget.full) break;
    }
    return out;
  }
}
