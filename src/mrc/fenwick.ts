// A Fenwick (binary indexed) tree of counts over positions [0, size): point update and prefix sum in
// O(log size), on an Int32Array.

export class Fenwick {
  private readonly tree: Int32Array;

  constructor(readonly size: number) {
    this.tree = new Int32Array(size + 1);
  }

  /** Adds delta at position i. */
  add(i: number, delta: number): void {
    const t = this.tree;
    const n = this.size;
    for (let j = i + 1; j <= n; j += j & -j) t[j]! += delta;
  }

  /** Sum of positions [0, i]. */
  prefix(i: number): number {
    const t = this.tree;
    let s = 0;
    for (let j = i + 1; j > 0; j -= j & -j) s += t[j]!;
    return s;
  }

  /** Resets to a 1 at each of positions [0, ones) and 0 elsewhere, in O(size). */
  resetToOnes(ones: number): void {
    const t = this.tree;
    const n = this.size;
    t.fill(0);
    for (let j = 1; j <= ones; j++) t[j] = 1;
    for (let j = 1; j <= n; j++) {
      const up = j + (j & -j);
      if (up <= n) t[up]! += t[j]!;
    }
  }
}
