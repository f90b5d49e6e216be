// CSV via csv-stringify: one row per strategy, every metric at full precision, plus the workload,
// seed and each strategy's parameters so rows from different runs can be concatenated.
import { stringify } from 'csv-stringify/sync';
import { CPU_METRICS } from '../cpu/cpu-metrics.ts';
import { metricsFor } from '../runner/metrics.ts';
import type { BenchReport } from './report-data.ts';
import { CSV_CAST } from './csv-number.ts';
import { strategyParamDecls } from '../strategies/strategy-param-index.ts';

/** One column per parameter any registered strategy declares, in registry order: rows of any run line up. */
export function paramColumns(): readonly string[] {
  return strategyParamDecls().map((d) => d.name);
}

export function renderCsv(r: BenchReport): string {
  const cpu = r.cpu;
  const params = paramColumns();
  const METRICS = metricsFor(r.results);
  const columns = ['workload', 'seed', 'strategy', ...params, ...METRICS.map((m) => m.id), ...(cpu ? CPU_METRICS.map((m) => m.id) : [])];
  const rows = r.results.map((res) => [
    r.workload.name,
    r.seed,
    res.strategy,
    ...params.map((p) => (res.params[p] === undefined || res.params[p] === null ? '' : String(res.params[p]))),
    ...METRICS.map((m) => {
      const v = m.get(res);
      return v === Infinity && m.infinite !== undefined ? m.infinite : v;
    }),
    ...(cpu ? CPU_METRICS.map((m) => m.get(cpu.strategies.get(res.strategy)!)) : []),
  ]);
  return stringify([columns, ...rows], { cast: CSV_CAST });
}
