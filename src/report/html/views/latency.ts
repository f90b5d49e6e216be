// The latency distribution: each strategy's (or run's) percentiles p50, p90, p99, p99.9 and max, one
// line per series over the percentiles, log scale. Values are in the tooltips, not written on the
// chart (per-point labels overlapped: "2.2212.2212.221").
import type { LatencySummaryMs } from '../../../runner/latency-recorder.ts';
import type { ViewSpec } from '../report-model.ts';
import { colourEncoding, DASH_LEGEND, FOCUS_OPACITY, LEGEND_FOCUS, HEIGHT, lineWithPoints, WIDTH, type ColourScale } from './common.ts';

export interface LatencyInput {
  /** The colour key (a strategy name). */
  readonly strategy: string;
  /** Which of several series of a strategy this is (live / simulator, A / B): drawn dashed by side. */
  readonly side?: string | undefined;
  readonly latencyMs: Pick<LatencySummaryMs, 'p50' | 'p90' | 'p99' | 'p999' | 'max'>;
}

export const PERCENTILES = [
  ['p50', (l: LatencyInput['latencyMs']) => l.p50],
  ['p90', (l: LatencyInput['latencyMs']) => l.p90],
  ['p99', (l: LatencyInput['latencyMs']) => l.p99],
  ['p99.9', (l: LatencyInput['latencyMs']) => l.p999],
  ['max', (l: LatencyInput['latencyMs']) => l.max],
] as const;

export function latencyView(
  inputs: readonly LatencyInput[],
  colours: ColourScale,
  o: { name?: string; caption?: string; dashBy?: { title: string; domain: readonly string[] } } = {},
): ViewSpec | undefined {
  const values = inputs.flatMap((x) =>
    PERCENTILES.flatMap(([p, get]) => {
      const ms = get(x.latencyMs);
      return Number.isFinite(ms) ? [{ strategy: x.strategy, side: x.side ?? '', series: x.side ? `${x.strategy} (${x.side})` : x.strategy, percentile: p, ms }] : [];
    }),
  );
  if (values.length === 0) return undefined;
  const logOk = values.every((v) => v.ms > 0);
  const dash = o.dashBy
    ? {
        strokeDash: {
          field: 'side',
          type: 'nominal',
          title: o.dashBy.title,
          scale: {
            domain: [...o.dashBy.domain],
            range: [
              [1, 0],
              [5, 3],
              [2, 2],
            ].slice(0, o.dashBy.domain.length),
          },
          legend: DASH_LEGEND,
        },
      }
    : {};
  return {
    name: o.name ?? 'latency-distribution',
    title: 'Latency distribution',
    caption: o.caption ?? `Request latency percentiles per strategy${logOk ? ' (log scale)' : ''}; hover a point for its value.`,
    mark: 'line',
    points: values.length,
    spec: {
      width: WIDTH,
      height: HEIGHT,
      data: { values },
      params: [LEGEND_FOCUS],
      mark: lineWithPoints({ point: { filled: true, size: 50 } }),
      encoding: {
        x: { field: 'percentile', type: 'ordinal', sort: PERCENTILES.map(([p]) => p), title: 'percentile of request latency', axis: { labelAngle: 0 } },
        y: { field: 'ms', type: 'quantitative', scale: { type: logOk ? 'log' : 'linear' }, title: `latency (ms${logOk ? ', log scale' : ''})`, axis: { format: '~g', labelOverlap: true } },
        opacity: FOCUS_OPACITY,
        color: colourEncoding(
          colours,
          inputs.map((x) => x.strategy),
        ),
        detail: { field: 'series' },
        ...dash,
        tooltip: [{ field: 'series', title: 'series' }, { field: 'percentile' }, { field: 'ms', title: 'ms', format: ',.3f' }],
      },
    },
  };
}
