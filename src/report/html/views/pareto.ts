// The Pareto frontier of a sweep: every configuration as a point (source reads across, hit ratio up),
// in its strategy's colour; frontier points filled and joined by a line, the others hollow; the
// recommendation and runner-up ringed. Clicking a point shows its whole configuration in the panel
// under the chart (page.ts reads the clicked datum's `label` and `config`).
import type { ViewSpec } from '../report-model.ts';
import { colourEncoding, HEIGHT, SI_LABEL, WIDTH, type ColourScale } from './common.ts';

export interface ParetoPoint {
  readonly strategy: string;
  /** The configuration in one line ("lru-backfill capacity=10000 threshold=0.5"). */
  readonly label: string;
  /** Every parameter and the figures shown in the panel on a click. */
  readonly config: Readonly<Record<string, string | number | boolean | null>>;
  readonly hitRatio: number;
  readonly sourceReads: number;
  readonly p99Ms: number;
  readonly frontier: boolean;
  /** 'pick', 'runner-up' or ''. */
  readonly role: string;
}

export function paretoView(points: readonly ParetoPoint[], colours: ColourScale): ViewSpec | undefined {
  if (points.length === 0) return undefined;
  // Frontier points are filled in their strategy's colour, the others white (a field of its own: sharing
  // color's field would merge the two legends).
  const values = points.map((p) => ({ ...p, status: p.frontier ? 'on the frontier' : 'dominated', ring: p.role === '' ? 'none' : p.role, fillKey: p.frontier ? p.strategy : '(dominated)' }));
  // A log scale cannot place 0 source reads (a cache that never missed): symlog then.
  const x = {
    field: 'sourceReads',
    type: 'quantitative',
    title: 'source reads over the run (keys; lower is better)',
    scale: points.every((p) => p.sourceReads > 0) ? { type: 'log' } : { type: 'symlog', constant: 100 },
    axis: { labelExpr: SI_LABEL, labelOverlap: true },
  };
  const y = { field: 'hitRatio', type: 'quantitative', title: 'hit ratio (higher is better)', scale: { zero: false }, axis: { format: '.0%' } };
  const frontierLine = [...values].filter((v) => v.frontier).sort((a, b) => a.sourceReads - b.sourceReads);
  return {
    name: 'pareto',
    title: 'Pareto frontier',
    caption:
      'Every configuration swept: source reads across, hit ratio up. Filled points joined by the grey line are on the Pareto frontier (no other configuration is at least as good on hit ratio, source reads and p99 latency at once, and better on one); hollow points are dominated. Rings mark the recommendation (thick) and the runner-up. Click a point to see its configuration below.',
    mark: 'point',
    points: values.length,
    selectPanel: true,
    spec: {
      width: WIDTH,
      height: HEIGHT + 60,
      layer: [
        {
          data: { values: frontierLine.map((v) => ({ sourceReads: v.sourceReads, hitRatio: v.hitRatio })) },
          mark: { type: 'line', color: '#999', strokeWidth: 1.2, interpolate: 'step-after' },
          encoding: { x, y },
        },
        {
          data: { values },
          params: [{ name: 'picked', select: { type: 'point', on: 'click', fields: ['label'] } }],
          mark: { type: 'point', size: 70, strokeWidth: 2, tooltip: true, cursor: 'pointer' },
          encoding: {
            x,
            y,
            color: colourEncoding(
              colours,
              points.map((p) => p.strategy),
            ),
            fill: { field: 'fillKey', type: 'nominal', scale: { domain: [...colours.domain, '(dominated)'], range: [...colours.range, 'white'] }, legend: null },
            size: {
              field: 'ring',
              type: 'ordinal',
              sort: ['pick', 'runner-up', 'none'],
              title: null,
              scale: { domain: ['pick', 'runner-up', 'none'], range: [260, 160, 70] },
              legend: { orient: 'bottom', title: 'ring', values: ['pick', 'runner-up'] },
            },
            opacity: { condition: { param: 'picked', empty: true, value: 1 }, value: 0.35 },
            tooltip: [
              { field: 'label', title: 'configuration' },
              { field: 'hitRatio', title: 'hit ratio', format: '.4f' },
              { field: 'sourceReads', title: 'source reads', format: ',' },
              { field: 'p99Ms', title: 'p99 ms', format: ',.3f' },
              { field: 'status', title: 'frontier' },
            ],
          },
        },
      ],
    },
  };
}
