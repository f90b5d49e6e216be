// `backfill-bench report A B`: a page comparing two results folders of the same kind, for the "before
// and after this change" question of a review. Rows are matched by their key columns (the strategy in
// a bench folder; strategy and grid parameters in a sweep; strategy and run in a load test; the cell
// in a check; the capacity in an mrc curve). For each matched row and metric that differs: A, B, the
// change (absolute and %), and whether it is better or worse by the metric's direction (the word is
// written, and coloured, for colour-blind readers); neutral metrics say "changed". Rows only in A or
// only in B are listed. The charts overlay A and B: one bar per side for the headline metrics.
import { basename } from 'node:path';
import type { Direction } from '../../runner/metrics.ts';
import { readReportModel } from './models/read.ts';
import { textColumn, type ReportModel, type SummaryTable, type TableColumn, type TableRow, type ViewSpec } from './report-model.ts';
import { columnsOf } from './table.ts';
import { colourEncoding, countPoints, FOCUS_OPACITY, HEIGHT, LEGEND_FOCUS, lineWithPoints, pageColours, SI_LABEL, WIDTH, type ColourScale } from './views/common.ts';

export type Change = 'better' | 'worse' | 'changed' | 'same';

/** Which way a change from a to b goes for a metric of this direction. */
export function changeDirection(direction: Direction, a: number, b: number): Change {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return 'same';
  if (direction === 'neutral' || Number.isNaN(a) || Number.isNaN(b)) return 'changed';
  return (direction === 'higher') === b > a ? 'better' : 'worse';
}

export interface MetricDelta {
  readonly key: string;
  readonly colourKey: string;
  readonly column: TableColumn;
  readonly a: number;
  readonly b: number;
  readonly change: Change;
}

export interface Comparison {
  readonly deltas: readonly MetricDelta[];
  /** Matched rows whose text columns (other than the key: parameters, say) differ: "key: params a → b". */
  readonly textChanges: readonly string[];
  /** Matched rows and metrics with equal values. */
  readonly unchanged: number;
  readonly onlyA: readonly string[];
  readonly onlyB: readonly string[];
  readonly matched: readonly { readonly key: string; readonly colourKey: string; readonly a: TableRow; readonly b: TableRow }[];
}

function rowKeys(t: SummaryTable): string[] {
  const cols = columnsOf(t);
  const ids = t.keyColumns ?? [cols[0]!.id];
  const at = ids.map((id) => cols.findIndex((c) => c.id === id));
  return t.rows.map((r) => at.map((i) => (i < 0 ? '' : String(r.values[i] ?? '—'))).join(' '));
}

const asNumber = (v: number | string | null | undefined): number => (typeof v === 'number' ? v : NaN);

/** Every numeric column both tables have (by id), each matched row's value in A and in B. */
export function compareTables(a: SummaryTable, b: SummaryTable): Comparison {
  const colsA = columnsOf(a);
  const colsB = columnsOf(b);
  const keysA = rowKeys(a);
  const keysB = rowKeys(b);
  const metrics = colsA.filter((c) => c.kind === 'number' && !(a.keyColumns ?? []).includes(c.id) && colsB.some((x) => x.id === c.id));
  const matched = keysA.flatMap((k, i) => {
    const j = keysB.indexOf(k);
    return j < 0 ? [] : [{ key: k, colourKey: a.rows[i]!.colourKey, a: a.rows[i]!, b: b.rows[j]! }];
  });
  const deltas: MetricDelta[] = [];
  const textChanges: string[] = [];
  const keyIds = a.keyColumns ?? [colsA[0]!.id];
  const texts = colsA.filter((c) => c.kind === 'text' && !keyIds.includes(c.id) && colsB.some((x) => x.id === c.id));
  for (const m of matched) {
    for (const c of texts) {
      const va = m.a.values[colsA.indexOf(c)] ?? '';
      const vb = m.b.values[colsB.findIndex((x) => x.id === c.id)] ?? '';
      if (va !== vb) textChanges.push(`${m.key}: ${c.header} ${va === '' ? '(none)' : va} → ${vb === '' ? '(none)' : vb}`);
    }
  }
  let unchanged = 0;
  for (const m of matched) {
    for (const c of metrics) {
      const va = asNumber(m.a.values[colsA.indexOf(c)]);
      const vb = asNumber(m.b.values[colsB.findIndex((x) => x.id === c.id)]);
      const change = changeDirection(c.direction, va, vb);
      if (change === 'same') unchanged++;
      else deltas.push({ key: m.key, colourKey: m.colourKey, column: c, a: va, b: vb, change });
    }
  }
  return { deltas, textChanges, unchanged, onlyA: keysA.filter((k) => !keysB.includes(k)), onlyB: keysB.filter((k) => !keysA.includes(k)), matched };
}

/** The headline metrics drawn side by side (those both folders have). */
const HEADLINE = ['hitRatio', 'sourceReads', 'latencyP99Ms', 'staleReadRatio'];

function overlayView(metricId: string, cmp: Comparison, ta: SummaryTable, tb: SummaryTable, colours: ColourScale, names: { a: string; b: string }): ViewSpec | undefined {
  const colA = columnsOf(ta).findIndex((c) => c.id === metricId);
  const colB = columnsOf(tb).findIndex((c) => c.id === metricId);
  if (colA < 0 || colB < 0) return undefined;
  const col = columnsOf(ta)[colA]!;
  const values = cmp.matched.flatMap((m) =>
    [
      { side: `A: ${names.a}`, v: asNumber(m.a.values[colA]) },
      { side: `B: ${names.b}`, v: asNumber(m.b.values[colB]) },
    ]
      .filter((x) => Number.isFinite(x.v))
      .map((x) => ({ key: m.key, strategy: m.colourKey, side: x.side, value: x.v })),
  );
  if (values.length === 0) return undefined;
  const sides = [`A: ${names.a}`, `B: ${names.b}`];
  const better = col.direction === 'higher' ? 'higher is better' : col.direction === 'lower' ? 'lower is better' : '';
  return {
    name: `compare-${metricId}`,
    title: `${col.header}: A beside B`,
    caption: `Each row matched in both folders: A solid, B light${better ? ` (${better})` : ''}. Hover a bar for its value.`,
    mark: 'bar',
    points: values.length,
    spec: {
      width: WIDTH,
      height: { step: 16 },
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'key', type: 'nominal', sort: null, title: null, axis: { labelLimit: 320, labelOverlap: true } },
        yOffset: { field: 'side', type: 'nominal', sort: sides },
        x: {
          field: 'value',
          type: 'quantitative',
          title: `${col.header}${col.unit && col.unit !== 'ratio' ? ` (${col.unit})` : ''}`,
          axis: col.unit === 'ratio' ? { format: '.0%' } : { labelExpr: SI_LABEL, labelOverlap: true },
        },
        color: colourEncoding(
          colours,
          values.map((v) => v.strategy),
        ),
        opacity: { field: 'side', type: 'ordinal', sort: sides, scale: { domain: sides, range: [1, 0.45] }, legend: { orient: 'bottom', title: null, labelLimit: 600 } },
        tooltip: [{ field: 'key', title: 'row' }, { field: 'side' }, { field: 'value', title: col.header, format: `,.${col.digits}f` }],
      },
    },
  };
}

/**
 * Bench folders: hit ratio over virtual time of A (solid) and B (dashed) on one chart, from the two
 * pages' own hit-ratio views (their runs, not the twins).
 */
function timeOverlay(a: ReportModel, b: ReportModel, colours: ColourScale, names: { a: string; b: string }): ViewSpec | undefined {
  const rowsOf = (m: ReportModel, side: string) => {
    const layer = ((m.views.find((v) => v.name === 'hit-ratio')?.spec.layer as { data?: { values?: Record<string, unknown>[] } }[] | undefined) ?? [])[0];
    return (layer?.data?.values ?? []).filter((r) => r.run === 'this run').map((r) => ({ strategy: r.strategy, side, t: r.t, span: r.span, hitRatio: r.hitRatio }));
  };
  const sides = [`A: ${names.a}`, `B: ${names.b}`];
  const values = [...rowsOf(a, sides[0]!), ...rowsOf(b, sides[1]!)];
  if (values.length === 0) return undefined;
  return {
    name: 'compare-hit-ratio-over-time',
    title: 'Hit ratio over virtual time: A and B',
    caption: 'Each strategy in its colour: A solid, B dashed. Click a strategy in the legend to fade the others.',
    mark: 'line',
    points: countPoints(values, ['t', 'hitRatio']),
    spec: {
      width: WIDTH,
      height: HEIGHT,
      data: { values },
      params: [LEGEND_FOCUS],
      mark: lineWithPoints({ interpolate: 'step-after' }),
      encoding: {
        x: { field: 't', type: 'quantitative', title: 'virtual time (s)', axis: { labelOverlap: true } },
        y: { field: 'hitRatio', type: 'quantitative', scale: { domain: [0, 1] }, title: 'hit ratio (per window)', axis: { format: '.0%' } },
        color: colourEncoding(
          colours,
          values.map((v) => String(v.strategy)),
        ),
        opacity: FOCUS_OPACITY,
        strokeDash: {
          field: 'side',
          type: 'nominal',
          title: null,
          scale: {
            domain: sides,
            range: [
              [1, 0],
              [5, 3],
            ],
          },
          legend: { orient: 'bottom', symbolType: 'stroke', symbolStrokeColor: '#444', labelLimit: 600 },
        },
        detail: { field: 'side' },
        tooltip: [{ field: 'strategy' }, { field: 'side' }, { field: 'span', title: 'virtual time' }, { field: 'hitRatio', title: 'hit ratio', format: '.4f' }],
      },
    },
  };
}

export async function compareModel(dirA: string, dirB: string): Promise<ReportModel> {
  const [a, b] = await Promise.all([readReportModel(dirA), readReportModel(dirB)]);
  const names = { a: basename(dirA), b: basename(dirB) };
  const cmp = compareTables(a.table, b.table);
  const colours = pageColours([...a.table.rows.map((r) => r.colourKey), ...b.table.rows.map((r) => r.colourKey)]);
  const count = (c: Change) => cmp.deltas.filter((d) => d.change === c).length;
  const metricCol = (id: string, header: string, description: string): TableColumn => ({ id, header, unit: '', direction: 'neutral', digits: 4, description, kind: 'number' });
  const table: SummaryTable = {
    id: 'summary',
    title: 'What changed',
    caption: `Each metric that differs between A and B, for every row matched in both (${cmp.matched.length}): B − A and (B − A) / A, and whether B is better or worse by the metric's direction. ${cmp.unchanged} matched values are equal. Click a column header to sort.`,
    groups: [
      { name: 'row', columns: [textColumn('row', 'row', 'the row matched in both folders'), textColumn('metric', 'metric', 'the metric (header; ↑ higher is better, ↓ lower)')] },
      {
        name: 'A → B',
        columns: [
          metricCol('a', 'A', `the value in A (${names.a})`),
          metricCol('b', 'B', `the value in B (${names.b})`),
          metricCol('delta', 'change', 'B − A'),
          { ...metricCol('percent', 'change %', '(B − A) / A, in percent'), digits: 2 },
          { ...textColumn('verdict', 'B is', "better or worse by the metric's direction; changed: a neutral metric"), tones: true },
        ],
      },
    ],
    rows: cmp.deltas.map((d) => {
      const arrow = d.column.direction === 'higher' ? ' ↑' : d.column.direction === 'lower' ? ' ↓' : '';
      const digits = d.column.digits;
      return {
        colourKey: d.colourKey,
        values: [d.key, `${d.column.header}${arrow}`, d.a, d.b, d.b - d.a, d.a !== 0 && Number.isFinite(d.a) ? ((d.b - d.a) / Math.abs(d.a)) * 100 : null, d.change],
        digits: [undefined, undefined, digits, digits, digits, 2, undefined],
      };
    }),
    markBest: false,
  };
  const views = [...HEADLINE.flatMap((id) => overlayView(id, cmp, a.table, b.table, colours, names) ?? []), ...[timeOverlay(a, b, colours, names)].filter((v): v is ViewSpec => v !== undefined)];
  const side = (m: ReportModel, dir: string, label: string) => `${label}: ${dir} — ${m.header.title}; commit ${m.header.commit}${m.header.command ? `; \`${m.header.command}\`` : ''}`;
  return {
    kind: a.kind,
    header: {
      title: `Comparison: ${names.a} (A) → ${names.b} (B)`,
      workload: a.header.workload === b.header.workload ? a.header.workload : `${a.header.workload} (A), ${b.header.workload} (B)`,
      lines: [side(a, dirA, 'A'), side(b, dirB, 'B'), ...(a.kind !== b.kind ? [`**A is a ${a.kind} folder and B a ${b.kind} folder**: only the metrics both have are compared.`] : [])],
      strategies: [...new Set([...a.header.strategies, ...b.header.strategies])],
      seed: a.header.seed === b.header.seed ? a.header.seed : undefined,
      versions: Object.fromEntries(
        Object.keys({ ...a.header.versions, ...b.header.versions }).map((k) => [
          k,
          a.header.versions[k] === b.header.versions[k] ? (a.header.versions[k] ?? '?') : `${a.header.versions[k] ?? '?'} → ${b.header.versions[k] ?? '?'}`,
        ]),
      ),
      commit: a.header.commit === b.header.commit ? a.header.commit : `${a.header.commit} → ${b.header.commit}`,
      command: `backfill-bench report ${dirA} ${dirB}`,
    },
    table,
    tables: [],
    views,
    notes: [
      `B against A: **${count('better')} better**, **${count('worse')} worse**, ${count('changed')} changed (neutral metrics), ${cmp.unchanged} equal, over ${cmp.matched.length} matched row(s).`,
      ...cmp.textChanges.map((t) => `Changed configuration: \`${t}\`.`),
      ...(cmp.onlyA.length > 0 ? [`Only in A: ${cmp.onlyA.map((k) => `\`${k}\``).join(', ')}.`] : []),
      ...(cmp.onlyB.length > 0 ? [`Only in B: ${cmp.onlyB.map((k) => `\`${k}\``).join(', ')}.`] : []),
    ],
    colours,
  };
}
