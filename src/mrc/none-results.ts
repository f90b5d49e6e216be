// Every `none` (demand-fill LRU) result of a sweep from one pass over the stream: the stack distances
// of the miss-ratio curve say, for each request, at which capacities it misses, which is all the
// runner would learn from simulating `none` at each capacity. The results are field for field those
// of separate simulations (src/mrc/mrc-agreement.test.ts checks it), including the peak source load per
// 1-second window, the latency percentiles and the optional load series. Jittered latency draws a
// random number per source call, so with jitter > 0 the sweep simulates instead.
import type { AnyRequestStream, RequestChunk } from '../core/types.ts';
import { LatencyRecorder } from '../runner/latency-recorder.ts';
import { buildResult, type StrategyResult } from '../runner/result.ts';
import { displayParams } from '../runner/strategy-config.ts';
import { strategySpec } from '../strategies/registry.ts';
import { LoadSeries } from '../source/load-series.ts';
import { WINDOW_MS, windowEnd } from '../source/load-window.ts';
import type { LatencyModel } from '../source/source-model.ts';
import { profileStream, type MissRatioCurve } from './stack-distance.ts';

export interface NoneResultsOptions {
  readonly latency: LatencyModel;
  readonly loadSeriesPoints?: number;
  readonly chunk?: RequestChunk;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Per-capacity counters, one slot per distinct capacity (sorted ascending, unbounded last). */
class CapacityCounters {
  readonly caps: number[];
  readonly misses: Float64Array;
  readonly peak: Float64Array;
  readonly series: (LoadSeries | undefined)[];
  /** diff[j]: misses in the current window of requests that miss at capacities caps[0..j). */
  private readonly diff: Float64Array;
  private windowEnd = WINDOW_MS;

  constructor(caps: number[], loadSeriesPoints: number | undefined) {
    this.caps = caps;
    this.misses = new Float64Array(caps.length);
    this.peak = new Float64Array(caps.length);
    this.diff = new Float64Array(caps.length + 1);
    this.series = caps.map(() => (loadSeriesPoints === undefined ? undefined : new LoadSeries(loadSeriesPoints)));
  }

  /** Counts a request at time t that misses at the first j capacities. */
  add(t: number, j: number): void {
    if (t >= this.windowEnd) this.roll(t);
    this.diff[j]!++;
  }

  /** Closes the current window (as CountingSource.rollTo does) and opens the one holding t. */
  roll(t: number): void {
    const caps = this.caps;
    const index = this.windowEnd / WINDOW_MS - 1;
    let running = 0;
    for (let i = caps.length - 1; i >= 0; i--) {
      running += this.diff[i + 1]!;
      if (running > 0) {
        this.misses[i]! += running;
        if (running > this.peak[i]!) this.peak[i] = running;
        this.series[i]?.add(index, running, running);
      }
    }
    this.diff.fill(0);
    if (t !== Infinity) this.windowEnd = windowEnd(t);
  }
}

/**
 * Results of `none` at each capacity (undefined = unbounded), in the order given, and the curve.
 * Capacities may repeat; each gets its own (identical) result.
 */
export async function noneResultsFromStream(
  stream: AnyRequestStream,
  capacities: readonly (number | undefined)[],
  opts: NoneResultsOptions,
): Promise<{ curve: MissRatioCurve; results: StrategyResult[] }> {
  const caps = [...new Set(capacities.map((c) => c ?? Infinity))].sort((a, b) => a - b);
  const counters = new CapacityCounters(caps, opts.loadSeriesPoints);
  const m = caps.length;
  let lastTime = 0;
  const curve = await profileStream(stream, {
    ...(opts.chunk ? { chunk: opts.chunk } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    onChunk(chunk, distances) {
      const times = chunk.times;
      const n = chunk.length;
      for (let i = 0; i < n; i++) {
        const d = distances[i]!;
        // First accesses and absent keys miss at every capacity; otherwise at capacities below d.
        let j = m;
        if (d > 0 && d !== Infinity) {
          let lo = 0;
          let hi = m;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (caps[mid]! < d) lo = mid + 1;
            else hi = mid;
          }
          j = lo;
        }
        if (j > 0) counters.add(times[i]!, j);
      }
      if (n > 0) lastTime = times[n - 1]!;
    },
  });
  counters.roll(Infinity);

  const requests = curve.requests;
  const hitUs = opts.latency.hitMs * 1000;
  // The same arithmetic as CountingSource.account + StrategyRun.replay for a one-key demand read.
  const missUs = hitUs + (opts.latency.callMs * 1000 + opts.latency.perKeyMs * 1000 * 1);
  const byCap = new Map<number, StrategyResult>();
  caps.forEach((cap, i) => {
    const misses = counters.misses[i]!;
    const hits = requests - misses;
    if (hits !== curve.hitsAt(cap === Infinity ? undefined : cap)) {
      throw new Error(`internal: capacity ${cap}: window counts say ${hits} hits, stack distances ${curve.hitsAt(cap)}`);
    }
    const presentMisses = misses - curve.absent;
    const latency = new LatencyRecorder();
    latency.recordMany(missUs, misses);
    latency.recordMany(hitUs, hits);
    const capacity = cap === Infinity ? undefined : cap;
    byCap.set(
      cap,
      buildResult({
        strategy: 'none',
        params: noneParams(capacity),
        requests,
        hits,
        sourceMisses: curve.absent,
        backfills: 0,
        backfilledKeys: 0,
        backfillWaste: 0,
        backfillRejected: 0,
        backfillEvictedBeforeUse: 0,
        demandReads: misses,
        sourceReads: misses,
        sourceCalls: misses,
        evictions: capacity === undefined ? 0 : Math.max(0, presentMisses - capacity),
        finalSize: capacity === undefined ? presentMisses : Math.min(presentMisses, capacity),
        peakKeysPerWindow: counters.peak[i]!,
        peakCallsPerWindow: counters.peak[i]!,
        lastTime,
        latencyMs: latency.summary(),
        series: counters.series[i],
      }),
    );
  });
  return { curve, results: capacities.map((c) => byCap.get(c ?? Infinity)!) };
}

/** `none`'s parameters at a capacity, as a simulated run reports them (its parts at their defaults). */
function noneParams(capacity: number | undefined): Record<string, unknown> {
  const spec = strategySpec('none');
  return displayParams(spec.validate({ ...spec.defaults(1), capacity: capacity ?? null }, 'strategy none') as Record<string, unknown>);
}
