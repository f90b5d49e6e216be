// Modeled request latency, summarised by HdrHistogram. The hot path only bumps a counter in a
// typed array indexed by whole microseconds (or records directly above that range); the counts are
// flushed into the HdrHistogram once at the end, which gives exactly the histogram recording each
// value would have given, at a fraction of the cost per request.
import type * as Hdr from 'hdr-histogram-js';
import { lazyRequire } from '../core/lazy-require.ts';

const hdr = lazyRequire<typeof Hdr>('hdr-histogram-js');

export const DIRECT_RANGE_US = 1 << 16; // 65.5 ms

export interface LatencySummaryMs {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
}

export class LatencyRecorder {
  private readonly direct = new Float64Array(DIRECT_RANGE_US);
  private readonly histogram = hdr().build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, bitBucketSize: 64, useWebAssembly: false });
  private flushed = false;
  /** Whether recordMany saw a 0 µs latency (HdrHistogram tracks only the minimum non-zero value). */
  private recordedZero = false;

  /** Records one request's latency, in microseconds (rounded to a whole µs). */
  record(us: number): void {
    const v = Math.round(us);
    if (v < DIRECT_RANGE_US) this.direct[v]!++;
    else this.histogram.recordValue(v);
  }

  /** Adds `count` requests of latency v µs, v a whole number below DIRECT_RANGE_US (a window's counts merged in). */
  addDirect(v: number, count: number): void {
    this.direct[v]! += count;
  }

  /** Records `count` requests of the same latency. */
  recordMany(us: number, count: number): void {
    if (count <= 0) return;
    const v = Math.round(us);
    if (v === 0) this.recordedZero = true;
    this.histogram.recordValueWithCount(v, count);
  }

  summary(): LatencySummaryMs {
    if (!this.flushed) {
      for (let v = 0; v < DIRECT_RANGE_US; v++) if (this.direct[v]! > 0) this.histogram.recordValueWithCount(v, this.direct[v]!);
      this.flushed = true;
    }
    const h = this.histogram;
    if (h.totalCount === 0) return { p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 };
    const ms = (us: number) => us / 1000;
    // HdrHistogram answers a percentile with the top of its bucket (2,221 µs for a recorded 2,220), so
    // a percentile is clamped into the recorded [min, max]: p99.9 is never shown above max.
    const max = h.maxValue;
    const min = this.recordedZero || this.direct[0]! > 0 ? 0 : h.minNonZeroValue;
    const at = (p: number) => ms(Math.min(max, Math.max(min, h.getValueAtPercentile(p))));
    return {
      p50: at(50),
      p90: at(90),
      p99: at(99),
      p999: at(99.9),
      max: ms(max),
      mean: Math.round(h.mean) / 1000,
    };
  }
}
