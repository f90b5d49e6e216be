// What every view shares: the page-wide colour scale (one colour per strategy across the whole page,
// from report/chart-colours.ts), the chart size, axis helpers and the rule for counting a view's points.
import { ChartColours } from '../../chart-colours.ts';

export const WIDTH = 640;
export const HEIGHT = 260;

/** The one colour scale of a page: every view colours its `strategy` field with this domain and range. */
export interface ColourScale {
  readonly domain: readonly string[];
  readonly range: readonly string[];
}

/** The page's colour scale over `names` (every strategy or policy any view or table row shows). */
export function pageColours(names: Iterable<string>): ColourScale {
  const domain = [...new Set(names)];
  const c = new ChartColours(domain);
  return { domain, range: domain.map((n) => c.of(n)) };
}

/** The colour encoding of a view: field `strategy`, the page's scale (legend lists the names the view draws). */
export function colourEncoding(colours: ColourScale, shown: readonly string[], title: string | null = 'strategy'): Record<string, unknown> {
  const inView = new Set(shown);
  return {
    field: 'strategy',
    type: 'nominal',
    title,
    scale: { domain: [...colours.domain], range: [...colours.range] },
    legend: { orient: 'bottom', columns: 2, labelLimit: 600, values: colours.domain.filter((d) => inView.has(d)) },
  };
}

/**
 * The legend of a strokeDash channel: each entry a short grey line in its dash. Without it vega-lite
 * draws the line's points' filled dots, the same for every entry (solid and dashed could not be told
 * apart; test/browser checks that no two legend entries look alike).
 */
export const DASH_LEGEND = {
  orient: 'bottom',
  symbolType: 'stroke',
  symbolStrokeWidth: 2,
  symbolSize: 300,
  // vega-lite gives a filled mark's legend symbols a transparent stroke: this encode comes after its own.
  encode: { symbols: { update: { stroke: { value: '#444' }, fill: { value: 'transparent' } } } },
} as const;

/** Tick labels 0, 100, 1k, 10k, 1M (vega's "~s" picks one precision for the whole axis). */
export const SI_LABEL =
  "datum.value >= 1e9 ? format(datum.value / 1e9, '~g') + 'G' : datum.value >= 1e6 ? format(datum.value / 1e6, '~g') + 'M' : datum.value >= 1e3 ? format(datum.value / 1e3, '~g') + 'k' : format(datum.value, '~g')";

/**
 * A line mark with one filled point per datum: the point is the tooltip's hover target, and what the
 * browser tests count for a line view (vega draws a line as one path per series).
 */
export const lineWithPoints = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'line',
  strokeWidth: 1.8,
  point: { filled: true, size: 18 },
  tooltip: true,
  ...extra,
});

/** The number of points a layer draws: rows whose every plotted field is a finite number. */
export function countPoints(rows: readonly Readonly<Record<string, unknown>>[], fields: readonly string[]): number {
  return rows.filter((r) => fields.every((f) => typeof r[f] === 'number' && Number.isFinite(r[f]))).length;
}

/**
 * Clicking a strategy in the legend brings its lines forward and fades the others (lines that
 * coincide, e.g. two strategies with the same hit ratio, can then be told apart); click again, or
 * elsewhere, to show all. Goes on the layer that draws the lines.
 */
export const LEGEND_FOCUS = { name: 'focus', select: { type: 'point', fields: ['strategy'] }, bind: 'legend' } as const;
export const FOCUS_OPACITY = { condition: { param: 'focus', empty: true, value: 1 }, value: 0.12 } as const;
