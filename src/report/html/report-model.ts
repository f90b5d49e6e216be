// What a report page shows, read back from a results folder: the files our commands already write
// (bench: summary.json + run.json; sweep: sweep.json + cells/ + run.json; mrc: mrc.csv + run.json;
// load: summary.json + run.json; check: check.json). Built only from those files, so
// `backfill-bench report DIR` regenerates exactly the page the command wrote (the command calls the
// same function once its other files are written). One model per folder kind, in models/.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../core/errors.ts';
import type { Direction, MetricColumn } from '../../runner/metrics.ts';
import type { ColourScale } from './views/common.ts';
import { METRICS, BYTE_METRICS, WARMUP_METRICS, EVENT_METRICS, RATE_METRICS, SOURCE_METRICS } from '../../runner/metrics.ts';

export type ReportKind = 'bench' | 'sweep' | 'mrc' | 'load' | 'check';

export interface ReportHeader {
  readonly title: string;
  readonly workload: string;
  /** One-line descriptions of what ran (the workload line, the source, the client...). */
  readonly lines: readonly string[];
  readonly strategies: readonly string[];
  readonly seed: number | undefined;
  /** backfill-bench, node, vega, vega-lite, vega-embed... */
  readonly versions: Readonly<Record<string, string>>;
  readonly commit: string;
  /** The command line that reproduces the folder. */
  readonly command: string;
  readonly startedAt?: string | undefined;
}

export interface TableColumn {
  readonly id: string;
  readonly header: string;
  readonly unit: string;
  /** Which way is better: 'neutral' columns get no best mark. */
  readonly direction: Direction;
  readonly digits: number;
  readonly description: string;
  /** Text columns (strategy, parameters) are left-aligned and sorted as text. */
  readonly kind: 'number' | 'text';
  /** How an infinite value reads ("never"). */
  readonly infinite?: string | undefined;
  /** Shown only with "all columns" (the files have every column; the compact set is shown first). */
  readonly extra?: boolean;
  /** A text column saying better / worse: the cell is coloured by its word (the word stays, for colour-blind readers). */
  readonly tones?: boolean;
}

export interface TableGroup {
  readonly name: string;
  readonly columns: readonly TableColumn[];
}

/** A row: the strategy (its colour on the page) and one value per column, in group order. */
export interface TableRow {
  readonly colourKey: string;
  readonly values: readonly (number | string | null)[];
  /** Per-cell decimal places where a column holds different metrics (a comparison's rows). */
  readonly digits?: readonly (number | undefined)[];
}

export interface SummaryTable {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly groups: readonly TableGroup[];
  readonly rows: readonly TableRow[];
  /** Mark the best value per column (off where rows are not comparable: a check's cells span workloads). */
  readonly markBest: boolean;
  /** The columns that name a row, for matching rows of two folders (default: the first column). */
  readonly keyColumns?: readonly string[];
}

export type ViewMark = 'line' | 'point' | 'rect' | 'bar' | 'area' | 'rule';

/** One interactive chart: a vega-lite spec with its data inlined, and what the browser tests count. */
export interface ViewSpec {
  readonly name: string;
  readonly title: string;
  /** A sentence under the chart: what it shows, how to read it. */
  readonly caption: string;
  /** The mark whose SVG items are counted (see page.ts: line and area views carry one point per datum). */
  readonly mark: ViewMark;
  /** How many data points that mark draws. */
  readonly points: number;
  readonly spec: Readonly<Record<string, unknown>>;
  /** A panel under the chart showing the configuration of the clicked point (Pareto frontier). */
  readonly selectPanel?: boolean;
}

export interface Recommendation {
  /** The pick, and its rationale (Markdown-ish: `code` and **bold** are rendered). */
  readonly pick: string | undefined;
  readonly runnerUp: string | undefined;
  readonly text: string;
}

export interface Verdict {
  readonly subject: string;
  readonly check: string;
  readonly pass: boolean;
  readonly detail: string;
}

export interface ReportModel {
  readonly kind: ReportKind;
  readonly header: ReportHeader;
  readonly table: SummaryTable;
  /** Further tables (the load test's cross-checks, a check's changes...). */
  readonly tables: readonly SummaryTable[];
  readonly views: readonly ViewSpec[];
  readonly recommendation?: Recommendation | undefined;
  readonly verdicts?: readonly Verdict[] | undefined;
  /** Sentences shown above the table (a status, a verdict line). */
  readonly notes: readonly string[];
  /** The page's one colour per strategy (charts, table swatches, header). */
  readonly colours: ColourScale;
}

/** Which kind of results folder `dir` is, from the files it holds. */
export function folderKind(dir: string): ReportKind {
  const has = (f: string) => existsSync(join(dir, f));
  if (!existsSync(dir)) throw new ConfigError(`report: ${dir} does not exist; give a results folder (bench, sweep, mrc, load or check)`);
  if (has('sweep.json')) return 'sweep';
  if (has('check.json')) return 'check';
  if (has('mrc.csv')) return 'mrc';
  if (has('summary.json')) {
    const kind = (readJson(dir, 'summary.json') as { kind?: unknown }).kind;
    return kind === 'load' || kind === 'load-redis-evicts' ? 'load' : 'bench';
  }
  throw new ConfigError(`report: ${dir} is not a results folder (no summary.json, sweep.json, mrc.csv or check.json in it)`);
}

export function readJson(dir: string, file: string): unknown {
  const path = join(dir, file);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (e) {
    throw new ConfigError(`report: cannot read ${path}: ${(e as Error).message}`);
  }
}

export function readJsonIfPresent(dir: string, file: string): unknown {
  return existsSync(join(dir, file)) ? readJson(dir, file) : undefined;
}

/** The run record a command wrote (run.json); sweeps keep one entry per invocation: the last is the one shown. */
export interface RunRecord {
  readonly command?: string;
  readonly startedAt?: string;
  readonly gitCommit?: string;
  readonly node?: string;
  readonly packages?: Readonly<Record<string, string>>;
}

export function readRunRecord(dir: string): RunRecord {
  const raw = readJsonIfPresent(dir, 'run.json') as (RunRecord & { runs?: RunRecord[] }) | undefined;
  if (raw === undefined) return {};
  if (Array.isArray(raw.runs)) return raw.runs[raw.runs.length - 1] ?? {};
  return raw;
}

/** The versions shown in the header: ours, Node's, the chart packages' (the rest are in run.json). */
/** The header fields a results folder's run.json gives every page: versions, git commit, command line, start. */
export function headerFromRun(run: RunRecord): Pick<ReportHeader, 'versions' | 'commit' | 'command' | 'startedAt'> {
  return { versions: headerVersions(run), commit: run.gitCommit ?? 'unknown', command: run.command ?? '', startedAt: run.startedAt };
}

export function headerVersions(run: RunRecord): Record<string, string> {
  const p = run.packages ?? {};
  const out: Record<string, string> = {};
  if (p['backfill-bench']) out['backfill-bench'] = p['backfill-bench'];
  if (run.node) out.node = run.node;
  for (const k of ['vega', 'vega-lite', 'vega-embed']) if (p[k]) out[k] = p[k];
  return out;
}

/** Every metric column the table may show, grouped. Groups come from the column's own `group` when it declares one. */
const GROUP_OF_LIST: readonly (readonly [readonly MetricColumn[], string])[] = [
  [BYTE_METRICS, 'bytes'],
  [WARMUP_METRICS, 'warm-up'],
  [EVENT_METRICS, 'source load'],
  [RATE_METRICS, 'source load'],
  [SOURCE_METRICS, 'queue'],
];

/** The table group of a metric: its declared `group`, else by the list it belongs to and its id. */
export function metricGroup(m: MetricColumn): string {
  if (m.group !== undefined && m.group !== '') return m.group;
  for (const [list, name] of GROUP_OF_LIST) if (list.includes(m)) return name;
  if (METRICS.includes(m)) {
    if (m.unit === 'ms') return 'latency';
    if (m.unit === 'ratio' || m.id === 'requests' || m.id === 'hits' || m.id === 'misses') return 'hit ratio';
    return 'source load';
  }
  return m.unit === 'ms' ? 'latency' : 'other';
}

/** Group order on the page (any other group, e.g. one a later part declares, follows in first-seen order). */
const GROUP_ORDER = ['hit ratio', 'bytes', 'source load', 'latency', 'freshness', 'warm-up', 'queue'];

/** A metric as a table column. */
export function metricColumn(m: MetricColumn, extra: boolean): TableColumn {
  return { id: m.id, header: m.header, unit: m.unit, direction: m.direction, digits: m.digits, description: m.description, kind: 'number', infinite: m.infinite, extra };
}

/** Metric columns grouped: `shown` are visible by default, the others behind "all columns". */
export function groupMetricColumns(all: readonly MetricColumn[], shown: ReadonlySet<string>): TableGroup[] {
  const groups = new Map<string, TableColumn[]>();
  for (const m of all) {
    const g = metricGroup(m);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(metricColumn(m, !shown.has(m.id)));
  }
  const rank = (g: string) => (GROUP_ORDER.includes(g) ? GROUP_ORDER.indexOf(g) : GROUP_ORDER.length);
  return [...groups].sort((a, b) => rank(a[0]) - rank(b[0])).map(([name, columns]) => ({ name, columns }));
}

export const textColumn = (id: string, header: string, description: string): TableColumn => ({ id, header, unit: '', direction: 'neutral', digits: 0, description, kind: 'text' });

/** A metric's value for the table: NaN (not measured here) is null, a dash on the page. */
export function cellValue(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}
