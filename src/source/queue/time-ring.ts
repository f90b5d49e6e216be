// A FIFO of numbers in a Float64Array ring: the backfill calls waiting behind demand (their arrival
// and service times, in two rings kept in step) and their outcomes until the kernel takes them. It
// grows by doubling only when it holds more than ever before: no allocation per call.
export class TimeRing {
  private a: Float64Array;
  private head = 0;
  /** Numbers held. */
  size = 0;

  /** @param capacity initial slots, rounded up to a power of two */
  constructor(capacity = 16) {
    this.a = new Float64Array(2 ** Math.ceil(Math.log2(Math.max(2, capacity))));
  }

  push(v: number): void {
    if (this.size === this.a.length) this.grow();
    this.a[(this.head + this.size++) & (this.a.length - 1)] = v;
  }

  /** The oldest number (the ring must not be empty). */
  peek(): number {
    return this.a[this.head]!;
  }

  /** Removes and returns the oldest number (the ring must not be empty). */
  shift(): number {
    const v = this.a[this.head]!;
    this.head = (this.head + 1) & (this.a.length - 1);
    this.size--;
    return v;
  }

  private grow(): void {
    const n = this.a.length;
    const b = new Float64Array(n * 2);
    for (let i = 0; i < this.size; i++) b[i] = this.a[(this.head + i) & (n - 1)]!;
    this.a = b;
    this.head = 0;
  }
}
