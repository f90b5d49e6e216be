// The sweep report: sweep.md (recommendation, Pareto frontier, charts, every cell best first),
// sweep.csv (every cell, every metric, full precision, in grid order) and charts/*.svg. Built only
// from the manifest and the stored cells, so a merged set of shards gives byte-identical files to a
// single run, and any number of workers gives the same files.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { paramColumns } from '../report/csv.ts';
import { formatMetric, markdownTable } from '../report/markdown.ts';
import { paramsText, workloadLine } from '../report/report-data.ts';
import { FRESHNESS_METRICS, hasFreshness, hasSourceQueue, hasWarmup, metric, metricsFor } from '../runner/metrics.ts';
import { strategyFlag } from '../strategies/strategy-param-index.ts';
import { allStrategySpecs } from '../strategies/registry.ts';
import { SELECTION } from '../strategies/strategy-params.ts';
import { bestFirst, FRONTIER_OBJECTIVES, paretoFlags, recommend, relativeViolation, representatives, type Recommendation, type SweepRow } from './analysis.ts';
import type { CurveData } from './cell-task.ts';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { meetsAll, type Constraint } from './constraints.ts';
import { ChartColours } from '../report/chart-colours.ts';
import { chooseHeatmap, heatmapSpec, latencySpec, missRatioCurveSpec, renderCharts, sourceLoadSpec } from './charts.ts';
import type { LoadedSweep } from './sweep.ts';
import { CSV_CAST } from '../report/csv-number.ts';
import type { StrategyResult } from '../runner/result.ts';

export interface SweepReportOptions {
  readonly constraints: readonly Constraint[];
  readonly heatmap?: { readonly x?: string | undefined; readonly y?: string | undefined; readonly strategy?: string | undefined };
}

export interface SweepReport {
  readonly rows: readonly SweepRow[];
  readonly frontier: readonly boolean[];
  readonly recommendation: Recommendation;
  /** The recommendation section as plain Markdown (also printed by the CLI). */
  readonly recommendationText: string;
  /** Relative path -> content. */
  readonly files: Readonly<Record<string, string>>;
}

const TABLE_COLUMNS = ['hitRatio', 'sourceReads', 'sourceCalls', 'backfills', 'peakSourceKeysPerSec', 'latencyP50Ms', 'latencyP99Ms'];
/** A sweep of runs with events also shows the warm-up figures, after the hit ratio. */
const WARMUP_TABLE_COLUMNS = ['hitRatio', 'timeToWarmS', 'warmupDebt', 'peakSourceKeysPerSecAfter', 'sourceReads', 'sourceCalls', 'backfills', 'peakSourceKeysPerSec', 'latencyP99Ms'];
/** A sweep with a source that saturates shows the source's side: utilisation, waits, errors. */
const QUEUED_TABLE_COLUMNS = ['hitRatio', 'sourceCalls', 'backfills', 'sourceUtilisation', 'meanQueueWaitMs', 'sourceErrors', 'missLatencyP99Ms', 'latencyP99Ms'];
/** A sweep with freshness (writes, ttl, refresh) shows how stale the hits were and what refreshing read. */
const FRESHNESS_TABLE_COLUMNS = ['hitRatio', 'staleReadRatio', 'stalenessP99Ms', 'expiredMisses', 'refreshReads', 'sourceReads', 'peakSourceKeysPerSec', 'latencyP99Ms'];

/** The compact table's columns for these cells (sweep.md; report.html shows them first). */
export function sweepTableColumns(results: readonly StrategyResult[]): readonly string[] {
  return hasWarmup(results) ? WARMUP_TABLE_COLUMNS : hasSourceQueue(results) ? QUEUED_TABLE_COLUMNS : hasFreshness(results) ? FRESHNESS_TABLE_COLUMNS : TABLE_COLUMNS;
}

const fmt = (id: string, v: number) => formatMetric(metric(id), v);
const pct = (a: number, b: number) => `${a >= b ? '+' : ''}${(((a - b) / b) * 100).toFixed(1)} %`;
const cellName = (r: SweepRow) => `\`${r.strategy}\` ${paramsText(r.params)}`;

export function sweepRows(loaded: LoadedSweep, role: 'cell' | 'reference' = 'cell'): SweepRow[] {
  const rows: SweepRow[] = [];
  for (const c of loaded.manifest.cells) {
    if (c.role !== role) continue;
    const rec = loaded.records.get(c.key);
    if (rec?.kind === 'result') rows.push({ key: c.key, strategy: c.strategy, params: rec.params, method: rec.method, result: rec.result });
  }
  return rows;
}

export function curveOf(loaded: LoadedSweep): CurveData | undefined {
  const c = loaded.manifest.cells.find((x) => x.method === 'curve');
  const rec = c ? loaded.records.get(c.key) : undefined;
  return rec?.kind === 'curve' ? rec.curve : undefined;
}

/** Runs with events: the warm-up figures beside the others. */
function warmFacts(r: SweepRow): string {
  const w = r.result.warmup;
  if (w === undefined) return '';
  return `, time to warm ${w.timeToWarmS === null ? 'never' : `${fmt('timeToWarmS', w.timeToWarmS)} s`}, warm-up debt ${fmt('warmupDebt', w.warmupDebt)} hits, peak ${fmt('peakSourceKeysPerSecAfter', w.peakSourceKeysPerSecAfter)} keys/s after the event`;
}

/** Runs with freshness: how stale the hits were and what refreshing read. */
function freshFacts(r: SweepRow): string {
  const f = r.result.freshness;
  if (f === undefined) return '';
  return `, stale-read ratio ${fmt('staleReadRatio', f.staleReadRatio)} (staleness p99 ${fmt('stalenessP99Ms', f.stalenessMs.p99)} ms), ${fmt('expiredMisses', f.expiredMisses)} expired misses, ${fmt('refreshReads', f.refreshReads)} refresh reads`;
}

export function recommendationMarkdown(rec: Recommendation, rows: readonly SweepRow[], frontier: readonly boolean[]): string {
  const conds = rec.constraints.map((c) => `\`${c.text}\``).join(' and ');
  const lines: string[] = ['## Recommendation', ''];
  if (rec.defaulted) lines.push(`No \`--target\` or \`--budget\` was given, so the target is ${conds} (within one point of the best hit ratio a deployable configuration reached).`, '');
  else lines.push(`Constraints: ${conds}.`, '');
  const freshIds = [...new Set(rec.constraints.filter((c) => FRESHNESS_METRICS.includes(c.metric)).map((c) => c.metric.id))];
  if (freshIds.length > 0 && !rows.some((r) => r.result.freshness !== undefined))
    lines.push(
      `(No cell had writes, a finite ttl/tti or a refresh part: nothing could go stale, expire or be refreshed, so ${freshIds.join(', ')} ${freshIds.length === 1 ? 'is' : 'are'} 0 in every cell.)`,
      '',
    );
  const onFrontier = (r: SweepRow) => frontier[rows.indexOf(r)] === true;
  const facts = (r: SweepRow) =>
    `hit ratio ${fmt('hitRatio', r.result.hitRatio)}, ${fmt('sourceReads', r.result.sourceReads)} source reads (keys) in ${fmt('sourceCalls', r.result.sourceCalls)} calls, peak ${fmt('peakSourceKeysPerSec', r.result.peakSourceKeysPerSec)} keys/s on the source, p99 latency ${fmt('latencyP99Ms', r.result.latencyMs.p99)} ms${freshFacts(r)}${warmFacts(r)}`;
  const pick = rec.pick;
  const deployable = rows.length - rec.references.length;
  // Clairvoyant strategies (opt) are bounds: reported as references, never recommended.
  // A strategy that is clairvoyant only through a parameter (selection=clairvoyant) is named with it.
  const refs = [
    ...new Set(
      rec.references.map((r) =>
        allStrategySpecs().some((x) => x.name === r.strategy && x.traits.includes('clairvoyant')) ? r.strategy : `${r.strategy} ${SELECTION.name}=${String(r.params[SELECTION.name])}`,
      ),
    ),
  ];
  const bestRef = rec.references.length > 0 ? rec.references.reduce((a, b) => (b.result.hitRatio > a.result.hitRatio ? b : a)) : undefined;
  const refNote = bestRef
    ? ` ${refs.map((s) => `\`${s}\``).join(', ')} ${refs.length === 1 ? 'is' : 'are'} clairvoyant (${refs.length === 1 ? 'it needs' : 'they need'} every future request) and cannot be deployed: ${rec.references.length} such cell${rec.references.length === 1 ? ' is' : 's are'} shown as references only, the best at hit ratio ${fmt('hitRatio', bestRef.result.hitRatio)} (${cellName(bestRef)}).`
    : '';
  if (!pick) {
    const c = rec.closest;
    const worst = c ? rec.constraints.map((k) => ({ k, v: relativeViolation(c.result, k) })).reduce((a, b) => (b.v > a.v ? b : a)) : undefined;
    lines.push(
      `**No deployable configuration meets ${conds}** (of ${deployable}).` +
        (c && worst
          ? ` The closest (the smallest worst relative violation of any constraint) is ${cellName(c)}: ${facts(c)}; it misses \`${worst.k.text}\` ${Number.isFinite(worst.v) ? `by ${(worst.v * 100).toFixed(1)} %` : `(${worst.k.metric.id}: ${formatMetric(worst.k.metric, worst.k.metric.get(c.result))})`}. Widen the grid (${FRESHNESS_METRICS.includes(worst.k.metric) ? 'a shorter ttl, a refresh part, --write-mode invalidate or update' : 'a larger capacity, another threshold or batch'}) or relax the constraint.`
          : '') +
        refNote,
    );
    return lines.join('\n');
  }
  lines.push(`**${cellName(pick)}** — ${facts(pick)}.`, '');
  let why =
    `Of the ${deployable} deployable configurations swept, ${rec.meeting.length} meet ${conds}; this is the cheapest of them, where cheapest means ` +
    `the fewest keys read from the source over the run (the load the database pays), then the fewest source round trips, then the smallest capacity (memory), then the lowest p99. `;
  const bestHit = Math.max(...rows.filter((r) => !rec.references.includes(r)).map((r) => r.result.hitRatio));
  why +=
    pick.result.hitRatio >= bestHit
      ? 'It also has the best hit ratio of the deployable configurations. '
      : `The best deployable hit ratio in the sweep is ${fmt('hitRatio', bestHit)}; going beyond the constraint costs more source reads. `;
  if (pick.result.backfills > 0)
    why += `It backfills ${fmt('backfills', pick.result.backfills)} times (${fmt('backfilledKeys', pick.result.backfilledKeys)} keys, ${fmt('backfillWaste', pick.result.backfillWaste)} of them never used). `;
  else if ((pick.result.freshness?.refreshReads ?? 0) > 0)
    why += `It reads the source on misses and for ${fmt('refreshReads', pick.result.freshness!.refreshReads)} keys reloaded in the background (no backfill). `;
  else why += 'It reads the source only on misses (no backfill). ';
  why += onFrontier(pick)
    ? 'It is on the Pareto frontier: no other configuration is at least as good on hit ratio, source reads and p99 at once. '
    : 'It is not on the Pareto frontier (another configuration is at least as good on hit ratio, source reads and p99, but fails a constraint or costs more round trips or memory). ';
  const ru = rec.runnerUp;
  if (ru) {
    why +=
      `The runner-up is ${cellName(ru)}: ${facts(ru)}; it reads ${pct(ru.result.sourceReads, pick.result.sourceReads)} keys from the source` +
      (ru.result.sourceReads === pick.result.sourceReads ? ` (a tie broken by ${ru.result.sourceCalls !== pick.result.sourceCalls ? 'source calls' : 'capacity, p99 or hit ratio'})` : '') +
      '.';
  } else {
    why += 'No other configuration meets the constraints.';
  }
  lines.push(why + refNote);
  return lines.join('\n');
}

export async function buildSweepReport(loaded: LoadedSweep, opts: SweepReportOptions): Promise<SweepReport> {
  const m = loaded.manifest;
  const rows = sweepRows(loaded);
  const opt = sweepRows(loaded, 'reference');
  const curve = curveOf(loaded);
  const frontier = paretoFlags(rows);
  const rec = recommend(rows, opts.constraints);
  const reps = representatives(rows, m.strategies, rec.constraints);
  const storms = m.strategies.flatMap((s) => {
    const own = rows.filter((r) => r.strategy === s && r.result.backfills > 0);
    return own.length === 0 ? [] : [own.reduce((a, b) => (b.result.peakSourceKeysPerSec > a.result.peakSourceKeysPerSec ? b : a))];
  });
  const gridNames = m.grid.map((g) => g.name);
  const heat = chooseHeatmap(rows, m.grid, opts.heatmap);

  // One colour per strategy across every chart (the LRU curve is `none`'s, opt the reference's).
  const colours = new ChartColours([...m.strategies, 'none', 'opt']);
  const charts = await renderCharts({
    'charts/miss-ratio-curve.svg': missRatioCurveSpec({ workloadName: m.workload.name, rows, curve, opt }, colours),
    'charts/heatmap-hit-ratio.svg': heat ? heatmapSpec(rows, m.grid, heat, 'hitRatio') : undefined,
    'charts/heatmap-source-reads.svg': heat ? heatmapSpec(rows, m.grid, heat, 'sourceReads') : undefined,
    'charts/source-load.svg': sourceLoadSpec(reps, storms, gridNames, colours),
    'charts/latency-percentiles.svg': latencySpec(reps, gridNames, colours),
  });

  // --- Markdown ---
  const md: string[] = [];
  md.push(`# Sweep of ${m.workload.name}`, '');
  md.push(workloadLine({ workload: m.workload, seed: m.seed, latency: m.latency, results: [], source: m.source }), '');
  const perStrategy = m.strategies.map((s) => {
    const own = m.cells.filter((c) => c.role === 'cell' && c.strategy === s);
    const crossed = m.grid.filter((g) => own.some((c) => g.name in c.grid));
    const fixed = own[0] ? Object.entries(own[0].params).filter(([k]) => !crossed.some((g) => g.name === k)) : [];
    return (
      `- \`${s}\`: ${crossed.map((g) => `${strategyFlag(g.name)} (${g.values.length})`).join(' × ') || 'defaults only'} = ${own.length} cell${own.length === 1 ? '' : 's'}` +
      `${fixed.length ? `; fixed: ${fixed.map(([k, v]) => `${k}=${v === null ? 'null' : String(v)}`).join(' ')}` : ''}` +
      `${own.some((c) => c.method === 'mrc') ? ' (from the one-pass miss-ratio curve, identical to simulating each)' : ''}`
    );
  });
  md.push(`Grid: ${m.grid.map((g) => `\`${strategyFlag(g.name)}=${g.text}\``).join(', ') || '(none: strategy defaults)'}; ${rows.length} cells in all.`, '', ...perStrategy, '');
  if (loaded.missing.some((c) => c.role === 'cell'))
    md.push(`**Incomplete: ${loaded.missing.filter((c) => c.role === 'cell').length} cells have no result yet** (run the remaining shards, then \`sweep merge\`).`, '');

  const recText = recommendationMarkdown(rec, rows, frontier);
  md.push(recText, '');

  const paramHeader = gridNames.map(strategyFlag);
  const paramCells = (r: SweepRow) => gridNames.map((n) => (n in r.params ? (r.params[n] === null ? 'null' : String(r.params[n])) : '–'));
  const results = rows.map((r) => r.result);
  const columns = sweepTableColumns(results);
  const metricCells = (r: SweepRow) => columns.map((id) => fmt(id, metric(id).get(r.result)));
  const header = ['strategy', ...paramHeader, ...columns.map((id) => metric(id).header)];
  const align = [false, ...paramHeader.map(() => true), ...columns.map(() => true)];

  md.push(`## Pareto frontier (${FRONTIER_OBJECTIVES.map((o) => `${o.label} ${o.better === 'higher' ? '↑' : '↓'}`).join(', ')})`, '');
  const front = bestFirst(rows, frontier).filter((i) => frontier[i]);
  md.push(`${front.length} of ${rows.length} configurations are not dominated: none of the others is at least as good on all three and better on one. Highest hit ratio first.`, '');
  md.push(
    markdownTable(
      header,
      front.map((i) => [rows[i]!.strategy, ...paramCells(rows[i]!), ...metricCells(rows[i]!)]),
      align,
    ),
    '',
  );

  md.push('## Charts', '');
  const chartLines: [string, string, string][] = [
    [
      'charts/miss-ratio-curve.svg',
      'Miss-ratio curve',
      'hit ratio against capacity, per strategy the best over its other parameters; dashed: the one-pass LRU curve, `opt` when available, and an unbounded cache',
    ],
    ['charts/heatmap-hit-ratio.svg', 'Hit ratio heatmap', heat ? `\`${heat.strategy}\` over ${heat.x} and ${heat.y}` : ''],
    ['charts/heatmap-source-reads.svg', 'Source reads heatmap', heat ? `\`${heat.strategy}\` over ${heat.x} and ${heat.y}` : ''],
    [
      'charts/source-load.svg',
      'Source load over virtual time',
      'keys/s read from the source, per strategy: the configuration picked below, and (dashed) the one with the highest peak, its worst backfill storm',
    ],
    ['charts/latency-percentiles.svg', 'Latency percentiles', 'per strategy'],
  ];
  for (const [file, title, what] of chartLines) {
    if (charts[file]) md.push(`### ${title}`, '', `${what}.`, '', `![${title}](${file})`, '');
  }
  if (!heat) md.push('(No heatmap: no strategy has two parameters with more than one value in the grid.)', '');
  md.push(`Per-strategy charts use one configuration each, the cheapest meeting the constraints (else the best hit ratio): ${reps.map(cellName).join('; ')}.`, '');
  if (opt.length === 0 && loaded.manifest.cells.every((c) => c.strategy !== 'opt'))
    md.push(m.workload.writes !== undefined ? '(No `opt` reference line: it models no writes at the source.)' : '(No `opt` reference line: that strategy is not registered in this build.)', '');

  md.push('## All cells, best first', '');
  md.push('Pareto-frontier cells (★) first, then by hit ratio, source reads and p99; ✓ marks the cells meeting the constraints. `sweep.csv` has every metric at full precision, in grid order.', '');
  const order = bestFirst(rows, frontier);
  md.push(
    markdownTable(
      ['#', '★', '✓', ...header],
      order.map((i, n) => {
        const r = rows[i]!;
        return [String(n + 1), frontier[i] ? '★' : '', meetsAll(r.result, rec.constraints) ? '✓' : '', r.strategy, ...paramCells(r), ...metricCells(r)];
      }),
      [true, false, false, ...align],
    ),
    '',
  );

  // --- CSV ---
  const METRICS = metricsFor(rows.map((r) => r.result));
  const paramCols = [...paramColumns(), ...[...new Set(rows.flatMap((r) => Object.keys(r.params)))].filter((p) => !paramColumns().includes(p))];
  const csvRows = rows.map((r, i) => [
    r.key,
    r.strategy,
    r.method,
    ...paramCols.map((p) => (r.params[p] === undefined || r.params[p] === null ? '' : String(r.params[p]))),
    frontier[i] ? 'true' : 'false',
    meetsAll(r.result, rec.constraints) ? 'true' : 'false',
    ...METRICS.map((c) => {
      const v = c.get(r.result);
      return v === Infinity && c.infinite !== undefined ? c.infinite : v;
    }),
  ]);
  const csv = stringify([['cell', 'strategy', 'method', ...paramCols, 'onFrontier', 'meetsConstraints', ...METRICS.map((c) => c.id)], ...csvRows], { cast: CSV_CAST });

  return { rows, frontier, recommendation: rec, recommendationText: recText, files: { 'sweep.md': md.join('\n'), 'sweep.csv': csv, ...charts } };
}

export function writeSweepReport(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileAtomic(path, content);
  }
}
