// The queue model's prediction for a live run's source pool: the library's SourceQueue (the model
// the simulator's `--source-concurrency` uses) with c = the pool size, driven by the live run's own
// source calls at the times they asked for a connection, each served for the service time fitted
// from the run (fixed + per key, least squares over the calls that were answered). So the model
// sees the same arrivals, the same concurrency and the same mean service time as the pool did; what
// differs is only what the model leaves out (service-time spread, the client's event loop, the
// server's own contention). Comparing the two is the calibration check: when they agree, the model
// with these two numbers (c and the service time) predicts the database's queueing.
import { BACKFILL, DEMAND } from '../source/queue/call-class.ts';
import { FAILED, SourceQueue } from '../source/queue/source-queue.ts';
import { ServiceTime } from '../source/queue/service-time.ts';
import { spread, type PoolCall, type PoolFigures } from './pool-meter.ts';

/** Service time = fixedMs + perKeyMs x keys. */
export interface ServiceFit {
  readonly fixedMs: number;
  readonly perKeyMs: number;
  /** Calls the fit used (answered ones). */
  readonly calls: number;
}

/**
 * Least squares of service time on keys per call, over the calls that got a connection and an answer.
 * With a single key count (demand reads only) the per-key slope is not identifiable: 0, and the fixed
 * part is the mean. A negative slope (noise) is clamped to 0 the same way.
 */
export function fitService(calls: readonly PoolCall[]): ServiceFit {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const c of calls) {
    if (c.outcome !== 'ok') continue;
    const y = c.doneAt - c.gotAt;
    n++;
    sx += c.keys;
    sy += y;
    sxx += c.keys * c.keys;
    sxy += c.keys * y;
  }
  if (n === 0) return { fixedMs: 0, perKeyMs: 0, calls: 0 };
  const varX = sxx - (sx * sx) / n;
  const slope = varX > 1e-9 ? (sxy - (sx * sy) / n) / varX : 0;
  if (!(slope > 0)) return { fixedMs: sy / n, perKeyMs: 0, calls: n };
  const fixed = (sy - slope * sx) / n;
  // A fit whose intercept comes out negative would give small calls a negative service: keep the
  // line through the origin's side instead (per-key only, through the mean).
  if (fixed < 0) return { fixedMs: 0, perKeyMs: sy / sx, calls: n };
  return { fixedMs: fixed, perKeyMs: slope, calls: n };
}

export interface PoolPrediction {
  /** 'fitted': every call served for the fitted time; 'measured': each call for its own measured query time. */
  readonly service: 'fitted' | 'measured';
  readonly fit: ServiceFit;
  readonly figures: PoolFigures;
}

/**
 * Each call's own measured query time, in order (the fitted time for a call the pool never served).
 * Replaying them isolates the queue's structure (c connections, FIFO) from the service times'
 * spread: when the fitted model is off but this one fits, the spread is what the model misses.
 */
class MeasuredService extends ServiceTime {
  private i = 0;
  constructor(
    private readonly calls: readonly PoolCall[],
    fit: ServiceFit,
  ) {
    super(fit.fixedMs, fit.perKeyMs, 'fixed', undefined);
  }
  override sample(keys: number): number {
    const c = this.calls[this.i++];
    return c !== undefined && c.outcome === 'ok' ? c.doneAt - c.gotAt : super.sample(keys);
  }
}

/**
 * Replays the live calls through the model: c = poolSize, FIFO, a call waiting longer than
 * `waitTimeoutMs` (the pool's connect timeout) fails, service from `fit` (or fitted from the calls).
 */
export function predictPool(
  calls: readonly PoolCall[],
  poolSize: number,
  waitTimeoutMs: number | null,
  service: 'fitted' | 'measured' = 'fitted',
  fit: ServiceFit = fitService(calls),
): PoolPrediction {
  const time = service === 'measured' ? new MeasuredService(calls, fit) : new ServiceTime(fit.fixedMs, fit.perKeyMs, 'fixed', undefined);
  const q = new SourceQueue({ concurrency: poolSize, service: time, timeoutMs: waitTimeoutMs });
  const waits: number[] = [];
  const services: number[] = [];
  const classWait = [0, 0];
  const classServed = [0, 0];
  let waitTimeouts = 0;
  let end = -Infinity;
  const first = calls.length > 0 ? calls[0]!.askedAt : 0;
  for (const c of calls) {
    const t = c.askedAt - first;
    const busyBefore = q.counters.busyMs;
    const done = q.submit(t, c.keys, c.cls);
    if (done === FAILED) {
      waitTimeouts++;
      if (q.failedAt > end) end = q.failedAt;
      continue;
    }
    const service = q.counters.busyMs - busyBefore;
    // Rounding can leave -1e-16 where the call did not wait.
    const wait = Math.max(0, done - service - t);
    waits.push(wait);
    services.push(service);
    classWait[c.cls]! += wait;
    classServed[c.cls]!++;
    if (done > end) end = done;
  }
  const s = q.finish(end);
  const span = calls.length > 0 && end > 0 ? end : 0;
  return {
    service,
    fit,
    figures: {
      poolSize,
      calls: calls.length,
      demandCalls: s.demand.calls,
      backfillCalls: s.backfill.calls,
      callsPerSec: span > 0 ? (calls.length * 1000) / span : 0,
      spanMs: span,
      waitMs: spread(waits),
      demandWaitMeanMs: classServed[DEMAND]! > 0 ? classWait[DEMAND]! / classServed[DEMAND]! : 0,
      backfillWaitMeanMs: classServed[BACKFILL]! > 0 ? classWait[BACKFILL]! / classServed[BACKFILL]! : 0,
      serviceMs: spread(services),
      utilisation: s.utilisation,
      queueMean: s.queueMean,
      queueP99: s.queueP99,
      queueMax: s.queueMax,
      errors: 0,
      waitTimeouts,
      queryTimeouts: 0,
    },
  };
}

/** How close the model's mean wait must be to the pool's to "fit": 25 %, or 0.1 ms (timer noise). */
export const FIT_RELATIVE = 0.25;
export const FIT_ABSOLUTE_MS = 0.1;

/**
 * The model-vs-pool verdict on the mean wait for a connection (the figure calibration is about):
 * "fits", or which way the model is off and by how much. Informative: a real database is not
 * expected to match a model exactly, so it does not fail the run (the exact checks do).
 */
export function poolVerdict(live: PoolFigures, model: PoolFigures): string {
  return waitVerdict(live.waitMs.mean, model.waitMs.mean, 'mean wait');
}

/** The verdict on two mean waits (ms), the pool's `a` and the model's `b`. */
export function waitVerdict(a: number, b: number, what: string): string {
  const d = Math.abs(a - b);
  const ms = (x: number) => x.toFixed(3);
  if (d <= FIT_ABSOLUTE_MS || d <= FIT_RELATIVE * Math.max(a, b)) return `fits (${what} ${ms(a)} / ${ms(b)} ms)`;
  const ratio = b > 0 ? a / b : Infinity;
  const times = Number.isFinite(ratio) ? `${ratio.toFixed(2)}x the model's` : 'where the model has none';
  return `model ${a > b ? 'under' : 'over'}: the pool's ${what} ${times} (${ms(a)} / ${ms(b)} ms)`;
}
