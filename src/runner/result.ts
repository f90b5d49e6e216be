import type { LoadSeriesData } from '../source/load-series.ts';
import type { LatencySummaryMs } from './latency-recorder.ts';

/** Everything measured for one strategy in one run. Deterministic for a seed and config. */
export interface StrategyResult {
  readonly strategy: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly requests: number;
  readonly hits: number;
  readonly misses: number;
  readonly hitRatio: number;
  readonly missRatio: number;
  readonly sourceMisses: number;
  readonly backfills: number;
  readonly backfilledKeys: number;
  readonly backfillWaste: number;
  readonly demandReads: number;
  readonly sourceReads: number;
  readonly sourceCalls: number;
  readonly evictions: number;
  readonly finalSize: number;
  readonly peakSourceKeysPerSec: number;
  readonly meanSourceKeysPerSec: number;
  readonly peakSourceCallsPerSec: number;
  readonly meanSourceCallsPerSec: number;
  readonly latencyMs: LatencySummaryMs;
  /** Source load per window of virtual time; only when the run asked for it (RunOptions.loadSeriesPoints). */
  readonly loadSeries?: LoadSeriesData;
}
