// Miss-ratio curves: hit ratio against cache capacity (log scale), one line per series in its
// strategy's (or policy's) colour: a sweep's cells (per strategy the best over its other parameters),
// the one-pass LRU curve, opt's reference, or an `mrc` run's curve. The unbounded cache's hit ratio is
// a dotted rule (hover it). With a sampled curve, the split-half error estimate is in the tooltip.
import type { ViewSpec } from '../report-model.ts';
import { colourEncoding, FOCUS_OPACITY, LEGEND_FOCUS, HEIGHT, lineWithPoints, WIDTH, type ColourScale } from './common.ts';

export interface CurveSeries {
  /** Colour key: the strategy or eviction policy. */
  readonly strategy: string;
  readonly label: string;
  /** 'cells' (sweep results), 'curve' (one-pass), 'reference' (opt): dashed differently. */
  readonly kind: 'cells' | 'curve' | 'reference';
  readonly points: readonly { readonly capacity: number; readonly hitRatio: number; readonly error?: number | undefined }[];
}

const KINDS = ['cells', 'curve', 'reference'] as const;
const KIND_TITLES: Record<(typeof KINDS)[number], string> = { cells: 'sweep cells', curve: 'one-pass curve', reference: 'reference (clairvoyant)' };

export function mrcView(series: readonly CurveSeries[], unbounded: number | undefined, colours: ColourScale, caption: string): ViewSpec | undefined {
  const values = series.flatMap((s) =>
    s.points
      .filter((p) => p.capacity > 0)
      .map((p) => ({ strategy: s.strategy, series: s.label, kind: KIND_TITLES[s.kind], size: p.capacity, hitRatio: p.hitRatio, ...(p.error !== undefined ? { error: p.error } : {}) })),
  );
  if (values.length === 0) return undefined;
  const kinds = KINDS.filter((k) => series.some((s) => s.kind === k)).map((k) => KIND_TITLES[k]);
  const hasError = values.some((v) => 'error' in v);
  return {
    name: 'miss-ratio-curve',
    title: 'Hit ratio against cache capacity',
    caption,
    mark: 'line',
    points: values.length,
    spec: {
      width: WIDTH,
      height: HEIGHT + 40,
      layer: [
        {
          data: { values },
          params: [LEGEND_FOCUS],
          mark: lineWithPoints(),
          encoding: {
            x: { field: 'size', type: 'quantitative', scale: { type: 'log' }, title: 'cache capacity (keys, log scale)', axis: { format: '~s', labelOverlap: true } },
            y: { field: 'hitRatio', type: 'quantitative', scale: { domain: [0, 1] }, title: 'hit ratio (hits / requests)', axis: { format: '.0%' } },
            opacity: FOCUS_OPACITY,
            color: colourEncoding(
              colours,
              series.map((s) => s.strategy),
            ),
            detail: { field: 'series' },
            strokeDash: {
              field: 'kind',
              type: 'nominal',
              title: null,
              scale: {
                domain: Object.values(KIND_TITLES),
                range: [
                  [1, 0],
                  [6, 4],
                  [2, 2],
                ],
              },
              legend: kinds.length > 1 ? { orient: 'bottom', symbolType: 'stroke', symbolStrokeColor: '#444' } : null,
            },
            tooltip: [
              { field: 'series', title: 'series' },
              { field: 'size', title: 'capacity (keys)', format: ',' },
              { field: 'hitRatio', title: 'hit ratio', format: '.4f' },
              ...(hasError ? [{ field: 'error', title: '± error estimate', format: '.4f' }] : []),
            ],
          },
        },
        ...(unbounded === undefined
          ? []
          : [
              {
                data: { values: [{ hitRatio: unbounded, what: 'unbounded cache (only first requests miss)' }] },
                mark: { type: 'rule', strokeDash: [2, 3], color: '#555', tooltip: true },
                encoding: {
                  y: { field: 'hitRatio', type: 'quantitative' },
                  tooltip: [
                    { field: 'what', title: 'line' },
                    { field: 'hitRatio', title: 'hit ratio', format: '.4f' },
                  ],
                },
              },
            ]),
      ],
    },
  };
}
