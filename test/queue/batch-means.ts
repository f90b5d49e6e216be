// The method of batch means for a steady-state mean from one long, autocorrelated run (waits in a
// queue): drop a warm-up, split the rest into k equal batches, and treat the k batch means as nearly
// independent normal samples (true when a batch is much longer than the run's correlation time).
// The confidence interval is mean ± t(1 - alpha/2, k - 1) x sd / sqrt(k).
import { createRng } from '../../src/core/rng.ts';
import { BACKFILL, DEMAND } from '../../src/source/queue/call-class.ts';
import { ServiceTime, type ServiceDistribution } from '../../src/source/queue/service-time.ts';
import { DEFERRED, NO_OUTCOME, SourceQueue } from '../../src/source/queue/source-queue.ts';

/** Batches per run: 40, so the t quantile has 39 degrees of freedom. */
export const BATCHES = 40;
/** Student's t quantile t(0.9995, 39) = 3.5581 (two-sided 99.9 % confidence; scipy.stats.t.ppf(0.9995, 39)). */
export const T_999_39 = 3.5581;

export interface BatchEstimate {
  readonly mean: number;
  /** Half-width of the 99.9 % confidence interval. */
  readonly halfWidth: number;
}

export function batchMeans(sums: Float64Array, perBatch: number): BatchEstimate {
  const k = sums.length;
  const means = Array.from(sums, (s) => s / perBatch);
  const mean = means.reduce((a, b) => a + b, 0) / k;
  const variance = means.reduce((a, b) => a + (b - mean) ** 2, 0) / (k - 1);
  return { mean, halfWidth: (T_999_39 * Math.sqrt(variance)) / Math.sqrt(k) };
}

/**
 * Poisson arrivals (rate lambda) of single-key demand calls to a SourceQueue with c servers and
 * service time of mean 1 / mu; after a warm-up of one batch, `calls` calls in BATCHES batches.
 * Measures each call's response (completion - arrival) or, with waitOnly, its wait (response - 1/mu,
 * exact for a fixed service time).
 */
export function simulateResponse(o: { lambda: number; mu: number; c: number; distribution: ServiceDistribution; calls: number; seed: number; waitOnly?: boolean }): BatchEstimate {
  const arrivals = createRng(o.seed, 'arrivals');
  const q = new SourceQueue({ concurrency: o.c, service: new ServiceTime(1 / o.mu, 0, o.distribution, createRng(o.seed, 'service')) });
  const perBatch = o.calls / BATCHES;
  const minus = o.waitOnly ? 1 / o.mu : 0;
  const sums = new Float64Array(BATCHES);
  let t = 0;
  for (let i = -perBatch; i < o.calls; i++) {
    t -= Math.log(1 - arrivals.nextDouble()) / o.lambda;
    const response = q.submit(t, 1, DEMAND) - t;
    if (i >= 0) sums[Math.floor(i / perBatch)]! += response - minus;
  }
  return batchMeans(sums, perBatch);
}

/**
 * Poisson arrivals of rate lambdaHigh + lambdaLow, each a demand call with probability
 * lambdaHigh / lambda, else a backfill call, to a queue with `backfillPriority: low`. Per class, the
 * batch means (by arrival index) of the response time (completion - arrival); deferred backfill
 * outcomes are matched to their calls in submission order.
 */
export function simulatePriority(o: { lambdaHigh: number; lambdaLow: number; mu: number; c: number; distribution: ServiceDistribution; calls: number; seed: number }): {
  high: BatchEstimate;
  low: BatchEstimate;
} {
  const rng = createRng(o.seed, 'arrivals');
  const q = new SourceQueue({ concurrency: o.c, service: new ServiceTime(1 / o.mu, 0, o.distribution, createRng(o.seed, 'service')), backfillPriority: 'low' });
  const lambda = o.lambdaHigh + o.lambdaLow;
  const perBatch = o.calls / BATCHES;
  const sums = [new Float64Array(BATCHES), new Float64Array(BATCHES)] as const;
  const counts = [new Float64Array(BATCHES), new Float64Array(BATCHES)] as const;
  const pendingArrival = new Float64Array(o.calls + perBatch);
  const pendingIndex = new Float64Array(o.calls + perBatch);
  let head = 0;
  let tail = 0;
  const add = (cls: 0 | 1, i: number, response: number) => {
    if (i < 0) return;
    const b = Math.floor(i / perBatch);
    sums[cls][b]! += response;
    counts[cls][b]!++;
  };
  const takeDeferred = () => {
    for (let d = q.takeDeferred(); d !== NO_OUTCOME; d = q.takeDeferred()) {
      add(BACKFILL, pendingIndex[head]!, d - pendingArrival[head]!);
      head++;
    }
  };
  let t = 0;
  for (let i = -perBatch; i < o.calls; i++) {
    t -= Math.log(1 - rng.nextDouble()) / lambda;
    const cls = rng.nextDouble() * lambda < o.lambdaHigh ? DEMAND : BACKFILL;
    const done = q.submit(t, 1, cls);
    if (done === DEFERRED) {
      pendingArrival[tail] = t;
      pendingIndex[tail++] = i;
    } else add(cls, i, done - t);
    takeDeferred();
  }
  q.finish();
  takeDeferred();
  const estimate = (cls: 0 | 1) => {
    const means = new Float64Array(BATCHES);
    for (let b = 0; b < BATCHES; b++) means[b] = sums[cls][b]! / counts[cls][b]!;
    return batchMeans(means, 1);
  };
  return { high: estimate(DEMAND), low: estimate(BACKFILL) };
}
