// The sweep's charts, as vega-lite specs rendered to SVG: the miss-ratio curve, heatmaps of hit ratio
// and of source reads over two parameters, source load over virtual time, latency percentiles.
import type { TopLevelSpec } from 'vega-lite';
import { paramsText } from '../report/report-data.ts';
import { renderSvg } from '../report/vega-svg.ts';
import { nullLabel, paramTitle as declTitle } from '../core/param-decl.ts';
import { strategyFlag, strategyParamDecl } from '../strategies/strategy-param-index.ts';
import { CAPACITY_UNBOUNDED } from '../strategies/strategy-params.ts';
import type { SweepRow } from './analysis.ts';
import type { CurveData } from './cell-task.ts';
import type { GridParam } from './grid.ts';
import type { ChartColours } from '../report/chart-colours.ts';

/** The colour encoding of a chart's series: each series coloured as its strategy (report-wide), or vega's order without colours. */
function seriesColour(seriesKeys: ReadonlyMap<string, string>, colours: ChartColours | undefined): object {
  const legend = { orient: 'bottom', columns: 1 };
  if (!colours) return { field: 'series', type: 'nominal', title: null, sort: [...seriesKeys.keys()], legend };
  return { field: 'series', type: 'nominal', title: null, sort: [...seriesKeys.keys()], scale: colours.scale(seriesKeys), legend };
}

const WIDTH = 640;
const HEIGHT = 360;
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Tick labels 0, 100, 1k, 10k, 1M (vega's "~s" picks one precision for the whole axis: 0M, 0M, 1M). */
const SI_LABEL =
  "datum.value >= 1e9 ? format(datum.value / 1e9, '~g') + 'G' : datum.value >= 1e6 ? format(datum.value / 1e6, '~g') + 'M' : datum.value >= 1e3 ? format(datum.value / 1e3, '~g') + 'k' : format(datum.value, '~g')";

/** A configuration's legend label: the strategy and its grid parameters (the others are fixed). */
export function configLabel(r: SweepRow, gridNames: readonly string[]): string {
  const shownParams = Object.fromEntries(Object.entries(r.params).filter(([k]) => gridNames.includes(k)));
  const text = paramsText(shownParams);
  return text ? `${r.strategy} ${text}` : r.strategy;
}

export interface CurveInputs {
  readonly workloadName: string;
  readonly rows: readonly SweepRow[];
  readonly curve: CurveData | undefined;
  /** opt results at capacities, when opt exists. */
  readonly opt: readonly SweepRow[];
}

/** Hit ratio against capacity: for each strategy the best hit ratio over its other parameters. */
export function missRatioCurveSpec(input: CurveInputs, colours?: ChartColours): TopLevelSpec | undefined {
  const points: { series: string; capacity: number; hitRatio: number; kind: string }[] = [];
  const keys = new Map<string, string>();
  const strategies = [...new Set(input.rows.map((r) => r.strategy))];
  for (const s of strategies) {
    const own = input.rows.filter((r) => r.strategy === s && typeof r.params.capacity === 'number');
    const others = [...new Set(own.flatMap((r) => Object.keys(r.params)))].filter((k) => k !== CAPACITY_UNBOUNDED.name && new Set(own.map((r) => String(r.params[k]))).size > 1);
    const best = new Map<number, number>();
    for (const r of own) {
      const c = r.params.capacity as number;
      best.set(c, Math.max(best.get(c) ?? -1, r.result.hitRatio));
    }
    const name = s === 'none' ? 'none (sweep cells)' : others.length > 0 ? `${s} (best over ${others.map(strategyFlag).join(', ')})` : s;
    for (const [capacity, hitRatio] of [...best].sort((a, b) => a[0] - b[0])) points.push({ series: name, capacity, hitRatio, kind: 'sweep' });
    if (best.size > 0) keys.set(name, s);
  }
  if (input.curve) {
    const series = 'LRU demand fill (one-pass curve, every capacity)';
    for (const p of input.curve.points) points.push({ series, capacity: p.capacity, hitRatio: p.hitRatio, kind: 'curve' });
    keys.set(series, 'none'); // the curve is `none`'s (demand-fill LRU): its colour, another dash
  }
  for (const r of [...input.opt].sort((a, b) => (a.params.capacity as number) - (b.params.capacity as number))) {
    points.push({ series: 'opt (Belady, reference)', capacity: r.params.capacity as number, hitRatio: r.result.hitRatio, kind: 'reference' });
    keys.set('opt (Belady, reference)', 'opt');
  }
  if (points.length === 0) return undefined;
  const encoding = {
    x: { field: 'capacity', type: 'quantitative', scale: { type: 'log' }, title: 'cache capacity (keys, log scale)', axis: { format: '~s' } },
    y: { field: 'hitRatio', type: 'quantitative', scale: { domain: [0, 1] }, title: 'hit ratio (hits / requests)', axis: { format: '.0%' } },
    color: seriesColour(keys, colours),
    strokeDash: {
      field: 'kind',
      type: 'nominal',
      scale: {
        domain: ['sweep', 'reference', 'curve'],
        range: [
          [1, 0],
          [6, 4],
          [2, 2],
        ],
      },
      legend: null,
    },
    tooltip: [{ field: 'series' }, { field: 'capacity', format: ',' }, { field: 'hitRatio', format: '.4f' }],
  };
  const layers: object[] = [
    // The one-pass curve: a dense line without markers, drawn first so the sweep's points stay visible.
    { transform: [{ filter: "datum.kind === 'curve'" }], mark: { type: 'line', strokeWidth: 2, opacity: 0.7, clip: true }, encoding },
    { transform: [{ filter: "datum.kind !== 'curve'" }], mark: { type: 'line', point: { filled: true, size: 50 }, strokeWidth: 2, clip: true }, encoding },
  ];
  if (input.curve) {
    const u = input.curve.unboundedHitRatio;
    layers.push(
      { data: { values: [{ y: u }] }, mark: { type: 'rule', strokeDash: [2, 3], color: '#555' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      {
        data: { values: [{ y: u, text: `unbounded demand-fill cache: ${(u * 100).toFixed(1)}% (only first requests miss)` }] },
        mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, dy: -3, x: 0, fontSize: 12, color: '#333' },
        encoding: { y: { field: 'y', type: 'quantitative' }, text: { field: 'text' } },
      },
    );
  }
  return {
    $schema: SCHEMA,
    title: { text: 'Hit ratio against cache capacity', subtitle: `workload ${input.workloadName}; dashed: reference lines` },
    width: WIDTH,
    height: HEIGHT,
    data: { values: points },
    layer: layers,
  } as TopLevelSpec;
}

export interface HeatmapChoice {
  readonly strategy: string;
  readonly x: string;
  readonly y: string;
}

/** Picks the heatmap: the strategy with the most cells among those with two varied parameters, and its two longest. */
export function chooseHeatmap(
  rows: readonly SweepRow[],
  grid: readonly GridParam[],
  requested?: { x?: string | undefined; y?: string | undefined; strategy?: string | undefined },
): HeatmapChoice | undefined {
  const varied = grid.filter((g) => g.values.length > 1);
  const strategies = [...new Set(rows.map((r) => r.strategy))]
    .filter((s) => !requested?.strategy || s === requested.strategy)
    .map((s) => {
      const own = rows.filter((r) => r.strategy === s);
      const params = varied.filter((g) => own.some((r) => g.name in r.params)).sort((a, b) => b.values.length - a.values.length);
      return { s, n: own.length, params: params.map((p) => p.name) };
    })
    .filter((c) => {
      if (requested?.x && !c.params.includes(requested.x)) return false;
      if (requested?.y && !c.params.includes(requested.y)) return false;
      return c.params.length >= 2;
    })
    .sort((a, b) => b.n - a.n);
  const pick = strategies[0];
  if (!pick) return undefined;
  const x = requested?.x ?? pick.params.find((p) => p !== requested?.y)!;
  const y = requested?.y ?? pick.params.find((p) => p !== x)!;
  return { strategy: pick.s, x, y };
}

/** A parameter value as a chart label: null as the declared word ("unbounded", "cumulative"). */
const shownAs = (p: string) => (v: unknown) => (v === null || v === undefined ? nullLabel(strategyParamDecl(p)) : String(v));
/** An axis title from the declaration: its flag and unit, "capacity (keys)", "interval (ms)". */
export const paramTitle = (p: string): string => {
  const d = strategyParamDecl(p);
  return d === undefined ? p : declTitle(d);
};

/** A heatmap of one metric over choice.x and choice.y, one panel per combination of the other varied parameters. */
export function heatmapSpec(rows: readonly SweepRow[], grid: readonly GridParam[], choice: HeatmapChoice, metric: 'hitRatio' | 'sourceReads'): TopLevelSpec {
  const own = rows.filter((r) => r.strategy === choice.strategy);
  const rest = grid.filter((g) => g.values.length > 1 && g.name !== choice.x && g.name !== choice.y && own.some((r) => g.name in r.params)).map((g) => g.name);
  const order = (name: string) => grid.find((g) => g.name === name)?.values.map(shownAs(name)) ?? [];
  const values = own.map((r) => ({
    x: shownAs(choice.x)(r.params[choice.x]),
    y: shownAs(choice.y)(r.params[choice.y]),
    panel: rest.length === 0 ? '' : rest.map((p) => `${strategyFlag(p)}=${shownAs(p)(r.params[p])}`).join(' '),
    value: metric === 'hitRatio' ? r.result.hitRatio : r.result.sourceReads,
  }));
  const panels = [...new Set(values.map((v) => v.panel))];
  const isHit = metric === 'hitRatio';
  const cellW = Math.max(28, Math.min(64, Math.floor(640 / Math.max(1, order(choice.x).length * Math.min(3, panels.length)))));
  const cellH = Math.max(22, Math.min(40, Math.floor(320 / Math.max(1, order(choice.y).length))));
  const title = isHit ? 'hit ratio' : 'source reads (keys)';
  const spec = {
    $schema: SCHEMA,
    title: {
      text: `${isHit ? 'Hit ratio' : 'Source reads'} of ${choice.strategy} over ${choice.x} and ${choice.y}`,
      subtitle: isHit ? 'hit ratio = hits / requests (higher is better)' : 'keys read from the source over the run, demand reads + backfilled keys (lower is better)',
    },
    data: { values },
    spec: {
      width: cellW * order(choice.x).length,
      height: cellH * order(choice.y).length,
      encoding: {
        x: { field: 'x', type: 'ordinal', sort: order(choice.x), title: paramTitle(choice.x), axis: { labelAngle: 0 } },
        y: { field: 'y', type: 'ordinal', sort: order(choice.y), title: paramTitle(choice.y) },
      },
      layer: [
        {
          mark: 'rect',
          encoding: {
            color: isHit
              ? { field: 'value', type: 'quantitative', title, scale: { scheme: 'viridis', domain: [0, 1] }, legend: { format: '.0%', orient: 'right' } }
              : { field: 'value', type: 'quantitative', title, scale: { scheme: 'orangered', type: 'log' }, legend: { format: '.2~s', orient: 'right' } },
          },
        },
        {
          mark: { type: 'text', fontSize: 10 },
          encoding: {
            text: { field: 'value', type: 'quantitative', format: isHit ? '.2f' : '.2~s' },
            color: isHit ? { condition: { test: 'datum.value > 0.6', value: 'black' }, value: 'white' } : { value: 'black' },
          },
        },
      ],
    },
    facet: { field: 'panel', type: 'nominal', title: rest.length === 0 ? null : rest.map(paramTitle).join(', '), sort: panels, header: rest.length === 0 ? { labels: false } : {} },
    columns: 3,
    resolve: { scale: { color: 'shared' } },
  };
  return spec as unknown as TopLevelSpec;
}

/**
 * Source load over virtual time: per strategy its representative configuration (solid) and, when
 * different, its configuration with the highest peak load (dashed: the worst backfill storm).
 */
export function sourceLoadSpec(reps: readonly SweepRow[], storms: readonly SweepRow[], gridNames: readonly string[], colours?: ChartColours): TopLevelSpec | undefined {
  const values: { series: string; kind: string; t: number; rate: number }[] = [];
  const keys = new Map<string, string>();
  const add = (r: SweepRow, kind: string, prefix: string) => {
    const s = r.result.loadSeries;
    if (!s) return;
    const sec = s.windowMs / 1000;
    const series = `${prefix}${configLabel(r, gridNames)}`;
    keys.set(series, r.strategy);
    s.keys.forEach((k, i) => values.push({ series, kind, t: i * sec, rate: k / sec }));
  };
  for (const r of reps) add(r, 'chosen', '');
  for (const r of storms) if (!reps.some((x) => x.key === r.key)) add(r, 'storm', 'highest peak: ');
  if (values.length === 0) return undefined;
  const windowS = (reps.find((r) => r.result.loadSeries)?.result.loadSeries?.windowMs ?? 1000) / 1000;
  return {
    $schema: SCHEMA,
    title: {
      text: 'Source load over virtual time',
      subtitle: [
        `keys read from the source per second, in ${windowS}-second windows (symmetric log scale)`,
        "solid: the configuration the report picks per strategy; dashed: that strategy's highest peak (worst backfill storm)",
      ],
    },
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', strokeWidth: 1.5, interpolate: 'step-after' },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'virtual time (s)' },
      y: {
        field: 'rate',
        type: 'quantitative',
        scale: { type: 'symlog', constant: 100 },
        title: 'source load (keys read / s, symlog scale)',
        axis: { values: [0, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9], labelExpr: SI_LABEL },
      },
      color: seriesColour(keys, colours),
      strokeDash: {
        field: 'kind',
        type: 'nominal',
        scale: {
          domain: ['chosen', 'storm'],
          range: [
            [1, 0],
            [5, 3],
          ],
        },
        legend: null,
      },
    },
  } as TopLevelSpec;
}

/** Latency percentiles per strategy (its representative configuration), log scale. */
export function latencySpec(reps: readonly SweepRow[], gridNames: readonly string[], colours?: ChartColours): TopLevelSpec | undefined {
  if (reps.length === 0) return undefined;
  const pcts = [
    ['p50', (r: SweepRow) => r.result.latencyMs.p50],
    ['p90', (r: SweepRow) => r.result.latencyMs.p90],
    ['p99', (r: SweepRow) => r.result.latencyMs.p99],
    ['p99.9', (r: SweepRow) => r.result.latencyMs.p999],
    ['max', (r: SweepRow) => r.result.latencyMs.max],
  ] as const;
  const values = reps.flatMap((r) => pcts.map(([p, get]) => ({ series: configLabel(r, gridNames), percentile: p, ms: Math.max(0.001, get(r)) })));
  const all = values.map((v) => v.ms);
  const lo = 10 ** Math.floor(Math.log10(Math.min(...all)) - 0.3);
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...all)) + 0.1);
  return {
    $schema: SCHEMA,
    title: { text: 'Modeled request latency percentiles', subtitle: 'one configuration per strategy (see the report); log scale' },
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    layer: [
      { mark: { type: 'bar', tooltip: true }, encoding: { y2: { datum: lo } } },
      { mark: { type: 'text', dy: -6, fontSize: 10 }, encoding: { text: { field: 'ms', type: 'quantitative', format: '.3~f' } } },
    ],
    encoding: {
      x: { field: 'percentile', type: 'ordinal', sort: pcts.map(([p]) => p), title: 'percentile of request latency', axis: { labelAngle: 0 } },
      xOffset: { field: 'series', type: 'nominal' },
      y: { field: 'ms', type: 'quantitative', stack: null, scale: { type: 'log', domain: [lo, hi] }, title: 'latency (ms, log scale)', axis: { format: '~g' } },
      color: seriesColour(new Map(reps.map((r) => [configLabel(r, gridNames), r.strategy])), colours),
      tooltip: [{ field: 'series' }, { field: 'percentile' }, { field: 'ms', format: '.3f' }],
    },
  } as TopLevelSpec;
}

export async function renderCharts(specs: Readonly<Record<string, TopLevelSpec | undefined>>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) if (spec) out[name] = await renderSvg(spec);
  return out;
}
