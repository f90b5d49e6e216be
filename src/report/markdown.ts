// GitHub-friendly Markdown: the workload in one line, then one row per strategy.
import { CPU_METRICS } from '../cpu/cpu-metrics.ts';
import type { CpuReport } from '../cpu/cpu-cost.ts';
import { metric, tableMetricsFor, type MetricColumn } from '../runner/metrics.ts';
import { paramsText, workloadLine, type BenchReport } from './report-data.ts';

export function formatMetric(m: Pick<MetricColumn, 'digits' | 'infinite'>, v: number): string {
  if (v === Infinity && m.infinite !== undefined) return m.infinite;
  if (!Number.isFinite(v)) return String(v);
  return v.toLocaleString('en-US', { minimumFractionDigits: m.digits, maximumFractionDigits: m.digits });
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], rightAlign: readonly boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, 3, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => (rightAlign[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (rightAlign[i] ? `${'-'.repeat(w + 1)}:` : `:${'-'.repeat(w + 1)}`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function renderMarkdown(r: BenchReport, columns: readonly string[] = tableMetricsFor(r.results)): string {
  const metrics = columns.map(metric);
  const header = ['strategy', 'params', ...metrics.map((m) => m.header)];
  const rows = r.results.map((res) => [res.strategy, escapeCell(paramsText(res.params)), ...metrics.map((m) => formatMetric(m, m.get(res)))]);
  const table = markdownTable(header, rows, [false, false, ...metrics.map(() => true)]);
  return `${workloadLine(r)}\n\n${table}\n${r.cpu ? `\n${renderCpuMarkdown(r.cpu)}` : ''}`;
}

/** The CPU-cost table: each strategy, each eviction policy alone (when they differ), then the calibration loop and lru-cache reference rows. */
export function renderCpuMarkdown(cpu: CpuReport): string {
  const rows = [
    ...[...cpu.strategies].map(([name, c]) => [name, ...CPU_METRICS.map((m) => formatMetric(m, m.get(c)))]),
    ...cpu.policies.map((p) => [`(policy ${p.policy} alone, capacity ${p.capacity.toLocaleString('en-US')})`, ...CPU_METRICS.map((m) => formatMetric(m, m.get(p.cost)))]),
    ['(calibration loop)', ...CPU_METRICS.map((m) => formatMetric(m, m.get(cpu.calibration)))],
    [`(lru-cache, max ${cpu.lruCacheCapacity})`, ...CPU_METRICS.map((m) => formatMetric(m, m.get(cpu.lruCache)))],
  ];
  const table = markdownTable(['CPU cost', ...CPU_METRICS.map((m) => m.header)], rows, [false, ...CPU_METRICS.map(() => true)]);
  return `CPU cost per request (tinybench, ${cpu.sliceRequests.toLocaleString('en-US')} requests per sample, ${cpu.timeMsPerTask} ms per task, no source delay; counts above come from the deterministic replay, not from these timings):\n\n${table}\n`;
}
