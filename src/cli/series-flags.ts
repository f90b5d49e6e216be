// --series-window: the width of the time series' windows (`--window` is the miss-rate trigger's
// parameter); --warm-epsilon: how close to its twin a run's hit ratio must stay to count as warm.
// Declared once here for every command that runs strategies over a timeline.
import { ConfigError } from '../core/errors.ts';
import { parseDuration } from '../load/duration.ts';
import { DEFAULT_WARM_EPSILON } from '../runner/warmup-metrics.ts';
import { WARMUP_METRICS } from '../runner/metrics.ts';
import type { Constraint } from '../sweep/constraints.ts';
import { numberFlag } from './flags.ts';
import { DEFAULT_WINDOW_MS, MAX_SERIES_ROWS } from '../runner/time-series.ts';
import type { AnyRequestStream } from '../core/types.ts';
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
 * The expected virtual time of a stream's last request, so its series starts with windows wide
 * enough instead of merging rows later: a timestamped trace's own (its first pass saw the last
 * time), else requests / rate (plus 1 % for Poisson arrivals), for a generated stream or a trace
 * without timestamps alike.
 */
export function seriesSpanMs(w: ResolvedWorkload, stream: Pick<AnyRequestStream, 'spanMs' | 'requests'>): number | undefined {
  if (stream.spanMs !== undefined) return stream.spanMs;
  if (!(w.rate > 0)) return undefined;
  return (stream.requests / w.rate) * 1000 * (w.arrival === 'poisson' ? 1.01 : 1);
}

export const warmEpsilonOption = {
  type: 'string',
  describe: `runs with events: the cache counts as warm once every later window's hit ratio is within this (absolute) of the twin run without events (default ${DEFAULT_WARM_EPSILON}; > 0 and <= 1)`,
} as const;

/** --warm-epsilon, or undefined for the default; refused for a run without events (it would change nothing). */
export function warmEpsilonFlag(a: Record<string, unknown>, hasEvents: boolean): number | undefined {
  const v = numberFlag('warm-epsilon', a['warm-epsilon']);
  if (v !== undefined && !hasEvents) throw new ConfigError('--warm-epsilon applies to runs with events (--event restart@60s, or "events" in the workload); this run has none');
  if (v !== undefined && !(v > 0 && v <= 1)) throw new ConfigError(`--warm-epsilon: ${v} is out of range; allowed: a hit-ratio difference > 0 and <= 1, e.g. 0.01`);
  return v;
}

/** A --target or --budget on a warm-up metric needs events: without them no cell has one to meet. */
export function checkWarmupConstraints(constraints: readonly Constraint[], hasEvents: boolean): void {
  const c = constraints.find((x) => WARMUP_METRICS.includes(x.metric));
  if (c !== undefined && !hasEvents)
    throw new ConfigError(`--${c.kind} ${JSON.stringify(c.text)}: ${c.metric.id} is measured only in runs with events (--event restart@60s, or "events" in the workload); this sweep has none`);
}
