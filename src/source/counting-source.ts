// The only way a strategy reaches the source. It counts every read, models each round trip's
// latency, and tracks source load per 1-second window of virtual time. Strategies decide; this counts.
import type { Key, ObjectSizes, Rng, SourceReader } from '../core/types.ts';
import { ABSENT, SOURCE_FAILED } from '../core/types.ts';
import type { LoadSeries } from './load-series.ts';
import { WINDOW_MS, windowEnd } from './load-window.ts';
import { sourceValue, type LatencyModel } from './source-model.ts';

export class CountingSource implements SourceReader {
  /** Virtual time of the current operation; the runner sets it before each request or timer. */
  now = 0;
  demandReads = 0;
  /** Demand reads of keys the source does not have (not the same as cache misses). */
  sourceMisses = 0;
  batchCalls = 0;
  batchKeys = 0;
  /** Bytes loaded by backfills (runs that count bytes: objectSizes given). */
  batchBytes = 0;
  /** Modeled latency (µs) of the calls made since the runner last took it. */
  pendingUs = 0;
  /**
   * True during an outage: the runner sets it at the outage's start and clears it at its end (runs
   * with outage events only). A demand read then fails: it still makes one call (counted in
   * demandReads, sourceCalls and the load windows, with one call's latency: the client waited for
   * the error) and is counted in failedReads; the request is a miss and nothing is cached.
   */
  down = false;
  /** Demand reads that failed because the source was down. */
  failedReads = 0;

  peakKeysPerWindow = 0;
  peakCallsPerWindow = 0;
  private windowEnd = WINDOW_MS;
  private windowKeys = 0;
  private windowCalls = 0;

  private readonly callUs: number;
  private readonly perKeyUs: number;

  constructor(
    readonly sourceKeys: number,
    readonly latency: LatencyModel,
    private readonly jitterRng: Rng | undefined,
    /** Opt-in per-window load record (for charts); touched once per window closed, not per read. */
    readonly series?: LoadSeries,
    /** Each key's size, when the run counts bytes (backfilled bytes are counted per batch). */
    private readonly objectSizes?: ObjectSizes,
  ) {
    this.callUs = latency.callMs * 1000;
    this.perKeyUs = latency.perKeyMs * 1000;
  }

  read(key: Key): number {
    this.demandReads++;
    this.account(1);
    if (this.down) {
      this.failedReads++;
      return SOURCE_FAILED;
    }
    if (key >= this.sourceKeys) {
      this.sourceMisses++;
      return ABSENT;
    }
    return sourceValue(key, this.sourceKeys);
  }

  readBatch(keys: Uint32Array, n: number, out: Float64Array): void {
    this.batchCalls++;
    this.batchKeys += n;
    this.account(n);
    for (let i = 0; i < n; i++) out[i] = sourceValue(keys[i]!, this.sourceKeys);
    const sizes = this.objectSizes;
    if (sizes !== undefined) for (let i = 0; i < n; i++) this.batchBytes += sizes.sizeOf(keys[i]!);
  }

  /** All keys read from the source: demand reads (present or not) plus backfilled keys. */
  get sourceReads(): number {
    return this.demandReads + this.batchKeys;
  }

  get sourceCalls(): number {
    return this.demandReads + this.batchCalls;
  }

  /** Returns and clears the latency accumulated since the last call. */
  takePendingUs(): number {
    const us = this.pendingUs;
    this.pendingUs = 0;
    return us;
  }

  /** Closes the last load window; call once at the end of the run. */
  closeWindows(): void {
    this.rollTo(Infinity);
  }

  private account(keys: number): void {
    if (this.now >= this.windowEnd) this.rollTo(this.now);
    this.windowKeys += keys;
    this.windowCalls++;
    let us = this.callUs + this.perKeyUs * keys;
    if (this.jitterRng !== undefined) us *= 1 + this.latency.jitter * (2 * this.jitterRng.nextDouble() - 1);
    this.pendingUs += us;
  }

  private rollTo(now: number): void {
    if (this.series !== undefined && this.windowCalls > 0) this.series.add(this.windowEnd / WINDOW_MS - 1, this.windowKeys, this.windowCalls);
    if (this.windowKeys > this.peakKeysPerWindow) this.peakKeysPerWindow = this.windowKeys;
    if (this.windowCalls > this.peakCallsPerWindow) this.peakCallsPerWindow = this.windowCalls;
    this.windowKeys = 0;
    this.windowCalls = 0;
    if (now !== Infinity) this.windowEnd = windowEnd(now);
  }
}
