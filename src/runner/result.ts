// A strategy's result, and the one builder every producer of results uses.
import type { LoadSeries, LoadSeriesData } from '../source/load-series.ts';
import { windowsSpanned } from '../source/load-window.ts';
import type { LatencySummaryMs } from './latency-recorder.ts';
import type { SeriesData } from './time-series.ts';
import type { WarmupMetrics } from './warmup-metrics.ts';
import type { SourceQueueResult } from '../source/queued-source.ts';
import type { FreshnessResult } from './freshness-result.ts';

/** Everything measured for one strategy in one run. Deterministic for a seed and config. */
export interface StrategyResult {
  readonly strategy: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly requests: number;
  readonly hits: number;
  readonly misses: number;
  readonly hitRatio: number;
  readonly missRatio: number;
  readonly sourceMisses: number;
  readonly backfills: number;
  readonly backfilledKeys: number;
  readonly backfillWaste: number;
  readonly backfillRejected: number;
  readonly backfillEvictedBeforeUse: number;
  readonly demandReads: number;
  readonly sourceReads: number;
  readonly sourceCalls: number;
  readonly evictions: number;
  readonly finalSize: number;
  readonly peakSourceKeysPerSec: number;
  readonly meanSourceKeysPerSec: number;
  readonly peakSourceCallsPerSec: number;
  readonly meanSourceCallsPerSec: number;
  readonly latencyMs: LatencySummaryMs;
  /** Source load per window of virtual time; only when the run asked for it (RunOptions.loadSeriesPoints). */
  readonly loadSeries?: LoadSeriesData;
  /** Byte counts, only in runs that count bytes (object sizes in play; see runner/run.ts countsBytes). */
  readonly bytes?: ByteResult;
  /** The run's time series (runner/time-series.ts); sweep cells leave it out. */
  readonly series?: SeriesData;
  /** Runs with timeline events only: demand reads that failed while the source was down (outage events). */
  readonly failedReads?: number;
  /** Runs with events: warm-up measured against the twin run without them (runner/warmup-metrics.ts). */
  readonly warmup?: WarmupMetrics;
  /** Runs with events only: keys copied from the twin by warm=peer warm-ups (not source load). */
  readonly peerCopiedKeys?: number;
  /** Runs with events, or whose rateLimit throttled: backfills the token bucket skipped or cut short. */
  readonly throttledBackfills?: number;
  /** Runs whose source saturates (issue 15's source model, not today's): queueing and fetches in flight. */
  readonly sourceQueue?: SourceQueueResult & { readonly missLatencyMs: LatencySummaryMs };
  /** Runs with writes, a finite ttl/tti or a refresh part only (issue 14): stale reads, expiry, refreshes. */
  readonly freshness?: FreshnessResult;
}

/** What a run that counts bytes measured, in bytes. */
export interface ByteResult {
  /** The capacity the policy ran with: in bytes, or in objects ("objects") when it counts objects. */
  readonly capacity: number | null;
  readonly capacityUnit: 'bytes' | 'objects';
  /** Sum of every request's object size. */
  readonly requestedBytes: number;
  /** Of those, served from the cache. */
  readonly hitBytes: number;
  /** hitBytes / requestedBytes. */
  readonly byteHitRatio: number;
  /** Read from the source by misses (keys the source has). */
  readonly demandBytes: number;
  /** Loaded by backfills. */
  readonly backfillBytes: number;
  /** demandBytes + backfillBytes. */
  readonly sourceBytes: number;
  /** backfillBytes / backfills (0 without backfills). */
  readonly bytesPerBackfill: number;
}

/** The byte counters a run kept (buildResult derives the rest). */
export interface ByteCounts {
  readonly requested: number;
  readonly hits: number;
  readonly demand: number;
  readonly backfill: number;
  readonly capacity: { readonly capacity: number | undefined; readonly bytes: boolean };
}

/** What a run counted; buildResult derives the rest. */
export interface RunCounts {
  readonly strategy: string;
  /** Parameters as reports show them (displayParams). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly requests: number;
  readonly hits: number;
  readonly sourceMisses: number;
  readonly backfills: number;
  readonly backfilledKeys: number;
  readonly backfillWaste: number;
  readonly backfillRejected: number;
  readonly backfillEvictedBeforeUse: number;
  readonly demandReads: number;
  readonly sourceReads: number;
  readonly sourceCalls: number;
  readonly evictions: number;
  readonly finalSize: number;
  /** Most source keys and calls in one load window. */
  readonly peakKeysPerWindow: number;
  readonly peakCallsPerWindow: number;
  /** Virtual time of the last request: the run spans windowsSpanned(lastTime) windows. */
  readonly lastTime: number;
  readonly latencyMs: LatencySummaryMs;
  /** The opt-in load series, extended here to the run's last window. */
  readonly series?: LoadSeries | undefined;
  /** Byte counters, in runs that count bytes. */
  readonly bytes?: ByteCounts | undefined;
  /** The run's time series, when the result keeps it. */
  readonly windows?: SeriesData | undefined;
}

/**
 * The one place a StrategyResult is made, for the runner and the one-pass `none` results alike:
 * misses, ratios and per-second means are derived here, in the field order every report writes.
 */
export function buildResult(c: RunCounts): StrategyResult {
  const misses = c.requests - c.hits;
  const windows = windowsSpanned(c.lastTime);
  c.series?.extendTo(windows - 1);
  return {
    strategy: c.strategy,
    params: c.params,
    requests: c.requests,
    hits: c.hits,
    misses,
    hitRatio: c.requests === 0 ? 0 : c.hits / c.requests,
    missRatio: c.requests === 0 ? 0 : misses / c.requests,
    sourceMisses: c.sourceMisses,
    backfills: c.backfills,
    backfilledKeys: c.backfilledKeys,
    backfillWaste: c.backfillWaste,
    backfillRejected: c.backfillRejected,
    backfillEvictedBeforeUse: c.backfillEvictedBeforeUse,
    demandReads: c.demandReads,
    sourceReads: c.sourceReads,
    sourceCalls: c.sourceCalls,
    evictions: c.evictions,
    finalSize: c.finalSize,
    peakSourceKeysPerSec: c.peakKeysPerWindow,
    meanSourceKeysPerSec: c.sourceReads / windows,
    peakSourceCallsPerSec: c.peakCallsPerWindow,
    meanSourceCallsPerSec: c.sourceCalls / windows,
    latencyMs: c.latencyMs,
    ...(c.series ? { loadSeries: c.series.data() } : {}),
    ...(c.bytes ? { bytes: byteResult(c.bytes, c.backfills) } : {}),
    ...(c.windows ? { series: c.windows } : {}),
  };
}

function byteResult(b: ByteCounts, backfills: number): ByteResult {
  return {
    capacity: b.capacity.capacity ?? null,
    capacityUnit: b.capacity.bytes ? 'bytes' : 'objects',
    requestedBytes: b.requested,
    hitBytes: b.hits,
    byteHitRatio: b.requested === 0 ? 0 : b.hits / b.requested,
    demandBytes: b.demand,
    backfillBytes: b.backfill,
    sourceBytes: b.demand + b.backfill,
    bytesPerBackfill: backfills === 0 ? 0 : b.backfill / backfills,
  };
}
