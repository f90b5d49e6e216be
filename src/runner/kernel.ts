// The run kernel: the one per-request loop. Before a request at virtual time t it fires every
// strategy timer due at or before t (each must move the next timer past its own time: the advance
// guard), sets the source's clock, lets the strategy serve the request and, when asked, records the
// request's modeled latency. The runner (run.ts), the CPU-cost timing (cpu/cpu-cost.ts) and the live
// mirror (load/mirror.ts) all drive strategies through it, so the three cannot drift apart.
//
// The loop is allocation-free and its call sites see one kernel class; what differs between users is
// data (a latency recorder or none, a time offset) and a hook run per timer, not per request.
//
// With a time series (the runner's runs), replay() serves a chunk window by window: the end of the
// current window (or the next mark) is found by binary search on the chunk's times, the requests
// before it are served by the same loop as without a series, and before the first request past it
// the timers due before the boundary fire and the series closes the window. Timers fire in the same
// order relative to requests as without a series, so results are the same.
//
// A run whose source saturates (issue 15: finite concurrency or a random service time) is served by
// a second loop, serveQueued(), chosen once per replay call: the source is a QueuedSource, and a
// miss's latency is the hit latency plus its call's wait and service (completion - arrival); a hit
// on a key whose fetch is still in flight waits for it or reads again. Today's loop is untouched.
//
// A stream with operations (issue 14: writes at the source, deletes, TTLs) is served by a fourth
// loop, serveOps(), chosen once per replayOps call: a read is served as today; a write or delete
// moves the source's version of the key on (source.write) and then tells the strategy
// (Strategy.write). Only reads count as requests: replayOps returns the hits and leaves the reads it
// served in lastReads, and the series is told (reads, hits) per window.
import { OP_READ } from '../core/ops.ts';
import type { Strategy } from '../core/types.ts';
import type { QueuedSource } from '../source/queued-source.ts';
import { NOT_IN_FLIGHT } from '../source/queue/single-flight.ts';
import { firstAtOrAfter, type WindowSeries } from './time-series.ts';

/** Where the kernel records each miss's latency (µs): the run's LatencyRecorder, or a series window's. */
export interface LatencySink {
  record(us: number): void;
}

/** What the kernel needs of a source: its clock, and the modeled latency of the calls just made. */
export interface KernelSource {
  now: number;
  /** Returns and clears the latency (µs) of the calls made since the last call. */
  takePendingUs(): number;
  /** A write at the source (its version of the key moves on): runs with operations only. */
  write?(key: number, now: number): void;
}

export interface KernelOptions {
  /** Named in the error when a timer does not advance. */
  readonly name: string;
  /** Records each miss's latency (hit latency + the source calls it made); hits are added in bulk by the caller. */
  readonly latency?: LatencySink | undefined;
  /** Hit latency (µs) added to every miss's recorded latency. */
  readonly hitUs?: number;
  /** Called after each timer fired (at its virtual time), e.g. to collect what it did. */
  readonly afterTimer?: ((at: number) => void) | undefined;
  /** The run's time series: replay stops at its window boundaries (see the file comment). */
  readonly series?: WindowSeries | undefined;
  /** A source that saturates: replay uses the queued loop (the source must be this one). */
  readonly queued?: QueuedSource | undefined;
  /** Queued runs: where each miss's latency also goes (the misses' own percentiles). */
  readonly missLatency?: LatencySink | undefined;
}

export class RunKernel {
  private readonly latency: LatencySink | undefined;
  private readonly hitUs: number;
  private readonly afterTimer: ((at: number) => void) | undefined;
  private readonly series: WindowSeries | undefined;

  constructor(
    readonly strategy: Strategy,
    readonly source: KernelSource,
    private readonly opts: KernelOptions,
  ) {
    this.latency = opts.latency;
    this.hitUs = opts.hitUs ?? 0;
    this.afterTimer = opts.afterTimer;
    this.series = opts.series;
    this.queued = opts.queued;
  }

  private readonly queued: QueuedSource | undefined;
  /** Queued runs: hits that waited for a fetch in flight (counted in the hits; latency recorded each). */
  delayedHits = 0;
  private lastDelayed = 0;

  /**
   * Serves requests [from, to) of keys/times, each at times[i] + offset; returns the hits. Misses'
   * latencies go to the recorder, if any.
   */
  replay(keys: Uint32Array, times: Float64Array, from: number, to: number, offset: number): number {
    if (this.queued !== undefined) return this.replayQueued(keys, times, undefined, from, to, offset, 0);
    const series = this.series;
    if (series === undefined) return this.serve(keys, times, from, to, offset);
    let hits = 0;
    for (let i = from; i < to;) {
      const j = this.windowEnd(series, times, i, to, offset);
      const h = this.serve(keys, times, i, j, offset);
      series.served(j - i, h);
      hits += h;
      i = j;
    }
    return hits;
  }

  /**
   * Crosses the series' boundaries up to request i's time, then returns where the window holding it
   * ends within [i, to): the replay loops serve [i, end) in one go.
   */
  private windowEnd(series: WindowSeries, times: Float64Array, i: number, to: number, offset: number): number {
    const t = times[i]! + offset;
    if (t >= series.boundary) this.crossTo(t);
    return times[to - 1]! + offset < series.boundary ? to : firstAtOrAfter(times, i, to, series.boundary - offset);
  }

  /**
   * Something happens at virtual time t (a request, an event): the series' boundaries before or at t
   * are crossed first, each window closed after the timers due before its end fired. Without a
   * series, nothing.
   */
  crossTo(t: number): void {
    const series = this.series;
    if (series === undefined) return;
    while (t >= series.boundary) {
      if (series.atWindowEnd) this.fireTimersBefore(series.boundary);
      series.cross();
    }
  }

  private serve(keys: Uint32Array, times: Float64Array, from: number, to: number, offset: number): number {
    const s = this.strategy;
    const src = this.source;
    const latency = this.latency;
    const hitUs = this.hitUs;
    let hits = 0;
    for (let i = from; i < to; i++) {
      const t = times[i]! + offset;
      if (t >= s.nextTimerAt) this.fireTimers(t);
      src.now = t;
      if (s.access(keys[i]!, t)) hits++;
      else if (latency !== undefined) latency.record(hitUs + src.takePendingUs());
    }
    return hits;
  }

  /** Bytes requested, of them served from the cache, and read by demand (misses of keys the source has): sized replays only. */
  requestedBytes = 0;
  hitBytes = 0;
  demandBytes = 0;

  /**
   * replay() for a run that counts bytes: each request's size goes to the strategy (a demand fill
   * inserts it) and to the byte counters. A separate loop, so object-mode runs pay nothing for it.
   */
  replaySized(keys: Uint32Array, times: Float64Array, sizes: Uint32Array, from: number, to: number, offset: number, sourceKeys: number): number {
    if (this.queued !== undefined) return this.replayQueued(keys, times, sizes, from, to, offset, sourceKeys);
    const series = this.series;
    if (series === undefined) return this.serveSized(keys, times, sizes, from, to, offset, sourceKeys);
    let hits = 0;
    for (let i = from; i < to;) {
      const j = this.windowEnd(series, times, i, to, offset);
      const h = this.serveSized(keys, times, sizes, i, j, offset, sourceKeys);
      series.served(j - i, h);
      hits += h;
      i = j;
    }
    return hits;
  }

  private serveSized(keys: Uint32Array, times: Float64Array, sizes: Uint32Array, from: number, to: number, offset: number, sourceKeys: number): number {
    const s = this.strategy;
    const src = this.source;
    const latency = this.latency;
    const hitUs = this.hitUs;
    let hits = 0;
    let requested = 0;
    let hitBytes = 0;
    let demand = 0;
    for (let i = from; i < to; i++) {
      const t = times[i]! + offset;
      if (t >= s.nextTimerAt) this.fireTimers(t);
      src.now = t;
      const key = keys[i]!;
      const size = sizes[i]!;
      requested += size;
      if (s.access(key, t, size)) {
        hits++;
        hitBytes += size;
      } else {
        if (key < sourceKeys) demand += size;
        if (latency !== undefined) latency.record(hitUs + src.takePendingUs());
      }
    }
    this.requestedBytes += requested;
    this.hitBytes += hitBytes;
    this.demandBytes += demand;
    return hits;
  }

  /** replay()/replaySized() for a queued run (sizes: a run that counts bytes). */
  private replayQueued(keys: Uint32Array, times: Float64Array, sizes: Uint32Array | undefined, from: number, to: number, offset: number, sourceKeys: number): number {
    const series = this.series;
    if (series === undefined) return this.serveQueued(keys, times, sizes, from, to, offset, sourceKeys);
    let hits = 0;
    for (let i = from; i < to;) {
      const j = this.windowEnd(series, times, i, to, offset);
      const h = this.serveQueued(keys, times, sizes, i, j, offset, sourceKeys);
      series.served(j - i, h, this.lastDelayed);
      hits += h;
      i = j;
    }
    return hits;
  }

  /**
   * The queued loop: the strategy serves each request as in today's loop (every request reaches it:
   * recency, frequency and clairvoyant strategies' read-ahead stay in step). A hit whose key's fetch
   * is still in flight (the strategy fills at once; the in-flight table says when the data arrives)
   * is a delayed hit, waiting for that fetch, or, without coalescing, a duplicate read of its own (a
   * miss: the kernel reads the key). A miss's latency is hitUs + (its read's completion - t), and the
   * read enters the in-flight table; a read that failed (queue full, timeout, outage) is recorded
   * with the time the client learned it. Returns the hits (delayed ones included; lastDelayed: how many).
   */
  private serveQueued(keys: Uint32Array, times: Float64Array, sizes: Uint32Array | undefined, from: number, to: number, offset: number, sourceKeys: number): number {
    const s = this.strategy;
    const src = this.queued!;
    const flight = src.flight;
    const coalesce = flight.coalesce;
    const low = src.lowBackfill;
    const latency = this.latency;
    const missLatency = this.opts.missLatency;
    const hitUs = this.hitUs;
    let hits = 0;
    let delayed = 0;
    let requested = 0;
    let hitBytes = 0;
    let demand = 0;
    for (let i = from; i < to; i++) {
      const t = times[i]! + offset;
      if (t >= s.nextTimerAt) this.fireTimers(t);
      src.now = t;
      if (low) src.settle(t);
      const key = keys[i]!;
      const size = sizes === undefined ? 0 : sizes[i]!;
      requested += size;
      if (sizes === undefined ? s.access(key, t) : s.access(key, t, size)) {
        const d = flight.join(key, t);
        if (d === NOT_IN_FLIGHT) {
          hits++;
          hitBytes += size;
          continue;
        }
        if (coalesce && d !== Infinity) {
          hits++;
          delayed++;
          hitBytes += size;
          if (latency !== undefined) latency.record(hitUs + (d - t) * 1000);
          continue;
        }
        // A duplicate read, or a key whose (backfill) fetch has no known completion: a read of its own.
        src.read(key);
      }
      const done = src.lastDone;
      if (key < sourceKeys) demand += size;
      if (done >= 0) flight.begin(key, t, done);
      const us = hitUs + ((done >= 0 ? done : src.lastFailAt) - t) * 1000;
      if (latency !== undefined) latency.record(us);
      if (missLatency !== undefined) missLatency.record(us);
    }
    this.requestedBytes += requested;
    this.hitBytes += hitBytes;
    this.demandBytes += demand;
    this.delayedHits += delayed;
    this.lastDelayed = delayed;
    return hits;
  }

  /** Reads served by the last replayOps call (its records less its writes and deletes). */
  lastReads = 0;

  /**
   * replay()/replaySized() for a stream with operations or TTLs (ops[i]: core/ops.ts, undefined: every
   * record a read; ttls: each record's TTL, or undefined for a stream without; a read's TTL goes to
   * Strategy.keyTtl before the read). Returns the hits; lastReads: the reads served. The run
   * refuses a queued source with writes before it starts (run.ts).
   */
  replayOps(
    keys: Uint32Array,
    times: Float64Array,
    sizes: Uint32Array | undefined,
    ops: Uint8Array | undefined,
    ttls: Float64Array | undefined,
    from: number,
    to: number,
    offset: number,
    sourceKeys: number,
  ): number {
    const series = this.series;
    if (series === undefined) {
      const hits = this.serveOps(keys, times, sizes, ops, ttls, from, to, offset, sourceKeys);
      this.lastReads = this.servedReads;
      return hits;
    }
    let hits = 0;
    let reads = 0;
    for (let i = from; i < to;) {
      const j = this.windowEnd(series, times, i, to, offset);
      const h = this.serveOps(keys, times, sizes, ops, ttls, i, j, offset, sourceKeys);
      series.served(this.servedReads, h);
      hits += h;
      reads += this.servedReads;
      i = j;
    }
    this.lastReads = reads;
    return hits;
  }

  /** Reads the last serveOps call served. */
  private servedReads = 0;

  /**
   * The ops loop: timers first (as today), the source's clock; a read is today's access (with its
   * size and the byte counters when the run counts bytes); a write or delete bumps the source's
   * version of the key, then goes to the strategy with the record's TTL.
   */
  private serveOps(
    keys: Uint32Array,
    times: Float64Array,
    sizes: Uint32Array | undefined,
    ops: Uint8Array | undefined,
    ttls: Float64Array | undefined,
    from: number,
    to: number,
    offset: number,
    sourceKeys: number,
  ): number {
    const s = this.strategy;
    const src = this.source;
    const latency = this.latency;
    const hitUs = this.hitUs;
    let hits = 0;
    let reads = 0;
    let requested = 0;
    let hitBytes = 0;
    let demand = 0;
    for (let i = from; i < to; i++) {
      const t = times[i]! + offset;
      if (t >= s.nextTimerAt) this.fireTimers(t);
      src.now = t;
      const key = keys[i]!;
      const op = ops === undefined ? OP_READ : ops[i]!;
      if (op !== OP_READ) {
        src.write!(key, t);
        s.write!(key, t, op, ttls === undefined ? 0 : ttls[i]!);
        continue;
      }
      reads++;
      if (ttls !== undefined && ttls[i]! > 0) s.keyTtl!(key, ttls[i]!);
      if (sizes === undefined) {
        if (s.access(key, t)) hits++;
        else if (latency !== undefined) latency.record(hitUs + src.takePendingUs());
        continue;
      }
      const size = sizes[i]!;
      requested += size;
      if (s.access(key, t, size)) {
        hits++;
        hitBytes += size;
      } else {
        if (key < sourceKeys) demand += size;
        if (latency !== undefined) latency.record(hitUs + src.takePendingUs());
      }
    }
    this.requestedBytes += requested;
    this.hitBytes += hitBytes;
    this.demandBytes += demand;
    this.servedReads = reads;
    return hits;
  }

  /**
   * One write or delete record at virtual time t (timers first): the source's version moves on, then
   * the strategy is told. The verified replay's counterpart of serveOps' write path.
   */
  writeAt(key: number, t: number, op: number, ttlMs: number): void {
    const s = this.strategy;
    const series = this.series;
    if (series !== undefined && t >= series.boundary) this.crossTo(t);
    if (t >= s.nextTimerAt) this.fireTimers(t);
    this.source.now = t;
    this.source.write!(key, t);
    s.write!(key, t, op, ttlMs);
  }

  /** Serves one request at virtual time t (timers first); true on a hit. Records no latency (the caller does). */
  access(key: number, t: number): boolean {
    const s = this.strategy;
    const series = this.series;
    if (series !== undefined && t >= series.boundary) this.crossTo(t);
    if (t >= s.nextTimerAt) this.fireTimers(t);
    this.source.now = t;
    const hit = s.access(key, t);
    if (series !== undefined) series.served(1, hit ? 1 : 0);
    return hit;
  }

  /** access() for a run that counts bytes, keeping the byte counters as replaySized does. */
  accessSized(key: number, t: number, size: number, sourceKeys: number): boolean {
    const s = this.strategy;
    const series = this.series;
    if (series !== undefined && t >= series.boundary) this.crossTo(t);
    if (t >= s.nextTimerAt) this.fireTimers(t);
    this.source.now = t;
    this.requestedBytes += size;
    const hit = s.access(key, t, size);
    if (hit) this.hitBytes += size;
    else if (key < sourceKeys) this.demandBytes += size;
    if (series !== undefined) series.served(1, hit ? 1 : 0);
    return hit;
  }

  /** Fires every timer due at or before t. Timer backfills add source load, not request latency. */
  fireTimers(t: number): void {
    const s = this.strategy;
    while (s.nextTimerAt <= t) this.fireNext();
  }

  /** Fires every timer due strictly before t (a window closes at t). */
  private fireTimersBefore(t: number): void {
    const s = this.strategy;
    while (s.nextTimerAt < t) this.fireNext();
  }

  private fireNext(): void {
    const s = this.strategy;
    const at = s.nextTimerAt;
    this.source.now = at;
    s.onTimer(at);
    this.source.takePendingUs();
    if (s.nextTimerAt <= at) throw new Error(`${this.opts.name}: timer did not advance past ${at}`);
    this.afterTimer?.(at);
  }
}
