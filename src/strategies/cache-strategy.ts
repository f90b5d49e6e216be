// The one Strategy implementation the presets compose: a store, a request-path trigger, an optional
// interval timer, and a backfill selection. It decides hit or miss, what to backfill and when; the
// counting source behind ctx.source counts and models latency.
import type { Key, SourceReader, Strategy, StrategyContext, StrategyStats } from '../core/types.ts';
import { ABSENT } from '../core/types.ts';
import { SourceOrderCursor } from './selection/source-order-cursor.ts';
import { HashedLruStore } from './stores/hashed-lru-store.ts';
import { HashedUnboundedStore } from './stores/hashed-unbounded-store.ts';
import { DIRECT_INDEX_MAX_KEYS } from './stores/key-index.ts';
import { LruStore } from './stores/lru-store.ts';
import { NOT_CACHED, type Store } from './stores/store.ts';
import { UnboundedStore } from './stores/unbounded-store.ts';
import { MissRateTrigger } from './triggers/miss-rate-trigger.ts';
import { NeverTrigger, type RequestTrigger } from './triggers/request-trigger.ts';

export interface CacheStrategyOptions {
  /** LRU capacity in keys; undefined for an unbounded store. */
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

export function createStore(capacity: number | undefined, keySpace: number): Store {
  const direct = keySpace <= DIRECT_INDEX_MAX_KEYS;
  if (capacity !== undefined) return direct ? new LruStore(capacity, keySpace) : new HashedLruStore(capacity);
  return direct ? new UnboundedStore(keySpace) : new HashedUnboundedStore();
}

export function createCacheStrategy(ctx: StrategyContext, o: CacheStrategyOptions): Strategy {
  return new CacheStrategy(ctx, o);
}

export class CacheStrategy implements Strategy {
  nextTimerAt = Infinity;
  /** Slot of the last hit, or -1 after a miss (then lastMissValue holds the source's answer). */
  private lastSlot = -1;
  private lastMissValue = ABSENT;

  private readonly store: Store;
  private readonly trigger: RequestTrigger;
  private readonly source: SourceReader;
  private readonly selection: SourceOrderCursor;
  private readonly batch: number;
  private readonly intervalMs: number;
  private readonly countEmpty: boolean;
  private readonly batchKeys: Uint32Array;
  private readonly batchValues: Float64Array;
  /** Whether backfilled-but-unrequested keys are tracked (store marks): only when backfilling. */
  /** Copied from the trigger so the hit path reads a field, not a call. */
  private readonly triggerWatchesHits: boolean;
  private hits = 0;
  private misses = 0;
  private readonly onEvict: ((key: Key) => void) | undefined;

  private tick = 1;
  private backfills = 0;
  private backfilledKeys = 0;
  private wasted = 0;
  private pendingUnrequested = 0;
  private maxBatchLoaded = 0;

  constructor(ctx: StrategyContext, o: CacheStrategyOptions) {
    this.source = ctx.source;
    this.onEvict = ctx.onEvict;
    this.store = createStore(o.capacity, ctx.keySpace);
    this.trigger = o.threshold === undefined ? new NeverTrigger() : new MissRateTrigger(o.threshold, o.window);
    this.selection = new SourceOrderCursor(ctx.sourceKeys);
    this.batch = o.batch ?? 0;
    this.intervalMs = o.intervalMs ?? Infinity;
    this.nextTimerAt = this.intervalMs;
    this.countEmpty = o.countEmptyBackfills ?? false;
    const backfills = o.threshold !== undefined || o.intervalMs !== undefined;
    this.batchKeys = new Uint32Array(backfills ? this.batch : 0);
    this.batchValues = new Float64Array(backfills ? this.batch : 0);
    this.triggerWatchesHits = this.trigger.watchesHits;
  }

  access(key: Key, _now: number): boolean {
    const slot = this.store.find(key);
    if (slot !== NOT_CACHED) {
      this.lastSlot = slot; // the value is only read if someone asks (verification)
      this.hits++;
      if (this.triggerWatchesHits) this.trigger.recordHit();
      // Marks exist only while backfilled keys await their first request: usually none.
      if (this.pendingUnrequested !== 0 && this.store.unmark(slot)) this.pendingUnrequested--;
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
      // The key is requested now: if the backfill just loaded it, it is no longer unrequested.
      if (backfilled) {
        const cached = this.store.find(key);
        if (cached !== NOT_CACHED && this.store.unmark(cached)) this.pendingUnrequested--;
      }
      this.cache(key, value, false);
    }
    return false;
  }

  get lastValue(): number {
    return this.lastSlot === -1 ? this.lastMissValue : this.store.valueAt(this.lastSlot);
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
      backfillWaste: this.wasted + this.pendingUnrequested,
      evictions: this.store.evictions,
      finalSize: this.store.size,
      maxBatchLoaded: this.maxBatchLoaded,
    };
  }

  finish(): void {
    this.store.check();
    const unrequested = this.store.countMarked();
    if (unrequested !== this.pendingUnrequested) {
      throw new Error(`unrequested backfilled keys: counted ${this.pendingUnrequested}, found ${unrequested}`);
    }
    if (this.maxBatchLoaded > this.batch) throw new Error(`a backfill loaded ${this.maxBatchLoaded} keys, batch is ${this.batch}`);
    if (this.wasted + this.pendingUnrequested > this.backfilledKeys) throw new Error('backfill waste exceeds backfilled keys');
  }

  /** Loads the next batch; false when the source had nothing left to give. */
  private backfill(): boolean {
    const n = this.selection.select(this.store, this.batch, this.batchKeys);
    if (n === 0) {
      // Nothing left to give: skipping avoids the reference's fruitless backfills (pitfall 2).
      if (this.countEmpty) this.backfills++;
      return false;
    }
    this.source.readBatch(this.batchKeys, n, this.batchValues);
    this.backfills++;
    this.backfilledKeys += n;
    if (n > this.maxBatchLoaded) this.maxBatchLoaded = n;
    for (let i = 0; i < n; i++) this.cache(this.batchKeys[i]!, this.batchValues[i]!, true);
    this.pendingUnrequested += n;
    return true;
  }

  private cache(key: Key, value: number, mark: boolean): void {
    const evicted = this.store.insert(key, value, mark);
    if (evicted === NOT_CACHED) return;
    if (this.onEvict !== undefined) this.onEvict(evicted);
    if (this.store.evictedMarked) {
      this.pendingUnrequested--;
      this.wasted++;
    }
  }
}
