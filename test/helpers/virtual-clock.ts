// A virtual clock for the open loop (its LoopClock): time stands still while anything can run and
// jumps to the next timer only when nothing can, so schedule tests are exact and take no wall time.
// Work under test must wait on this clock (sleep/sleepUntil/timer), never on real timers.
import type { LoopClock } from '../../src/load/open-loop.ts';

interface Timer {
  readonly at: number;
  readonly seq: number;
  fn: (() => void) | undefined;
}

export class VirtualClock implements LoopClock {
  private t = 0;
  private seq = 0;
  private timers: Timer[] = [];

  now(): number {
    return this.t;
  }

  timer(at: number, fn: () => void): () => void {
    const e: Timer = { at, seq: this.seq++, fn };
    this.timers.push(e);
    return () => {
      e.fn = undefined;
    };
  }

  sleepUntil(at: number): Promise<void> {
    return new Promise((resolve) => this.timer(at, resolve));
  }

  sleep(ms: number): Promise<void> {
    return this.sleepUntil(this.t + ms);
  }

  /**
   * Awaits `work`, advancing time: whenever every pending promise callback has run (one event-loop
   * turn), the earliest timer fires (ties in the order they were set). Throws if `work` is still
   * pending with no timer left: it would hang on a real clock too.
   */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (settled) return work;
      this.timers = this.timers.filter((e) => e.fn !== undefined);
      let next: Timer | undefined;
      for (const e of this.timers) if (next === undefined || e.at < next.at || (e.at === next.at && e.seq < next.seq)) next = e;
      if (next === undefined) throw new Error(`virtual clock at ${this.t} ms: the work is still pending and no timer is set (it would hang)`);
      this.timers.splice(this.timers.indexOf(next), 1);
      this.t = Math.max(this.t, next.at);
      next.fn!();
    }
  }
}
