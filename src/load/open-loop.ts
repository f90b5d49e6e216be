// Open-loop load, as wrk2 does it: each request has an intended send time from the workload's
// schedule, requests are sent at those times whatever the earlier ones are doing, and latency is
// measured from the intended send time, not from when a busy client got round to sending. A slow or
// stalled server therefore shows up as latency (and timeouts), never as fewer requests sent
// (no coordinated omission).
//
// The loop is generic: `prepare` is called synchronously, in schedule order, at each request's
// intended time (this is where the strategy decides), and returns the asynchronous work. At most
// `concurrency` requests are in flight; the rest wait in a FIFO queue, their waiting counted in their
// latency. Every request has a deadline (intended time + timeout): a request still queued at its
// deadline is not sent, one in flight is abandoned; both count as timeouts. Nothing waits longer than
// a deadline, so a run always ends about `timeout` after its last send.
import { LatencyRecorder, type LatencySummaryMs } from '../runner/latency-recorder.ts';
import { DelayQueue } from './delay.ts';

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(message = 'timed out') {
    super(message);
  }
}

export interface LoopClock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Resolves once now() >= t. */
  sleepUntil(t: number): Promise<void>;
  /** Calls fn once now() >= t, unless the returned cancel function is called first. */
  timer(t: number, fn: () => void): () => void;
}

/** setTimeout can fire up to a millisecond early against performance.now(): re-arm until t has come. */
const realTimer = (t: number, fn: () => void): (() => void) => {
  let h: NodeJS.Timeout;
  const arm = () => {
    const left = t - performance.now();
    if (left <= 0) fn();
    else h = setTimeout(arm, Math.max(1, Math.ceil(left)));
  };
  h = setTimeout(arm, Math.max(0, Math.ceil(t - performance.now())));
  return () => clearTimeout(h);
};

/** performance.now() with setTimeout (about 1 ms resolution, no busy polling). */
export const timerClock: LoopClock = {
  now: () => performance.now(),
  // Waking a little early is harmless here: the loop sends only what is due, then sleeps again.
  sleepUntil: (t) => new Promise((resolve) => setTimeout(resolve, Math.max(0, t - performance.now()))),
  timer: realTimer,
};

/** performance.now() with sub-millisecond wake-ups (polls the event loop within 1.5 ms of a send: burns CPU). */
export function spinClock(): LoopClock {
  const q = new DelayQueue();
  return { now: () => performance.now(), sleepUntil: (t) => q.until(t), timer: realTimer };
}

export interface RequestContext {
  /** Intended send time, on the loop clock (ms). */
  readonly intendedAt: number;
  readonly deadline: number;
  /** True once the deadline passed: the work should issue nothing more. */
  readonly expired: boolean;
  /** Awaits p, or rejects with TimeoutError at the deadline, whichever is first. */
  step<T>(p: Promise<T>): Promise<T>;
  /** Marks the response as served: latency stops here; the rest of the work (cache writes) still holds the slot. */
  respond(): void;
}

/** A request's work; `dropped` is called instead when it is never sent (timed out in the queue, interrupted). */
export type RequestWork = ((ctx: RequestContext) => Promise<void>) & { readonly dropped?: () => void };

export interface ScheduledItem {
  /** Milliseconds after the start of the run. */
  readonly time: number;
  readonly key: number;
  /** The record's operation (core/ops.ts; 0, a read, for streams without operations). */
  readonly op?: number;
  /** The record's TTL (ms, 0: none). */
  readonly ttlMs?: number;
}

export interface OpenLoopSource {
  /** The next request in schedule order, or undefined at the end of the schedule. */
  peek(): ScheduledItem | undefined;
  /** Consumes the request peek() returned. */
  advance(): void;
}

export interface OpenLoopOptions {
  /** Requests scheduled at or after this (ms after start) are not sent. */
  readonly durationMs: number;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  readonly clock?: LoopClock | undefined;
  /** Called, at most every 100 ms, with requests sent so far and ms elapsed. */
  readonly onProgress?: ((sent: number, elapsedMs: number) => void) | undefined;
  /** Called for every error and timeout (for counting by cause). */
  readonly onFailure?: ((error: unknown, phase: 'queued' | 'request' | 'after-response') => void) | undefined;
}

export interface OpenLoopResult {
  /** Requests whose intended time came (decided and queued or sent). */
  readonly scheduled: number;
  /** Requests actually started (not cancelled or expired in the queue). */
  readonly started: number;
  readonly ok: number;
  readonly errors: number;
  readonly timeouts: number;
  /** Of the timeouts: requests whose deadline passed while they waited for a free slot. */
  readonly timeoutsQueued: number;
  /** Requests scheduled but dropped unsent because the run was interrupted. */
  readonly cancelled: number;
  /** Errors in work after the response was served (cache writes); the request itself counted ok. */
  readonly errorsAfterResponse: number;
  /** Wall time from start until the last request settled, ms. */
  readonly elapsedMs: number;
  /** Schedule span actually covered: min(durationMs, time of interruption), ms. */
  readonly coveredMs: number;
  readonly interrupted: boolean;
  /** Latency of ok requests, from intended send time to response (ms). */
  readonly latencyMs: LatencySummaryMs;
  /**
   * How late each request was taken up after its intended time (ms): the load generator's own lag
   * (timer resolution, a busy event loop), apart from waits for a free slot.
   */
  readonly sendLagMs: LatencySummaryMs;
  readonly maxInFlight: number;
  readonly maxQueued: number;
}

interface Pending {
  readonly intendedAt: number;
  readonly work: RequestWork;
}

export async function runOpenLoop(source: OpenLoopSource, prepare: (item: ScheduledItem, intendedAt: number) => RequestWork, o: OpenLoopOptions): Promise<OpenLoopResult> {
  const clock = o.clock ?? timerClock;
  const latency = new LatencyRecorder();
  const sendLag = new LatencyRecorder();
  const queue: Pending[] = [];
  let qHead = 0;
  let scheduled = 0;
  let started = 0;
  let ok = 0;
  let errors = 0;
  let timeouts = 0;
  let timeoutsQueued = 0;
  let cancelled = 0;
  let errorsAfterResponse = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let maxQueued = 0;
  let interruptedAt = Infinity;
  let idle: (() => void) | undefined;

  const start = clock.now();
  const fail = (e: unknown, phase: 'queued' | 'request' | 'after-response') => o.onFailure?.(e, phase);

  const launch = (p: Pending): void => {
    const deadline = p.intendedAt + o.timeoutMs;
    const now = clock.now();
    if (now >= deadline) {
      timeouts++;
      timeoutsQueued++;
      p.work.dropped?.();
      fail(new TimeoutError(`waited ${o.timeoutMs} ms for a free slot (concurrency ${o.concurrency})`), 'queued');
      return;
    }
    started++;
    inFlight++;
    if (inFlight > maxInFlight) maxInFlight = inFlight;
    let expired = false;
    let respondedAt = -1;
    let settled = false;
    const timeoutError = () => new TimeoutError(`no answer within ${o.timeoutMs} ms of the intended send time`);
    let rejectDeadline: (e: TimeoutError) => void = () => {};
    const deadlinePromise = new Promise<never>((_, reject) => {
      rejectDeadline = reject;
    });
    deadlinePromise.catch(() => {});
    const cancelTimer = clock.timer(deadline, () => {
      expired = true;
      rejectDeadline(timeoutError());
    });
    const ctx: RequestContext = {
      intendedAt: p.intendedAt,
      deadline,
      get expired() {
        return expired;
      },
      step: <T>(x: Promise<T>) => {
        if (expired) {
          x.catch(() => {});
          return Promise.reject(timeoutError());
        }
        return Promise.race([x, deadlinePromise]);
      },
      respond: () => {
        if (respondedAt >= 0 || settled) return;
        const t = clock.now();
        if (t > deadline) return; // too late: the request timed out
        respondedAt = t;
        ok++;
        latency.record((t - p.intendedAt) * 1000);
      },
    };
    let work: Promise<void>;
    try {
      work = p.work(ctx);
    } catch (e) {
      work = Promise.reject(e);
    }
    Promise.race([work, deadlinePromise]).then(
      () => {
        settled = true;
        if (respondedAt < 0) {
          const t = clock.now();
          if (t <= deadline) {
            respondedAt = t;
            ok++;
            latency.record((t - p.intendedAt) * 1000);
          } else {
            timeouts++;
            fail(new TimeoutError(`answered after the ${o.timeoutMs} ms deadline`), 'request');
          }
        }
        finish();
      },
      (e: unknown) => {
        settled = true;
        if (respondedAt >= 0) {
          errorsAfterResponse++;
          fail(e, 'after-response');
        } else if (e instanceof TimeoutError || expired) {
          timeouts++;
          fail(e instanceof TimeoutError ? e : new TimeoutError(), 'request');
        } else {
          errors++;
          fail(e, 'request');
        }
        finish();
      },
    );
    function finish() {
      expired = true; // stop any stragglers of this request
      cancelTimer();
      inFlight--;
      pump();
    }
  };

  const pump = (): void => {
    while (inFlight < o.concurrency && qHead < queue.length) {
      const next = queue[qHead]!;
      queue[qHead++] = undefined as unknown as Pending;
      if (qHead > 1024 && qHead * 2 > queue.length) {
        queue.splice(0, qHead);
        qHead = 0;
      }
      launch(next);
    }
    if (inFlight === 0 && qHead >= queue.length && idle) idle();
  };

  let lastProgress = -Infinity;
  const aborted = () => o.signal?.aborted === true;
  for (;;) {
    if (aborted()) {
      interruptedAt = clock.now() - start;
      break;
    }
    const elapsed = clock.now() - start;
    let item = source.peek();
    while (item !== undefined && item.time <= elapsed && item.time < o.durationMs) {
      const intendedAt = start + item.time;
      sendLag.record((clock.now() - intendedAt) * 1000);
      const work = prepare(item, intendedAt);
      scheduled++;
      source.advance();
      if (inFlight < o.concurrency && qHead >= queue.length) launch({ intendedAt, work });
      else {
        queue.push({ intendedAt, work });
        const q = queue.length - qHead;
        if (q > maxQueued) maxQueued = q;
      }
      item = source.peek();
    }
    if (o.onProgress && elapsed - lastProgress >= 100) {
      lastProgress = elapsed;
      o.onProgress(scheduled, elapsed);
    }
    if (item === undefined || item.time >= o.durationMs) break;
    // Sleep until the next send, waking at least every 50 ms to notice an interrupt.
    await clock.sleepUntil(start + Math.min(item.time, elapsed + 50));
  }

  if (aborted()) {
    // Interrupted: requests still waiting for a slot are dropped unsent.
    if (interruptedAt === Infinity) interruptedAt = clock.now() - start;
    cancelled += queue.length - qHead;
    for (let i = qHead; i < queue.length; i++) queue[i]!.work.dropped?.();
    queue.length = 0;
    qHead = 0;
  }
  if (inFlight > 0 || qHead < queue.length) {
    await new Promise<void>((resolve) => {
      idle = resolve;
      pump();
    });
  }
  const elapsedMs = clock.now() - start;
  o.onProgress?.(scheduled, elapsedMs);
  return {
    scheduled,
    started,
    ok,
    errors,
    timeouts,
    timeoutsQueued,
    cancelled,
    errorsAfterResponse,
    elapsedMs,
    coveredMs: Math.min(o.durationMs, interruptedAt),
    interrupted: interruptedAt !== Infinity,
    latencyMs: latency.summary(),
    sendLagMs: sendLag.summary(),
    maxInFlight,
    maxQueued,
  };
}
