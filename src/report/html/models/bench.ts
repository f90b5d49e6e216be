// The page of a bench folder: summary.json (every result, its series), summary.md (the workload line),
// run.json (command, commit, versions).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CPU_METRICS } from '../../../cpu/cpu-metrics.ts';
import type { CpuCost } from '../../../cpu/cpu-cost.ts';
import { parseEvent } from '../../../events/parse-event.ts';
import { metricsFor, tableMetricsFor } from '../../../runner/metrics.ts';
import type { StrategyResult } from '../../../runner/result.ts';
import { paramsText } from '../../report-data.ts';
import { cellValue, groupMetricColumns, headerFromRun, readJson, readRunRecord, textColumn, type ReportModel, type TableGroup, type TableRow } from '../report-model.ts';
import { pageColours } from '../views/common.ts';
import { latencyView } from '../views/latency.ts';
import { timeSeriesViews, type EventMark } from '../views/time-series.ts';

interface BenchDoc {
  readonly workload: { readonly name: string };
  readonly seed: number;
  readonly events?: readonly string[];
  readonly results: readonly (StrategyResult & { readonly cpu?: CpuCost })[];
}

/** The first paragraph of a Markdown file (the workload line the command printed), or undefined. */
export function firstParagraph(dir: string, file: string): string | undefined {
  const path = join(dir, file);
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  const para = text.split(/\n\s*\n/)[0]?.trim();
  return para && !para.startsWith('|') ? para : undefined;
}

/** The run's events as chart rules (an outage's end too), read back from their canonical text. */
export function eventMarks(texts: readonly string[] | undefined): EventMark[] {
  return (texts ?? []).flatMap((t) => {
    const e = parseEvent(t, 'summary.json events');
    return [{ atMs: e.at, label: t }, ...(e.kind === 'outage' ? [{ atMs: e.at + e.durationMs, label: `${t} ends` }] : [])];
  });
}

/** The configuration columns every per-strategy table starts with. */
export const STRATEGY_GROUP: TableGroup = {
  name: 'configuration',
  columns: [textColumn('strategy', 'strategy', 'the strategy (its colour in every chart)'), textColumn('params', 'params', 'parameters that differ from the defaults')],
};

export function benchModel(dir: string): ReportModel {
  const doc = readJson(dir, 'summary.json') as BenchDoc;
  const run = readRunRecord(dir);
  const results = doc.results;
  const shown = new Set(tableMetricsFor(results));
  const groups: TableGroup[] = [STRATEGY_GROUP, ...groupMetricColumns(metricsFor(results), shown)];
  const cpu = results.every((r) => r.cpu !== undefined) && results.length > 0;
  if (cpu) {
    groups.push({
      name: 'CPU cost',
      columns: CPU_METRICS.map((m) => ({ id: m.id, header: m.header, unit: m.unit, direction: m.direction, digits: m.digits, description: m.description, kind: 'number' as const, extra: false })),
    });
  }
  const metricCols = metricsFor(results);
  const rows: TableRow[] = results.map((r) => ({
    colourKey: r.strategy,
    values: [r.strategy, paramsText(r.params), ...metricCols.map((m) => cellValue(m.get(r))), ...(cpu ? CPU_METRICS.map((m) => cellValue(m.get(r.cpu!))) : [])],
  }));
  const names = results.map((r) => r.strategy);
  const colours = pageColours(names);
  const series = results.flatMap((r) =>
    r.series === undefined
      ? []
      : [
          {
            strategy: r.strategy,
            windowMs: r.series.windowMs,
            requests: r.series.requests,
            hits: r.series.hits,
            sourceKeys: r.series.sourceKeys,
            p50Ms: r.series.p50Ms,
            p99Ms: r.series.p99Ms,
            twinHits: r.warmup?.twinHits,
            staleReads: r.series.staleReads,
            expiredMisses: r.series.expiredMisses,
            refreshReads: r.series.refreshReads,
          },
        ],
  );
  const latency = latencyView(
    results.map((r) => ({ strategy: r.strategy, latencyMs: r.latencyMs })),
    colours,
  );
  const workloadLine = firstParagraph(dir, 'summary.md');
  return {
    kind: 'bench',
    header: {
      title: `Bench: workload ${doc.workload.name}`,
      workload: doc.workload.name,
      lines: workloadLine ? [workloadLine] : [],
      strategies: names,
      seed: doc.seed,
      ...headerFromRun(run),
    },
    table: {
      id: 'summary',
      title: 'Summary',
      caption: 'One row per strategy. Click a column header to sort; ★ marks the best value of a column (by its direction: ↑ higher is better, ↓ lower).',
      groups,
      rows,
      markBest: true,
    },
    tables: [],
    views: [...timeSeriesViews(series, eventMarks(doc.events), colours), ...(latency ? [latency] : [])],
    notes: [],
    colours,
  };
}
