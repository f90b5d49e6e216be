// `hottest`, plainly: Space-Saving over an array of {key, count} kept in order of count, most first.
// A new key takes a free place at the end, or the last place (the least counted key's, inheriting its
// count); then it swaps with the first entry of equal count and its count goes up by one (which keeps
// the order: this is how the real summary breaks ties, so the two agree exactly). Every `halfLife`
// requests of source keys, every count is halved (rounded down). A backfill takes the uncached keys
// in that order, except the key of the last request (the one being served).
import { BudgetModel, type CacheSet, type SelectionModel } from './selection-model.ts';

export class HottestModel implements SelectionModel {
  entries: { key: number; count: number }[] = [];
  private since = 0;
  private last: number | undefined;

  constructor(
    readonly sourceKeys: number,
    readonly k: number,
    readonly halfLife: number,
    private readonly budget: BudgetModel = new BudgetModel(undefined, 0),
  ) {}

  observe(key: number): void {
    this.last = key;
    if (key >= this.sourceKeys) return;
    let i = this.entries.findIndex((e) => e.key === key);
    if (i < 0) {
      if (this.entries.length < this.k) {
        this.entries.push({ key, count: 0 });
        i = this.entries.length - 1;
      } else {
        i = this.k - 1;
        this.entries[i]!.key = key;
      }
    }
    const first = this.entries.findIndex((e) => e.count === this.entries[i]!.count);
    [this.entries[first], this.entries[i]] = [this.entries[i]!, this.entries[first]!];
    this.entries[first]!.count++;
    if (++this.since >= this.halfLife) {
      this.since = 0;
      for (const e of this.entries) e.count = Math.floor(e.count / 2);
    }
  }

  evicted(): void {}
  event(): void {}

  select(cache: CacheSet, batch: number): number[] {
    const out: number[] = [];
    this.budget.start();
    for (const { key } of this.entries) {
      if (out.length >= batch) break;
      if (key === this.last || cache.has(key)) continue;
      if (!this.budget.fits(key)) break;
      out.push(key);
      this.budget.add(key);
      if (this.budget.full) break;
    }
    return out;
  }
}
