// What a strategy with expiry or refresh (FreshCacheStrategy, issue 14) tells the harness about
// freshness: the counters it keeps while it runs, and its end-of-run summary (stats().freshness).
// Shared by the strategy (which counts) and the runner (which reports: runner/freshness-result.ts).
// Strategies without freshness have neither, so their runs take no extra step anywhere.

/**
 * Cumulative counters a freshness strategy increments as it serves requests; the runner's time
 * series reads them once per window (differences of cumulative values, so the rows sum exactly to
 * the totals). One object per strategy, mutated in place (no allocation per request).
 */
export class FreshnessCounters {
  /** Hits that served a value older than the source's current version (served stale). */
  staleReads = 0;
  /** Misses of a cached entry past its expiry (ttl or tti), swr window over: counted in misses too. */
  expiredMisses = 0;
  /** Keys read from the source by background reloads (refresh-ahead, swr, xfetch, bulk-refresh). */
  refreshReads = 0;
}

/** Staleness of the values served stale: virtual ms since the source changed (0 when none was). */
export interface StalenessSummaryMs {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** A freshness strategy's end-of-run counts (StrategyStats.freshness). */
export interface FreshnessStats {
  /** Hits that served a value older than the source's current version. */
  readonly staleReads: number;
  /** Age of the stale values served: now - the time of the first source write after the cached version. */
  readonly stalenessMs: StalenessSummaryMs;
  /** Requests that found their key cached but expired (and out of any swr window): misses. */
  readonly expiredMisses: number;
  /** Hits served within the stale-while-revalidate window after expiry (each starts or joins one reload). */
  readonly revalidations: number;
  /** Keys read from the source by background reloads (equals the source's refreshKeys). */
  readonly refreshReads: number;
  /** Background reload calls (equals the source's refreshCalls). */
  readonly refreshCalls: number;
  /** Reloaded values not read before the next write, refresh or eviction of their key, or the end; plus reloads dropped on landing. */
  readonly wastedRefreshes: number;
  /** Most cached entries whose expiry time fell in one 1-second window of virtual time (the stampede signal). */
  readonly peakExpiriesPerSec: number;
  /** Entries that reached their expiry time while cached. */
  readonly expiries: number;
}
