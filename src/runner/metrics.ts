// The metrics, declared once. Every reporter (table, CSV, Markdown, JSON) and any comparison derive
// their columns from this list.
import type { StrategyResult } from './result.ts';

export type Direction = 'higher' | 'lower' | 'neutral';

export interface MetricColumn {
  readonly id: string;
  readonly header: string;
  readonly unit: string;
  /** Which way is better, for comparisons. */
  readonly direction: Direction;
  /** Decimal places in human-readable tables (CSV and JSON keep full precision). */
  readonly digits: number;
  readonly description: string;
  get(r: StrategyResult): number;
  /** How tables and CSV show an infinite value (a time to warm that never came: "never"). */
  readonly infinite?: string;
  /** The group a report's header puts the column under (the HTML report's grouped header row). */
  readonly group?: string;
}

export const METRICS: readonly MetricColumn[] = [
  { id: 'requests', header: 'requests', unit: 'requests', direction: 'neutral', digits: 0, description: 'requests replayed', get: (r) => r.requests },
  { id: 'hits', header: 'hits', unit: 'requests', direction: 'higher', digits: 0, description: 'requests served from the cache', get: (r) => r.hits },
  { id: 'misses', header: 'misses', unit: 'requests', direction: 'lower', digits: 0, description: 'requests not in the cache (each reads the source once)', get: (r) => r.misses },
  { id: 'hitRatio', header: 'hit ratio', unit: 'ratio', direction: 'higher', digits: 4, description: 'hits / requests', get: (r) => r.hitRatio },
  { id: 'missRatio', header: 'miss ratio', unit: 'ratio', direction: 'lower', digits: 4, description: 'misses / requests', get: (r) => r.missRatio },
  {
    id: 'sourceMisses',
    header: 'source misses',
    unit: 'requests',
    direction: 'neutral',
    digits: 0,
    description: 'demand reads of keys the source does not have (not cache misses)',
    get: (r) => r.sourceMisses,
  },
  { id: 'backfills', header: 'backfills', unit: 'calls', direction: 'neutral', digits: 0, description: 'backfill batches loaded (fruitless ones are skipped)', get: (r) => r.backfills },
  { id: 'backfilledKeys', header: 'backfilled keys', unit: 'keys', direction: 'neutral', digits: 0, description: 'keys loaded by backfills', get: (r) => r.backfilledKeys },
  {
    id: 'backfillWaste',
    header: 'backfill waste',
    unit: 'keys',
    direction: 'lower',
    digits: 0,
    description: 'backfilled keys never served: evicted before use, refused by admission, or never requested by the end',
    get: (r) => r.backfillWaste,
  },
  {
    id: 'backfillRejected',
    header: 'backfill rejected',
    unit: 'keys',
    direction: 'lower',
    digits: 0,
    description: 'backfilled keys refused by the admission filter or the eviction policy (read, never cached)',
    get: (r) => r.backfillRejected,
  },
  {
    id: 'backfillEvictedBeforeUse',
    header: 'backfill evicted before use',
    unit: 'keys',
    direction: 'lower',
    digits: 0,
    description: 'backfilled keys evicted before any request used them',
    get: (r) => r.backfillEvictedBeforeUse,
  },
  { id: 'demandReads', header: 'demand reads', unit: 'keys', direction: 'lower', digits: 0, description: 'single-key source reads caused by misses', get: (r) => r.demandReads },
  { id: 'sourceReads', header: 'source reads', unit: 'keys', direction: 'lower', digits: 0, description: 'all keys read from the source: demand reads + backfilled keys', get: (r) => r.sourceReads },
  { id: 'sourceCalls', header: 'source calls', unit: 'calls', direction: 'lower', digits: 0, description: 'source round trips: demand reads + backfills', get: (r) => r.sourceCalls },
  { id: 'evictions', header: 'evictions', unit: 'keys', direction: 'neutral', digits: 0, description: 'keys evicted by the eviction policy', get: (r) => r.evictions },
  { id: 'finalSize', header: 'final size', unit: 'keys', direction: 'neutral', digits: 0, description: 'keys cached at the end', get: (r) => r.finalSize },
  {
    id: 'peakSourceKeysPerSec',
    header: 'peak src keys/s',
    unit: 'keys/s',
    direction: 'lower',
    digits: 0,
    description: 'most keys read from the source in one 1-second window of virtual time',
    get: (r) => r.peakSourceKeysPerSec,
  },
  {
    id: 'meanSourceKeysPerSec',
    header: 'mean src keys/s',
    unit: 'keys/s',
    direction: 'lower',
    digits: 1,
    description: 'source reads / number of 1-second windows the run spans',
    get: (r) => r.meanSourceKeysPerSec,
  },
  {
    id: 'peakSourceCallsPerSec',
    header: 'peak src calls/s',
    unit: 'calls/s',
    direction: 'lower',
    digits: 0,
    description: 'most source round trips in one 1-second window',
    get: (r) => r.peakSourceCallsPerSec,
  },
  {
    id: 'meanSourceCallsPerSec',
    header: 'mean src calls/s',
    unit: 'calls/s',
    direction: 'lower',
    digits: 1,
    description: 'source calls / number of 1-second windows',
    get: (r) => r.meanSourceCallsPerSec,
  },
  { id: 'latencyP50Ms', header: 'p50 ms', unit: 'ms', direction: 'lower', digits: 3, description: 'modeled request latency, median (HdrHistogram, 3 significant digits)', get: (r) => r.latencyMs.p50 },
  { id: 'latencyP90Ms', header: 'p90 ms', unit: 'ms', direction: 'lower', digits: 3, description: 'modeled request latency, 90th percentile', get: (r) => r.latencyMs.p90 },
  { id: 'latencyP99Ms', header: 'p99 ms', unit: 'ms', direction: 'lower', digits: 3, description: 'modeled request latency, 99th percentile', get: (r) => r.latencyMs.p99 },
  { id: 'latencyP999Ms', header: 'p99.9 ms', unit: 'ms', direction: 'lower', digits: 3, description: 'modeled request latency, 99.9th percentile', get: (r) => r.latencyMs.p999 },
  { id: 'latencyMaxMs', header: 'max ms', unit: 'ms', direction: 'lower', digits: 3, description: 'modeled request latency, maximum', get: (r) => r.latencyMs.max },
  { id: 'latencyMeanMs', header: 'mean ms', unit: 'ms', direction: 'lower', digits: 3, description: 'modeled request latency, mean', get: (r) => r.latencyMs.mean },
];

/**
 * The byte columns: only in runs that count bytes (object sizes in play), so object-mode reports
 * keep exactly the columns above. Read from StrategyResult.bytes.
 */
export const BYTE_METRICS: readonly MetricColumn[] = [
  {
    id: 'byteHitRatio',
    header: 'byte hit ratio',
    unit: 'ratio',
    direction: 'higher',
    digits: 4,
    description: 'bytes served from the cache / bytes requested',
    get: (r) => r.bytes?.byteHitRatio ?? NaN,
  },
  { id: 'requestedBytes', header: 'requested bytes', unit: 'bytes', direction: 'neutral', digits: 0, description: "sum of every request's object size", get: (r) => r.bytes?.requestedBytes ?? NaN },
  { id: 'hitBytes', header: 'hit bytes', unit: 'bytes', direction: 'higher', digits: 0, description: 'bytes served from the cache', get: (r) => r.bytes?.hitBytes ?? NaN },
  { id: 'demandBytes', header: 'demand bytes', unit: 'bytes', direction: 'lower', digits: 0, description: 'bytes read from the source by misses', get: (r) => r.bytes?.demandBytes ?? NaN },
  { id: 'backfillBytes', header: 'backfill bytes', unit: 'bytes', direction: 'neutral', digits: 0, description: 'bytes loaded by backfills', get: (r) => r.bytes?.backfillBytes ?? NaN },
  {
    id: 'sourceBytes',
    header: 'source bytes',
    unit: 'bytes',
    direction: 'lower',
    digits: 0,
    description: 'all bytes read from the source: demand + backfill',
    get: (r) => r.bytes?.sourceBytes ?? NaN,
  },
  { id: 'bytesPerBackfill', header: 'bytes/backfill', unit: 'bytes', direction: 'neutral', digits: 0, description: 'backfill bytes / backfills', get: (r) => r.bytes?.bytesPerBackfill ?? NaN },
];

/** The columns of runs with timeline events only (StrategyResult.failedReads is set exactly then). */
export const EVENT_METRICS: readonly MetricColumn[] = [
  {
    id: 'failedReads',
    header: 'failed reads',
    unit: 'requests',
    direction: 'lower',
    digits: 0,
    description: 'demand reads that failed while the source was down (outage events): misses served nothing',
    get: (r) => r.failedReads ?? NaN,
  },
  {
    id: 'peerCopiedKeys',
    header: 'peer copied keys',
    unit: 'keys',
    direction: 'neutral',
    digits: 0,
    description: 'keys copied from the twin cache by warm=peer warm-ups (not source load)',
    get: (r) => r.peerCopiedKeys ?? NaN,
  },
];

/** The rate limit's column: in runs with events (EVENT_METRICS' condition) or where some backfill was throttled. */
export const RATE_METRICS: readonly MetricColumn[] = [
  {
    id: 'throttledBackfills',
    header: 'throttled backfills',
    unit: 'calls',
    direction: 'neutral',
    digits: 0,
    description: 'backfills the rateLimit token bucket skipped (no token) or cut short (fewer tokens than a batch)',
    get: (r) => r.throttledBackfills ?? 0,
  },
];

/**
 * The warm-up columns: only in runs with events (StrategyResult.warmup), measured against each
 * strategy's twin run without events (runner/warmup-metrics.ts). A time to warm that never came is
 * Infinity ("never" in tables and CSV, null in JSON), so it fails any `timeToWarmS<=...` target.
 */
export const WARMUP_METRICS: readonly MetricColumn[] = [
  {
    id: 'timeToWarmS',
    header: 'time to warm s',
    unit: 's',
    direction: 'lower',
    digits: 1,
    description:
      "seconds after the first event until no later window's hit ratio is more than epsilon (--warm-epsilon, 0.01) below the twin run without events (HotCloud'20 rule, one-sided); never: not by the end",
    get: (r) => (r.warmup === undefined ? NaN : (r.warmup.timeToWarmS ?? Infinity)),
    infinite: 'never',
  },
  {
    id: 'warmupDebt',
    header: 'warm-up debt',
    unit: 'requests',
    direction: 'lower',
    digits: 0,
    description: "the twin's hits minus this run's over the requests from the first event on (exact)",
    get: (r) => r.warmup?.warmupDebt ?? NaN,
  },
  {
    id: 'peakSourceKeysPerSecAfter',
    header: 'peak keys/s after',
    unit: 'keys/s',
    direction: 'lower',
    digits: 0,
    description: 'most keys read from the source in one window of the series (per second), from the window holding the first event on',
    get: (r) => r.warmup?.peakSourceKeysPerSecAfter ?? NaN,
  },
  {
    id: 'peakSourceCallsPerSecAfter',
    header: 'peak calls/s after',
    unit: 'calls/s',
    direction: 'lower',
    digits: 0,
    description: 'most source calls in one window of the series (per second), from the window holding the first event on',
    get: (r) => r.warmup?.peakSourceCallsPerSecAfter ?? NaN,
  },
  {
    id: 'warmupSourceReads',
    header: 'warm-up reads',
    unit: 'keys',
    direction: 'neutral',
    digits: 0,
    description: 'keys read from the source by event warm-ups (warm=snapshot at a rate) and on-event backfills',
    get: (r) => r.warmup?.warmupSourceReads ?? NaN,
  },
];

/**
 * The source model's columns: only in runs whose source saturates (finite --source-concurrency or an
 * exponential service time: StrategyResult.sourceQueue), as the warm-up ones only in runs with events.
 */
export const SOURCE_METRICS: readonly MetricColumn[] = [
  {
    id: 'delayedHits',
    header: 'delayed hits',
    unit: 'requests',
    direction: 'neutral',
    digits: 0,
    description: 'requests for a key whose fetch was in flight that waited for it (coalesce true; counted as hits, latency includes the wait)',
    get: (r) => r.sourceQueue?.delayedHits ?? NaN,
  },
  {
    id: 'meanDelayedWaitMs',
    header: 'delayed wait ms',
    unit: 'ms',
    direction: 'lower',
    digits: 3,
    description: 'mean wait of a delayed hit for the fetch it joined',
    get: (r) => r.sourceQueue?.meanDelayedWaitMs ?? NaN,
  },
  {
    id: 'duplicateReads',
    header: 'duplicate reads',
    unit: 'keys',
    direction: 'lower',
    digits: 0,
    description: 'demand reads of a key whose fetch was already in flight (coalesce false: the thundering herd; counted in demand reads)',
    get: (r) => r.sourceQueue?.duplicateReads ?? NaN,
  },
  {
    id: 'stampedeP50',
    header: 'stampede p50',
    unit: 'requests',
    direction: 'lower',
    digits: 0,
    description: 'requests per fetch (the miss and all that met it in flight), median',
    get: (r) => r.sourceQueue?.stampedeP50 ?? NaN,
  },
  { id: 'stampedeP99', header: 'stampede p99', unit: 'requests', direction: 'lower', digits: 0, description: 'requests per fetch, 99th percentile', get: (r) => r.sourceQueue?.stampedeP99 ?? NaN },
  { id: 'stampedeMax', header: 'stampede max', unit: 'requests', direction: 'lower', digits: 0, description: 'requests per fetch, maximum', get: (r) => r.sourceQueue?.stampedeMax ?? NaN },
  {
    id: 'sourceUtilisation',
    header: 'src util',
    unit: 'ratio',
    direction: 'neutral',
    digits: 3,
    description: "busy server time / (servers x the run's span): the source's utilisation",
    get: (r) => r.sourceQueue?.utilisation ?? NaN,
  },
  {
    id: 'missLatencyP50Ms',
    header: 'miss p50 ms',
    unit: 'ms',
    direction: 'lower',
    digits: 3,
    description: "latency of the requests that read the source (misses and duplicate reads: hit latency + the read's wait and service, or the time to fail), median",
    get: (r) => r.sourceQueue?.missLatencyMs.p50 ?? NaN,
  },
  {
    id: 'missLatencyP99Ms',
    header: 'miss p99 ms',
    unit: 'ms',
    direction: 'lower',
    digits: 3,
    description: 'latency of the requests that read the source, 99th percentile',
    get: (r) => r.sourceQueue?.missLatencyMs.p99 ?? NaN,
  },
  { id: 'queueMean', header: 'queue mean', unit: 'calls', direction: 'lower', digits: 2, description: 'calls waiting for a server, time average', get: (r) => r.sourceQueue?.queueMean ?? NaN },
  {
    id: 'queueP99',
    header: 'queue p99',
    unit: 'calls',
    direction: 'lower',
    digits: 0,
    description: 'calls waiting for a server, not exceeded 99% of the time',
    get: (r) => r.sourceQueue?.queueP99 ?? NaN,
  },
  { id: 'queueMax', header: 'queue max', unit: 'calls', direction: 'lower', digits: 0, description: 'calls waiting for a server, maximum', get: (r) => r.sourceQueue?.queueMax ?? NaN },
  {
    id: 'meanQueueWaitMs',
    header: 'queue wait ms',
    unit: 'ms',
    direction: 'lower',
    digits: 3,
    description: 'mean wait of a served demand read for a server (0 included)',
    get: (r) => r.sourceQueue?.meanQueueWaitMs ?? NaN,
  },
  {
    id: 'meanBackfillWaitMs',
    header: 'backfill wait ms',
    unit: 'ms',
    direction: 'neutral',
    digits: 3,
    description: 'mean wait of a served backfill call for a server (0 included)',
    get: (r) => r.sourceQueue?.meanBackfillWaitMs ?? NaN,
  },
  {
    id: 'sourceErrors',
    header: 'source errors',
    unit: 'calls',
    direction: 'lower',
    digits: 0,
    description: 'source calls that failed: refused by a full line (--source-queue-limit) or timed out (--source-timeout), demand and backfill; a failed demand read serves nothing',
    get: (r) => r.sourceQueue?.sourceErrors ?? NaN,
  },
  {
    id: 'sourceTimeouts',
    header: 'source timeouts',
    unit: 'calls',
    direction: 'lower',
    digits: 0,
    description: 'source calls that waited longer than --source-timeout',
    get: (r) => r.sourceQueue?.sourceTimeouts ?? NaN,
  },
];

/**
 * The freshness columns (issue 14): only in runs with writes, a finite ttl/tti or a refresh part
 * (StrategyResult.freshness, from the strategy's FreshnessStats: core/types.ts). A result without
 * them had none of these things happen, so a lookup reads 0 (exact: no writes, nothing is stale; no
 * expiry, no expired miss; no refresh part, no refresh), which keeps sweep constraints meaningful
 * across cells with and without them.
 */
export const FRESHNESS_METRICS: readonly MetricColumn[] = [
  {
    id: 'writes',
    header: 'writes',
    unit: 'writes',
    direction: 'neutral',
    digits: 0,
    group: 'freshness',
    description: 'writes and deletes at the source during the run (each makes the cached copies of its key stale)',
    get: (r) => r.freshness?.writes ?? 0,
  },
  {
    id: 'staleReads',
    header: 'stale reads',
    unit: 'requests',
    direction: 'lower',
    digits: 0,
    group: 'freshness',
    description: "hits that served a value older than the source's current version",
    get: (r) => r.freshness?.staleReads ?? 0,
  },
  {
    id: 'staleReadRatio',
    header: 'stale ratio',
    unit: 'ratio',
    direction: 'lower',
    digits: 4,
    group: 'freshness',
    description: 'stale reads / requests',
    get: (r) => r.freshness?.staleReadRatio ?? 0,
  },
  {
    id: 'stalenessP50Ms',
    header: 'staleness p50 ms',
    unit: 'ms',
    direction: 'lower',
    digits: 0,
    group: 'freshness',
    description: 'age of the stale values served, median: virtual ms since the source changed the value (HdrHistogram; 0 without stale reads)',
    get: (r) => r.freshness?.stalenessMs.p50 ?? 0,
  },
  {
    id: 'stalenessP99Ms',
    header: 'staleness p99 ms',
    unit: 'ms',
    direction: 'lower',
    digits: 0,
    group: 'freshness',
    description: 'age of the stale values served, 99th percentile',
    get: (r) => r.freshness?.stalenessMs.p99 ?? 0,
  },
  {
    id: 'stalenessMaxMs',
    header: 'staleness max ms',
    unit: 'ms',
    direction: 'lower',
    digits: 0,
    group: 'freshness',
    description: 'age of the stale values served, maximum',
    get: (r) => r.freshness?.stalenessMs.max ?? 0,
  },
  {
    id: 'expiredMisses',
    header: 'expired misses',
    unit: 'requests',
    direction: 'lower',
    digits: 0,
    group: 'freshness',
    description: 'requests that found their key cached but expired (ttl or tti; past any swr window): misses, counted in misses too',
    get: (r) => r.freshness?.expiredMisses ?? 0,
  },
  {
    id: 'revalidations',
    header: 'revalidations',
    unit: 'requests',
    direction: 'neutral',
    digits: 0,
    group: 'freshness',
    description: 'hits served stale within the stale-while-revalidate window after expiry (each starts or joins one background reload)',
    get: (r) => r.freshness?.revalidations ?? 0,
  },
  {
    id: 'refreshReads',
    header: 'refresh reads',
    unit: 'keys',
    direction: 'neutral',
    digits: 0,
    group: 'freshness',
    description: 'keys read from the source by background reloads (refresh-ahead, swr, xfetch, bulk-refresh): part of source reads and the source load',
    get: (r) => r.freshness?.refreshReads ?? 0,
  },
  {
    id: 'refreshCalls',
    header: 'refresh calls',
    unit: 'calls',
    direction: 'neutral',
    digits: 0,
    group: 'freshness',
    description: 'background reload round trips: part of source calls',
    get: (r) => r.freshness?.refreshCalls ?? 0,
  },
  {
    id: 'wastedRefreshes',
    header: 'wasted refreshes',
    unit: 'keys',
    direction: 'lower',
    digits: 0,
    group: 'freshness',
    description: 'reloaded values never read before the next write, refresh or eviction of their key, or the end of the run (and reloads dropped on landing)',
    get: (r) => r.freshness?.wastedRefreshes ?? 0,
  },
  {
    id: 'peakExpiriesPerSec',
    header: 'peak expiries/s',
    unit: 'keys/s',
    direction: 'lower',
    digits: 0,
    group: 'freshness',
    description: 'most cached entries whose expiry time fell in one 1-second window of virtual time (coinciding expirations: the stampede signal)',
    get: (r) => r.freshness?.peakExpiriesPerSec ?? 0,
  },
];

/** Every column a lookup by id may name (constraints, `--metric`): the object columns, the byte ones, the freshness ones, the warm-up ones, the event ones, the source model's. */
export const ALL_METRICS: readonly MetricColumn[] = [...METRICS, ...BYTE_METRICS, ...FRESHNESS_METRICS, ...WARMUP_METRICS, ...EVENT_METRICS, ...RATE_METRICS, ...SOURCE_METRICS];

/** Each set of columns and the runs that have it (`list` documents them; reports add a set when present). */
export const METRIC_SETS: readonly { readonly when: string; readonly columns: readonly MetricColumn[] }[] = [
  { when: 'every run', columns: METRICS },
  { when: 'runs that count bytes (object sizes in play)', columns: BYTE_METRICS },
  { when: 'runs with writes, a finite ttl/tti or a refresh part (0 in results without them)', columns: FRESHNESS_METRICS },
  { when: 'runs with events (against the twin run without them)', columns: WARMUP_METRICS },
  { when: 'runs with events', columns: EVENT_METRICS },
  { when: 'runs with events, or where a rateLimit throttled', columns: RATE_METRICS },
  { when: 'runs whose source saturates (--source-concurrency, exponential service)', columns: SOURCE_METRICS },
];

/** Whether these results come from a run whose source saturates (the source model's columns). */
export function hasSourceQueue(results: readonly StrategyResult[]): boolean {
  return results.some((r) => r.sourceQueue !== undefined);
}

/** Whether these results have freshness metrics (a run with writes, a finite ttl/tti or a refresh part). */
export function hasFreshness(results: readonly StrategyResult[]): boolean {
  return results.some((r) => r.freshness !== undefined);
}

/** Whether these results have warm-up metrics (a run with events). */
export function hasWarmup(results: readonly StrategyResult[]): boolean {
  return results.some((r) => r.warmup !== undefined);
}

/** Whether these results come from a run with timeline events. */
export function hasEvents(results: readonly StrategyResult[]): boolean {
  return results.length > 0 && results.every((r) => r.failedReads !== undefined);
}

/** Whether these results count bytes (every result of a run that counts bytes has them). */
export function countBytes(results: readonly StrategyResult[]): boolean {
  return results.length > 0 && results.every((r) => r.bytes !== undefined);
}

/** The columns of these results' reports: the byte columns join only when the run counted bytes. */
export function metricsFor(results: readonly StrategyResult[]): readonly MetricColumn[] {
  const sized = countBytes(results) ? [...METRICS, ...BYTE_METRICS] : METRICS;
  const base = hasFreshness(results) ? [...sized, ...FRESHNESS_METRICS] : sized;
  const withWarmup = hasWarmup(results) ? [...base, ...WARMUP_METRICS] : base;
  const withEvents = hasEvents(results) ? [...withWarmup, ...EVENT_METRICS] : withWarmup;
  const withRate = results.some((r) => r.throttledBackfills !== undefined) ? [...withEvents, ...RATE_METRICS] : withEvents;
  return hasSourceQueue(results) ? [...withRate, ...SOURCE_METRICS] : withRate;
}

/** The compact table's columns for these results: byte hit ratio and source bytes join when counted. */
export function tableMetricsFor(results: readonly StrategyResult[]): readonly string[] {
  const bytes = countBytes(results);
  const warm = hasWarmup(results);
  const failed = results.some((r) => (r.failedReads ?? 0) > 0);
  const queued = hasSourceQueue(results);
  const fresh = hasFreshness(results);
  if (!bytes && !warm && !failed && !queued && !fresh) return TABLE_METRICS;
  // Queued runs: the source's side (in-flight fetches, utilisation, waits, errors) replaces columns
  // the files still have, to fit 120 columns; freshness runs put staleness and refreshes beside the
  // hit ratio and the source load (FRESHNESS_TABLE).
  const out = queued ? queuedTable(results) : fresh ? [...FRESHNESS_TABLE] : [...TABLE_METRICS];
  if (queued && fresh) out.splice(out.indexOf('hitRatio') + 1, 0, 'staleReadRatio', 'stalenessP99Ms', 'refreshReads');
  if (bytes) {
    out.splice(out.indexOf('hitRatio') + 1, 0, 'byteHitRatio');
    out.splice((out.includes('sourceReads') ? out.indexOf('sourceReads') : out.indexOf('refreshReads')) + 1, 0, 'sourceBytes');
  }
  if (warm) out.splice(out.indexOf('hitRatio') + 1, 0, 'timeToWarmS', 'warmupDebt', 'peakSourceKeysPerSecAfter', 'warmupSourceReads');
  // Failed reads join the compact table when an outage made some.
  if (failed) out.splice(out.indexOf('misses') + 1, 0, 'failedReads');
  return out;
}

function queuedTable(results: readonly StrategyResult[]): string[] {
  const q = results.map((r) => r.sourceQueue).filter((x) => x !== undefined);
  const flight = q.some((x) => x.duplicateReads > 0) ? 'duplicateReads' : 'delayedHits';
  const errors = q.some((x) => x.sourceErrors > 0) ? ['sourceErrors'] : [];
  return [
    'hitRatio',
    'misses',
    flight,
    'stampedeMax',
    'backfilledKeys',
    'sourceCalls',
    'sourceUtilisation',
    'queueMean',
    'meanQueueWaitMs',
    ...errors,
    'missLatencyP99Ms',
    'latencyP50Ms',
    'latencyP99Ms',
    'latencyP999Ms',
  ];
}

/**
 * The compact table of a run with freshness: hit ratio, how stale the hits were, what expiry cost
 * (expired misses) and what refreshing cost (refresh reads, wasted), and the source's peak load,
 * side by side (the "done" command); fits 120 columns beside the strategy names.
 */
export const FRESHNESS_TABLE: readonly string[] = [
  'hitRatio',
  'staleReadRatio',
  'stalenessP99Ms',
  'expiredMisses',
  'refreshReads',
  'wastedRefreshes',
  'sourceReads',
  'peakSourceKeysPerSec',
  'peakExpiriesPerSec',
  'latencyP99Ms',
];

/** The columns of the compact stdout table (all columns go to CSV and JSON). */
export const TABLE_METRICS: readonly string[] = [
  'hitRatio',
  'misses',
  'sourceMisses',
  'backfills',
  'backfilledKeys',
  'backfillWaste',
  'sourceReads',
  'sourceCalls',
  'peakSourceKeysPerSec',
  'latencyP50Ms',
  'latencyP99Ms',
  'latencyP999Ms',
];

export function metric(id: string): MetricColumn {
  const m = ALL_METRICS.find((c) => c.id === id);
  if (!m) throw new Error(`unknown metric ${id}`);
  return m;
}
