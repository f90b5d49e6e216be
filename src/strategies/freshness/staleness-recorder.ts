// The age of each stale value served (virtual ms since the source changed it), summarised by
// HdrHistogram (hdr-histogram-js, as request latency is): recorded in whole microseconds, 3
// significant digits, resized as ages grow (a long trace may serve values stale for days). Built on
// the first stale read, so strategies that never serve one pay nothing.
import type * as Hdr from 'hdr-histogram-js';
import { lazyRequire } from '../../core/lazy-require.ts';

const hdr = lazyRequire<typeof Hdr>('hdr-histogram-js');

export class StalenessRecorder {
  private histogram: Hdr.Histogram | undefined;
  private zeros = 0;

  /** One stale read served `ageMs` after the source changed the value. */
  record(ageMs: number): void {
    const us = Math.round(ageMs * 1000);
    if (us <= 0) {
      this.zeros++;
      return;
    }
    this.histogram ??= hdr().build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, autoResize: true, useWebAssembly: false });
    this.histogram.recordValue(us);
  }

  /** p50, p99 and max in ms (0 when nothing was recorded); percentiles clamped into [min, max] as LatencyRecorder does. */
  summary(): { p50: number; p99: number; max: number } {
    const h = this.histogram;
    const n = (h?.totalCount ?? 0) + this.zeros;
    if (h === undefined || h.totalCount === 0) return { p50: 0, p99: 0, max: 0 };
    const max = h.maxValue;
    // A percentile within the zero ages is 0; above them, the histogram's percentile of the rest.
    const at = (p: number) => {
      const rank = (p / 100) * n;
      if (rank <= this.zeros) return 0;
      const q = ((rank - this.zeros) / h.totalCount) * 100;
      return Math.min(max, Math.max(h.minNonZeroValue, h.getValueAtPercentile(q))) / 1000;
    };
    return { p50: at(50), p99: at(99), max: max / 1000 };
  }
}
