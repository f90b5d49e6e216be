// A source with c servers (a connection pool) and a FIFO waiting line, in virtual time. The kernel
// submits each source call at its arrival time and gets back, at once, the time the call completes
// (wait + service) or FAILED (the line was full, or the call would wait longer than the timeout).
//
// Why arrivals in non-decreasing time order are enough for FIFO with c servers: under FIFO, calls
// start service in arrival order, so the n-th call starts at max(a_n, the earliest time a server is
// free once calls 1..n-1 have taken theirs) (the Kiefer-Wolfowitz recursion). Nothing that arrives
// later can change that: a later call never takes a server before an earlier one. So a call's start
// and completion are fixed the moment it is submitted, from the c servers' next-free times alone; a
// typed-array heap holds them, and taking the smallest and replacing it by the new completion costs
// O(log c). A call submitted out of time order would be served as if it had arrived after the calls
// submitted before it, which is why the kernel must submit in time order.
//
// The one exception is `backfillPriority: low`: a backfill call that has to wait can be overtaken by
// demand calls arriving later, so its start is not known when it is submitted (submit returns
// DEFERRED). Demand calls still are: demand never waits behind backfill, so the recursion above holds
// for them, with backfill calls that started before the demand call arrived already in the heap.
// Waiting backfill calls are kept in a FIFO and given a server lazily, at the next submit/advance at
// or after the moment a server is free with no demand waiting; their outcomes (completion time or
// FAILED) come back in submission order through takeDeferred().
//
// Ties at one instant: whatever happens at t (a server freeing, a waiting call starting or timing
// out) happens before a call arriving at t. So a call arriving when a server frees starts at once,
// a waiting call leaving at t is not counted in the line that an arrival at t sees, and a backfill
// call waiting for a server freeing at t gets it before a demand call arriving at t.
//
// No allocation per call: times live in typed arrays that grow (doubling) only when the waiting line
// reaches a new maximum.
import { BACKFILL, type CallClass } from './call-class.ts';
import { QueueCounters, type QueueSummary } from './queue-counters.ts';
import type { ServiceTime } from './service-time.ts';
import { TimeHeap } from './time-heap.ts';
import { TimeRing } from './time-ring.ts';

/** submit() / takeDeferred(): the call failed (see `failure` and `failedAt`). */
export const FAILED = -1;
/** submit(): a low-priority backfill call waits; its outcome comes later from takeDeferred(). */
export const DEFERRED = -2;
/** takeDeferred(): no outcome of a deferred call is ready. */
export const NO_OUTCOME = -3;

export type BackfillPriority = 'same' | 'low';
export type Failure = 'none' | 'rejected' | 'timeout';

export interface SourceQueueOptions {
  /** Servers (connections): an integer >= 1. */
  readonly concurrency: number;
  readonly service: ServiceTime;
  /** Calls allowed to wait at once (0: none may wait); null/undefined: unbounded. */
  readonly queueLimit?: number | null | undefined;
  /** A call that would wait longer than this (ms) fails; null/undefined: no timeout. */
  readonly timeoutMs?: number | null | undefined;
  /** 'low': demand calls are served before waiting backfill calls; 'same' (default): one FIFO line. */
  readonly backfillPriority?: BackfillPriority | undefined;
}

export class SourceQueue {
  readonly concurrency: number;
  readonly counters = new QueueCounters();
  /** Why the last FAILED outcome failed, and when the caller learns it (arrival, or arrival + timeout). */
  failure: Failure = 'none';
  failedAt = NaN;

  private readonly service: ServiceTime;
  private readonly limit: number;
  private readonly timeout: number;
  private readonly lowBackfill: boolean;
  /** Each server's next-free time. */
  private readonly servers: TimeHeap;
  /**
   * Times at which waiting calls leave the line (start or time out), for the line-length counters.
   * With one FIFO line they come in submission order (a call that waited at most the timeout starts
   * no later than the calls behind it leave; one that timed out at a + timeout could not have
   * started before the next call's start), so a ring is enough; with deferred backfill they do not,
   * and a heap orders them.
   */
  private readonly leavingInOrder = new TimeRing();
  private readonly leaving = new TimeHeap(16);
  /** Low-priority backfill calls waiting for a server: arrival and service times, in step. */
  private readonly deferredArrival = new TimeRing();
  private readonly deferredService = new TimeRing();
  /** Outcomes of deferred calls not yet taken: completion time, or FAILED with its time in outcomeFailedAt. */
  private readonly outcomeTime = new TimeRing();
  private readonly outcomeFailedAt = new TimeRing();
  private lastCompletion = -Infinity;
  /** The latest time submitted or advanced to: no call may come before it. */
  private clock = -Infinity;

  constructor(opts: SourceQueueOptions) {
    const { concurrency, queueLimit, timeoutMs } = opts;
    if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be an integer >= 1, got ${concurrency}`);
    if (queueLimit != null && (!Number.isSafeInteger(queueLimit) || queueLimit < 0)) throw new RangeError(`queueLimit must be an integer >= 0 or null, got ${queueLimit}`);
    if (timeoutMs != null && !(timeoutMs >= 0)) throw new RangeError(`timeoutMs must be >= 0 or null, got ${timeoutMs}`);
    this.concurrency = concurrency;
    this.service = opts.service;
    this.limit = queueLimit ?? Infinity;
    this.timeout = timeoutMs ?? Infinity;
    this.lowBackfill = opts.backfillPriority === 'low';
    this.servers = new TimeHeap(concurrency);
    this.servers.fill(concurrency, -Infinity);
  }

  /**
   * A call of `keys` keys arriving at t (never earlier than the previous call's t). Returns its
   * completion time (>= t), FAILED, or DEFERRED (a low-priority backfill call that must wait).
   */
  submit(t: number, keys: number, cls: CallClass): number {
    this.advance(t);
    const c = this.counters;
    c.calls[cls]!++;
    const service = this.service.sample(keys);
    c.at(t);
    const free = this.servers.min();
    if (free <= t) {
      // A server is free: no wait. (After advance(t), no deferred call is waiting for it.)
      this.servers.replaceMin(t + service);
      c.served1(cls, 0, service);
      return this.completed(t + service);
    }
    if (c.length >= this.limit) {
      c.rejected[cls]!++;
      return this.fail('rejected', t);
    }
    c.enter(t);
    if (this.lowBackfill && cls === BACKFILL) {
      this.deferredArrival.push(t);
      this.deferredService.push(service);
      return DEFERRED;
    }
    const wait = free - t;
    if (wait > this.timeout) {
      this.leave(t + this.timeout);
      c.timedOut[cls]!++;
      return this.fail('timeout', t + this.timeout);
    }
    this.leave(free);
    this.servers.replaceMin(free + service);
    c.served1(cls, wait, service);
    return this.completed(free + service);
  }

  /**
   * Moves the queue's clock to t: deferred backfill calls that get a server at or before t start
   * (those that cannot start within their timeout fail), and calls leaving the line by t are counted
   * out. submit() does this itself; a kernel calls it to learn deferred outcomes between calls. No
   * call may be submitted before t afterwards.
   */
  advance(t: number): void {
    if (t < this.clock) throw new RangeError(`source calls must come in time order: ${t} after ${this.clock}`);
    this.clock = t;
    const arrival = this.deferredArrival;
    while (arrival.size > 0) {
      const arr = arrival.peek();
      const free = this.servers.min();
      const start = free > arr ? free : arr;
      // `start` is the earliest the call can start: demand arriving later can only delay it more.
      if (start - arr > this.timeout) {
        arrival.shift();
        this.deferredService.shift();
        this.leaving.push(arr + this.timeout);
        this.counters.timedOut[BACKFILL]!++;
        this.outcomeTime.push(FAILED);
        this.outcomeFailedAt.push(arr + this.timeout);
        continue;
      }
      // No demand call arrives before t (calls come in time order), so one starting by t is final.
      if (start > t) break;
      arrival.shift();
      const service = this.deferredService.shift();
      this.servers.replaceMin(start + service);
      this.leaving.push(start);
      this.counters.served1(BACKFILL, start - arr, service);
      this.outcomeTime.push(this.completed(start + service));
      this.outcomeFailedAt.push(NaN);
    }
    const inOrder = this.leavingInOrder;
    while (inOrder.size > 0 && inOrder.peek() <= t) this.counters.leave(inOrder.shift());
    const leaving = this.leaving;
    while (leaving.size > 0 && leaving.min() <= t) this.counters.leave(leaving.pop());
  }

  /** A call now waiting will leave the line at `at`. */
  private leave(at: number): void {
    if (this.lowBackfill) this.leaving.push(at);
    else this.leavingInOrder.push(at);
  }

  /**
   * The outcome of the oldest deferred call not taken yet: its completion time, FAILED (with
   * `failure` and `failedAt` set), or NO_OUTCOME when none is known yet. Outcomes come in the order
   * the calls were submitted.
   */
  takeDeferred(): number {
    if (this.outcomeTime.size === 0) return NO_OUTCOME;
    const done = this.outcomeTime.shift();
    const failedAt = this.outcomeFailedAt.shift();
    if (done === FAILED) {
      this.failure = 'timeout';
      this.failedAt = failedAt;
    }
    return done;
  }

  /** Deferred backfill calls still waiting for a server. */
  get deferredWaiting(): number {
    return this.deferredArrival.size;
  }

  /**
   * Ends the run: every waiting call is resolved (deferred ones can take their outcome afterwards)
   * and the counters are summarised up to max(end, the last completion). Submit nothing after this.
   */
  finish(end = -Infinity): QueueSummary {
    this.advance(Infinity);
    return this.counters.summary(this.concurrency, Math.max(end, this.lastCompletion));
  }

  private completed(done: number): number {
    if (done > this.lastCompletion) this.lastCompletion = done;
    return done;
  }

  private fail(why: Failure, at: number): number {
    this.failure = why;
    this.failedAt = at;
    return FAILED;
  }
}
