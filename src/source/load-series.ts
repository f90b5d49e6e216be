// Source load over virtual time, one point per window: an opt-in, bounded record for charts (the
// sweep's "source load over time" chart). Windows start at 1 s of virtual time; when a run spans more
// windows than `maxPoints`, adjacent windows are merged in pairs (the window doubles), so memory stays
// bounded however long the run. The counting source adds a window only when it closes one (once a
// virtual second at most), so the per-request hot path is unchanged.

import { WINDOW_MS } from './load-window.ts';

/** A finished series: keys[i] and calls[i] are totals over [i * windowMs, (i + 1) * windowMs). */
export interface LoadSeriesData {
  readonly windowMs: number;
  readonly keys: readonly number[];
  readonly calls: readonly number[];
}

export const DEFAULT_LOAD_SERIES_POINTS = 600;

export class LoadSeries {
  private width = 1; // base windows per point
  private readonly keys: number[] = [];
  private readonly calls: number[] = [];

  constructor(readonly maxPoints: number = DEFAULT_LOAD_SERIES_POINTS) {
    if (!Number.isSafeInteger(maxPoints) || maxPoints < 2) throw new RangeError(`load series needs at least 2 points, got ${maxPoints}`);
  }

  /** Adds the totals of base window `index` (1-second windows from time 0); indexes must not decrease. */
  add(index: number, keys: number, calls: number): void {
    const at = this.pointFor(index);
    this.keys[at] = this.keys[at]! + keys;
    this.calls[at] = this.calls[at]! + calls;
  }

  /** Makes the series span base windows [0, index] (trailing windows without load are zeros). */
  extendTo(index: number): void {
    this.pointFor(index);
  }

  data(): LoadSeriesData {
    return { windowMs: WINDOW_MS * this.width, keys: [...this.keys], calls: [...this.calls] };
  }

  private pointFor(index: number): number {
    while (Math.floor(index / this.width) >= this.maxPoints) this.coarsen();
    const at = Math.floor(index / this.width);
    while (this.keys.length <= at) {
      this.keys.push(0);
      this.calls.push(0);
    }
    return at;
  }

  private coarsen(): void {
    const n = this.keys.length;
    for (let i = 0; i < n; i += 2) {
      this.keys[i >> 1] = this.keys[i]! + (this.keys[i + 1] ?? 0);
      this.calls[i >> 1] = this.calls[i]! + (this.calls[i + 1] ?? 0);
    }
    this.keys.length = Math.ceil(n / 2);
    this.calls.length = Math.ceil(n / 2);
    this.width *= 2;
  }
}
