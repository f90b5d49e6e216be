// One stream, replayed into every selected strategy: the stream is generated once, batch by batch,
// and each batch is fed to each strategy in turn (fresh state each, same requests, same virtual
// times). The runner owns the virtual clock: the run kernel (kernel.ts) fires every strategy timer
// due at or before a request's time before serving it.
import { createRng } from '../core/rng.ts';
import type { AnyRequestStream, FutureRequests, ObjectSizes, RequestChunk, RequestStream, Strategy } from '../core/types.ts';
import { CountingSource } from '../source/counting-source.ts';
import { LoadSeries } from '../source/load-series.ts';
import { sourceValue, type LatencyModel } from '../source/source-model.ts';
import { CHUNK_SIZE, createChunk, fillBatch, fillBatchSync } from '../core/chunks.ts';
import { RunKernel } from './kernel.ts';
import { LatencyRecorder } from './latency-recorder.ts';
import { readAhead, readAheadSync } from './read-ahead.ts';
import { buildResult, type StrategyResult } from './result.ts';
import { displayParams, type ResolvedStrategy } from './strategy-config.ts';
import { capacityCountsBytes, runParams, type ResolvedCapacity } from './capacity.ts';
import { DistributionSizes } from '../core/object-sizes.ts';
import { checkSeriesTotals, DEFAULT_WINDOW_MS, WindowSeries, type SeriesData } from './time-series.ts';
import { WindowLatency } from './window-latency.ts';

export interface RunOptions {
  readonly seed: number;
  readonly latency: LatencyModel;
  /** Check every served value against the source (slower; for tests). */
  readonly verifyValues?: boolean;
  /** Called after each chunk with requests done so far. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Chunk to reuse (tests use small chunks to cross chunk boundaries). */
  readonly chunk?: RequestChunk;
  /**
   * Opens the same stream again: clairvoyant strategies (opt) get the keys to come from this copy.
   * Without it the runner buffers the stream in memory (keys and times) when one is selected.
   */
  readonly reopen?: () => AnyRequestStream | Promise<AnyRequestStream>;
  /** Opt-in: record source load per window, at most this many points (result.loadSeries). */
  readonly loadSeriesPoints?: number;
  /** The time series' window (ms; default 1 s); see time-series.ts. */
  readonly windowMs?: number | undefined;
  /** Expected virtual time of the last request: long runs start with wider windows instead of merging rows later. */
  readonly seriesSpanMs?: number | undefined;
  /** Times (ms) before which the series records requests and hits exactly (event times: the warm-up debt). */
  readonly seriesMarks?: readonly number[] | undefined;
  /** Runs with events: how close to its twin's a run's hit ratio must stay to count as warm (default 0.01; warmup-metrics.ts). */
  readonly warmEpsilon?: number | undefined;
  /** Whether results carry their time series (default true; sweep cells leave it out). */
  readonly keepSeries?: boolean | undefined;
}

/** One strategy's state during a run. */
export class StrategyRun {
  readonly source: CountingSource;
  readonly strategy: Strategy;
  readonly latency = new LatencyRecorder();
  /** The run's time series; the kernel closes its windows. */
  readonly series: WindowSeries;
  private finished: SeriesData | undefined;
  hits = 0;
  requests = 0;
  lastTime = 0;
  private readonly hitUs: number;
  private readonly kernel: RunKernel;
  /** The capacity in the policy's units, and whether they are bytes. */
  readonly capacity: ResolvedCapacity;
  /** Each key's size when the run counts bytes (byte metrics; sized replay). */
  private readonly objectSizes: ObjectSizes | undefined;
  private readonly sourceKeys: number;

  constructor(
    readonly resolved: ResolvedStrategy,
    stream: Pick<AnyRequestStream, 'sourceKeys' | 'keySpace' | 'objectSizes'>,
    private readonly opts: RunOptions,
    /** The keys to come, for a clairvoyant strategy (the runner reads them ahead). */
    future?: FutureRequests,
    /** Whether the run counts bytes (see countsBytes); each chunk then carries its requests' sizes. */
    sized = false,
  ) {
    const jitterRng = opts.latency.jitter > 0 ? createRng(opts.seed, 'jitter') : undefined;
    const series = opts.loadSeriesPoints === undefined ? undefined : new LoadSeries(opts.loadSeriesPoints);
    this.objectSizes = sized ? stream.objectSizes : undefined;
    this.sourceKeys = stream.sourceKeys;
    this.source = new CountingSource(stream.sourceKeys, opts.latency, jitterRng, series, this.objectSizes);
    const run = runParams(resolved, stream);
    this.capacity = run.capacity;
    this.strategy = resolved.spec.create({ source: this.source, sourceKeys: stream.sourceKeys, keySpace: stream.keySpace, seed: opts.seed, future, ...run.context }, run.params);
    this.hitUs = opts.latency.hitMs * 1000;
    const src = this.source;
    const strategy = this.strategy;
    this.series = new WindowSeries(new WindowLatency(this.latency), {
      windowMs: opts.windowMs ?? DEFAULT_WINDOW_MS,
      spanMs: opts.seriesSpanMs,
      marks: opts.seriesMarks,
      bytes: sized,
      hitUs: this.hitUs,
      probe: (out) => {
        const k = this.kernel;
        out[0] = src.sourceReads;
        out[1] = src.sourceCalls;
        out[2] = src.batchKeys;
        out[3] = strategy.stats().evictions;
        out[4] = src.failedReads;
        out[5] = k.requestedBytes;
        out[6] = k.hitBytes;
        out[7] = k.demandBytes + src.batchBytes;
      },
    });
    this.kernel = new RunKernel(this.strategy, this.source, { name: resolved.name, latency: this.series.latency, hitUs: this.hitUs, series: this.series });
  }

  replay(chunk: RequestChunk): void {
    if (this.opts.verifyValues) return this.replayVerified(chunk);
    const n = chunk.length;
    if (this.objectSizes !== undefined) {
      if (chunk.sizes === undefined) throw new Error(`${this.resolved.name}: the run counts bytes but the chunk has no sizes`);
      this.hits += this.kernel.replaySized(chunk.keys, chunk.times, chunk.sizes, 0, n, 0, this.sourceKeys);
    } else {
      this.hits += this.kernel.replay(chunk.keys, chunk.times, 0, n, 0);
    }
    this.requests += n;
    if (n > 0) this.lastTime = chunk.times[n - 1]!;
  }

  /** Same as replay, checking that every served value is the source's value. */
  private replayVerified(chunk: RequestChunk): void {
    const s = this.strategy;
    const src = this.source;
    for (let i = 0; i < chunk.length; i++) {
      const t = chunk.times[i]!;
      const key = chunk.keys[i]!;
      const readsBefore = src.demandReads;
      const hit = this.objectSizes !== undefined ? this.kernel.accessSized(key, t, chunk.sizes![i]!, this.sourceKeys) : this.kernel.access(key, t);
      if (hit !== (src.demandReads === readsBefore)) {
        throw new Error(`${this.resolved.name}: request ${this.requests + i} (key ${key}) said hit=${hit} but made ${src.demandReads - readsBefore} demand reads`);
      }
      if (s.lastValue !== sourceValue(key, src.sourceKeys)) {
        throw new Error(`${this.resolved.name}: request ${this.requests + i} served ${s.lastValue} for key ${key}, source has ${sourceValue(key, src.sourceKeys)}`);
      }
      if (hit) this.hits++;
      else this.series.latency.record(this.hitUs + src.takePendingUs());
    }
    this.requests += chunk.length;
    if (chunk.length > 0) this.lastTime = chunk.times[chunk.length - 1]!;
  }

  result(): StrategyResult {
    this.strategy.finish();
    this.source.closeWindows();
    const series = this.series.finish();
    this.finished = series;
    this.latency.recordMany(this.hitUs, this.hits);
    const st = this.strategy.stats();
    const src = this.source;
    const misses = this.requests - this.hits;
    if (src.demandReads !== misses) throw new Error(`${this.resolved.name}: ${misses} misses but ${src.demandReads} demand reads`);
    if (src.batchKeys !== st.backfilledKeys) throw new Error(`${this.resolved.name}: source saw ${src.batchKeys} batch keys, strategy says ${st.backfilledKeys}`);
    checkSeriesTotals(this.resolved.name, series, {
      requests: this.requests,
      hits: this.hits,
      sourceKeys: src.sourceReads,
      sourceCalls: src.sourceCalls,
      backfilledKeys: st.backfilledKeys,
      evictions: st.evictions,
      failedReads: src.failedReads,
      ...(this.objectSizes === undefined ? {} : { requestedBytes: this.kernel.requestedBytes, hitBytes: this.kernel.hitBytes, sourceBytes: this.kernel.demandBytes + src.batchBytes }),
    });
    return buildResult({
      strategy: this.resolved.name,
      params: displayParams(this.resolved.params),
      requests: this.requests,
      hits: this.hits,
      sourceMisses: src.sourceMisses,
      backfills: st.backfills,
      backfilledKeys: st.backfilledKeys,
      backfillWaste: st.backfillWaste,
      backfillRejected: st.backfillRejected,
      backfillEvictedBeforeUse: st.backfillEvictedBeforeUse,
      demandReads: src.demandReads,
      sourceReads: src.sourceReads,
      sourceCalls: src.sourceCalls,
      evictions: st.evictions,
      finalSize: st.finalSize,
      peakKeysPerWindow: src.peakKeysPerWindow,
      peakCallsPerWindow: src.peakCallsPerWindow,
      lastTime: this.lastTime,
      latencyMs: this.latency.summary(),
      series: src.series,
      bytes:
        this.objectSizes === undefined
          ? undefined
          : { requested: this.kernel.requestedBytes, hits: this.kernel.hitBytes, demand: this.kernel.demandBytes, backfill: src.batchBytes, capacity: this.capacity },
      windows: this.opts.keepSeries === false ? undefined : series,
    });
  }

  /** The finished series (after result()), for the warm-up metrics of a run and its twin. */
  get seriesData(): SeriesData | undefined {
    return this.finished;
  }
}

/**
 * Whether a run counts bytes: the stream has object sizes, and either they were asked for (a size
 * distribution) or some strategy's capacity is in bytes. A trace's own sizes alone leave an
 * object-mode run as it was (no byte columns).
 */
export function countsBytes(stream: Pick<AnyRequestStream, 'objectSizes'>, strategies: readonly ResolvedStrategy[]): boolean {
  if (stream.objectSizes === undefined) return false;
  return stream.objectSizes instanceof DistributionSizes || strategies.some((s) => capacityCountsBytes(s.params.capacity));
}

/**
 * Requests replayed into one strategy before moving to the next. Several strategies take turns on
 * the same requests; a big batch lets each keep its data hot in the CPU caches for longer (with
 * 64 Ki-request turns, four strategies over 1 M keys ran slower together than one by one).
 */
export const MULTI_STRATEGY_BATCH = 1 << 20;

function batchSize(strategies: number): number {
  return strategies > 1 ? MULTI_STRATEGY_BATCH : CHUNK_SIZE;
}

/** Replays a synchronous (synthetic) stream into each strategy; results in the order given. */
export function runStrategiesSync(given: RequestStream, strategies: readonly ResolvedStrategy[], opts: RunOptions): StrategyResult[] {
  const { stream, future } = readAheadSync(given, strategies, opts.reopen);
  const sized = countsBytes(stream, strategies);
  const runs = strategies.map((s) => new StrategyRun(s, stream, opts, future, sized));
  const chunk = opts.chunk ?? createChunk(batchSize(strategies.length), sized);
  let done = 0;
  while (opts.chunk ? stream.nextChunk(chunk) : fillBatchSync(stream, chunk)) {
    for (const run of runs) run.replay(chunk);
    done += chunk.length;
    opts.onProgress?.(done, stream.requests);
  }
  return runs.map((r) => r.result());
}

/** Replays any stream (synthetic or trace) into each strategy; results in the order given. */
export async function runStrategies(given: AnyRequestStream, strategies: readonly ResolvedStrategy[], opts: RunOptions): Promise<StrategyResult[]> {
  const { stream, future } = await readAhead(given, strategies, opts.reopen);
  const sized = countsBytes(stream, strategies);
  const runs = strategies.map((s) => new StrategyRun(s, stream, opts, future, sized));
  const chunk = opts.chunk ?? createChunk(batchSize(strategies.length), sized);
  let done = 0;
  try {
    for (;;) {
      const filled = opts.chunk ? stream.nextChunk(chunk) : fillBatch(stream, chunk);
      // Synthetic streams answer at once; only trace streams make us wait (once per chunk).
      if (!(typeof filled === 'boolean' ? filled : await filled)) break;
      for (const run of runs) run.replay(chunk);
      done += chunk.length;
      opts.onProgress?.(done, stream.requests);
    }
  } finally {
    if ('close' in stream && stream.close) await stream.close();
  }
  return runs.map((r) => r.result());
}
