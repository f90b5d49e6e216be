// Source load over virtual time for a sweep: one configuration per strategy (the one the page's
// latency view uses), keys read per second in each window of its stored load series (symlog scale).
import type { LoadSeriesData } from '../../../source/load-series.ts';
import type { ViewSpec } from '../report-model.ts';
import { colourEncoding, FOCUS_OPACITY, LEGEND_FOCUS, countPoints, HEIGHT, lineWithPoints, SI_LABEL, WIDTH, type ColourScale } from './common.ts';

export interface LoadSeriesInput {
  readonly strategy: string;
  readonly label: string;
  readonly series: LoadSeriesData | undefined;
}

export function loadSeriesView(inputs: readonly LoadSeriesInput[], colours: ColourScale): ViewSpec | undefined {
  const values = inputs.flatMap((x) => {
    const s = x.series;
    if (!s) return [];
    const sec = s.windowMs / 1000;
    return s.keys.map((k, i) => ({ strategy: x.strategy, series: x.label, t: i * sec, keysPerSec: k / sec }));
  });
  if (values.length === 0) return undefined;
  return {
    name: 'source-load',
    title: 'Source load over virtual time',
    caption: `Keys read from the source per second, one configuration per strategy (${inputs.map((x) => x.label).join('; ')}); symmetric log scale.`,
    mark: 'line',
    points: countPoints(values, ['t', 'keysPerSec']),
    spec: {
      width: WIDTH,
      height: HEIGHT,
      data: { values },
      params: [LEGEND_FOCUS],
      mark: lineWithPoints({ interpolate: 'step-after', point: { filled: true, size: 10 } }),
      encoding: {
        x: { field: 't', type: 'quantitative', title: 'virtual time (s)', axis: { labelOverlap: true } },
        y: {
          field: 'keysPerSec',
          type: 'quantitative',
          scale: { type: 'symlog', constant: 100 },
          title: 'source keys read / s (symlog)',
          axis: { values: [0, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9], labelExpr: SI_LABEL, labelOverlap: true },
        },
        opacity: FOCUS_OPACITY,
        color: colourEncoding(
          colours,
          inputs.map((x) => x.strategy),
        ),
        detail: { field: 'series' },
        tooltip: [
          { field: 'series', title: 'configuration' },
          { field: 't', title: 'window start (s)', format: ',.3~f' },
          { field: 'keysPerSec', title: 'source keys/s', format: ',.1f' },
        ],
      },
    },
  };
}
