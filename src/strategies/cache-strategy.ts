// The one Strategy implementation the presets compose: a store, a request-path trigger, an optional
// interval timer, and a backfill selection. It decides hit or miss, what to backfill and when; the
// counting source behind ctx.source counts and models latency.
import type { Key, SourceReader, Strategy, StrategyContext, StrategyStats } from '../core/types.ts';
import { ABSENT } from '../core/types.ts';
import { SourceOrderCursor } from './selection/source-order-cursor.ts';
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
  return capacity === undefined ? new UnboundedStore(keySpace) : new LruStore(capacity, keySpace);
}

export class CacheStrategy implements Strategy {
  lastValue = ABSENT;
  nextTimerAt = Infinity;

  private readonly store: Store;
  private readonly trigger: RequestTrigger;
  private readonly source: SourceReader;
  private readonly selection: SourceOrderCursor;
  private readonly batch: number;
  private readonly intervalMs: number;
  private readonly countEmpty: boolean;
  private readonly batchKeys: Uint32Array;
  private readonly batchValues: Float64Array;
  /** 1 for a backfilled key not yet requested; empty when the strategy never backfills. */
  private unrequested: Uint8Array;

  private tick = 1;
  private backfills = 0;
  private backfilledKeys = 0;
  private wasted = 0;
  private pendingUnrequested = 0;
  private maxBatchLoaded = 0;

  constructor(ctx: StrategyContext, o: CacheStrategyOptions) {
    this.source = ctx.source;
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
    this.unrequested = new Uint8Array(backfills ? Math.max(1, ctx.keySpace) : 0);
  }

  access(key: Key, _now: number): boolean {
    const slot = this.store.find(key);
    if (slot !== NOT_CACHED) {
      this.lastValue = this.store.valueAt(slot);
      this.trigger.recordHit();
      if (this.unrequested.length !== 0) this.markRequested(key);
      return true;
    }
    // A miss: maybe backfill first (on the request path, as the reference does), then serve the key
    // from the source even if the backfill just loaded it.
    if (this.trigger.recordMiss()) this.backfill();
    const value = this.source.read(key);
    this.lastValue = value;
    if (value !== ABSENT) {
      if (this.unrequested.length !== 0) this.markRequested(key);
      this.cache(key, value);
    }
    return false;
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
    let unrequested = 0;
    for (let k = 0; k < this.unrequested.length; k++) {
      if (this.unrequested[k] === 1) {
        unrequested++;
        if (!this.store.contains(k)) throw new Error(`backfilled key ${k} is marked unrequested but is not cached`);
      }
    }
    if (unrequested !== this.pendingUnrequested) {
      throw new Error(`unrequested backfilled keys: counted ${this.pendingUnrequested}, found ${unrequested}`);
    }
    if (this.maxBatchLoaded > this.batch) throw new Error(`a backfill loaded ${this.maxBatchLoaded} keys, batch is ${this.batch}`);
    if (this.wasted + this.pendingUnrequested > this.backfilledKeys) throw new Error('backfill waste exceeds backfilled keys');
  }

  private backfill(): void {
    const n = this.selection.select(this.store, this.batch, this.batchKeys);
    if (n === 0) {
      // Nothing left to give: skipping avoids the reference's fruitless backfills (pitfall 2).
      if (this.countEmpty) this.backfills++;
      return;
    }
    this.source.readBatch(this.batchKeys, n, this.batchValues);
    this.backfills++;
    this.backfilledKeys += n;
    if (n > this.maxBatchLoaded) this.maxBatchLoaded = n;
    for (let i = 0; i < n; i++) {
      const key = this.batchKeys[i]!;
      this.cache(key, this.batchValues[i]!);
      if (key >= this.unrequested.length) this.growUnrequested(key);
      if (this.unrequested[key] === 0 && this.store.contains(key)) {
        this.unrequested[key] = 1;
        this.pendingUnrequested++;
      }
    }
  }

  private cache(key: Key, value: number): void {
    const evicted = this.store.insert(key, value);
    if (evicted !== NOT_CACHED && evicted < this.unrequested.length && this.unrequested[evicted] === 1) {
      this.unrequested[evicted] = 0;
      this.pendingUnrequested--;
      this.wasted++;
    }
  }

  private markRequested(key: Key): void {
    if (key < this.unrequested.length && this.unrequested[key] === 1) {
      this.unrequested[key] = 0;
      this.pendingUnrequested--;
    }
  }

  private growUnrequested(key: Key): void {
    let len = this.unrequested.length;
    while (len <= key) len *= 2;
    const grown = new Uint8Array(len);
    grown.set(this.unrequested);
    this.unrequested = grown;
  }
}
