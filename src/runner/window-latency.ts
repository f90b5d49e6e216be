// The latency of one window of a run's time series. The run kernel records each miss here instead of
// into the run's LatencyRecorder (one record per miss, as before); when the window closes, its counts
// are merged into the run's recorder (so the whole-run figures are exactly what they were) and the
// window's p50 and p99 are read from them, the window's hits added in bulk at the hit latency.
//
// Counts are kept per whole microsecond below 65.5 ms (a typed array plus the list of values touched,
// so closing a window costs the values it saw, not the array) and, above that, in HdrHistogram's own
// buckets (3 significant digits). Percentiles follow HdrHistogram's rule, as the whole-run figures do:
// the value at rank max(1, ceil(p% of n)), reported as the top of its 3-digit bucket and clamped into
// the window's [min, max]. So a run that fits in one window has the same p50 and p99 in both.
import { DIRECT_RANGE_US, type LatencyRecorder } from './latency-recorder.ts';

/** Buckets for values in [2^16, 2^32): 16 powers of two, 1,024 sub-buckets each (3 significant digits). */
const OVERFLOW_OCTAVES = 16;
const SUB_BUCKETS = 1024;

/** HdrHistogram's highest value equivalent to v at 3 significant digits (lowest discernible value 1). */
export function bucketTop(v: number): number {
  if (v < 2 * SUB_BUCKETS) return v;
  const width = 2 ** (31 - Math.clz32(v) - 10);
  return Math.floor(v / width) * width + width - 1;
}

export interface WindowPercentiles {
  /** Milliseconds; 0 for a window without requests. */
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export class WindowLatency {
  private readonly counts = new Float64Array(DIRECT_RANGE_US);
  private readonly touched = new Uint32Array(DIRECT_RANGE_US);
  private nTouched = 0;
  /** Bucketed counts of values >= DIRECT_RANGE_US, made when the first such value comes. */
  private overflow: Float64Array | undefined;
  private overflowCount = 0;
  private overflowMin = Infinity;
  private overflowMax = 0;

  constructor(private readonly run: LatencyRecorder) {}

  /** Records one miss's latency (µs, rounded to a whole µs), as LatencyRecorder.record does. */
  record(us: number): void {
    const v = Math.round(us);
    if (v < DIRECT_RANGE_US) {
      if (this.counts[v]!++ === 0) this.touched[this.nTouched++] = v;
    } else this.recordOverflow(v);
  }

  private recordOverflow(v: number): void {
    this.run.record(v); // the run's recorder keeps these in its histogram, as before
    const o = (this.overflow ??= new Float64Array(OVERFLOW_OCTAVES * SUB_BUCKETS));
    const e = 31 - Math.clz32(v);
    o[(e - 16) * SUB_BUCKETS + (Math.floor(v / 2 ** (e - 10)) - SUB_BUCKETS)]!++;
    this.overflowCount++;
    if (v < this.overflowMin) this.overflowMin = v;
    if (v > this.overflowMax) this.overflowMax = v;
  }

  /**
   * Closes the window: merges its misses into the run's recorder, adds `hits` requests at `hitUs`
   * (for the window's percentiles only: the run adds its hits once, at the end) and returns the
   * window's p50 and p99; the window starts again empty.
   */
  close(hits: number, hitUs: number): WindowPercentiles {
    const counts = this.counts;
    const touched = this.touched;
    for (let i = 0; i < this.nTouched; i++) this.run.addDirect(touched[i]!, counts[touched[i]!]!);
    if (hits > 0) {
      const v = Math.round(hitUs);
      if (v < DIRECT_RANGE_US) {
        if (counts[v] === 0) touched[this.nTouched++] = v;
        counts[v]! += hits;
      } else {
        this.recordOverflowHits(v, hits); // a hit latency of 65.5 ms or more
      }
    }
    const out = this.percentiles();
    for (let i = 0; i < this.nTouched; i++) counts[touched[i]!] = 0;
    this.nTouched = 0;
    if (this.overflowCount > 0) {
      this.overflow!.fill(0);
      this.overflowCount = 0;
      this.overflowMin = Infinity;
      this.overflowMax = 0;
    }
    return out;
  }

  /** Hits at an overflow latency: counted for the window only (the run records its hits itself). */
  private recordOverflowHits(v: number, hits: number): void {
    const o = (this.overflow ??= new Float64Array(OVERFLOW_OCTAVES * SUB_BUCKETS));
    const e = 31 - Math.clz32(v);
    o[(e - 16) * SUB_BUCKETS + (Math.floor(v / 2 ** (e - 10)) - SUB_BUCKETS)]! += hits;
    this.overflowCount += hits;
    if (v < this.overflowMin) this.overflowMin = v;
    if (v > this.overflowMax) this.overflowMax = v;
  }

  private percentiles(): WindowPercentiles {
    const n = this.nTouched;
    const values = this.touched.subarray(0, n).sort();
    let direct = 0;
    for (let i = 0; i < n; i++) direct += this.counts[values[i]!]!;
    const total = direct + this.overflowCount;
    if (total === 0) return { p50Ms: 0, p99Ms: 0 };
    const min = n > 0 ? values[0]! : this.overflowMin;
    const max = this.overflowCount > 0 ? this.overflowMax : values[n - 1]!;
    const at = (p: number): number => {
      // p * total is an exact integer for these p, so the rank is exact (HdrHistogram subtracts an ulp for the same end).
      const rank = Math.max(1, Math.ceil((p * total) / 100));
      let v = max;
      if (rank <= direct) {
        let seen = 0;
        for (let i = 0; i < n; i++) {
          seen += this.counts[values[i]!]!;
          if (seen >= rank) {
            v = bucketTop(values[i]!);
            break;
          }
        }
      } else {
        const o = this.overflow!;
        let seen = direct;
        for (let i = 0; i < o.length; i++) {
          if (o[i] === 0) continue;
          seen += o[i]!;
          if (seen >= rank) {
            const e = Math.floor(i / SUB_BUCKETS) + 16;
            const width = 2 ** (e - 10);
            v = ((i % SUB_BUCKETS) + SUB_BUCKETS) * width + width - 1;
            break;
          }
        }
      }
      return Math.min(max, Math.max(min, v)) / 1000;
    };
    return { p50Ms: at(50), p99Ms: at(99) };
  }
}
