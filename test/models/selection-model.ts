// What the plain selection models share: the cache as a set, and the byte budget of a batch written
// as plainly as it is specified (the first key always fits; a key that would overflow ends the
// batch; the batch also ends as soon as the budget is full).
export interface CacheSet {
  has(key: number): boolean;
  readonly size: number;
}

export interface SelectionModel {
  observe(key: number): void;
  evicted(key: number): void;
  event(before: readonly number[]): void;
  select(cache: CacheSet, batch: number): number[];
}

/** The bytes of one batch: sizes[key] per key, `budget` bytes; undefined sizes: a batch in keys. */
export class BudgetModel {
  private taken: number[] = [];
  constructor(
    private readonly sizes: readonly number[] | undefined,
    private readonly budget: number,
  ) {}
  start(): void {
    this.taken = [];
  }
  /** Whether `key` joins the batch. */
  fits(key: number): boolean {
    if (this.sizes === undefined || this.taken.length === 0) return true;
    return this.taken.reduce((a, k) => a + this.sizes![k]!, 0) + this.sizes[key]! <= this.budget;
  }
  add(key: number): void {
    this.taken.push(key);
  }
  get full(): boolean {
    return this.sizes !== undefined && this.taken.reduce((a, k) => a + this.sizes![k]!, 0) >= this.budget;
  }
}
