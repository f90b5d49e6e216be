// The only way a strategy reaches the source. It counts every read, models each round trip's
// latency, and tracks source load per 1-second window of virtual time. Strategies decide; this counts.
//
// Versions (issue 14): a write record moves a key's version on (write()); reads return the current
// version's value (sourceValueAt). The version table is allocated on the first write, so runs without
// writes read exactly today's values through today's code (one undefined check per read call).
// Background reloads (refresh()) are source load like any read but no request waits for them.
import type { Key, ObjectSizes, Rng, SourceReader } from '../core/types.ts';
import { ABSENT, SOURCE_FAILED } from '../core/types.ts';
import type { LoadSeries } from './load-series.ts';
import { WINDOW_MS, windowEnd } from './load-window.ts';
import { sourceValue, sourceValueAt, type LatencyModel } from './source-model.ts';

/** Key spaces up to this size keep their versions in a dense array (4 bytes a key). */
export const DENSE_VERSION_KEYS = 1 << 24;

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
  /** Writes (and deletes) at the source: the application writing the database, not source load. */
  writes = 0;
  /** Background reload round trips (refresh()) and the keys they read; source load, in sourceReads and sourceCalls. */
  refreshCalls = 0;
  refreshKeys = 0;
  /** Bytes loaded by background reloads (runs that count bytes). */
  refreshBytes = 0;
  /** Modelled latency (µs) of the last read, readBatch or refresh call. */
  private lastCallUs = 0;
  /** Each key's version, allocated by the first write: dense (a Uint32Array) or, for a large key space, a Map of written keys. */
  private versions: Uint32Array | Map<number, number> | undefined;

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
    this.pendingUs += this.account(1);
    if (this.down) {
      this.failedReads++;
      return SOURCE_FAILED;
    }
    if (key >= this.sourceKeys) {
      this.sourceMisses++;
      return ABSENT;
    }
    return this.versions === undefined ? sourceValue(key, this.sourceKeys) : sourceValueAt(key, this.versionOf(key), this.sourceKeys);
  }

  readBatch(keys: Uint32Array, n: number, out: Float64Array): void {
    this.batchCalls++;
    this.batchKeys += n;
    this.pendingUs += this.account(n);
    this.values(keys, n, out);
    const sizes = this.objectSizes;
    if (sizes !== undefined) for (let i = 0; i < n; i++) this.batchBytes += sizes.sizeOf(keys[i]!);
  }

  /**
   * A background reload of keys[0..n) (one round trip): source load like a backfill (sourceReads,
   * sourceCalls, load windows) counted apart (refreshCalls, refreshKeys), never in a request's
   * latency. Returns the call's modelled latency in ms: the reload completes that long after `now`.
   */
  refresh(keys: Uint32Array, n: number, out: Float64Array): number {
    this.refreshCalls++;
    this.refreshKeys += n;
    const us = this.account(n);
    this.values(keys, n, out);
    const sizes = this.objectSizes;
    if (sizes !== undefined) for (let i = 0; i < n; i++) this.refreshBytes += sizes.sizeOf(keys[i]!);
    return us / 1000;
  }

  private values(keys: Uint32Array, n: number, out: Float64Array): void {
    const sk = this.sourceKeys;
    if (this.versions === undefined) for (let i = 0; i < n; i++) out[i] = sourceValue(keys[i]!, sk);
    else for (let i = 0; i < n; i++) out[i] = sourceValueAt(keys[i]!, this.versionOf(keys[i]!), sk);
  }

  /**
   * A write (or delete) of `key` at the source at virtual time `now`: its version moves on. Not source
   * load (the application writes the database); counted in `writes`. Keys the source does not have
   * stay absent (their version does not move).
   */
  write(key: Key, _now: number): void {
    this.writes++;
    if (key >= this.sourceKeys) return;
    let v = this.versions;
    // Dense up to 16 Mi keys (64 MiB at most); a larger key space keeps only the written keys.
    v ??= this.versions = this.sourceKeys <= DENSE_VERSION_KEYS ? new Uint32Array(this.sourceKeys) : new Map<number, number>();
    if (v instanceof Uint32Array) v[key]!++;
    else v.set(key, (v.get(key) ?? 0) + 1);
  }

  /** Modelled latency (ms) of the last read, readBatch or refresh call (a recompute time: xfetch's Δ). */
  get lastCallMs(): number {
    return this.lastCallUs / 1000;
  }

  /** The key's current version: 0 until its first write. */
  versionOf(key: Key): number {
    const v = this.versions;
    if (v === undefined || key >= this.sourceKeys) return 0;
    return v instanceof Uint32Array ? v[key]! : (v.get(key) ?? 0);
  }

  /** All keys read from the source: demand reads (present or not), backfilled keys and reloaded keys. */
  get sourceReads(): number {
    return this.demandReads + this.batchKeys + this.refreshKeys;
  }

  get sourceCalls(): number {
    return this.demandReads + this.batchCalls + this.refreshCalls;
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

  /** Counts a call of `keys` keys in the load window; returns its modelled latency (µs). */
  private account(keys: number): number {
    if (this.now >= this.windowEnd) this.rollTo(this.now);
    this.windowKeys += keys;
    this.windowCalls++;
    let us = this.callUs + this.perKeyUs * keys;
    if (this.jitterRng !== undefined) us *= 1 + this.latency.jitter * (2 * this.jitterRng.nextDouble() - 1);
    this.lastCallUs = us;
    return us;
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
