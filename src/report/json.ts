// The JSON document: the resolved workload and one object per strategy. Deterministic for a seed
// and config (no timings, no wall-clock time), so two runs can be compared byte for byte.
import type { BenchReport } from './report-data.ts';
import { formatEvent } from '../events/parse-event.ts';

export function reportDocument(r: BenchReport): Record<string, unknown> {
  const w = r.workload;
  return {
    workload: {
      name: w.name,
      generator: w.generator,
      description: w.description,
      summary: w.summary,
      requests: w.requests,
      absentRatio: w.absentRatio,
      arrival: w.arrival,
      rate: w.rate,
      ...(w.clock ? { clock: w.clock } : {}),
      ...(w.writes ? { writes: w.writes.rate ?? null, writeWeights: w.writes.weights, writeMode: w.writes.mode } : {}),
      ...w.params,
    },
    ...(r.events ? { events: r.events.map(formatEvent) } : {}),
    seed: r.seed,
    latencyModel: r.latency,
    ...(r.source ? { sourceModel: r.source } : {}),
    results: r.cpu ? r.results.map((res) => ({ ...res, cpu: r.cpu!.strategies.get(res.strategy) })) : r.results,
    ...(r.cpu
      ? {
          cpuReference: {
            calibration: r.cpu.calibration,
            lruCache: { ...r.cpu.lruCache, capacity: r.cpu.lruCacheCapacity },
            policies: r.cpu.policies,
            sliceRequests: r.cpu.sliceRequests,
            bufferRequests: r.cpu.bufferRequests,
            timeMsPerTask: r.cpu.timeMsPerTask,
          },
        }
      : {}),
  };
}

export function renderJson(r: BenchReport): string {
  return `${JSON.stringify(reportDocument(r), null, 2)}\n`;
}
