// A run's freshness figures (issue 14), from the strategy's stats().freshness (what only the cache
// knows: stale reads, their age, expiry, wasted reloads) and the source's counters (writes, the
// background reloads' keys and calls). Only runs with writes, a finite ttl/tti or a refresh part have
// them (their strategies are FreshCacheStrategy); every other result keeps its exact shape.
import type { FreshnessStats } from '../core/types.ts';

export interface FreshnessResult {
  /** Writes (and deletes) at the source during the run: each bumps its key's version. */
  readonly writes: number;
  /** Hits that served a value older than the source's current version. */
  readonly staleReads: number;
  /** staleReads / requests (reads). */
  readonly staleReadRatio: number;
  /** Age of the stale values served (virtual ms since the source changed); 0s without stale reads. */
  readonly stalenessMs: FreshnessStats['stalenessMs'];
  /** Requests that found their key cached but expired (counted in misses). */
  readonly expiredMisses: number;
  /** Hits served stale within the stale-while-revalidate window after expiry. */
  readonly revalidations: number;
  /** Keys read from the source by background reloads (refresh-ahead, swr, xfetch, bulk-refresh): source load. */
  readonly refreshReads: number;
  /** Background reload round trips. */
  readonly refreshCalls: number;
  /** Reloaded values never read before the next write, refresh or eviction of their key, or the end. */
  readonly wastedRefreshes: number;
  /** Most cached entries whose expiry time fell in one 1-second window (coinciding expirations). */
  readonly peakExpiriesPerSec: number;
}

/** The source's side: its writes and the background reloads it served (CountingSource). */
export interface FreshSourceCounts {
  readonly writes: number;
  readonly refreshKeys: number;
  readonly refreshCalls: number;
}

/** What the rest of the run counted, for the ratios and the sanity checks. */
export interface ReadCounts {
  /** Reads replayed (results' requests). */
  readonly requests: number;
  readonly hits: number;
}

/**
 * The freshness result of one strategy's run. Throws (a bug, not bad input) when the strategy's and
 * the source's counts disagree, as the runner's other end-of-run checks do.
 */
export function freshnessResult(name: string, st: FreshnessStats, src: FreshSourceCounts, reads: ReadCounts): FreshnessResult {
  const fail = (what: string) => {
    throw new Error(`${name}: ${what}`);
  };
  if (st.refreshReads !== src.refreshKeys) fail(`the strategy counted ${st.refreshReads} refresh reads, the source ${src.refreshKeys} refresh keys`);
  if (st.refreshCalls !== src.refreshCalls) fail(`the strategy counted ${st.refreshCalls} refresh calls, the source ${src.refreshCalls}`);
  // Stale reads and revalidations are hits; expired misses are misses.
  if (st.staleReads > reads.hits) fail(`${st.staleReads} stale reads but ${reads.hits} hits`);
  if (st.revalidations > reads.hits) fail(`${st.revalidations} revalidations but ${reads.hits} hits`);
  if (st.expiredMisses > reads.requests - reads.hits) fail(`${st.expiredMisses} expired misses but ${reads.requests - reads.hits} misses`);
  if (st.staleReads === 0 && st.stalenessMs.max !== 0) fail(`no stale reads but a staleness max of ${st.stalenessMs.max} ms`);
  return {
    writes: src.writes,
    staleReads: st.staleReads,
    staleReadRatio: reads.requests === 0 ? 0 : st.staleReads / reads.requests,
    stalenessMs: { p50: st.stalenessMs.p50, p99: st.stalenessMs.p99, max: st.stalenessMs.max },
    expiredMisses: st.expiredMisses,
    revalidations: st.revalidations,
    refreshReads: st.refreshReads,
    refreshCalls: st.refreshCalls,
    wastedRefreshes: st.wastedRefreshes,
    peakExpiriesPerSec: st.peakExpiriesPerSec,
  };
}
