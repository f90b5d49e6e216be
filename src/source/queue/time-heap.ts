// A binary min-heap of times in a Float64Array: the servers' next-free times (a fixed size c, always
// full: replaceMin) and the times calls leave the waiting line (push/pop, grows by doubling only when
// the line reaches a new maximum). No objects per operation: the hot path allocates nothing.
export class TimeHeap {
  private a: Float64Array;
  /** Number of times held. */
  size = 0;

  constructor(capacity: number) {
    this.a = new Float64Array(Math.max(1, capacity));
  }

  /** The smallest time held; Infinity when empty. */
  min(): number {
    return this.size === 0 ? Infinity : this.a[0]!;
  }

  push(t: number): void {
    if (this.size === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    const a = this.a;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= t) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = t;
  }

  /** Removes and returns the smallest time (the heap must not be empty). */
  pop(): number {
    const a = this.a;
    const top = a[0]!;
    const last = a[--this.size]!;
    if (this.size > 0) this.siftDown(last);
    return top;
  }

  /** Replaces the smallest time by t (the heap must not be empty): one sift instead of pop + push. */
  replaceMin(t: number): void {
    this.siftDown(t);
  }

  /** Fills the heap with n copies of t (all servers free at t). */
  fill(n: number, t: number): void {
    if (n > this.a.length) this.a = new Float64Array(n);
    this.a.fill(t, 0, n);
    this.size = n;
  }

  private siftDown(t: number): void {
    const a = this.a;
    const n = this.size;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && a[r]! < a[l]! ? r : l;
      if (a[c]! >= t) break;
      a[i] = a[c]!;
      i = c;
    }
    a[i] = t;
  }
}
