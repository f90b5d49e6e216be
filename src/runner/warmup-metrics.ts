// Warm-up metrics of a run with events, measured against its twin (the same strategy on the same
// stream without events, run in the same pass), from the first event's time T:
// - time to warm: following "When is the Cache Warm? Manufacturing a Rule of Thumb" (HotCloud'20),
//   the cache is warm from the first window after which no window's hit ratio is below the twin's by
//   more than epsilon (absolute, default 0.01). One-sided: a warm-up that beats the twin (`hottest`
//   can: it reloads by count what LRU keeps by recency) is warm, not "out of epsilon". Windows are
//   the time series' (1 s by default); those that end after T count, windows without requests are
//   skipped. Reported in seconds after T: the end of the last window still cold minus T, 0 when none
//   is (or no request came after T); null ("never") when the run's last window is still cold.
// - warm-up debt: the twin's hits minus the run's hits over the requests at t >= T, exactly (hits
//   counted at T itself, not per window). Negative when the run did better than its twin.
// - peak source keys/s and calls/s after the event: the most in one window of the series, from the
//   window holding T on, per second.
// - warm-up source reads: keys read from the source by event warm-ups and on-event backfills (the
//   strategy counts them).
// With several events, everything is measured from the first one.
import type { SeriesData } from './time-series.ts';

export const DEFAULT_WARM_EPSILON = 0.01;

export interface WarmupMetrics {
  /** The first event's time (ms): where the metrics start. */
  readonly eventAtMs: number;
  readonly epsilon: number;
  /** Seconds after the event until the hit ratio is never again more than epsilon below the twin's; null: never. */
  readonly timeToWarmS: number | null;
  readonly warmupDebt: number;
  readonly peakSourceKeysPerSecAfter: number;
  readonly peakSourceCallsPerSecAfter: number;
  readonly warmupSourceReads: number;
  /** The twin's hits per window of the run's series (same windows, same requests): the reference the chart draws. */
  readonly twinHits: readonly number[];
}

/** A run (or its twin) as the warm-up metrics see it. */
export interface WarmupSide {
  readonly series: SeriesData;
  /** All the run's hits. */
  readonly hits: number;
  /** Hits of the requests before the event's time. */
  readonly hitsBefore: number;
}

export interface WarmupInput {
  readonly eventAtMs: number;
  readonly epsilon?: number | undefined;
  readonly run: WarmupSide;
  readonly twin: WarmupSide;
  readonly warmupSourceReads: number;
}

/** Whether a window's hit ratio h1/n1 is at most eps below the twin's h2/n2 (exact on integers when both saw the same requests). */
function warm(h1: number, n1: number, h2: number, n2: number, eps: number): boolean {
  if (n1 === n2) return h2 - h1 <= eps * n1;
  return h2 * n1 - h1 * n2 <= eps * n1 * n2;
}

/** Seconds after T until the run's hit ratio is never again more than eps below the twin's; null if it never gets there. */
export function timeToWarmS(run: SeriesData, twin: SeriesData, eventAtMs: number, eps: number): number | null {
  if (run.windowMs !== twin.windowMs) throw new Error(`warm-up: the run's windows are ${run.windowMs} ms, its twin's ${twin.windowMs} ms`);
  const w = run.windowMs;
  const n = Math.min(run.requests.length, twin.requests.length);
  let lastOut = -1;
  let lastCounted = -1;
  for (let i = Math.max(0, Math.floor(eventAtMs / w)); i < n; i++) {
    if ((i + 1) * w <= eventAtMs) continue;
    const n1 = run.requests[i]!;
    const n2 = twin.requests[i]!;
    if (n1 === 0 || n2 === 0) continue;
    lastCounted = i;
    if (!warm(run.hits[i]!, n1, twin.hits[i]!, n2, eps)) lastOut = i;
  }
  if (lastOut === -1) return 0;
  if (lastOut === lastCounted) return null;
  return Math.max(0, (lastOut + 1) * w - eventAtMs) / 1000;
}

/** The most of one column in a window from the one holding T on, per second. */
function peakPerSecAfter(values: readonly number[], windowMs: number, eventAtMs: number): number {
  let peak = 0;
  for (let i = Math.max(0, Math.floor(eventAtMs / windowMs)); i < values.length; i++) if (values[i]! > peak) peak = values[i]!;
  return peak / (windowMs / 1000);
}

export function warmupMetrics(o: WarmupInput): WarmupMetrics {
  const eps = o.epsilon ?? DEFAULT_WARM_EPSILON;
  const s = o.run.series;
  return {
    eventAtMs: o.eventAtMs,
    epsilon: eps,
    timeToWarmS: timeToWarmS(s, o.twin.series, o.eventAtMs, eps),
    warmupDebt: o.twin.hits - o.twin.hitsBefore - (o.run.hits - o.run.hitsBefore),
    peakSourceKeysPerSecAfter: peakPerSecAfter(s.sourceKeys, s.windowMs, o.eventAtMs),
    peakSourceCallsPerSecAfter: peakPerSecAfter(s.sourceCalls, s.windowMs, o.eventAtMs),
    warmupSourceReads: o.warmupSourceReads,
    twinHits: o.twin.series.hits,
  };
}
