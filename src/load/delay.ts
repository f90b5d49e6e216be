// Sub-millisecond waits. setTimeout never fires sooner than 1 ms (and is often later), so an
// in-process stand-in that should answer in 0.2 ms would report 1+ ms. Waits due within SPIN_MS are
// finished by polling with setImmediate (which lets I/O run between polls); longer ones sleep on a
// timer until they are SPIN_MS from due. One driver serves every pending wait, earliest first.

const SPIN_MS = 1.5;

interface Waiter {
  at: number;
  resolve: () => void;
}

export type Now = () => number;

export class DelayQueue {
  private readonly heap: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private immediate: NodeJS.Immediate | undefined;

  constructor(private readonly now: Now = () => performance.now()) {}

  /** Resolves `ms` milliseconds from now (at once for ms <= 0, on the next turn of the loop). */
  wait(ms: number): Promise<void> {
    return this.until(this.now() + Math.max(0, ms));
  }

  /** Resolves once now() >= at. */
  until(at: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.push({ at, resolve });
      this.schedule();
    });
  }

  get pending(): number {
    return this.heap.length;
  }

  private readonly pump = (): void => {
    this.immediate = undefined;
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.now();
    while (this.heap.length > 0 && this.heap[0]!.at <= now) this.pop().resolve();
    this.schedule();
  };

  private schedule(): void {
    if (this.heap.length === 0 || this.immediate !== undefined) return;
    const first = this.heap[0]!.at;
    const wait = first - this.now();
    if (wait <= SPIN_MS) {
      if (this.timer !== undefined) {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.timerAt = Infinity;
      }
      this.immediate = setImmediate(this.pump);
      return;
    }
    const wakeAt = first - SPIN_MS;
    if (this.timer !== undefined && this.timerAt <= wakeAt) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = wakeAt;
    this.timer = setTimeout(this.pump, Math.max(1, Math.floor(wait - SPIN_MS)));
  }

  private push(w: Waiter): void {
    const h = this.heap;
    h.push(w);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.at <= w.at) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = w;
  }

  private pop(): Waiter {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && h[r]!.at < h[l]!.at ? r : l;
        if (h[c]!.at >= last.at) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

/** The process-wide queue the stand-ins share. */
export const delays = new DelayQueue();
