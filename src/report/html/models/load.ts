// The page of a load folder (summary.json kind "load"): the live run beside the simulator's replay of
// the same requests (the side-by-side table's columns, load-report.ts LOAD_COLUMNS), the cross-check
// verdicts (client-side counts against the servers' own, decisions against the simulator's), and the
// charts of both: hit ratio, source load and latency, live solid, simulated dashed.
import { METRICS } from '../../../runner/metrics.ts';
import { LOAD_COLUMNS } from '../../../load/load-report.ts';
import type { LiveAndSimulated } from '../../../load/live-run.ts';
import { paramsText } from '../../report-data.ts';
import { headerFromRun, readJson, readRunRecord, textColumn, type ReportModel, type TableColumn, type TableRow, type Verdict, type ViewSpec } from '../report-model.ts';
import { colourEncoding, HEIGHT, pageColours, SI_LABEL, WIDTH, type ColourScale } from '../views/common.ts';
import { latencyView } from '../views/latency.ts';
import { firstParagraph } from './bench.ts';

type LoadResult = LiveAndSimulated & { readonly strategy: string; readonly params: Readonly<Record<string, unknown>> };

interface LoadDoc {
  readonly workload: { readonly name: string };
  readonly seed: number;
  readonly status: 'complete' | 'partial' | 'checks-failed';
  readonly cache: { readonly kind: string; readonly label: string };
  readonly source: { readonly kind: string; readonly label: string };
  readonly skipped: readonly string[];
  readonly failed: readonly { readonly strategy: string; readonly reason: string }[];
  readonly results: readonly LoadResult[];
}

const SIDES = ['live', 'simulator'] as const;

/** The cross-checks of one strategy, each pass or fail (the run fails when one does: load-run's crossChecks). */
export function loadVerdicts(x: LoadResult, standIn: { cache: boolean; source: boolean }): Verdict[] {
  const l = x.live;
  const fmt = (n: number | undefined) => (n === undefined ? '—' : n.toLocaleString('en-US'));
  const out: Verdict[] = [
    { subject: x.strategy, check: 'decisions = simulator', pass: x.decisionsMatchSimulator, detail: `${fmt(l.decidedHits)} hits decided live, simulator ${fmt(x.simulator.hits)}` },
    { subject: x.strategy, check: "values read = the source's", pass: l.wrongValues === 0, detail: `${fmt(l.wrongValues)} wrong` },
  ];
  const srcServer = l.server.source?.rowsFetched;
  if (srcServer !== undefined)
    out.push({ subject: x.strategy, check: `source rows: client = ${standIn.source ? 'stand-in' : 'server'}`, pass: srcServer === l.sourceRows, detail: `${fmt(l.sourceRows)} / ${fmt(srcServer)}` });
  const cmdServer = l.server.cacheCommandsTotal;
  if (cmdServer !== undefined)
    out.push({
      subject: x.strategy,
      check: `cache commands: client = ${standIn.cache ? 'stand-in' : 'server'}`,
      pass: cmdServer === l.cacheCommandsTotal,
      detail: `${fmt(l.cacheCommandsTotal)} / ${fmt(cmdServer)}`,
    });
  if (l.cacheKeysAtEnd !== undefined)
    out.push({
      subject: x.strategy,
      check: "cache keys at the end = the strategy's",
      pass: l.cacheKeysAtEnd === l.strategyStats.finalSize,
      detail: `${fmt(l.cacheKeysAtEnd)} / ${fmt(l.strategyStats.finalSize)}`,
    });
  // Any failure this page does not model on its own (a pool check) is still listed, as the run wrote it.
  for (const f of l.failedChecks) if (!out.some((v) => !v.pass && f.startsWith(v.check.split(':')[0]!))) out.push({ subject: x.strategy, check: f, pass: false, detail: '' });
  out.push({ subject: x.strategy, check: 'run complete', pass: l.status === 'complete', detail: l.status === 'complete' ? '' : l.partialReasons.join(', ') });
  return out;
}

function sideBars(
  name: string,
  title: string,
  field: string,
  axisTitle: string,
  format: string,
  rows: readonly { strategy: string; side: string; value: number | undefined }[],
  colours: ColourScale,
  caption: string,
): ViewSpec | undefined {
  const values = rows.filter((r) => r.value !== undefined && Number.isFinite(r.value)).map((r) => ({ strategy: r.strategy, side: r.side, [field]: r.value }));
  if (values.length === 0) return undefined;
  return {
    name,
    title,
    caption,
    mark: 'bar',
    points: values.length,
    spec: {
      width: WIDTH,
      height: HEIGHT - 60,
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'strategy', type: 'nominal', title: null, sort: [...new Set(rows.map((r) => r.strategy))], axis: { labelAngle: 0, labelOverlap: true } },
        xOffset: { field: 'side', type: 'nominal', sort: [...SIDES] },
        y: { field, type: 'quantitative', title: axisTitle, axis: format === '.0%' ? { format, labelOverlap: true } : { labelExpr: SI_LABEL, labelOverlap: true } },
        color: colourEncoding(
          colours,
          rows.map((r) => r.strategy),
        ),
        // Simulated bars are lighter (the legend says which is which).
        opacity: { field: 'side', type: 'ordinal', sort: [...SIDES], scale: { domain: [...SIDES], range: [1, 0.45] }, legend: { orient: 'bottom', title: null } },
        tooltip: [{ field: 'strategy' }, { field: 'side', title: 'run' }, { field, title: axisTitle, format: format === '.0%' ? '.4f' : ',.3~f' }],
      },
    },
  };
}

export function loadModel(dir: string): ReportModel {
  const doc = readJson(dir, 'summary.json') as LoadDoc;
  const run = readRunRecord(dir);
  const names = doc.results.map((x) => x.strategy);
  const colours = pageColours(names);
  const standIn = { cache: doc.cache.kind === 'stand-in', source: doc.source.kind === 'stand-in' };
  const liveLabel = `live (${standIn.cache ? 'stand-in' : 'Redis'} + ${standIn.source ? 'stand-in' : 'PostgreSQL'})`;
  // Columns declared once in load-report.ts; their direction is the METRICS column's of the same id.
  const columns: TableColumn[] = LOAD_COLUMNS.map((c) => ({
    id: c.id,
    header: c.header,
    unit: '',
    direction: METRICS.find((m) => m.id === c.id)?.direction ?? (c.id === 'errors' || c.id === 'timeouts' ? 'lower' : 'neutral'),
    digits: c.digits,
    description: c.description,
    kind: 'number',
  }));
  const rows: TableRow[] = doc.results.flatMap((x) =>
    (['live', 'sim'] as const).map((side) => ({
      colourKey: x.strategy,
      values: [x.strategy, side === 'live' ? liveLabel : 'simulator', paramsText(x.params), ...LOAD_COLUMNS.map((c) => c.get(x, side) ?? null)],
    })),
  );
  const verdicts = doc.results.flatMap((x) => loadVerdicts(x, standIn));
  const perSide = (get: (x: LoadResult, side: 'live' | 'sim') => number | undefined) =>
    doc.results.flatMap((x) => (['live', 'sim'] as const).map((s) => ({ strategy: x.strategy, side: s === 'live' ? 'live' : 'simulator', value: get(x, s) })));
  const col = (id: string) => LOAD_COLUMNS.find((c) => c.id === id)!;
  const views: ViewSpec[] = [];
  const hit = sideBars(
    'hit-ratio',
    'Hit ratio: live and simulated',
    'hitRatio',
    'hit ratio',
    '.0%',
    perSide(col('hitRatio').get),
    colours,
    'Per strategy, the live run (solid) beside the simulator on the same requests (light).',
  );
  if (hit) views.push(hit);
  const src = sideBars(
    'source-load',
    'Source load: live and simulated',
    'rowsPerSec',
    'source rows / s',
    ',~g',
    perSide(col('sourceRowsPerSec').get),
    colours,
    'Rows read from the source per second, live (solid) and simulated (light).',
  );
  if (src) views.push(src);
  const lat = latencyView(
    doc.results.flatMap((x) => [
      { strategy: x.strategy, side: 'live', latencyMs: x.live.latencyMs },
      { strategy: x.strategy, side: 'simulator', latencyMs: x.simulator.latencyMs },
    ]),
    colours,
    { caption: "Request latency percentiles: live (solid, measured from each request's intended send time) and simulated (dashed, modeled).", dashBy: { title: 'run', domain: ['live', 'simulator'] } },
  );
  if (lat) views.push(lat);
  const failedVerdicts = verdicts.filter((v) => !v.pass).length;
  const notes = [
    doc.status === 'complete'
      ? 'All runs complete; every cross-check passed.'
      : doc.status === 'partial'
        ? '**PARTIAL RESULTS**: see the verdicts below.'
        : `**CROSS-CHECK FAILED** (${failedVerdicts}).`,
    ...doc.failed.map((f) => `${f.strategy}: not run to the end: ${f.reason}`),
    ...doc.skipped.map((s) => `${s}: not run`),
  ];
  const paragraph = firstParagraph(dir, 'summary.md');
  return {
    kind: 'load',
    header: {
      title: `Load test: workload ${doc.workload.name}`,
      workload: doc.workload.name,
      lines: paragraph ? paragraph.split('\n') : [],
      strategies: names,
      seed: doc.seed,
      ...headerFromRun(run),
    },
    table: {
      id: 'summary',
      title: 'Live beside simulated',
      caption: 'Two rows per strategy: what the live run measured, and what the simulator gives for the same requests (— where it models nothing). Click a column header to sort.',
      groups: [
        {
          name: 'configuration',
          columns: [textColumn('strategy', 'strategy', 'the strategy'), textColumn('run', 'run', 'live or simulator'), textColumn('params', 'params', 'parameters that differ from the defaults')],
        },
        { name: 'measured', columns },
      ],
      rows,
      markBest: false,
      keyColumns: ['strategy', 'run'],
    },
    tables: [],
    views,
    verdicts,
    notes,
    colours,
  };
}
