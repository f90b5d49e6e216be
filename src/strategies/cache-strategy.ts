// The one Strategy implementation the presets compose: an eviction policy (which keys stay), a
// request-path trigger, an optional interval timer, and a backfill selection. It decides hit or
// miss, what to backfill and when; the counting source behind ctx.source counts and models latency.
// The policy holds keys only: values and backfill marks live here, per slot of the policy (the marks
// as a bitset: a backfilled key no request has used yet).
//
// Monomorphic hot path: V8 keeps type feedback per function literal, and every class made from one
// literal shares it, so a class factory would not separate policies. LRU strategies (the measured
// ones) get their own subclass whose access() and cache() are copies of this text (a test checks
// they stay identical): however many other policies one process runs, LRU's call sites see LRU only.
//
// Cache events (runs with events only: nothing here runs per request): a restart rebuilds the policy
// and the admission from StrategyParts.rebuild (same classes, so call sites stay monomorphic) and
// warms the cache per the event (warm-up.ts); a loss removes a seeded-hash share of the keys. Warm-ups
// at a rate, the `on-event` trigger and any trigger's `rateLimit` are paced by token buckets, stepped
// by the kernel's timer (nextTimerAt = the earliest of the interval timer and the warm-up steps).
import type { Key, ObjectSizes, SourceReader, Strategy, StrategyContext, StrategyStats } from '../core/types.ts';
import { ABSENT } from '../core/types.ts';
import type { CacheEvent } from '../events/timeline-event.ts';
import { lostKey } from '../events/timeline-event.ts';
import { sourceValue } from '../source/source-model.ts';
import type { Admission } from './admission/admission.ts';
import { NOT_CACHED, type EvictionPolicy } from './eviction/eviction-policy.ts';
import { LruPolicy } from './eviction/lru.ts';
import { policySpec } from './eviction/registry.ts';
import { createUnbounded } from './eviction/unbounded.ts';
import type { Selection } from './selection/selection.ts';
import { SourceOrderCursor } from './selection/source-order.ts';
import { DIRECT_INDEX_MAX_KEYS } from './stores/key-index.ts';
import { MissRateTrigger } from './triggers/miss-rate.ts';
import { TokenBucket } from './triggers/token-bucket.ts';
import { NeverTrigger, type RequestTrigger, type Trigger } from './triggers/trigger.ts';
import { OUTAGE_RETRY_MS, PacedJob } from './warm-up.ts';

/** The parts of one strategy, built (presets/preset.ts builds them from a bundle's parameters). */
export interface StrategyParts {
  readonly policy: EvictionPolicy;
  /** undefined: admit everything (`always`), at no cost on the hot path. */
  readonly admission: Admission | undefined;
  /** Backfilled keys pass admission too (`same`), or enter unasked (`bypass`). */
  readonly backfillAdmission: 'same' | 'bypass';
  readonly trigger: Trigger;
  readonly selection: Selection;
  /** Keys per backfill (0 when the trigger never backfills). */
  readonly batch: number;
  /** Count a backfill that loads nothing (the reference's behaviour) instead of skipping it. */
  readonly countEmptyBackfills?: boolean;
  /**
   * Most keys backfilled per virtual second by the trigger (a token bucket with a burst of one
   * batch); bytes per second when the selection's batch is in bytes. undefined: unlimited.
   */
  readonly rateLimit?: number | undefined;
  /** The byte budget of a backfill, when the batch is in bytes (the rate limit then counts bytes). */
  readonly batchBytes?: number | undefined;
  /**
   * A new, empty policy and admission of the same kinds and parameters: what a restart rebuilds
   * (same classes, so the call sites stay monomorphic). Without it a restart is refused.
   */
  readonly rebuild?: { policy(): EvictionPolicy; admission(): Admission | undefined };
  /**
   * Freshness (issue 14: writes at the source, expiry, refresh): present only for runs that use it,
   * and it brings its own class (freshness/fresh-cache-strategy.ts), so other runs never load it
   * and keep today's classes.
   */
  readonly freshness?: { create(ctx: StrategyContext, parts: StrategyParts): Strategy } | undefined;
}

/** The reference's options (replay and older callers): LRU or unbounded, miss-rate and/or interval. */
export interface CacheStrategyOptions {
  /** Capacity in keys; undefined for a cache that only grows. */
  readonly capacity: number | undefined;
  /** Miss-rate threshold for request-path backfill; undefined for none. */
  readonly threshold?: number | undefined;
  /** Sliding window (lookups) for the miss rate; undefined for cumulative. */
  readonly window?: number | undefined;
  /** Virtual ms between timer backfills; undefined for none. */
  readonly intervalMs?: number | undefined;
  /** Keys per backfill. */
  readonly batch?: number | undefined;
  /** Count a backfill that loads nothing (the reference's behaviour) instead of skipping it. */
  readonly countEmptyBackfills?: boolean | undefined;
}

/** The policy a strategy runs on: the named one at a bounded capacity, the unbounded cache otherwise. */
export function createPolicy(eviction: string, capacity: number | undefined, keySpace: number, params: Readonly<Record<string, unknown>> = {}): EvictionPolicy {
  if (capacity === undefined) return createUnbounded(keySpace);
  return policySpec(eviction).create(capacity, keySpace, params);
}

/** A strategy of these parts, specialised by policy (see the note at the top). */
export function createStrategyOf(ctx: StrategyContext, parts: StrategyParts): Strategy {
  if (parts.freshness !== undefined) return parts.freshness.create(ctx, parts);
  if (ctx.sizes !== undefined) return new SizedCacheStrategy(ctx, parts, ctx.sizes);
  return parts.policy instanceof LruPolicy ? new LruCacheStrategy(ctx, parts) : new CacheStrategy(ctx, parts);
}

export function createCacheStrategy(ctx: StrategyContext, o: CacheStrategyOptions): Strategy {
  return createStrategyOf(ctx, {
    policy: createPolicy('lru', o.capacity, ctx.keySpace),
    rebuild: { policy: () => createPolicy('lru', o.capacity, ctx.keySpace), admission: () => undefined },
    admission: undefined,
    backfillAdmission: 'same',
    trigger: { request: o.threshold === undefined ? new NeverTrigger() : new MissRateTrigger(o.threshold, o.window), intervalMs: o.intervalMs ?? Infinity },
    selection: new SourceOrderCursor(ctx.sourceKeys),
    batch: o.batch ?? 0,
    countEmptyBackfills: o.countEmptyBackfills ?? false,
  });
}

/** Values are the source model's non-negative 31-bit integers, so they fit an Int32Array. */
export function checkValue(value: number): void {
  if (value < 0 || value > 0x7fffffff) throw new RangeError(`cached values must be 31-bit non-negative integers, got ${value}`);
}

export class CacheStrategy implements Strategy {
  nextTimerAt = Infinity;
  /** Slot of the last hit, or -1 after a miss (then lastMissValue holds the source's answer). */
  protected lastSlot = -1;
  protected lastMissValue = ABSENT;

  /** Replaced (by one of the same class) only at a restart. */
  protected policy: EvictionPolicy;
  protected readonly sourceKeys: number;
  protected readonly trigger: RequestTrigger;
  protected readonly source: SourceReader;
  /** undefined for `always`: the hot path then skips admission with one field test. Rebuilt at a restart. */
  protected admission: Admission | undefined;
  /** Copied from the admission: record() on every request. */
  protected readonly recordsRequests: boolean;
  protected readonly admitsBackfill: boolean;
  protected readonly selection: Selection;
  /** Copied from the selection: observe() on every request (hottest, clairvoyant). */
  protected readonly selectionObserves: boolean;
  /** Copied from the selection: evicted() for each evicted key (recently-evicted). */
  private readonly selectionWatchesEvictions: boolean;
  /** Someone must hear of every eviction: the observer (ctx.onEvict) or the selection. */
  protected readonly watchesEvictions: boolean;
  private readonly batch: number;
  private readonly intervalMs: number;
  /** The interval timer's next time (nextTimerAt is the earliest of it and the warm-up steps). */
  private intervalAt: number;
  private readonly countEmpty: boolean;
  private readonly batchKeys: Uint32Array;
  private readonly batchValues: Float64Array;
  /** Copied from the trigger so the hit path reads a field, not a call. */
  protected readonly triggerWatchesHits: boolean;
  protected readonly onEvict: ((key: Key) => void) | undefined;
  /** The policy's find() may evict (capabilities.evictsOnHit): false for LRU, so the hit path skips it. */
  protected readonly evictsOnHit: boolean;
  /** values[slot]: the cached value of the key in that slot of the policy. */
  protected values: Int32Array;
  /** Bit `slot` set: a backfilled key in that slot that no request has used yet. */
  protected marks: Int32Array;

  protected hits = 0;
  protected misses = 0;
  private tick = 1;
  private backfills = 0;
  private backfilledKeys = 0;
  /** Backfilled keys evicted before any request used them. */
  protected evictedBeforeUse = 0;
  /** Backfilled keys refused by the admission or the policy (read from the source, never cached). */
  protected backfillRejected = 0;
  /** Backfilled keys cached and not yet requested (marked). */
  protected pendingUnrequested = 0;
  private maxBatchLoaded = 0;

  // Cache events and pacing: set only in runs that use them.
  private readonly seed: number;
  private readonly rebuild: StrategyParts['rebuild'];
  /** The trigger's rate limit (undefined: unlimited); in bytes when byteSizes is set. */
  private readonly limiter: TokenBucket | undefined;
  private readonly limiterBytes: ObjectSizes | undefined;
  private readonly rateLimit: number | undefined;
  /** `on-event` trigger: keys to backfill after an event (null: the keys the event lost); undefined: not on-event. */
  private readonly eventKeys: number | null | undefined;
  private readonly capacityKeys: number | undefined;
  /** The event warm-up (snapshot or peer list) and the on-event backfill in progress, if any. */
  private warmJob: PacedJob | undefined;
  private eventJob: PacedJob | undefined;
  /** Evictions of policies replaced at restarts. */
  private evictionsBefore = 0;
  private warmupReads = 0;
  private peerCopiedKeys = 0;
  private throttledBackfills = 0;

  constructor(ctx: StrategyContext, parts: StrategyParts) {
    this.sourceKeys = ctx.sourceKeys;
    this.source = ctx.source;
    this.onEvict = ctx.onEvict;
    const policy = parts.policy;
    this.policy = policy;
    this.evictsOnHit = policy.capabilities.evictsOnHit ?? false;
    this.admission = parts.admission;
    this.recordsRequests = parts.admission?.recordsRequests ?? false;
    this.admitsBackfill = parts.backfillAdmission === 'same';
    this.trigger = parts.trigger.request;
    this.selection = parts.selection;
    this.selectionObserves = parts.selection.observesRequests === true;
    this.selectionWatchesEvictions = parts.selection.observesEvictions === true;
    this.watchesEvictions = this.onEvict !== undefined || this.selectionWatchesEvictions;
    this.batch = parts.batch;
    this.intervalMs = parts.trigger.intervalMs;
    this.intervalAt = this.intervalMs;
    this.nextTimerAt = this.intervalMs;
    this.seed = ctx.seed ?? 1;
    this.rebuild = parts.rebuild;
    this.eventKeys = parts.trigger.onEvent?.eventKeys;
    this.capacityKeys = ctx.sizes === undefined && policy.capacity < Number.MAX_SAFE_INTEGER ? policy.capacity : undefined;
    this.limiterBytes = parts.rateLimit !== undefined && parts.batchBytes !== undefined ? ctx.batchSizes : undefined;
    const burst = this.limiterBytes !== undefined ? parts.batchBytes! : Math.max(1, this.batch);
    this.rateLimit = parts.rateLimit;
    this.limiter = parts.rateLimit === undefined ? undefined : new TokenBucket(parts.rateLimit, burst, 0);
    this.countEmpty = parts.countEmptyBackfills ?? false;
    this.batchKeys = new Uint32Array(this.batch);
    this.batchValues = new Float64Array(this.batch);
    this.triggerWatchesHits = this.trigger.watchesHits;
    // Sized once for the slots a dense key space can use (so the arrays are never replaced in the
    // run); hashed key spaces start small and grow with the policy's slots.
    const slots = Math.max(policy.slotLimit, ctx.keySpace <= DIRECT_INDEX_MAX_KEYS ? Math.min(policy.capacity, Math.max(1024, ctx.keySpace)) : 1024);
    this.values = new Int32Array(slots);
    this.marks = new Int32Array((slots + 31) >>> 5);
  }

  access(key: Key, now: number): boolean {
    const slot = this.policy.find(key);
    if (this.recordsRequests) this.admission!.record(key);
    if (this.selectionObserves) this.selection.observe!(key);
    if (slot !== NOT_CACHED) {
      this.lastSlot = slot; // the value is only read if someone asks (verification)
      this.hits++;
      if (this.triggerWatchesHits) this.trigger.recordHit();
      // A policy whose hits may evict (W-TinyLFU's promotions): what it evicted is accounted for.
      if (this.evictsOnHit && this.policy.evictedCount !== 0) this.evicted();
      // Marks exist only while backfilled keys await their first request: usually none.
      if (this.pendingUnrequested !== 0 && this.unmark(slot)) this.pendingUnrequested--;
      return true;
    }
    // A miss: maybe backfill first (on the request path, as the reference does), then serve the key
    // from the source even if the backfill just loaded it.
    this.misses++;
    const backfilled = this.trigger.recordMiss(this.hits, this.misses) && this.backfill(now);
    const value = this.source.read(key);
    this.lastSlot = -1;
    this.lastMissValue = value;
    // ABSENT (the source lacks the key) and SOURCE_FAILED (an outage) are negative: nothing cached.
    if (value >= 0) {
      // The key is requested now: if the backfill just loaded it, it is used (and touched) now.
      const cached = backfilled ? this.policy.find(key) : NOT_CACHED;
      if (this.evictsOnHit && cached !== NOT_CACHED && this.policy.evictedCount !== 0) this.evicted();
      if (cached !== NOT_CACHED) {
        if (this.unmark(cached)) this.pendingUnrequested--;
        this.values[cached] = value;
      } else {
        this.cache(key, value, false);
      }
    }
    return false;
  }

  get lastValue(): number {
    return this.lastSlot === -1 ? this.lastMissValue : this.values[this.lastSlot]!;
  }

  onTimer(now: number): void {
    if (now >= this.intervalAt) {
      this.backfill(now);
      // Ticks are k * interval for integer k: no drift, and always strictly later than this one.
      this.tick++;
      this.intervalAt = this.tick * this.intervalMs;
    }
    if (this.warmJob !== undefined || this.eventJob !== undefined) this.runJobs(now);
    this.nextTimerAt = this.nextTimer();
  }

  stats(): StrategyStats {
    return {
      backfills: this.backfills,
      backfilledKeys: this.backfilledKeys,
      backfillWaste: this.evictedBeforeUse + this.backfillRejected + this.pendingUnrequested,
      backfillRejected: this.backfillRejected,
      backfillEvictedBeforeUse: this.evictedBeforeUse,
      evictions: this.evictionsBefore + this.policy.evictions,
      finalSize: this.policy.size,
      maxBatchLoaded: this.maxBatchLoaded,
      // Only when used, so results of runs without events or rate limits keep their shape.
      ...(this.warmupReads !== 0 ? { warmupReads: this.warmupReads } : {}),
      ...(this.peerCopiedKeys !== 0 ? { peerCopiedKeys: this.peerCopiedKeys } : {}),
      ...(this.throttledBackfills !== 0 ? { throttledBackfills: this.throttledBackfills } : {}),
    };
  }

  finish(): void {
    this.policy.check();
    let unrequested = 0;
    for (let w = 0; w < this.marks.length; w++) unrequested += bitCount(this.marks[w]!);
    if (unrequested !== this.pendingUnrequested) {
      throw new Error(`unrequested backfilled keys: counted ${this.pendingUnrequested}, found ${unrequested}`);
    }
    if (this.maxBatchLoaded > this.batch) throw new Error(`a backfill loaded ${this.maxBatchLoaded} keys, batch is ${this.batch}`);
    if (this.evictedBeforeUse + this.backfillRejected + this.pendingUnrequested > this.backfilledKeys) throw new Error('backfill waste exceeds backfilled keys');
  }

  /** Caches key -> value (not cached now), marked when backfilled; false when not admitted. */
  protected cache(key: Key, value: number, mark: boolean): boolean {
    checkValue(value);
    if (this.admission !== undefined && (!mark || this.admitsBackfill) && !this.admits(key, 1)) return this.refused(key, mark);
    const slot = this.policy.insert(key, 1);
    // Evicted keys matter only to an observer, or while backfilled keys await their first request.
    if (this.policy.evictedCount !== 0 && (this.pendingUnrequested !== 0 || this.watchesEvictions)) this.evicted();
    if (slot === NOT_CACHED) return this.refused(key, mark);
    if (slot >= this.values.length) this.grow(slot);
    this.values[slot] = value;
    if (mark) this.marks[slot >>> 5] = this.marks[slot >>> 5]! | (1 << (slot & 31));
    return true;
  }

  /**
   * A key the admission or the policy refused: counted when backfilled, and told to the eviction
   * observer (a live cache that wrote it removes it at once, so it holds what the strategy holds).
   */
  protected refused(key: Key, backfilled: boolean): false {
    if (backfilled) this.backfillRejected++;
    if (this.onEvict !== undefined) this.onEvict(key);
    return false;
  }

  /** Asks the admission about `key`, with the policy's next victim when it needs one. */
  protected admits(key: Key, size: number): boolean {
    const admission = this.admission!;
    if (!admission.needsVictim) return admission.admit(key, NOT_CACHED);
    const p = this.policy;
    if (p.usedBytes + size <= p.capacity) return admission.admit(key, NOT_CACHED);
    // Validation pairs a duelling admission only with policies that name their victim.
    return admission.admit(key, p.victim!());
  }

  /** Clears the mark of `slot`; true if it was marked. */
  protected unmark(slot: number): boolean {
    const w = slot >>> 5;
    const bit = 1 << (slot & 31);
    const word = this.marks[w]!;
    if ((word & bit) === 0) return false;
    this.marks[w] = word & ~bit;
    return true;
  }

  /** The keys the last insert evicted: tell the observer, and count backfilled keys never used. */
  protected evicted(): void {
    const p = this.policy;
    for (let i = 0; i < p.evictedCount; i++) {
      if (this.onEvict !== undefined) this.onEvict(p.evictedKeys[i]!);
      if (this.selectionWatchesEvictions) this.selection.evicted!(p.evictedKeys[i]!);
      if (this.unmark(p.evictedSlots[i]!)) {
        this.pendingUnrequested--;
        this.evictedBeforeUse++;
      }
    }
  }

  /** Loads the next batch; false when the source had nothing left to give (or is down, or the rate limit said no). */
  protected backfill(now: number): boolean {
    // Backfills pause while the source is down (an outage).
    if (this.source.down) return false;
    const n = this.limiter === undefined ? this.selection.select(this.policy, this.batch, this.batchKeys) : this.limitedSelect(this.limiter, now);
    if (n <= 0) {
      // Nothing left to give: skipping avoids the reference's fruitless backfills (pitfall 2).
      if (n === 0 && this.countEmpty) this.backfills++;
      return false;
    }
    this.source.readBatch(this.batchKeys, n, this.batchValues);
    this.backfills++;
    this.backfilledKeys += n;
    if (n > this.maxBatchLoaded) this.maxBatchLoaded = n;
    for (let i = 0; i < n; i++) if (this.cache(this.batchKeys[i]!, this.batchValues[i]!, true)) this.pendingUnrequested++;
    return true;
  }

  /** Grows the per-slot arrays to cover `slot` (and the policy's slots so far). */
  protected grow(slot: number): void {
    const n = Math.max(slot + 1, this.policy.slotLimit, Math.ceil(this.values.length * 1.5));
    const values = new Int32Array(n);
    values.set(this.values);
    const marks = new Int32Array((n + 31) >>> 5);
    marks.set(this.marks);
    this.values = values;
    this.marks = marks;
  }

  /** Units a key restored or copied by a warm-up occupies (its size in byte mode). */
  protected sizeOfKey(_key: Key): number {
    return 1;
  }

  /**
   * Caches a key a warm-up restores (snapshot at a rate) or copies (peer), without asking the
   * admission: the key was admitted before the restart, or by the twin; the policy may still refuse it.
   */
  private restore(key: Key, value: number, mark: boolean): boolean {
    checkValue(value);
    const slot = this.policy.insert(key, this.sizeOfKey(key));
    if (this.policy.evictedCount !== 0 && (this.pendingUnrequested !== 0 || this.watchesEvictions)) this.evicted();
    if (slot === NOT_CACHED) return this.refused(key, mark);
    if (slot >= this.values.length) this.grow(slot);
    this.values[slot] = value;
    if (mark) this.marks[slot >>> 5] = this.marks[slot >>> 5]! | (1 << (slot & 31));
    return true;
  }

  /**
   * The next batch under the rate limit: at most the whole tokens in the bucket (keys), or nothing
   * until it holds a whole batch budget (bytes: a byte selection's batch is not split). -1: skipped.
   * Counts the backfills it skipped or cut short.
   */
  private limitedSelect(limiter: TokenBucket, now: number): number {
    const tokens = limiter.available(now);
    const sizes = this.limiterBytes;
    if (sizes !== undefined) {
      if (tokens < limiter.burst) {
        this.throttledBackfills++;
        return -1;
      }
      const n = this.selection.select(this.policy, this.batch, this.batchKeys);
      let bytes = 0;
      for (let i = 0; i < n; i++) bytes += sizes.sizeOf(this.batchKeys[i]!);
      limiter.take(bytes);
      return n;
    }
    if (tokens === 0) {
      this.throttledBackfills++;
      return -1;
    }
    if (tokens < this.batch) this.throttledBackfills++;
    const n = this.selection.select(this.policy, Math.min(this.batch, tokens), this.batchKeys);
    limiter.take(n);
    return n;
  }

  /** The cached keys, most valuable first: the reverse of the policy's eviction order (O(size)). */
  cachedKeysByPriority(): Uint32Array {
    const order = this.policy.keysInEvictionOrder();
    const out = new Uint32Array(order.length);
    for (let i = 0; i < order.length; i++) out[i] = order[order.length - 1 - i]!;
    return out;
  }

  /**
   * A restart or a loss at `now` (see the design in warm-up.ts and README "Events"). A snapshot
   * restored at once loses nothing: the event then changes nothing at all (the policy is kept).
   */
  onCacheEvent(e: CacheEvent, now: number, peer: Uint32Array | undefined): void {
    if (e.warm === 'snapshot' && e.rate === undefined) return;
    if (e.warm === 'peer' && peer === undefined) throw new Error(`${e.kind} at ${e.at} ms with warm=peer: the runner gave no peer view`);
    const before = this.cachedKeysByPriority();
    if (this.selection.onCacheEvent !== undefined) this.selection.onCacheEvent(e, before);
    // A new event replaces any warm-up still in progress (its list is stale).
    this.warmJob = undefined;
    this.eventJob = undefined;
    let lost: Uint32Array;
    let fromPeer: Uint32Array | undefined = peer;
    if (e.kind === 'restart') {
      this.restart(before);
      lost = before;
    } else {
      lost = this.lose(e.index, e.fraction, before);
      // The lost node's share of the twin's keys.
      if (peer !== undefined && e.warm === 'peer') fromPeer = peer.filter((k) => lostKey(this.seed, e.index, k, e.fraction));
    }
    if (e.warm !== 'cold') {
      const keys = e.warm === 'snapshot' ? lost : fromPeer!;
      // A copy at once is one batch: inserted least valuable first, it rebuilds the twin's order.
      const batch = e.rate === undefined ? Math.max(1, keys.length) : e.batch;
      this.warmJob = new PacedJob(e.warm, keys, keys.length, batch, e.rate, batch, now);
    }
    // An explicit eventKeys always runs; the default (the keys lost) only when something was lost.
    if (this.eventKeys !== undefined && (this.eventKeys !== null || lost.length > 0)) {
      // on-event: by default the keys the event lost (a restart: the capacity, when it is larger).
      const limit = this.eventKeys ?? (e.kind === 'restart' ? Math.max(lost.length, this.capacityKeys ?? 0) : lost.length);
      this.eventJob = new PacedJob('on-event', undefined, limit, this.batch, this.rateLimit, this.limiter?.burst ?? this.batch, now);
    }
    this.runJobs(now);
    this.nextTimerAt = this.nextTimer();
  }

  /** A new process: an empty policy and admission of the same kinds; values and marks cleared. */
  private restart(before: Uint32Array): void {
    if (this.rebuild === undefined) throw new Error('this strategy was built without StrategyParts.rebuild: it cannot restart');
    // Backfilled keys no request used are lost with the cache: waste, as if evicted before use.
    this.evictedBeforeUse += this.pendingUnrequested;
    this.pendingUnrequested = 0;
    if (this.onEvict !== undefined) for (let i = 0; i < before.length; i++) this.onEvict(before[i]!);
    this.evictionsBefore += this.policy.evictions;
    this.policy = this.rebuild.policy();
    this.admission = this.rebuild.admission();
    this.values.fill(0);
    this.marks.fill(0);
    this.lastSlot = -1;
  }

  /** Removes the cached keys the loss hits (an invalidation, not an eviction); returns them, most valuable first. */
  private lose(index: number, fraction: number, before: Uint32Array): Uint32Array {
    const lost: number[] = [];
    for (let i = 0; i < before.length; i++) {
      const key = before[i]!;
      if (!lostKey(this.seed, index, key, fraction)) continue;
      lost.push(key);
      const slot = this.policy.remove(key);
      if (slot !== NOT_CACHED && this.unmark(slot)) {
        this.pendingUnrequested--;
        this.evictedBeforeUse++;
      }
      if (this.onEvict !== undefined) this.onEvict(key);
    }
    this.lastSlot = -1;
    return Uint32Array.from(lost);
  }

  private nextTimer(): number {
    let t = this.intervalAt;
    if (this.warmJob !== undefined && this.warmJob.nextAt < t) t = this.warmJob.nextAt;
    if (this.eventJob !== undefined && this.eventJob.nextAt < t) t = this.eventJob.nextAt;
    return t;
  }

  /** Runs the warm-up steps due at `now` (the event warm-up first, then the on-event backfill). */
  private runJobs(now: number): void {
    const w = this.warmJob;
    if (w !== undefined) {
      while (w.nextAt <= now) this.stepList(w, now);
      if (w.done) this.warmJob = undefined;
    }
    const j = this.eventJob;
    if (j !== undefined) {
      while (j.nextAt <= now) this.stepSelection(j, now);
      if (j.done) this.eventJob = undefined;
    }
  }

  /** One batch of a snapshot (read from the source) or peer (copied) list; keys cached meanwhile are skipped. */
  private stepList(job: PacedJob, now: number): void {
    if (job.kind === 'snapshot' && this.source.down) {
      job.nextAt = now + OUTAGE_RETRY_MS;
      return;
    }
    const keys = job.keys!;
    const out = job.out;
    const want = job.bucket === undefined ? job.batch : Math.min(job.batch, job.bucket.available(now));
    let c = 0;
    while (c < want && job.pos < keys.length) {
      const key = keys[job.pos++]!;
      if (!this.policy.contains(key)) out[c++] = key;
    }
    if (c > 0) {
      // Each batch is inserted least valuable first, so its most valuable key is the most recent.
      if (job.kind === 'snapshot') {
        this.source.readBatch(out, c, job.values);
        this.backfills++;
        this.backfilledKeys += c;
        this.warmupReads += c;
        for (let i = c - 1; i >= 0; i--) if (this.restore(out[i]!, job.values[i]!, true)) this.pendingUnrequested++;
      } else {
        // The twin cached the source's value (the source model's values never change).
        for (let i = c - 1; i >= 0; i--) this.restore(out[i]!, sourceValue(out[i]!, this.sourceKeys), false);
        this.peerCopiedKeys += c;
      }
      job.bucket?.take(c);
      job.loaded += c;
    }
    job.schedule(now, Math.min(job.batch, job.remaining));
  }

  /** One batch of the on-event trigger's backfill, from the selection, as any backfill (admission, marks). */
  private stepSelection(job: PacedJob, now: number): void {
    if (this.source.down) {
      job.nextAt = now + OUTAGE_RETRY_MS;
      return;
    }
    const bytes = this.limiterBytes;
    const bucket = job.bucket;
    const perBatch = bytes !== undefined ? bucket!.burst : Math.min(this.batch, job.remaining);
    let cap = Math.min(this.batch, job.remaining);
    if (bucket !== undefined && bytes === undefined) cap = Math.min(cap, bucket.available(now));
    if (cap === 0 || (bytes !== undefined && bucket!.available(now) < perBatch)) {
      job.schedule(now, perBatch);
      return;
    }
    const out = job.out;
    const n = this.selection.select(this.policy, cap, out);
    if (n === 0) {
      job.finishNow(); // the selection has nothing left to give
      return;
    }
    this.source.readBatch(out, n, job.values);
    this.backfills++;
    this.backfilledKeys += n;
    this.warmupReads += n;
    if (n > this.maxBatchLoaded) this.maxBatchLoaded = n;
    for (let i = 0; i < n; i++) if (this.cache(out[i]!, job.values[i]!, true)) this.pendingUnrequested++;
    if (bucket !== undefined) {
      let taken = n;
      if (bytes !== undefined) {
        taken = 0;
        for (let i = 0; i < n; i++) taken += bytes.sizeOf(out[i]!);
      }
      bucket.take(taken);
    }
    job.loaded += n;
    job.schedule(now, bytes !== undefined ? perBatch : Math.min(this.batch, job.remaining));
  }
}

/**
 * CacheStrategy on an LruPolicy: access() and cache() are copies of CacheStrategy's text, so V8
 * gives them their own type feedback (LRU only), whatever other policies run in the process.
 */
export class LruCacheStrategy extends CacheStrategy {
  override access(key: Key, now: number): boolean {
    const slot = this.policy.find(key);
    if (this.recordsRequests) this.admission!.record(key);
    if (this.selectionObserves) this.selection.observe!(key);
    if (slot !== NOT_CACHED) {
      this.lastSlot = slot; // the value is only read if someone asks (verification)
      this.hits++;
      if (this.triggerWatchesHits) this.trigger.recordHit();
      // A policy whose hits may evict (W-TinyLFU's promotions): what it evicted is accounted for.
      if (this.evictsOnHit && this.policy.evictedCount !== 0) this.evicted();
      // Marks exist only while backfilled keys await their first request: usually none.
      if (this.pendingUnrequested !== 0 && this.unmark(slot)) this.pendingUnrequested--;
      return true;
    }
    // A miss: maybe backfill first (on the request path, as the reference does), then serve the key
    // from the source even if the backfill just loaded it.
    this.misses++;
    const backfilled = this.trigger.recordMiss(this.hits, this.misses) && this.backfill(now);
    const value = this.source.read(key);
    this.lastSlot = -1;
    this.lastMissValue = value;
    // ABSENT (the source lacks the key) and SOURCE_FAILED (an outage) are negative: nothing cached.
    if (value >= 0) {
      // The key is requested now: if the backfill just loaded it, it is used (and touched) now.
      const cached = backfilled ? this.policy.find(key) : NOT_CACHED;
      if (this.evictsOnHit && cached !== NOT_CACHED && this.policy.evictedCount !== 0) this.evicted();
      if (cached !== NOT_CACHED) {
        if (this.unmark(cached)) this.pendingUnrequested--;
        this.values[cached] = value;
      } else {
        this.cache(key, value, false);
      }
    }
    return false;
  }

  /** Caches key -> value (not cached now), marked when backfilled; false when not admitted. */
  protected override cache(key: Key, value: number, mark: boolean): boolean {
    checkValue(value);
    if (this.admission !== undefined && (!mark || this.admitsBackfill) && !this.admits(key, 1)) return this.refused(key, mark);
    const slot = this.policy.insert(key, 1);
    // Evicted keys matter only to an observer, or while backfilled keys await their first request.
    if (this.policy.evictedCount !== 0 && (this.pendingUnrequested !== 0 || this.watchesEvictions)) this.evicted();
    if (slot === NOT_CACHED) return this.refused(key, mark);
    if (slot >= this.values.length) this.grow(slot);
    this.values[slot] = value;
    if (mark) this.marks[slot >>> 5] = this.marks[slot >>> 5]! | (1 << (slot & 31));
    return true;
  }
}

/**
 * CacheStrategy with a capacity in bytes: each object counts its size. A demand fill inserts the
 * request's own size (as libCacheSim inserts each request's obj_size; a hit leaves the cached size
 * alone); a backfill inserts the key's size. Its own class, so object-mode strategies keep inserting
 * a constant 1 on call sites that never see a size.
 */
export class SizedCacheStrategy extends CacheStrategy {
  /** Size of the request being served (what a demand fill inserts). */
  private requestSize = 1;

  constructor(
    ctx: StrategyContext,
    parts: StrategyParts,
    private readonly sizes: ObjectSizes,
  ) {
    super(ctx, parts);
  }

  protected override sizeOfKey(key: Key): number {
    return this.sizes.sizeOf(key);
  }

  override access(key: Key, now: number, size?: number): boolean {
    this.requestSize = size ?? (key < this.sourceKeys ? this.sizes.sizeOf(key) : 1);
    return super.access(key, now);
  }

  /** Caches key -> value (not cached now), marked when backfilled; false when not admitted. */
  protected override cache(key: Key, value: number, mark: boolean): boolean {
    checkValue(value);
    const size = mark ? this.sizes.sizeOf(key) : this.requestSize;
    if (this.admission !== undefined && (!mark || this.admitsBackfill) && !this.admits(key, size)) return this.refused(key, mark);
    const slot = this.policy.insert(key, size);
    // Evicted keys matter only to an observer, or while backfilled keys await their first request.
    if (this.policy.evictedCount !== 0 && (this.pendingUnrequested !== 0 || this.watchesEvictions)) this.evicted();
    if (slot === NOT_CACHED) return this.refused(key, mark);
    if (slot >= this.values.length) this.grow(slot);
    this.values[slot] = value;
    if (mark) this.marks[slot >>> 5] = this.marks[slot >>> 5]! | (1 << (slot & 31));
    return true;
  }
}

function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
