// CSV via csv-stringify: one row per strategy, every metric at full precision, plus the workload,
// seed and each strategy's parameters so rows from different runs can be concatenated.
import { stringify } from 'csv-stringify/sync';
import { CPU_METRICS } from '../cpu/cpu-metrics.ts';
import { METRICS } from '../runner/metrics.ts';
import type { BenchReport } from './report-data.ts';
import { CSV_CAST } from './csv-number.ts';

export const PARAM_COLUMNS = ['capacity', 'threshold', 'batch', 'window', 'intervalMs'] as const;

export function renderCsv(r: BenchReport): string {
  const cpu = r.cpu;
  const columns = ['workload', 'seed', 'strategy', ...PARAM_COLUMNS, ...METRICS.map((m) => m.id), ...(cpu ? CPU_METRICS.map((m) => m.id) : [])];
  const rows = r.results.map((res) => [
    r.workload.name,
    r.seed,
    res.strategy,
    ...PARAM_COLUMNS.map((p) => (res.params[p] === undefined || res.params[p] === null ? '' : String(res.params[p]))),
    ...METRICS.map((m) => m.get(res)),
    ...(cpu ? CPU_METRICS.map((m) => m.get(cpu.strategies.get(res.strategy)!)) : []),
  ]);
  return stringify([columns, ...rows], { cast: CSV_CAST });
}
