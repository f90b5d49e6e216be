// Fetches in flight: key -> the time its fetch completes. A request for a key whose fetch is still in
// flight either waits for it (coalescing, as singleflight or Memcache leases do: a "delayed hit",
// Atre et al., SIGCOMM'20) or, with coalescing off, sends a read of its own (a duplicate read: the
// thundering herd). Also the stampede sizes: requests served per fetch (the miss and all who joined).
//
// An open-addressing table in typed arrays (linear probing, backward-shift deletion): no allocation
// per request. Entries whose fetch completed are dropped lazily (when met, or by a sweep when the
// table is half full); the table doubles only when more fetches are in flight at once than ever.
const EMPTY = -Infinity;

/** join(): no fetch of the key is in flight. */
export const NOT_IN_FLIGHT = -1;

export interface SingleFlightSummary {
  /** Reads that started a fetch (misses with nothing in flight). */
  readonly fetches: number;
  readonly delayedHits: number;
  /** Mean wait of a delayed hit for the fetch it joined. */
  readonly meanDelayedWaitMs: number;
  readonly duplicateReads: number;
  /** Requests per fetch (the miss itself and every request that joined it): p50, p99, max. */
  readonly stampedeP50: number;
  readonly stampedeP99: number;
  readonly stampedeMax: number;
}

export class SingleFlight {
  fetches = 0;
  delayedHits = 0;
  /** Sum of the delayed hits' waits. */
  delayedWaitMs = 0;
  duplicateReads = 0;

  private keys: Uint32Array;
  private done: Float64Array;
  private joined: Uint32Array;
  private spareKeys: Uint32Array;
  private spareDone: Float64Array;
  private spareJoined: Uint32Array;
  private mask: number;
  private shift: number;
  private used = 0;
  /** stampedes[n] = fetches that served n requests. */
  private stampedes = new Float64Array(16);
  private maxStampede = 0;

  /** @param capacity initial slots, rounded up to a power of two (>= 16) */
  constructor(
    readonly coalesce: boolean,
    capacity = 64,
  ) {
    const bits = Math.max(4, Math.ceil(Math.log2(capacity)));
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    this.keys = new Uint32Array(1 << bits);
    this.done = new Float64Array(1 << bits).fill(EMPTY);
    this.joined = new Uint32Array(1 << bits);
    this.spareKeys = new Uint32Array(1 << bits);
    this.spareDone = new Float64Array(1 << bits).fill(EMPTY);
    this.spareJoined = new Uint32Array(1 << bits);
  }

  /**
   * A request for `key` at t, before the cache is asked: when a fetch of the key is in flight (it
   * completes after t), the request joins it and its completion time is returned: with coalescing a
   * delayed hit waiting until then; without, a duplicate read that the caller issues (and reports
   * with begin()). Infinity for a fetch begun with an unknown completion (see below), NOT_IN_FLIGHT
   * when none is in flight.
   */
  join(key: number, t: number): number {
    const i = this.find(key);
    if (i < 0) return NOT_IN_FLIGHT;
    const d = this.done[i]!;
    if (d <= t) {
      this.retire(i);
      return NOT_IN_FLIGHT;
    }
    // A fetch whose completion is not known yet (a deferred low-priority backfill, begun with done =
    // Infinity): nothing to wait for. The caller issues a demand read and reports it with begin(),
    // which makes the key available at that read's completion; nothing is counted here.
    if (d === Infinity) return Infinity;
    this.joined[i]!++;
    if (this.coalesce) {
      this.delayedHits++;
      this.delayedWaitMs += d - t;
    } else this.duplicateReads++;
    return d;
  }

  /**
   * A read of `key` issued at t that completes at `done`: a new fetch, or (coalescing off) a
   * duplicate's own read, in which case the key is available at the earlier of the two completions.
   * A read that fails is not reported: the next request for the key misses again. `done` may be
   * Infinity for a read whose completion is not known yet (DEFERRED by the queue); begin() again
   * with the completion once known.
   */
  begin(key: number, t: number, done: number): void {
    const i = this.find(key);
    if (i >= 0) {
      if (this.done[i]! > t) {
        if (done < this.done[i]!) this.done[i] = done;
        return;
      }
      this.record(this.joined[i]! + 1);
      this.done[i] = done;
      this.joined[i] = 0;
      this.fetches++;
      return;
    }
    if (2 * (this.used + 1) > this.mask + 1) this.sweep(t);
    this.put(key, done, 0);
    this.fetches++;
  }

  /** Fetches in flight at t (entries whose completion is after t). O(table size): for tests and summaries. */
  inFlightAt(t: number): number {
    let n = 0;
    for (let i = 0; i <= this.mask; i++) if (this.done[i]! > t) n++;
    return n;
  }

  /** Counts every remaining fetch's stampede and summarises; the table is empty afterwards. */
  finish(): SingleFlightSummary {
    for (let i = 0; i <= this.mask; i++) {
      if (this.done[i] === EMPTY) continue;
      this.record(this.joined[i]! + 1);
      this.done[i] = EMPTY;
    }
    this.used = 0;
    return {
      fetches: this.fetches,
      delayedHits: this.delayedHits,
      meanDelayedWaitMs: this.delayedHits > 0 ? this.delayedWaitMs / this.delayedHits : 0,
      duplicateReads: this.duplicateReads,
      stampedeP50: this.stampedeQuantile(0.5),
      stampedeP99: this.stampedeQuantile(0.99),
      stampedeMax: this.maxStampede,
    };
  }

  private home(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  private find(key: number): number {
    const mask = this.mask;
    for (let i = this.home(key); ; i = (i + 1) & mask) {
      if (this.done[i] === EMPTY) return -1;
      if (this.keys[i] === key) return i;
    }
  }

  private put(key: number, done: number, joined: number): void {
    const mask = this.mask;
    let i = this.home(key);
    while (this.done[i] !== EMPTY) i = (i + 1) & mask;
    this.keys[i] = key;
    this.done[i] = done;
    this.joined[i] = joined;
    this.used++;
  }

  /** Drops entry i (its stampede is counted), shifting back later entries of its probe run. */
  private retire(i: number): void {
    this.record(this.joined[i]! + 1);
    const mask = this.mask;
    const keys = this.keys;
    const done = this.done;
    const joined = this.joined;
    for (let j = (i + 1) & mask; done[j] !== EMPTY; j = (j + 1) & mask) {
      // Entry j may move to the hole at i when i lies on its probe path, [home, j].
      if (((j - this.home(keys[j]!)) & mask) >= ((j - i) & mask)) {
        keys[i] = keys[j]!;
        done[i] = done[j]!;
        joined[i] = joined[j]!;
        i = j;
      }
    }
    done[i] = EMPTY;
    this.used--;
  }

  /** Re-inserts the fetches still in flight at t into the spare arrays (doubling when over a quarter full). */
  private sweep(t: number): void {
    const keys = this.keys;
    const done = this.done;
    const joined = this.joined;
    let live = 0;
    for (let i = 0; i <= this.mask; i++) if (done[i]! > t) live++;
    const size = this.mask + 1;
    if (4 * (live + 1) > size) {
      const bits = 32 - this.shift + 1;
      this.spareKeys = new Uint32Array(1 << bits);
      this.spareDone = new Float64Array(1 << bits).fill(EMPTY);
      this.spareJoined = new Uint32Array(1 << bits);
      this.mask = (1 << bits) - 1;
      this.shift = 32 - bits;
    }
    this.keys = this.spareKeys;
    this.done = this.spareDone;
    this.joined = this.spareJoined;
    this.used = 0;
    for (let i = 0; i < size; i++) {
      const d = done[i]!;
      if (d === EMPTY) continue;
      if (d > t) this.put(keys[i]!, d, joined[i]!);
      else this.record(joined[i]! + 1);
      done[i] = EMPTY;
    }
    if (this.mask + 1 === size) {
      this.spareKeys = keys;
      this.spareDone = done;
      this.spareJoined = joined;
    } else {
      this.spareKeys = new Uint32Array(this.mask + 1);
      this.spareDone = new Float64Array(this.mask + 1).fill(EMPTY);
      this.spareJoined = new Uint32Array(this.mask + 1);
    }
  }

  private record(requests: number): void {
    if (requests >= this.stampedes.length) {
      let n = this.stampedes.length;
      while (n <= requests) n *= 2;
      const b = new Float64Array(n);
      b.set(this.stampedes);
      this.stampedes = b;
    }
    this.stampedes[requests]!++;
    if (requests > this.maxStampede) this.maxStampede = requests;
  }

  private stampedeQuantile(q: number): number {
    let total = 0;
    for (let n = 1; n <= this.maxStampede; n++) total += this.stampedes[n]!;
    let acc = 0;
    for (let n = 1; n <= this.maxStampede; n++) {
      acc += this.stampedes[n]!;
      if (acc >= q * total) return n;
    }
    return 0;
  }
}
