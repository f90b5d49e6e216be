// The page of a check folder (check.json): the verdict first, what changed against the reference (by
// each metric's direction), every cell's metrics, and the CPU comparison when it was timed. Rows span
// workloads, so no column marks a "best" cell.
import { ALL_METRICS, TABLE_METRICS } from '../../../runner/metrics.ts';
import { readJson, groupMetricColumns, textColumn, type ReportModel, type SummaryTable, type TableRow, type Verdict, type ViewSpec } from '../report-model.ts';
import { colourEncoding, pageColours, WIDTH, type ColourScale } from '../views/common.ts';

interface CheckDoc {
  readonly verdict: 'pass' | 'fail' | 'updated';
  readonly mode: string;
  readonly suite: string;
  readonly seed: number;
  readonly command?: string;
  readonly reference: { readonly label: string; readonly detail: string };
  readonly current: { readonly commit: string; readonly machine: { readonly node: string; readonly platform: string; readonly cpu: string; readonly cores: number } };
  readonly behaviourChanged: boolean;
  readonly cpuRegressions: readonly string[];
  readonly cpuWarnings: readonly string[];
  readonly deterministic: {
    readonly changes: readonly { cell: string; metric: string; direction: string; before: number | null; after: number; change: 'better' | 'worse' | 'changed' }[];
    readonly added: readonly string[];
    readonly removed: readonly string[];
    readonly redefined: readonly string[];
    readonly cells: Readonly<Record<string, Readonly<Record<string, number>>>>;
  } | null;
  readonly cpu: { readonly cells: readonly { cell: string; currentNsPerRequest: number; comparison: { ratioLow: number; ratioHigh: number; p?: number } | null }[] } | null;
  readonly seconds: number;
}

/** A cell "workload/strategy-variant": its strategy label (the colour key). */
const strategyOf = (cell: string) => cell.slice(cell.indexOf('/') + 1);

function hitRatioView(cells: readonly [string, Readonly<Record<string, number>>][], colours: ColourScale): ViewSpec | undefined {
  const values = cells.filter(([, m]) => typeof m.hitRatio === 'number').map(([cell, m]) => ({ cell, strategy: strategyOf(cell), hitRatio: m.hitRatio, sourceReads: m.sourceReads ?? null }));
  if (values.length === 0) return undefined;
  return {
    name: 'hit-ratio-by-cell',
    title: 'Hit ratio of every cell',
    caption: "One bar per cell of the suite (workload/strategy), in the strategy's colour; hover a bar for its figures.",
    mark: 'bar',
    points: values.length,
    spec: {
      width: WIDTH - 120,
      // One 18-pixel band per cell: every cell's label fits (none is dropped as overlapping).
      height: { step: 18 },
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'cell', type: 'nominal', sort: null, title: null, axis: { labelLimit: 260, labelOverlap: true } },
        x: { field: 'hitRatio', type: 'quantitative', scale: { domain: [0, 1] }, title: 'hit ratio', axis: { format: '.0%' } },
        color: colourEncoding(
          colours,
          values.map((v) => v.strategy),
        ),
        tooltip: [{ field: 'cell' }, { field: 'hitRatio', title: 'hit ratio', format: '.4f' }, { field: 'sourceReads', title: 'source reads', format: ',' }],
      },
    },
  };
}

export function checkModel(dir: string): ReportModel {
  const doc = readJson(dir, 'check.json') as CheckDoc;
  const d = doc.deterministic;
  const cells = Object.entries(d?.cells ?? {});
  const colours = pageColours(cells.map(([c]) => strategyOf(c)));
  const present = ALL_METRICS.filter((m) => cells.some(([, v]) => typeof v[m.id] === 'number'));
  const groups = [{ name: 'cell', columns: [textColumn('cell', 'cell', 'workload/strategy of the pinned suite')] }, ...groupMetricColumns(present, new Set(TABLE_METRICS))];
  const rows: TableRow[] = cells.map(([cell, v]) => ({ colourKey: strategyOf(cell), values: [cell, ...present.map((m) => (typeof v[m.id] === 'number' ? v[m.id]! : null))] }));
  const changes = d?.changes ?? [];
  const changeTable: SummaryTable = {
    id: 'changes',
    title: `What changed against ${doc.reference.label}`,
    caption: changes.length === 0 ? 'No metric changed.' : "Each metric that differs from the reference: before, after, the difference, and whether that is better or worse by the metric's direction.",
    groups: [
      { name: 'cell', columns: [textColumn('cell', 'cell', 'workload/strategy'), textColumn('metric', 'metric', 'the metric (METRICS id)')] },
      {
        name: 'change',
        columns: [
          { id: 'before', header: 'before', unit: '', direction: 'neutral', digits: 4, description: 'the reference value', kind: 'number' },
          { id: 'after', header: 'after', unit: '', direction: 'neutral', digits: 4, description: 'this run', kind: 'number' },
          { id: 'delta', header: 'change', unit: '', direction: 'neutral', digits: 4, description: 'after - before', kind: 'number' },
          { id: 'percent', header: 'change %', unit: '%', direction: 'neutral', digits: 2, description: '(after - before) / before', kind: 'number' },
          { ...textColumn('verdict', 'better or worse', "by the metric's direction (neutral metrics: changed)"), tones: true },
        ],
      },
    ],
    rows: changes.map((c) => ({
      colourKey: strategyOf(c.cell),
      values: [c.cell, c.metric, c.before, c.after, c.before === null ? null : c.after - c.before, c.before === null || c.before === 0 ? null : ((c.after - c.before) / c.before) * 100, c.change],
    })),
    markBest: false,
  };
  const verdicts: Verdict[] = [
    {
      subject: 'behaviour',
      check: `${cells.length} cells compared exactly with ${doc.reference.label}`,
      pass: !doc.behaviourChanged,
      detail: d
        ? `${changes.length} metric change(s)${d.added.length ? `, ${d.added.length} new cell(s)` : ''}${d.removed.length ? `, ${d.removed.length} removed` : ''}${d.redefined.length ? `, ${d.redefined.length} redefined` : ''}`
        : 'not compared (--cpu-only)',
    },
    ...(doc.cpu
      ? [
          {
            subject: 'CPU cost',
            check: `${doc.cpu.cells.length} cells timed`,
            pass: doc.cpuRegressions.length === 0,
            detail: doc.cpuRegressions.length ? `regressed: ${doc.cpuRegressions.join(', ')}` : doc.cpuWarnings.length ? `slower, within noise: ${doc.cpuWarnings.join(', ')}` : '',
          },
        ]
      : []),
  ];
  const tables: SummaryTable[] = [changeTable];
  if (doc.cpu)
    tables.push({
      id: 'cpu',
      title: 'CPU cost',
      caption: 'Nanoseconds per request of each timed cell, and the ratio to the reference (confidence interval) when it was timed too.',
      groups: [
        { name: 'cell', columns: [textColumn('cell', 'cell', 'workload/strategy')] },
        {
          name: 'CPU',
          columns: [
            { id: 'ns', header: 'ns/req', unit: 'ns', direction: 'lower', digits: 1, description: 'CPU time per request (median of the samples)', kind: 'number' },
            { id: 'low', header: 'ratio low', unit: 'ratio', direction: 'neutral', digits: 3, description: 'this run / the reference, lower end of the interval', kind: 'number' },
            { id: 'high', header: 'ratio high', unit: 'ratio', direction: 'neutral', digits: 3, description: 'this run / the reference, upper end', kind: 'number' },
          ],
        },
      ],
      rows: doc.cpu.cells.map((c) => ({ colourKey: strategyOf(c.cell), values: [c.cell, c.currentNsPerRequest, c.comparison?.ratioLow ?? null, c.comparison?.ratioHigh ?? null] })),
      markBest: false,
    });
  const view = hitRatioView(cells, colours);
  const m = doc.current.machine;
  return {
    kind: 'check',
    header: {
      title: `Regression check: ${doc.verdict === 'pass' ? 'passed' : doc.verdict === 'fail' ? 'FAILED' : 'baseline updated'}`,
      workload: `the pinned suite ${doc.suite}`,
      lines: [`Mode ${doc.mode}; reference ${doc.reference.label} (${doc.reference.detail}); ${m.cpu}, ${m.cores} cores, ${m.platform}; ${doc.seconds.toFixed(1)} s.`],
      strategies: [...new Set(cells.map(([c]) => strategyOf(c)))],
      seed: doc.seed,
      versions: { node: m.node },
      commit: doc.current.commit,
      command: doc.command ?? '',
    },
    table: { id: 'summary', title: 'All cells', caption: 'Every cell of the suite as this run measured it. Click a column header to sort.', groups, rows, markBest: false },
    tables,
    views: view ? [view] : [],
    verdicts,
    notes: [],
    colours,
  };
}
