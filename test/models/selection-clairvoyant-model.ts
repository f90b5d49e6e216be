// `clairvoyant`, plainly: the requests to come, known in advance. A backfill lists the distinct keys
// of the requests after the one being served, in order of their next request, and takes those that
// are source keys, not cached and not the key being served.
import { BudgetModel, type CacheSet, type SelectionModel } from './selection-model.ts';

export class ClairvoyantModel implements SelectionModel {
  served = 0;

  constructor(
    readonly future: readonly number[],
    readonly sourceKeys: number,
    private readonly budget: BudgetModel = new BudgetModel(undefined, 0),
  ) {}

  observe(key: number): void {
    if (this.future[this.served] !== key) throw new Error(`model: request ${this.served} is ${key}, expected ${this.future[this.served]}`);
    this.served++;
  }

  evicted(): void {}
  event(): void {}

  select(cache: CacheSet, batch: number): number[] {
    if (cache.size >= this.sourceKeys) return [];
    const serving = this.served > 0 ? this.future[this.served - 1] : undefined;
    const upcoming = [...new Set(this.future.slice(this.served))];
    const out: number[] = [];
    this.budget.start();
    for (const key of upcoming) {
      if (out.length >= batch) break;
      if (key >= this.sourceKeys || key === serving || cache.has(key)) continue;
      if (!this.budget.fits(key)) break;
      out.push(key);
      this.budget.add(key);
      if (this.budget.full) break;
    }
    return out;
  }
}
