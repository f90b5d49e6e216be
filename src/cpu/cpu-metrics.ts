// CPU-cost columns, declared once for the Markdown table, CSV and comparisons. These are timings:
// they vary from run to run, unlike every other metric.
import type { CpuCost } from './cpu-cost.ts';

export interface CpuColumn {
  readonly id: string;
  readonly header: string;
  readonly unit: string;
  readonly direction: 'higher' | 'lower' | 'neutral';
  readonly digits: number;
  readonly description: string;
  get(c: CpuCost): number;
}

export const CPU_METRICS: readonly CpuColumn[] = [
  { id: 'cpuNsPerRequestMean', header: 'ns/req', unit: 'ns', direction: 'lower', digits: 1, description: 'CPU time per request, mean over tinybench samples', get: (c) => c.nsPerRequest.mean },
  { id: 'cpuNsPerRequestP50', header: 'p50 ns/req', unit: 'ns', direction: 'lower', digits: 1, description: 'CPU time per request, median sample', get: (c) => c.nsPerRequest.p50 },
  { id: 'cpuNsPerRequestP99', header: 'p99 ns/req', unit: 'ns', direction: 'lower', digits: 1, description: 'CPU time per request, 99th percentile sample', get: (c) => c.nsPerRequest.p99 },
  { id: 'cpuRequestsPerSec', header: 'req/s', unit: 'requests/s', direction: 'higher', digits: 0, description: 'requests per second of CPU time (from the mean)', get: (c) => c.requestsPerSec },
  { id: 'cpuRme', header: '± %', unit: '%', direction: 'lower', digits: 2, description: 'relative margin of error of the mean (tinybench)', get: (c) => c.rme },
  { id: 'cpuSamples', header: 'samples', unit: 'samples', direction: 'neutral', digits: 0, description: 'timed samples (each one slice of requests)', get: (c) => c.samples },
  { id: 'cpuVsCalibration', header: 'x calibration', unit: 'ratio', direction: 'lower', digits: 2, description: 'mean cost / the calibration loop mean cost (same run)', get: (c) => c.vsCalibration },
  {
    id: 'cpuVsLruCache',
    header: 'x lru-cache',
    unit: 'ratio',
    direction: 'lower',
    digits: 2,
    description: 'mean cost / lru-cache mean cost at the same capacity (same run)',
    get: (c) => c.vsLruCache,
  },
];
