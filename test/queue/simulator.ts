// The simulator's own loop (RunKernel's queued loop over a QueuedSource and a real strategy), driven
// on explicit streams for the queueing checks: each miss's recorded latency goes to a sink that keeps
// batch sums (batch-means.ts), so a steady-state mean comes with its confidence interval.
import { ArrayStream } from '../../src/core/chunks.ts';
import { createRng } from '../../src/core/rng.ts';
import type { StrategyResult } from '../../src/runner/result.ts';
import { runParams } from '../../src/runner/capacity.ts';
import { RunKernel, type LatencySink } from '../../src/runner/kernel.ts';
import { runStrategiesSync } from '../../src/runner/run.ts';
import { resolveStrategies } from '../../src/runner/strategy-config.ts';
import { QueuedSource } from '../../src/source/queued-source.ts';
import { validateSourceParams } from '../../src/source/queue/source-params.ts';
import type { LatencyModel } from '../../src/source/source-model.ts';
import { BATCHES, batchMeans, type BatchEstimate } from './batch-means.ts';

/** No hit latency: a recorded latency is exactly the call's response (wait + service). */
export const ZERO_HIT: LatencyModel = { hitMs: 0, callMs: 1, perKeyMs: 0, jitter: 0 };

/** Poisson arrival times (rate lambda per ms) of n requests, from the project's seeded rng. */
export function poissonTimes(n: number, lambda: number, seed: number, stream = 'arrivals'): Float64Array {
  const rng = createRng(seed, stream);
  const times = new Float64Array(n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    t -= Math.log(1 - rng.nextDouble()) / lambda;
    times[i] = t;
  }
  return times;
}

/** Records each latency (µs) in order; after `skip` of them, sums them in BATCHES batches (ms). */
class BatchSink implements LatencySink {
  readonly sums = new Float64Array(BATCHES);
  private n = 0;
  constructor(
    private readonly skip: number,
    private readonly perBatch: number,
  ) {}
  record(us: number): void {
    const i = this.n++ - this.skip;
    if (i >= 0 && i < this.perBatch * BATCHES) this.sums[Math.floor(i / this.perBatch)]! += us / 1000;
  }
}

/**
 * `calls` requests (after a warm-up of one batch) for keys never requested twice, at Poisson times,
 * into `none` through the kernel's queued loop with the given source model: every request misses
 * and makes one demand call. Returns the batch-means estimate of the mean response (ms).
 */
export function missResponse(o: { lambda: number; source: Record<string, unknown>; calls: number; seed: number }): BatchEstimate {
  const perBatch = o.calls / BATCHES;
  const n = o.calls + perBatch;
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) keys[i] = i;
  const times = poissonTimes(n, o.lambda, o.seed);
  const params = validateSourceParams(o.source, 'test');
  const source = new QueuedSource(n, ZERO_HIT, undefined, undefined, undefined, params, o.seed);
  const [resolved] = resolveStrategies(['none'], { capacity: 16 }, n);
  const run = runParams(resolved!, { sourceKeys: n, objectSizes: undefined });
  const strategy = resolved!.spec.create({ source, sourceKeys: n, keySpace: n, seed: o.seed, ...run.context }, run.params);
  const sink = new BatchSink(perBatch, perBatch);
  const kernel = new RunKernel(strategy, source, { name: 'none', latency: sink, hitUs: 0, queued: source });
  const hits = kernel.replay(keys, times, 0, n, 0);
  if (hits !== 0) throw new Error(`keys never repeat, yet ${hits} hits`);
  return batchMeans(sink.sums, perBatch);
}

/**
 * `keys` keys, each requested at its own Poisson rate lambda (per ms), merged in time order: run
 * through the whole runner into an unbounded `none`, each key misses once, then requests meet its
 * fetch in flight (delayed hits or duplicate reads) for z ms, then hit.
 */
export function oneKeyStreams(o: { keys: number; lambda: number; z: number; seed: number }): ArrayStream {
  const all: { t: number; k: number }[] = [];
  const starts = createRng(o.seed, 'first-requests');
  for (let k = 0; k < o.keys; k++) {
    // The key's first request (a miss) at a uniform time; then Poisson requests (memoryless: the
    // ones after the first are Poisson whatever came before) until 3 fetch times later.
    const first = starts.nextDouble() * 1000;
    const rng = createRng(o.seed, `key-${k}`);
    for (let t = first; t < first + 3 * o.z; t -= Math.log(1 - rng.nextDouble()) / o.lambda) all.push({ t, k });
  }
  all.sort((a, b) => a.t - b.t);
  return new ArrayStream(
    Uint32Array.from(all, (r) => r.k),
    Float64Array.from(all, (r) => r.t),
    o.keys,
    o.keys,
  );
}

export function runOneStrategy(stream: ArrayStream, strategy: string, overrides: Record<string, unknown>, latency: LatencyModel, source: Record<string, unknown>, seed: number): StrategyResult {
  const resolved = resolveStrategies([strategy], overrides, stream.sourceKeys);
  return runStrategiesSync(stream, resolved, { seed, latency, source: validateSourceParams(source, 'test') })[0]!;
}
