// One stream, replayed into every selected strategy: the stream is generated once, batch by batch,
// and each batch is fed to each strategy in turn (fresh state each, same requests, same virtual
// times). The runner owns the virtual clock: the run kernel (kernel.ts) fires every strategy timer
// due at or before a request's time before serving it.
import { createRng } from '../core/rng.ts';
import { SOURCE_FAILED, traitsOf, type AnyRequestStream, type FutureRequests, type ObjectSizes, type RequestChunk, type RequestStream, type Strategy } from '../core/types.ts';
import type { CacheEvent, TimelineEvent } from '../events/timeline-event.ts';
import { CountingSource } from '../source/counting-source.ts';
import { QueuedSource } from '../source/queued-source.ts';
import { isTodaysModel, type SourceParams } from '../source/queue/source-params.ts';
import { LoadSeries } from '../source/load-series.ts';
import { sourceValueAt, type LatencyModel } from '../source/source-model.ts';
import { CHUNK_SIZE, createChunkFor, fillBatch, fillBatchSync } from '../core/chunks.ts';
import { OP_READ } from '../core/ops.ts';
import { RunKernel } from './kernel.ts';
import { LatencyRecorder } from './latency-recorder.ts';
import { readAhead, readAheadSync } from './read-ahead.ts';
import { buildResult, type StrategyResult } from './result.ts';
import { displayParams, type ResolvedStrategy } from './strategy-config.ts';
import { capacityCountsBytes, runParams, type ResolvedCapacity } from './capacity.ts';
import { DistributionSizes } from '../core/object-sizes.ts';
import { checkSeriesTotals, DEFAULT_WINDOW_MS, WindowSeries, type SeriesData } from './time-series.ts';
import { WindowLatency } from './window-latency.ts';
import { ConfigError } from '../core/errors.ts';
import { formatEvent } from '../events/parse-event.ts';
import { TimelinePass } from './timeline-pass.ts';
import { warmupMetrics, type WarmupMetrics } from './warmup-metrics.ts';
import { freshnessResult } from './freshness-result.ts';
import { resolveRunWrites, type RunWrites, type WriteSettings } from '../source/writes/write-params.ts';
import { WriteProcess } from '../source/writes/write-process.ts';
import { withWrites } from '../source/writes/with-writes.ts';

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
  /**
   * Events on the timeline (resolveEvents: ordered by time). With any, each strategy also runs a
   * twin without them in the same pass (timeline-pass.ts); without, nothing changes.
   */
  readonly events?: readonly TimelineEvent[] | undefined;
  /**
   * The source model (issue 15). Today's model (unbounded concurrency, fixed service: the default)
   * runs today's loop; any other runs the kernel's queued loop (source/queued-source.ts).
   */
  readonly source?: SourceParams | undefined;
  /**
   * Writes at the source (issue 14): a rate (the write process, source/writes/) or 'trace' (the
   * stream's own write records; what a stream with operations gets when this is undefined), the
   * weights and the write mode. The runner wraps the stream once: every strategy sees the same writes.
   */
  readonly writes?: WriteSettings | RunWrites | undefined;
}

/**
 * The stream the strategies are served: with the write process's writes interleaved when the run
 * has a write rate (once for all strategies), else the stream given; and the run's writes.
 */
export function withRunWrites<S extends AnyRequestStream>(given: S, opts: Pick<RunOptions, 'writes' | 'seed' | 'chunk'>): { stream: S; writes: RunWrites | undefined; wrapped: boolean } {
  const writes = resolveRunWrites(given, opts.writes);
  if (writes === undefined || writes.rate === 'trace') return { stream: given, writes, wrapped: false };
  const process = new WriteProcess({
    seed: opts.seed,
    rate: writes.rate,
    weights: writes.weights,
    sourceKeys: given.sourceKeys,
    popularity: writes.weights === 'uniform' ? undefined : given.popularity?.(),
  });
  return { stream: withWrites(given, process, opts.chunk?.keys.length) as S, writes, wrapped: true };
}

/** Whether these options model a source that saturates (the queued loop; StrategyResult.sourceQueue). */
export function isQueued(opts: Pick<RunOptions, 'source'>): boolean {
  return opts.source !== undefined && !isTodaysModel(opts.source);
}

/** One strategy's state during a run. */
export class StrategyRun {
  readonly source: CountingSource;
  /** The source, when it saturates (the queued loop). */
  private readonly queued: QueuedSource | undefined;
  /** Queued runs: the misses' latencies alone (demand reads: wait + service, or the time to fail). */
  private readonly missLatency: LatencyRecorder | undefined;
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
  /** Runs with events: the same strategy on the same stream without events (undefined for twins and runs without events). */
  twin: StrategyRun | undefined;
  /** Requests and hits before the first event's time: runs with events and their twins, once the timeline reached it. */
  beforeFirstEvent: { readonly requests: number; readonly hits: number } | undefined;

  constructor(
    readonly resolved: ResolvedStrategy,
    stream: Pick<AnyRequestStream, 'sourceKeys' | 'keySpace' | 'objectSizes' | 'hasOps' | 'hasTtls'>,
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
    this.queued = isQueued(opts) ? new QueuedSource(stream.sourceKeys, opts.latency, jitterRng, series, this.objectSizes, opts.source!, opts.seed) : undefined;
    this.source = this.queued ?? new CountingSource(stream.sourceKeys, opts.latency, jitterRng, series, this.objectSizes);
    const run = runParams(resolved, stream);
    this.capacity = run.capacity;
    const writes = {
      ...(opts.writes?.rate === undefined ? {} : { writes: { mode: opts.writes.mode } }),
      ...(stream.hasTtls === true ? { keyTtls: true } : {}),
    };
    this.strategy = resolved.spec.create({ source: this.source, sourceKeys: stream.sourceKeys, keySpace: stream.keySpace, seed: opts.seed, future, ...run.context, ...writes }, run.params);
    if ((stream.hasOps === true && this.strategy.write === undefined) || (stream.hasTtls === true && this.strategy.keyTtl === undefined)) {
      throw new ConfigError(
        `strategy ${resolved.name} does not model freshness: it cannot take a stream with ${stream.hasOps === true ? 'writes (--writes, or a trace with operations)' : 'TTLs (a trace with a TTL column)'}; leave it out or run without writes`,
      );
    }
    this.hitUs = opts.latency.hitMs * 1000;
    const src = this.source;
    const strategy = this.strategy;
    const queueCounters = this.queued?.queue.counters;
    const fresh = strategy.freshCounters;
    this.series = new WindowSeries(new WindowLatency(this.latency), {
      windowMs: opts.windowMs ?? DEFAULT_WINDOW_MS,
      spanMs: opts.seriesSpanMs,
      marks: opts.seriesMarks,
      failedReads: opts.events?.some((e) => e.kind === 'outage') ?? false,
      bytes: sized,
      sourceServers: this.queued?.queue.concurrency,
      freshness: fresh !== undefined,
      hitUs: this.hitUs,
      probe: (out, windowEndMs) => {
        const k = this.kernel;
        out[0] = src.sourceReads;
        out[1] = src.sourceCalls;
        out[2] = src.batchKeys;
        out[3] = strategy.stats().evictions;
        out[4] = src.failedReads;
        out[5] = k.requestedBytes;
        out[6] = k.hitBytes;
        out[7] = k.demandBytes + src.batchBytes + src.refreshBytes;
        if (queueCounters !== undefined) {
          // Calls come at or after the window's end from here on: the line's changes up to it are final.
          // (Before the first call the line's clock has not started: nothing to credit.)
          if (windowEndMs !== undefined && queueCounters.calls[0]! + queueCounters.calls[1]! > 0) {
            this.queued!.queue.advance(windowEndMs);
            queueCounters.at(windowEndMs);
          }
          out[8] = queueCounters.busyMs;
          out[9] = queueCounters.areaMs;
        }
        if (fresh !== undefined) {
          out[10] = fresh.staleReads;
          out[11] = fresh.expiredMisses;
          out[12] = fresh.refreshReads;
        }
      },
    });
    this.missLatency = this.queued === undefined ? undefined : new LatencyRecorder();
    this.kernel = new RunKernel(this.strategy, this.source, {
      name: resolved.name,
      latency: this.series.latency,
      hitUs: this.hitUs,
      series: this.series,
      queued: this.queued,
      missLatency: this.missLatency,
    });
  }

  replay(chunk: RequestChunk): void {
    this.replayRange(chunk.keys, chunk.times, chunk.sizes, 0, chunk.length, chunk.ops, chunk.ttls);
  }

  /**
   * Serves records [from, to) of these arrays (a chunk's, or a shifted copy of its keys); `ops` and
   * `ttls`: the chunk's, for a stream with operations (then only its reads are requests).
   */
  replayRange(keys: Uint32Array, times: Float64Array, sizes: Uint32Array | undefined, from: number, to: number, ops?: Uint8Array, ttls?: Float64Array): void {
    // (Queued runs: the in-flight table answers some requests without the strategy; not verified.)
    if (this.opts.verifyValues && this.queued === undefined) return this.replayVerified(keys, times, sizes, from, to, ops, ttls);
    if (ops !== undefined || ttls !== undefined) {
      if (this.objectSizes !== undefined && sizes === undefined) throw new Error(`${this.resolved.name}: the run counts bytes but the chunk has no sizes`);
      this.hits += this.kernel.replayOps(keys, times, this.objectSizes === undefined ? undefined : sizes, ops, ttls, from, to, 0, this.sourceKeys);
      this.requests += this.kernel.lastReads;
      if (to > from) this.lastTime = times[to - 1]!;
      return;
    }
    if (this.objectSizes !== undefined) {
      if (sizes === undefined) throw new Error(`${this.resolved.name}: the run counts bytes but the chunk has no sizes`);
      this.hits += this.kernel.replaySized(keys, times, sizes, from, to, 0, this.sourceKeys);
    } else {
      this.hits += this.kernel.replay(keys, times, from, to, 0);
    }
    this.requests += to - from;
    if (to > from) this.lastTime = times[to - 1]!;
  }

  /**
   * Same as replayRange, checking that every served value is the source's value (SOURCE_FAILED for a
   * read that failed in an outage). With writes, the value of the version the strategy says it served
   * (Strategy.lastVersion, never newer than the source's; without it: the current version).
   */
  private replayVerified(keys: Uint32Array, times: Float64Array, sizes: Uint32Array | undefined, from: number, to: number, ops?: Uint8Array, ttls?: Float64Array): void {
    const s = this.strategy;
    const src = this.source;
    let reads = 0;
    for (let i = from; i < to; i++) {
      const t = times[i]!;
      const key = keys[i]!;
      if (ops !== undefined && ops[i] !== OP_READ) {
        this.kernel.writeAt(key, t, ops[i]!, ttls === undefined ? 0 : ttls[i]!);
        continue;
      }
      reads++;
      if (ttls !== undefined && ttls[i]! > 0) s.keyTtl!(key, ttls[i]!);
      const readsBefore = src.demandReads;
      const failedBefore = src.failedReads;
      const hit = this.objectSizes !== undefined ? this.kernel.accessSized(key, t, sizes![i]!, this.sourceKeys) : this.kernel.access(key, t);
      const request = this.requests + reads - 1;
      if (hit !== (src.demandReads === readsBefore)) {
        throw new Error(`${this.resolved.name}: request ${request} (key ${key}) said hit=${hit} but made ${src.demandReads - readsBefore} demand reads`);
      }
      const failed = src.failedReads !== failedBefore;
      const current = src.versionOf(key);
      const version = s.lastVersion ?? current;
      if (version > current) throw new Error(`${this.resolved.name}: request ${request} (key ${key}) served version ${version}, the source is at version ${current}`);
      const expected = failed ? SOURCE_FAILED : sourceValueAt(key, version, src.sourceKeys);
      if (s.lastValue !== expected) {
        const due = failed ? 'a failed read (SOURCE_FAILED) was due' : version === current ? 'source has' : `source has (at version ${version})`;
        throw new Error(`${this.resolved.name}: request ${request} served ${s.lastValue} for key ${key}, ${due} ${expected}`);
      }
      if (hit) this.hits++;
      else this.series.latency.record(this.hitUs + src.takePendingUs());
    }
    this.requests += reads;
    if (to > from) this.lastTime = times[to - 1]!;
  }

  /**
   * Brings the run to virtual time t, before a timeline event at t: the timers due before t fire
   * (an event at t comes before timers and requests at t). A no-op for the run's results: each timer
   * fires at its own time whether now or before the next request.
   */
  reach(t: number): void {
    const s = this.strategy;
    // The series' windows ending at or before t close first (and its mark at t records what came before).
    this.kernel.crossTo(t);
    while (s.nextTimerAt < t) this.kernel.fireTimers(s.nextTimerAt);
    this.beforeFirstEvent ??= { requests: this.requests, hits: this.hits };
  }

  /** A restart or a loss at its time; `peer`: the twin's cached keys then, most valuable first. */
  cacheEvent(e: CacheEvent, peer: Uint32Array | undefined): void {
    this.source.now = e.at;
    this.strategy.onCacheEvent!(e, e.at, peer);
    // A warm-up's calls are source load, not the next request's latency.
    this.source.takePendingUs();
  }

  result(): StrategyResult {
    this.strategy.finish();
    this.source.closeWindows();
    const series = this.series.finish();
    this.finished = series;
    // Delayed hits (queued runs) had their latency recorded one by one.
    this.latency.recordMany(this.hitUs, this.hits - this.kernel.delayedHits);
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
      ...(this.objectSizes === undefined
        ? {}
        : { requestedBytes: this.kernel.requestedBytes, hitBytes: this.kernel.hitBytes, sourceBytes: this.kernel.demandBytes + src.batchBytes + src.refreshBytes }),
      ...(st.freshness === undefined ? {} : { staleReads: st.freshness.staleReads, expiredMisses: st.freshness.expiredMisses, refreshReads: st.freshness.refreshReads }),
    });
    const result = buildResult({
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
    const queuedOnly = this.queued === undefined ? result : { ...result, sourceQueue: { ...this.queued.summary(this.lastTime), missLatencyMs: this.missLatency!.summary() } };
    // Only strategies with expiry or refresh (a run with writes, a finite ttl/tti or a refresh part) report freshness.
    const queued = st.freshness === undefined ? queuedOnly : { ...queuedOnly, freshness: freshnessResult(this.resolved.name, st.freshness, src, { requests: this.requests, hits: this.hits }) };
    // Only runs with events say how many reads failed and keys were copied from the twin, and only
    // runs with events or throttled backfills how many were throttled: other results stay as they were.
    const events = this.opts.events !== undefined && this.opts.events.length > 0;
    const throttled = st.throttledBackfills ?? 0;
    if (!events) return throttled === 0 ? queued : { ...queued, throttledBackfills: throttled };
    return { ...queued, failedReads: src.failedReads, peerCopiedKeys: st.peerCopiedKeys ?? 0, throttledBackfills: throttled };
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

/** The runs of one pass: one per strategy, plus a twin each when the run has events. */
class Pass {
  readonly runs: StrategyRun[];
  private readonly timeline: TimelinePass | undefined;
  private readonly events: readonly TimelineEvent[];
  private readonly warmEpsilon: number | undefined;
  readonly chunkRequests: number;

  constructor(
    stream: Pick<AnyRequestStream, 'sourceKeys' | 'keySpace' | 'objectSizes' | 'hasOps' | 'hasTtls'>,
    strategies: readonly ResolvedStrategy[],
    opts: RunOptions,
    future: FutureRequests | undefined,
    sized: boolean,
  ) {
    const events = opts.events ?? [];
    this.events = events;
    if (stream.hasOps === true && isQueued(opts)) {
      throw new ConfigError('a source that saturates (--source-concurrency, exponential service, ...) cannot take writes yet: run the writes with the default source model, or leave the writes out');
    }
    this.warmEpsilon = opts.warmEpsilon;
    if (events.length === 0) {
      this.runs = strategies.map((s) => new StrategyRun(s, stream, opts, future, sized));
      this.chunkRequests = batchSize(strategies.length);
      return;
    }
    const shift = events.find((e) => e.kind === 'shift');
    if (shift !== undefined && future !== undefined) {
      const seer = strategies.find((s) => traitsOf(s.spec, s.params).includes('clairvoyant'))!;
      throw new ConfigError(`strategy ${seer.name} reads the stream ahead and cannot follow a shift of popularity (event ${formatEvent(shift)}); leave one of them out`);
    }
    // Runs and twins record requests and hits before each event time exactly (the warm-up debt).
    const marks = [...new Set(events.map((e) => e.at))];
    this.runs = strategies.map((s) => new StrategyRun(s, stream, { ...opts, seriesMarks: marks }, future, sized));
    for (const run of this.runs) run.twin = new StrategyRun(run.resolved, stream, { ...opts, seriesMarks: marks, events: undefined }, future, sized);
    this.timeline = new TimelinePass(events, this.runs, stream.sourceKeys, sized ? stream.objectSizes : undefined);
    this.chunkRequests = batchSize(2 * strategies.length);
  }

  replay(chunk: RequestChunk): void {
    if (this.timeline !== undefined) this.timeline.replay(chunk);
    else for (const run of this.runs) run.replay(chunk);
  }

  /** Each run's result and its twin's; a run with events gets its warm-up metrics against the twin. */
  outcomes(): RunOutcome[] {
    return this.runs.map((run) => {
      const twin = run.twin;
      if (twin === undefined) return { result: run.result(), twin: undefined, run };
      const twinResult = twin.result();
      const result = run.result();
      return { result: { ...result, warmup: warmupOf(run, twin, this.events[0]!.at, this.warmEpsilon) }, twin: twinResult, run };
    });
  }
}

/**
 * A run's warm-up against its twin, from the first event's time (warmup-metrics.ts): hits before it
 * counted exactly when the timeline reached it (an event after the last request: no debt).
 */
function warmupOf(run: StrategyRun, twin: StrategyRun, eventAtMs: number, epsilon: number | undefined): WarmupMetrics {
  const side = (r: StrategyRun) => ({ series: r.seriesData!, hits: r.hits, hitsBefore: r.beforeFirstEvent?.hits ?? r.hits });
  // Keys the strategy read from the source for event warm-ups and on-event backfills (cache-strategy counts them).
  return warmupMetrics({ eventAtMs, epsilon, run: side(run), twin: side(twin), warmupSourceReads: run.strategy.stats().warmupReads ?? 0 });
}

/** Replays a synchronous (synthetic) stream into each strategy; results in the order given. */
export function runStrategiesSync(given: RequestStream, strategies: readonly ResolvedStrategy[], opts: RunOptions): StrategyResult[] {
  const ahead = readAheadSync(given, strategies, opts.reopen);
  const { stream, writes, wrapped } = withRunWrites(ahead.stream, opts);
  const sized = countsBytes(stream, strategies);
  const pass = new Pass(stream, strategies, { ...opts, writes }, ahead.future, sized);
  const chunk = opts.chunk ?? createChunkFor(stream, pass.chunkRequests, sized);
  let done = 0;
  while (opts.chunk ? stream.nextChunk(chunk) : fillBatchSync(stream, chunk)) {
    pass.replay(chunk);
    // A stream with the write process's writes announces its reads: progress counts reads.
    done = wrapped ? pass.runs[0]!.requests : done + chunk.length;
    opts.onProgress?.(done, stream.requests);
  }
  return pass.outcomes().map((o) => o.result);
}

/** Replays any stream (synthetic or trace) into each strategy; results in the order given. */
export async function runStrategies(given: AnyRequestStream, strategies: readonly ResolvedStrategy[], opts: RunOptions): Promise<StrategyResult[]> {
  return (await runWithTwins(given, strategies, opts)).map((r) => r.result);
}

/** Each strategy's result and, in a run with events, its twin's (the same strategy and stream without events). */
export interface RunOutcome {
  readonly result: StrategyResult;
  readonly twin: StrategyResult | undefined;
  readonly run: StrategyRun;
}

/** runStrategies, keeping each run and its twin's result (tests; the warm-up metrics). */
export async function runWithTwins(given: AnyRequestStream, strategies: readonly ResolvedStrategy[], opts: RunOptions): Promise<RunOutcome[]> {
  const ahead = await readAhead(given, strategies, opts.reopen);
  let stream = ahead.stream;
  const sized = countsBytes(stream, strategies);
  let pass: Pass;
  let wrapped: boolean;
  try {
    const w = withRunWrites(stream, opts);
    stream = w.stream;
    wrapped = w.wrapped;
    pass = new Pass(stream, strategies, { ...opts, writes: w.writes }, ahead.future, sized);
  } catch (e) {
    if ('close' in stream && stream.close) await stream.close();
    throw e;
  }
  const chunk = opts.chunk ?? createChunkFor(stream, pass.chunkRequests, sized);
  let done = 0;
  try {
    for (;;) {
      const filled = opts.chunk ? stream.nextChunk(chunk) : fillBatch(stream, chunk);
      // Synthetic streams answer at once; only trace streams make us wait (once per chunk).
      if (!(typeof filled === 'boolean' ? filled : await filled)) break;
      pass.replay(chunk);
      done = wrapped ? pass.runs[0]!.requests : done + chunk.length;
      opts.onProgress?.(done, stream.requests);
    }
  } finally {
    if ('close' in stream && stream.close) await stream.close();
  }
  return pass.outcomes();
}
