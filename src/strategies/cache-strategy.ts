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
import type { Key, ObjectSizes, SourceReader, Strategy, StrategyContext, StrategyStats } from '../core/types.ts';
import { ABSENT } from '../core/types.ts';
import type { Admission } from './admission/admission.ts';
import { NOT_CACHED, type EvictionPolicy } from './eviction/eviction-policy.ts';
import { LruPolicy } from './eviction/lru.ts';
import { policySpec } from './eviction/registry.ts';
import { createUnbounded } from './eviction/unbounded.ts';
import type { Selection } from './selection/selection.ts';
import { SourceOrderCursor } from './selection/source-order.ts';
import { DIRECT_INDEX_MAX_KEYS } from './stores/key-index.ts';
import { MissRateTrigger } from './triggers/miss-rate.ts';
import { NeverTrigger, type RequestTrigger, type Trigger } from './triggers/trigger.ts';

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
  if (ctx.sizes !== undefined) return new SizedCacheStrategy(ctx, parts, ctx.sizes);
  return parts.policy instanceof LruPolicy ? new LruCacheStrategy(ctx, parts) : new CacheStrategy(ctx, parts);
}

export function createCacheStrategy(ctx: StrategyContext, o: CacheStrategyOptions): Strategy {
  return createStrategyOf(ctx, {
    policy: createPolicy('lru', o.capacity, ctx.keySpace),
    admission: undefined,
    backfillAdmission: 'same',
    trigger: { request: o.threshold === undefined ? new NeverTrigger() : new MissRateTrigger(o.threshold, o.window), intervalMs: o.intervalMs ?? Infinity },
    selection: new SourceOrderCursor(ctx.sourceKeys),
    batch: o.batch ?? 0,
    countEmptyBackfills: o.countEmptyBackfills ?? false,
  });
}

/** Values are the source model's non-negative 31-bit integers, so they fit an Int32Array. */
function checkValue(value: number): void {
  if (value < 0 || value > 0x7fffffff) throw new RangeError(`cached values must be 31-bit non-negative integers, got ${value}`);
}

export class CacheStrategy implements Strategy {
  nextTimerAt = Infinity;
  /** Slot of the last hit, or -1 after a miss (then lastMissValue holds the source's answer). */
  protected lastSlot = -1;
  protected lastMissValue = ABSENT;

  protected readonly policy: EvictionPolicy;
  protected readonly sourceKeys: number;
  protected readonly trigger: RequestTrigger;
  protected readonly source: SourceReader;
  /** undefined for `always`: the hot path then skips admission with one field test. */
  protected readonly admission: Admission | undefined;
  /** Copied from the admission: record() on every request. */
  protected readonly recordsRequests: boolean;
  protected readonly admitsBackfill: boolean;
  private readonly selection: Selection;
  private readonly batch: number;
  private readonly intervalMs: number;
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
    this.batch = parts.batch;
    this.intervalMs = parts.trigger.intervalMs;
    this.nextTimerAt = this.intervalMs;
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

  access(key: Key, _now: number): boolean {
    const slot = this.policy.find(key);
    if (this.recordsRequests) this.admission!.record(key);
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
    const backfilled = this.trigger.recordMiss(this.hits, this.misses) && this.backfill();
    const value = this.source.read(key);
    this.lastSlot = -1;
    this.lastMissValue = value;
    if (value !== ABSENT) {
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

  onTimer(_now: number): void {
    this.backfill();
    // Ticks are k * interval for integer k: no drift, and always strictly later than this one.
    this.tick++;
    this.nextTimerAt = this.tick * this.intervalMs;
  }

  stats(): StrategyStats {
    return {
      backfills: this.backfills,
      backfilledKeys: this.backfilledKeys,
      backfillWaste: this.evictedBeforeUse + this.backfillRejected + this.pendingUnrequested,
      backfillRejected: this.backfillRejected,
      backfillEvictedBeforeUse: this.evictedBeforeUse,
      evictions: this.policy.evictions,
      finalSize: this.policy.size,
      maxBatchLoaded: this.maxBatchLoaded,
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
    if (this.policy.evictedCount !== 0 && (this.pendingUnrequested !== 0 || this.onEvict !== undefined)) this.evicted();
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
      if (this.unmark(p.evictedSlots[i]!)) {
        this.pendingUnrequested--;
        this.evictedBeforeUse++;
      }
    }
  }

  /** Loads the next batch; false when the source had nothing left to give. */
  protected backfill(): boolean {
    const n = this.selection.select(this.policy, this.batch, this.batchKeys);
    if (n === 0) {
      // Nothing left to give: skipping avoids the reference's fruitless backfills (pitfall 2).
      if (this.countEmpty) this.backfills++;
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
}

/**
 * CacheStrategy on an LruPolicy: access() and cache() are copies of CacheStrategy's text, so V8
 * gives them their own type feedback (LRU only), whatever other policies run in the process.
 */
export class LruCacheStrategy extends CacheStrategy {
  override access(key: Key, _now: number): boolean {
    const slot = this.policy.find(key);
    if (this.recordsRequests) this.admission!.record(key);
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
    const backfilled = this.trigger.recordMiss(this.hits, this.misses) && this.backfill();
    const value = this.source.read(key);
    this.lastSlot = -1;
    this.lastMissValue = value;
    if (value !== ABSENT) {
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
    if (this.policy.evictedCount !== 0 && (this.pendingUnrequested !== 0 || this.onEvict !== undefined)) this.evicted();
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
    if (this.policy.evictedCount !== 0 && (this.pendingUnrequested !== 0 || this.onEvict !== undefined)) this.evicted();
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
