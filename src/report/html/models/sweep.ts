// The page of a sweep folder: the manifest and stored cells (as sweep.md is built), the options the
// report was made with (report-options.json: --target, --budget, --heatmap), run.json's last entry.
// The recommendation and its rationale are sweep.md's own text, at the top of the page.
import { paramsText, workloadLine } from '../../report-data.ts';
import { metricsFor } from '../../../runner/metrics.ts';
import { strategyFlag } from '../../../strategies/strategy-param-index.ts';
import { bestFirst, paretoFlags, recommend, representatives, type SweepRow } from '../../../sweep/analysis.ts';
import { chooseHeatmap, configLabel } from '../../../sweep/charts.ts';
import { meetsAll } from '../../../sweep/constraints.ts';
import { curveOf, recommendationMarkdown, sweepRows, sweepTableColumns } from '../../../sweep/report.ts';
import { readReportOptions } from '../../../sweep/report-options.ts';
import { loadSweep } from '../../../sweep/sweep.ts';
import { CAPACITY_UNBOUNDED } from '../../../strategies/strategy-params.ts';
import { cellValue, groupMetricColumns, headerFromRun, readRunRecord, textColumn, type ReportModel, type TableColumn, type TableGroup, type TableRow, type ViewSpec } from '../report-model.ts';
import { pageColours } from '../views/common.ts';
import { heatmapView } from '../views/heatmap.ts';
import { latencyView } from '../views/latency.ts';
import { mrcView, type CurveSeries } from '../views/mrc-curve.ts';
import { paretoView } from '../views/pareto.ts';
import { loadSeriesView } from '../views/load-series.ts';

/** A configuration in one line: its strategy and the parameters that differ from the defaults. */
export const cellLabel = (r: Pick<SweepRow, 'strategy' | 'params'>): string => `${r.strategy} ${paramsText(r.params)}`.trim();

const shown = (v: unknown): string | number | boolean | null =>
  v === undefined ? null : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? v : v === null ? null : JSON.stringify(v);

export function sweepModel(dir: string): ReportModel {
  const loaded = loadSweep(dir);
  const m = loaded.manifest;
  const run = readRunRecord(dir);
  const opts = readReportOptions(dir);
  const rows = sweepRows(loaded);
  const opt = sweepRows(loaded, 'reference');
  const curve = curveOf(loaded);
  const frontier = paretoFlags(rows);
  const rec = recommend(rows, opts.constraints);
  const reps = representatives(rows, m.strategies, rec.constraints);
  const gridNames = m.grid.map((g) => g.name);
  const results = rows.map((r) => r.result);
  const colours = pageColours([...m.strategies, ...(curve ? ['none'] : []), ...(opt.length > 0 ? ['opt'] : [])]);

  // --- the table: every cell, best first (frontier first, then hit ratio...) ---
  const varied = m.grid.filter((g) => rows.some((r) => g.name in r.params));
  const paramCols: TableColumn[] = varied.map((g) => {
    const numeric = rows.every((r) => !(g.name in r.params) || typeof r.params[g.name] === 'number');
    return numeric
      ? { id: `param:${g.name}`, header: strategyFlag(g.name), unit: '', direction: 'neutral', digits: 0, description: `grid parameter --${strategyFlag(g.name)}`, kind: 'number' }
      : textColumn(`param:${g.name}`, strategyFlag(g.name), `grid parameter --${strategyFlag(g.name)}`);
  });
  const config: TableGroup = {
    name: 'configuration',
    columns: [
      textColumn('strategy', 'strategy', 'the strategy (its colour in every chart)'),
      ...paramCols,
      textColumn('frontier', 'frontier', '★: on the Pareto frontier (hit ratio, source reads, p99)'),
      textColumn('meets', 'meets', '✓: meets every constraint of the recommendation'),
    ],
  };
  const metrics = metricsFor(results);
  const groups = [config, ...groupMetricColumns(metrics, new Set(sweepTableColumns(results)))];
  const order = bestFirst(rows, frontier);
  const tableRows: TableRow[] = order.map((i) => {
    const r = rows[i]!;
    return {
      colourKey: r.strategy,
      values: [
        r.strategy,
        ...varied.map((g) => {
          const v = r.params[g.name];
          return v === undefined ? null : typeof v === 'number' ? v : v === null ? 'null' : String(v);
        }),
        frontier[i] ? '★' : '',
        meetsAll(r.result, rec.constraints) ? '✓' : '',
        ...metrics.map((c) => cellValue(c.get(r.result))),
      ],
    };
  });

  // --- views ---
  const views: ViewSpec[] = [];
  const pareto = paretoView(
    rows.map((r, i) => ({
      strategy: r.strategy,
      label: cellLabel(r),
      config: {
        strategy: r.strategy,
        ...Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, shown(v)])),
        method: r.method,
        hitRatio: r.result.hitRatio,
        sourceReads: r.result.sourceReads,
        sourceCalls: r.result.sourceCalls,
        p99Ms: r.result.latencyMs.p99,
        onFrontier: frontier[i] === true,
        meetsConstraints: meetsAll(r.result, rec.constraints),
      },
      hitRatio: r.result.hitRatio,
      sourceReads: r.result.sourceReads,
      p99Ms: r.result.latencyMs.p99,
      frontier: frontier[i] === true,
      role: r === rec.pick ? 'pick' : r === rec.runnerUp ? 'runner-up' : '',
    })),
    colours,
  );
  if (pareto) views.push(pareto);
  const heat = chooseHeatmap(rows, m.grid, opts.heatmap);
  if (heat) views.push(heatmapView(rows, m.grid, heat, 'hitRatio'), heatmapView(rows, m.grid, heat, 'sourceReads'));
  const curves: CurveSeries[] = [];
  for (const s of m.strategies) {
    const own = rows.filter((r) => r.strategy === s && typeof r.params.capacity === 'number');
    const best = new Map<number, number>();
    for (const r of own) best.set(r.params.capacity as number, Math.max(best.get(r.params.capacity as number) ?? -1, r.result.hitRatio));
    const others = [...new Set(own.flatMap((r) => Object.keys(r.params)))].filter((k) => k !== CAPACITY_UNBOUNDED.name && new Set(own.map((r) => String(r.params[k]))).size > 1);
    if (best.size > 0)
      curves.push({
        strategy: s,
        label: others.length > 0 ? `${s} (best over ${others.map(strategyFlag).join(', ')})` : s,
        kind: 'cells',
        points: [...best].sort((a, b) => a[0] - b[0]).map(([capacity, hitRatio]) => ({ capacity, hitRatio })),
      });
  }
  if (curve) curves.push({ strategy: 'none', label: 'LRU demand fill (one-pass curve)', kind: 'curve', points: curve.points });
  if (opt.length > 0)
    curves.push({
      strategy: 'opt',
      label: 'opt (Belady, reference)',
      kind: 'reference',
      points: opt
        .filter((r) => typeof r.params.capacity === 'number')
        .map((r) => ({ capacity: r.params.capacity as number, hitRatio: r.result.hitRatio }))
        .sort((a, b) => a.capacity - b.capacity),
    });
  const mrc = mrcView(
    curves,
    curve?.unboundedHitRatio,
    colours,
    'Per strategy the best hit ratio over its other parameters at each capacity swept; dashed: the one-pass LRU curve (every capacity); dotted: opt (clairvoyant, a bound) and the unbounded cache.',
  );
  if (mrc) views.push(mrc);
  const load = loadSeriesView(
    reps.map((r) => ({ strategy: r.strategy, label: configLabel(r, gridNames), series: r.result.loadSeries })),
    colours,
  );
  if (load) views.push(load);
  const latency = latencyView(
    reps.map((r) => ({ strategy: r.strategy, latencyMs: r.result.latencyMs })),
    colours,
    { caption: `Request latency percentiles of one configuration per strategy (the cheapest meeting the constraints, else the best hit ratio): ${reps.map(cellLabel).join('; ')}.` },
  );
  if (latency) views.push(latency);

  const missing = loaded.missing.filter((c) => c.role === 'cell').length;
  return {
    kind: 'sweep',
    header: {
      title: `Sweep of ${m.workload.name}`,
      workload: m.workload.name,
      lines: [
        workloadLine({ workload: m.workload, seed: m.seed, latency: m.latency, results: [], source: m.source }),
        `Grid: ${m.grid.map((g) => `\`${strategyFlag(g.name)}=${g.text}\``).join(', ') || '(none: strategy defaults)'}; ${rows.length} cells in all.`,
      ],
      strategies: m.strategies,
      seed: m.seed,
      ...headerFromRun(run),
    },
    recommendation: {
      pick: rec.pick ? cellLabel(rec.pick) : undefined,
      runnerUp: rec.runnerUp ? cellLabel(rec.runnerUp) : undefined,
      text: recommendationMarkdown(rec, rows, frontier),
    },
    table: {
      id: 'summary',
      title: 'All cells, best first',
      caption: 'Pareto-frontier cells (★) first, then by hit ratio, source reads and p99; ✓: meets the constraints. Click a column header to sort; a green cell is the best value of its column.',
      groups,
      rows: tableRows,
      markBest: true,
      keyColumns: ['strategy', ...paramCols.map((c) => c.id)],
    },
    tables: [],
    views,
    notes: missing > 0 ? [`**Incomplete: ${missing} cells have no result yet** (run the remaining shards, then \`sweep merge\`).`] : [],
    colours,
  };
}
