// What a modelled source counts: per call class (demand, backfill) the calls, how many were served,
// refused (queue full) or timed out, and their waits; the servers' busy time (utilisation); and the
// length of the waiting line over virtual time as a time-weighted histogram (time spent at each
// length), from which the time-average mean, p99 and max are read. Updated in O(1) per change of the
// line: no allocation except when the line reaches a new maximum length (the histogram doubles).
import { BACKFILL, DEMAND, type CallClass } from './call-class.ts';

export interface ClassSummary {
  readonly calls: number;
  readonly served: number;
  /** Calls refused because the waiting line was full (source errors). */
  readonly rejected: number;
  /** Calls that waited longer than the timeout and left without being served (source errors). */
  readonly timedOut: number;
  /** Served calls that waited (> 0) for a server. */
  readonly waited: number;
  /** Mean wait of the served calls (0 included). */
  readonly meanWaitMs: number;
  readonly maxWaitMs: number;
}

export interface QueueSummary {
  /** Virtual time from the first call to the last thing that happened (or the end given). */
  readonly horizonMs: number;
  /** Busy server time / (servers x horizon). */
  readonly utilisation: number;
  /** Time-average number of calls waiting (not in service). */
  readonly queueMean: number;
  /** Waiting calls not exceeded 99% of the time. */
  readonly queueP99: number;
  readonly queueMax: number;
  readonly demand: ClassSummary;
  readonly backfill: ClassSummary;
}

export class QueueCounters {
  readonly calls = new Float64Array(2);
  readonly served = new Float64Array(2);
  readonly rejected = new Float64Array(2);
  readonly timedOut = new Float64Array(2);
  readonly waited = new Float64Array(2);
  readonly waitMs = new Float64Array(2);
  readonly maxWaitMs = new Float64Array(2);
  /** Sum of the service times of served calls. */
  busyMs = 0;
  /** Time-integral of the waiting line's length (call-ms) up to the last change: cumulative, for per-window means. */
  areaMs = 0;

  /** Calls waiting now (as of `lastT`). */
  length = 0;
  maxLength = 0;
  /** Time spent at each length: timeAt[n] = virtual ms with n calls waiting. */
  private timeAt = new Float64Array(16);
  private firstT = NaN;
  private lastT = NaN;

  /** Moves the clock to t (t never decreases), crediting the time since the last change to the current length. */
  at(t: number): void {
    if (this.lastT !== this.lastT) {
      this.firstT = t;
      this.lastT = t;
      return;
    }
    this.timeAt[this.length]! += t - this.lastT;
    this.areaMs += this.length * (t - this.lastT);
    this.lastT = t;
  }

  /** A call starts waiting at t. */
  enter(t: number): void {
    this.at(t);
    const n = ++this.length;
    if (n > this.maxLength) {
      this.maxLength = n;
      if (n >= this.timeAt.length) {
        const b = new Float64Array(this.timeAt.length * 2);
        b.set(this.timeAt);
        this.timeAt = b;
      }
    }
  }

  /** A waiting call leaves the line at t (it got a server or timed out). */
  leave(t: number): void {
    this.at(t);
    this.length--;
  }

  served1(cls: CallClass, waitMs: number, serviceMs: number): void {
    this.served[cls]!++;
    this.busyMs += serviceMs;
    if (waitMs > 0) {
      this.waited[cls]!++;
      this.waitMs[cls]! += waitMs;
      if (waitMs > this.maxWaitMs[cls]!) this.maxWaitMs[cls] = waitMs;
    }
  }

  /** Time spent with exactly n calls waiting, up to the last change seen. */
  timeAtLength(n: number): number {
    return n < this.timeAt.length ? this.timeAt[n]! : 0;
  }

  /** The summary over [first call, max(end, last change)]; `servers` for the utilisation. */
  summary(servers: number, end = -Infinity): QueueSummary {
    if (this.lastT !== this.lastT) return { horizonMs: 0, utilisation: 0, queueMean: 0, queueP99: 0, queueMax: 0, demand: this.classSummary(DEMAND), backfill: this.classSummary(BACKFILL) };
    if (end > this.lastT) this.at(end);
    const horizon = this.lastT - this.firstT;
    let area = 0;
    for (let n = 1; n <= this.maxLength; n++) area += n * this.timeAt[n]!;
    return {
      horizonMs: horizon,
      utilisation: horizon > 0 ? this.busyMs / (servers * horizon) : 0,
      queueMean: horizon > 0 ? area / horizon : 0,
      queueP99: this.lengthQuantile(0.99, horizon),
      queueMax: this.maxLength,
      demand: this.classSummary(DEMAND),
      backfill: this.classSummary(BACKFILL),
    };
  }

  /** The smallest length L with (time at lengths <= L) >= q x horizon. */
  private lengthQuantile(q: number, horizon: number): number {
    if (!(horizon > 0)) return 0;
    let acc = 0;
    for (let n = 0; n <= this.maxLength; n++) {
      acc += this.timeAt[n]!;
      if (acc >= q * horizon) return n;
    }
    return this.maxLength;
  }

  private classSummary(c: CallClass): ClassSummary {
    const served = this.served[c]!;
    return {
      calls: this.calls[c]!,
      served,
      rejected: this.rejected[c]!,
      timedOut: this.timedOut[c]!,
      waited: this.waited[c]!,
      meanWaitMs: served > 0 ? this.waitMs[c]! / served : 0,
      maxWaitMs: this.maxWaitMs[c]!,
    };
  }
}
