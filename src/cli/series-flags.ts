// --series-window: the width of the time series' windows (`--window` is the miss-rate trigger's
// parameter). Declared once here for every command that runs strategies over a timeline.
import { parseDuration } from '../load/duration.ts';
import { DEFAULT_WINDOW_MS, MAX_SERIES_ROWS } from '../runner/time-series.ts';
import { readsRequests } from '../workloads/stream.ts';
import type { ResolvedWorkload } from '../workloads/workload-config.ts';

export const seriesWindowOption = {
  type: 'string',
  describe: `time series window of virtual time, e.g. 1s, 250ms, 1m (a bare number is seconds; default ${DEFAULT_WINDOW_MS / 1000}s); doubled as needed to keep a run within ${MAX_SERIES_ROWS.toLocaleString('en-US')} rows`,
} as const;

/** The window (ms) from --series-window, or undefined for the default. */
export function seriesWindowFlag(a: Record<string, unknown>): number | undefined {
  return parseDuration('series-window', a['series-window'], 's', { min: 1, max: 365 * 86_400_000 });
}

/**
 * The expected virtual time of a generated stream's last request (requests / rate, plus 1 % for
 * Poisson arrivals), so its series starts with windows wide enough instead of merging rows later;
 * undefined for a trace (its clock is known only once read).
 */
export function seriesSpanMs(w: ResolvedWorkload): number | undefined {
  if (readsRequests(w) || !(w.rate > 0)) return undefined;
  return (w.requests / w.rate) * 1000 * (w.arrival === 'poisson' ? 1.01 : 1);
}
