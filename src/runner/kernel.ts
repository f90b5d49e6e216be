// The run kernel: the one per-request loop. Before a request at virtual time t it fires every
// strategy timer due at or before t (each must move the next timer past its own time: the advance
// guard), sets the source's clock, lets the strategy serve the request and, when asked, records the
// request's modeled latency. The runner (run.ts), the CPU-cost timing (cpu/cpu-cost.ts) and the live
// mirror (load/mirror.ts) all drive strategies through it, so the three cannot drift apart.
//
// The loop is allocation-free and its call sites see one kernel class; what differs between users is
// data (a latency recorder or none, a time offset) and a hook run per timer, not per request.
import type { Strategy } from '../core/types.ts';
import type { LatencyRecorder } from './latency-recorder.ts';

/** What the kernel needs of a source: its clock, and the modeled latency of the calls just made. */
export interface KernelSource {
  now: number;
  /** Returns and clears the latency (µs) of the calls made since the last call. */
  takePendingUs(): number;
}

export interface KernelOptions {
  /** Named in the error when a timer does not advance. */
  readonly name: string;
  /** Records each miss's latency (hit latency + the source calls it made); hits are added in bulk by the caller. */
  readonly latency?: LatencyRecorder | undefined;
  /** Hit latency (µs) added to every miss's recorded latency. */
  readonly hitUs?: number;
  /** Called after each timer fired (at its virtual time), e.g. to collect what it did. */
  readonly afterTimer?: ((at: number) => void) | undefined;
}

export class RunKernel {
  private readonly latency: LatencyRecorder | undefined;
  private readonly hitUs: number;
  private readonly afterTimer: ((at: number) => void) | undefined;

  constructor(
    readonly strategy: Strategy,
    readonly source: KernelSource,
    private readonly opts: KernelOptions,
  ) {
    this.latency = opts.latency;
    this.hitUs = opts.hitUs ?? 0;
    this.afterTimer = opts.afterTimer;
  }

  /**
   * Serves requests [from, to) of keys/times, each at times[i] + offset; returns the hits. Misses'
   * latencies go to the recorder, if any.
   */
  replay(keys: Uint32Array, times: Float64Array, from: number, to: number, offset: number): number {
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

  /** Serves one request at virtual time t (timers first); true on a hit. Records nothing. */
  access(key: number, t: number): boolean {
    const s = this.strategy;
    if (t >= s.nextTimerAt) this.fireTimers(t);
    this.source.now = t;
    return s.access(key, t);
  }

  /** access() for a run that counts bytes, keeping the byte counters as replaySized does. */
  accessSized(key: number, t: number, size: number, sourceKeys: number): boolean {
    const s = this.strategy;
    if (t >= s.nextTimerAt) this.fireTimers(t);
    this.source.now = t;
    this.requestedBytes += size;
    const hit = s.access(key, t, size);
    if (hit) this.hitBytes += size;
    else if (key < sourceKeys) this.demandBytes += size;
    return hit;
  }

  /** Fires every timer due at or before t. Timer backfills add source load, not request latency. */
  fireTimers(t: number): void {
    const s = this.strategy;
    while (s.nextTimerAt <= t) {
      const at = s.nextTimerAt;
      this.source.now = at;
      s.onTimer(at);
      this.source.takePendingUs();
      if (s.nextTimerAt <= at) throw new Error(`${this.opts.name}: timer did not advance past ${at}`);
      this.afterTimer?.(at);
    }
  }
}
