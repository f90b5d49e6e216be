// What every reporter gets: the resolved workload, the run settings, and one result per strategy.
import type { LatencyModel } from '../source/source-model.ts';
import type { StrategyResult } from '../runner/result.ts';
import type { ResolvedWorkload } from '../workloads/workload-config.ts';
import type { CpuReport } from '../cpu/cpu-cost.ts';
import { ADMISSION, BACKFILL_ADMISSION, EVICTION } from '../strategies/strategy-params.ts';

export interface BenchReport {
  readonly workload: ResolvedWorkload;
  readonly seed: number;
  readonly latency: LatencyModel;
  readonly results: readonly StrategyResult[];
  /** Present with --cpu: tinybench timings of each strategy and the two reference tasks. */
  readonly cpu?: CpuReport | undefined;
}

/** Compact "key=value" rendering of a strategy's parameters. */
/** Part choices at their defaults, left out of one-line parameter texts (CSV and JSON keep them). */
const DEFAULT_PARTS: Readonly<Record<string, unknown>> = Object.fromEntries([EVICTION, ADMISSION, BACKFILL_ADMISSION].map((d) => [d.name, d.default]));

export function paramsText(params: Readonly<Record<string, unknown>>): string {
  return Object.entries(params)
    .filter(([k, v]) => v !== null && DEFAULT_PARTS[k] !== v)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 6 }).replace(/,/g, '') : String(v)}`)
    .join(' ');
}

/** One line describing the workload and the run, for the top of reports. */
export function workloadLine(r: BenchReport): string {
  const w = r.workload;
  const absent = w.absentRatio > 0 ? `, ${(w.absentRatio * 100).toFixed(2).replace(/\.?0+$/, '')}% absent keys` : '';
  return `Workload ${w.name}: ${w.summary}; ${w.requests.toLocaleString('en-US')} requests, ${w.clock ?? `${w.arrival} arrivals at ${w.rate.toLocaleString('en-US')}/s`}${absent}; seed ${r.seed}; latency model: hit ${r.latency.hitMs} ms, source call ${r.latency.callMs} ms + ${r.latency.perKeyMs} ms/key${r.latency.jitter > 0 ? `, jitter ±${r.latency.jitter * 100}%` : ''}.`;
}
