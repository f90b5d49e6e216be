// CacheStrategy with freshness (issue 14, design §4): the source changes (writes bump a key's version),
// entries expire (ttl, ttlJitter, tti: ./ttl.ts) and a refresh part (./refresh-part.ts) may reload them
// in the background. Chosen once per strategy (StrategyParts.freshness), only for runs with writes, a
// finite ttl/tti or a refresh part: every other run keeps today's classes and costs nothing here.
//
// Per slot of the policy: the cached value's version, when it entered the cache (loadedAt: fill,
// update write or reload completion, as Caffeine writes the entry when a reload completes), its expiry
// (Infinity: never), staleSince (the first source write after the cached version; Infinity: fresh),
// the last access (tti only), the latency of the call that loaded it (xfetch's Δ), a generation
// (bumped whenever the entry is rewritten or leaves: a reload started before is then void), and two
// bits: a reload in flight, a reloaded value not read yet.
//
// A read at `now` of a cached key: expired (now >= expiresAt, or now - lastAccess >= tti)? Within the
// refresh part's stale window (swr): served stale, a hit counted in revalidations, one background
// reload if none is in flight. Else an expired miss (counted in misses and expiredMisses): removed,
// then the ordinary miss path. Not expired: a hit, stale when its version is older than the source's
// (staleReads, age now - staleSince into an HdrHistogram); then the refresh part may start a reload.
//
// Reloads (at most one in flight per key): source.refresh at the start reads the then-current
// version; they complete after the call's modelled latency, as a timer. At completion the entry, if
// still cached and not rewritten since, takes the reloaded value (loadedAt = completion, a new expiry,
// stale since the first write after the start, if any); otherwise the reload is dropped and counted
// wasted. As in Caffeine (BoundedLocalCache.refreshIfNeeded / hasExpired), an entry that expires
// while its reload is in flight is an expired miss when read: the demand fill replaces it and the
// reload, landing later, is dropped.
//
// Byte mode: each insert counts its size as SizedCacheStrategy does (a demand fill the request's
// size, a backfill the key's). Cache events (restart, lose) are not modelled with freshness: the
// presets refuse them with ttl, tti or refresh (checkEvents), and the runner with writes (the class has no onCacheEvent).
import type { FreshnessCounters, FreshnessStats, Key, ObjectSizes, Strategy, StrategyContext, StrategyStats, WriteMode } from '../../core/types.ts';
import { OP_DELETE } from '../../core/ops.ts';
import { sourceValueAt } from '../../source/source-model.ts';
import { CacheStrategy, checkValue, type StrategyParts } from '../cache-strategy.ts';
import { NOT_CACHED } from '../eviction/eviction-policy.ts';
import { HottestSelection } from '../selection/hottest.ts';
import type { FreshView, RefreshPart } from './refresh-part.ts';
import { ReloadQueue } from './reload-queue.ts';
import { StalenessRecorder } from './staleness-recorder.ts';
import { Expiry, type ExpirySettings } from './ttl.ts';

const WINDOW_MS = 1000;

/** What StrategyParts.freshness holds for a freshness strategy (presets/preset.ts builds it). */
export interface FreshnessParts extends ExpirySettings {
  /** The refresh part (refresh-ahead, swr, xfetch, bulk-refresh); undefined: expiry only (`ttl`). */
  readonly refresh: RefreshPart | undefined;
  create(ctx: StrategyContext, parts: StrategyParts): Strategy;
}

/** StrategyParts.freshness for these settings (the refresh part built by the caller). */
export function freshnessParts(settings: ExpirySettings, refresh: RefreshPart | undefined): FreshnessParts {
  return { ...settings, refresh, create: (ctx, parts) => new FreshCacheStrategy(ctx, parts, { ...settings, refresh }) };
}

export class FreshCacheStrategy extends CacheStrategy implements FreshView {
  readonly freshCounters: FreshnessCounters = { staleReads: 0, expiredMisses: 0, refreshReads: 0, revalidations: 0 };
  private refreshCalls = 0;
  private wastedRefreshes = 0;
  private readonly staleness = new StalenessRecorder();

  private readonly mode: WriteMode;
  private readonly expiry: Expiry;
  private readonly ttiMs: number;
  private readonly part: RefreshPart | undefined;
  private readonly partWatchesHits: boolean;
  private readonly staleWindowMs: number;
  private readonly sizes: ObjectSizes | undefined;
  private requestSize = 1;
  /** Latest virtual time seen (access, timer or write). */
  private now = 0;
  private lastMissVersion = 0;

  // Per slot (grown with the base class's values).
  private version: Uint32Array;
  private loadedAt: Float64Array;
  private expiresAt: Float64Array;
  private staleSince: Float64Array;
  private deltaMs: Float64Array;
  private gen: Uint32Array;
  /** The last generation given: one counter for all slots, so a reload never matches a later entry of its key in another slot. */
  private nextGen = 0;
  private reloadOf: Int32Array;
  private lastAccess: Float64Array | undefined;
  private reloading: Int32Array;
  private refreshedUnread: Int32Array;

  private readonly reloads = new ReloadQueue();
  private readonly one = new Uint32Array(1);
  private reloadValues = new Float64Array(1);
  /** The base class's next timer (interval backfills); nextTimerAt is the earliest of it, reloads and the part's steps. */
  private baseNextAt: number;
  private partNextAt: number;
  private readonly stepKeys: Uint32Array;
  /** FreshView.hotness: the `hottest` selection's decayed counts; undefined for other selections. */
  readonly hotness: ((key: number) => number) | undefined;
  /**
   * Cached entries per 1-s window of their expiry time (entries that left before it are taken out),
   * for windows not yet folded: a window before the current one no longer changes (new expiries lie
   * ahead, and leaving before expiry takes out of a window ahead), so stats() folds it into the
   * totals and forgets it: the map holds about ttl/1 s windows, whatever the run's length.
   */
  private readonly expiringIn = new Map<number, number>();
  private expiredFolded = 0;
  private peakFolded = 0;
  /** After finish(): stats() is the final one (exact for the last window; the probe's are cheap). */
  private finished = false;

  constructor(ctx: StrategyContext, parts: StrategyParts, f: ExpirySettings & { readonly refresh: RefreshPart | undefined }) {
    super(ctx, parts);
    this.mode = ctx.writes?.mode ?? 'invalidate';
    this.expiry = new Expiry(f, ctx.seed ?? 1, ctx.keySpace);
    this.ttiMs = f.ttiMs;
    this.part = f.refresh;
    this.partWatchesHits = f.refresh?.watchesHits ?? false;
    this.staleWindowMs = f.refresh?.staleWindowMs ?? 0;
    this.sizes = ctx.sizes;
    const n = this.values.length;
    this.version = new Uint32Array(n);
    this.loadedAt = new Float64Array(n);
    this.expiresAt = new Float64Array(n);
    this.staleSince = new Float64Array(n);
    this.deltaMs = new Float64Array(n);
    this.gen = new Uint32Array(n);
    this.reloadOf = new Int32Array(n);
    this.lastAccess = f.ttiMs === Infinity ? undefined : new Float64Array(n);
    this.reloading = new Int32Array((n + 31) >>> 5);
    this.refreshedUnread = new Int32Array((n + 31) >>> 5);
    this.baseNextAt = this.nextTimerAt;
    this.partNextAt = f.refresh?.firstStepAt ?? Infinity;
    this.stepKeys = new Uint32Array(f.refresh?.step === undefined ? 0 : Math.max(1, Math.min(65_536, ctx.sourceKeys)));
    this.nextTimerAt = Math.min(this.baseNextAt, this.partNextAt);
    const sel = parts.selection;
    this.hotness = sel instanceof HottestSelection ? (key) => sel.sketch.count(key) : undefined;
    // Cache events are not modelled with freshness: without onCacheEvent the runner refuses a
    // restart or a loss (a ConfigError naming the strategy) before anything runs.
    Object.defineProperty(this, 'onCacheEvent', { value: undefined });
  }

  override access(key: Key, now: number, size?: number): boolean {
    this.now = now;
    if (this.sizes !== undefined) this.requestSize = size ?? (key < this.sourceKeys ? this.sizes.sizeOf(key) : 1);
    if (this.recordsRequests) this.admission!.record(key);
    if (this.selectionObserves) this.selection.observe!(key);
    const slot = this.policy.peek(key);
    if (slot !== NOT_CACHED) {
      const expiry = this.expiryOf(slot);
      if (now < expiry) return this.hit(key, now, false);
      if (now < expiry + this.staleWindowMs) return this.hit(key, now, true);
      this.freshCounters.expiredMisses++;
      this.drop(key, slot);
    }
    return this.miss(key, now);
  }

  get lastVersion(): number {
    return this.lastSlot === -1 ? this.lastMissVersion : this.version[this.lastSlot]!;
  }

  /** When a cached key's entry expires after its write (ms; Infinity: never; NaN: not cached): the live runner's SET PX. */
  expiresAtOf(key: Key): number {
    const slot = this.policy.peek(key);
    return slot === NOT_CACHED ? NaN : this.expiresAt[slot]!;
  }

  /** A read record's TTL (a trace with TTLs): the key's TTL from now on, as a write record's sets it. */
  keyTtl(key: Key, ttlMs: number): void {
    if (ttlMs > 0) this.expiry.setKeyTtl(key, ttlMs);
  }

  write(key: Key, now: number, op: number, ttlMs: number): void {
    this.now = now;
    if (ttlMs > 0) this.expiry.setKeyTtl(key, ttlMs);
    const slot = this.policy.peek(key);
    if (slot === NOT_CACHED) return;
    // A reload in flight read the version before this write: its value is stale when it lands.
    if (this.bit(this.reloading, slot)) {
      const r = this.reloadOf[slot]!;
      if (this.reloads.staleSince[r] === Infinity) this.reloads.staleSince[r] = now;
    }
    if (this.clearBit(this.refreshedUnread, slot)) this.wastedRefreshes++;
    if (op === OP_DELETE || this.mode === 'invalidate') {
      this.drop(key, slot);
    } else if (this.mode === 'update') {
      // Write-through: the cached entry takes the new version as if filled now (a reload in flight is void).
      const version = this.versionOf(key);
      this.unexpire(slot);
      this.values[slot] = sourceValueAt(key, version, this.sourceKeys);
      this.store(slot, key, version, now, this.deltaMs[slot]!);
    } else if (this.staleSince[slot] === Infinity) {
      this.staleSince[slot] = now;
    }
  }

  override onTimer(now: number): void {
    this.now = now;
    if (now >= this.baseNextAt) {
      super.onTimer(now);
      this.baseNextAt = this.nextTimerAt;
    }
    if (now >= this.partNextAt) this.stepPart(now);
    while (this.reloads.nextAt <= now) this.complete();
    this.nextTimerAt = Math.min(this.baseNextAt, this.partNextAt, this.reloads.nextAt);
  }

  override stats(): StrategyStats {
    return { ...super.stats(), freshness: this.freshnessStats() };
  }

  override finish(): void {
    super.finish();
    this.finished = true;
    const c = this.freshCounters;
    if (c.expiredMisses > this.misses) throw new Error(`expired misses ${c.expiredMisses} exceed misses ${this.misses}`);
    if (c.staleReads > this.hits || c.revalidations > this.hits) throw new Error('stale reads or revalidations exceed hits');
    if (this.refreshCalls > c.refreshReads) throw new Error(`refresh calls ${this.refreshCalls} > refreshed keys ${c.refreshReads}`);
    let inFlight = 0;
    for (let w = 0; w < this.reloading.length; w++) inFlight += bitCount(this.reloading[w]!);
    if (inFlight > this.reloads.size) throw new Error(`${inFlight} entries marked reloading, ${this.reloads.size} reloads in flight`);
  }

  // FreshView (timer-driven parts).
  forEachCached(visit: (key: number, expiresAt: number) => void): void {
    for (const key of this.policy.keysInEvictionOrder()) {
      const slot = this.policy.peek(key);
      if (!this.bit(this.reloading, slot)) visit(key, this.expiresAt[slot]!);
    }
  }

  reloadableExpiry(key: number): number {
    const slot = this.policy.peek(key);
    return slot === NOT_CACHED || this.bit(this.reloading, slot) ? NaN : this.expiresAt[slot]!;
  }

  /** The entry's expiry: after write, or after the last access when tti is set. */
  private expiryOf(slot: number): number {
    const e = this.expiresAt[slot]!;
    if (this.lastAccess === undefined) return e;
    const idle = this.lastAccess[slot]! + this.ttiMs;
    return idle < e ? idle : e;
  }

  private hit(key: Key, now: number, staleServed: boolean): true {
    const slot = this.policy.find(key);
    this.lastSlot = slot;
    this.hits++;
    if (this.triggerWatchesHits) this.trigger.recordHit();
    if (this.evictsOnHit && this.policy.evictedCount !== 0) this.evicted();
    if (this.pendingUnrequested !== 0 && this.unmark(slot)) this.pendingUnrequested--;
    if (this.lastAccess !== undefined) this.lastAccess[slot] = now;
    this.clearBit(this.refreshedUnread, slot);
    if (this.version[slot]! < this.versionOf(key)) {
      this.freshCounters.staleReads++;
      const since = this.staleSince[slot]!;
      if (since === Infinity) throw new Error(`key ${key}: a stale value with no write recorded after it`);
      this.staleness.record(now - since);
    }
    if (staleServed) {
      this.freshCounters.revalidations++;
      if (!this.bit(this.reloading, slot)) this.startReload(key, slot, now);
    } else if (this.partWatchesHits && !this.bit(this.reloading, slot) && this.part!.shouldRefresh(now, this.loadedAt[slot]!, this.expiresAt[slot]!, this.deltaMs[slot]!)) {
      this.startReload(key, slot, now);
    }
    return true;
  }

  /** The base class's miss path (maybe backfill, demand read, fill); fills set the metadata in cache(). */
  private miss(key: Key, now: number): false {
    this.misses++;
    const backfilled = this.trigger.recordMiss(this.hits, this.misses) && this.backfill(now);
    const value = this.source.read(key);
    this.lastSlot = -1;
    this.lastMissValue = value;
    this.lastMissVersion = this.versionOf(key);
    if (value >= 0) {
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

  /** Caches key -> value (not cached now) with its metadata, marked when backfilled; false when not admitted. */
  protected override cache(key: Key, value: number, mark: boolean): boolean {
    checkValue(value);
    const size = this.sizes === undefined ? 1 : mark ? this.sizes.sizeOf(key) : this.requestSize;
    if (this.admission !== undefined && (!mark || this.admitsBackfill) && !this.admits(key, size)) return this.refused(key, mark);
    const slot = this.policy.insert(key, size);
    // Every eviction matters here: expiry windows, reload bits and wasted refreshes.
    if (this.policy.evictedCount !== 0) this.evicted();
    if (slot === NOT_CACHED) return this.refused(key, mark);
    if (slot >= this.values.length) this.grow(slot);
    this.values[slot] = value;
    if (mark) this.marks[slot >>> 5] = this.marks[slot >>> 5]! | (1 << (slot & 31));
    this.store(slot, key, this.versionOf(key), this.now, this.source.lastCallMs ?? 0);
    return true;
  }

  protected override evicted(): void {
    super.evicted();
    const p = this.policy;
    for (let i = 0; i < p.evictedCount; i++) this.leave(p.evictedSlots[i]!);
  }

  protected override grow(slot: number): void {
    super.grow(slot);
    const n = this.values.length;
    this.version = grown(this.version, n);
    this.loadedAt = grown(this.loadedAt, n);
    this.expiresAt = grown(this.expiresAt, n);
    this.staleSince = grown(this.staleSince, n);
    this.deltaMs = grown(this.deltaMs, n);
    this.gen = grown(this.gen, n);
    this.reloadOf = grown(this.reloadOf, n);
    if (this.lastAccess !== undefined) this.lastAccess = grown(this.lastAccess, n);
    this.reloading = grown(this.reloading, (n + 31) >>> 5);
    this.refreshedUnread = grown(this.refreshedUnread, (n + 31) >>> 5);
  }

  /** The entry in `slot` now holds `version` of key, written at `at`: fresh, a new expiry, any reload in flight void. */
  private store(slot: number, key: Key, version: number, at: number, deltaMs: number): void {
    this.version[slot] = version;
    this.loadedAt[slot] = at;
    const exp = this.expiry.at(key, at);
    this.expiresAt[slot] = exp;
    if (exp !== Infinity) this.countExpiry(exp, 1);
    this.staleSince[slot] = Infinity;
    this.deltaMs[slot] = deltaMs;
    if (this.lastAccess !== undefined) this.lastAccess[slot] = at;
    this.gen[slot] = this.nextGen = (this.nextGen + 1) >>> 0;
    this.clearBit(this.reloading, slot);
  }

  /** Removes a cached key (expired, invalidated or deleted: not an eviction). */
  private drop(key: Key, slot: number): void {
    this.policy.remove(key);
    if (this.unmark(slot)) {
      this.pendingUnrequested--;
      this.evictedBeforeUse++;
    }
    this.leave(slot);
  }

  /** The entry in `slot` leaves the cache (evicted or removed) at this.now. */
  private leave(slot: number): void {
    this.unexpire(slot);
    if (this.clearBit(this.refreshedUnread, slot)) this.wastedRefreshes++;
    this.clearBit(this.reloading, slot);
    this.gen[slot] = this.nextGen = (this.nextGen + 1) >>> 0;
  }

  /** The entry's expiry will not happen while cached (it leaves or is rewritten before it): out of its window. */
  private unexpire(slot: number): void {
    const exp = this.expiresAt[slot]!;
    if (exp !== Infinity && this.now < exp) this.countExpiry(exp, -1);
    this.expiresAt[slot] = Infinity;
  }

  private countExpiry(at: number, d: number): void {
    const w = Math.floor(at / WINDOW_MS);
    const c = (this.expiringIn.get(w) ?? 0) + d;
    if (c === 0) this.expiringIn.delete(w);
    else this.expiringIn.set(w, c);
  }

  private startReload(key: Key, slot: number, now: number): void {
    this.one[0] = key;
    this.startReloads(this.one, 1, now, slot);
  }

  /**
   * One background reload call (source.refresh) for keys[0..n), cached with no reload in flight
   * (`slot`: keys[0]'s when n is 1, else looked up); each key's reload lands when the call completes.
   */
  private startReloads(keys: Uint32Array, n: number, now: number, slot = -1): void {
    if (this.source.down) return; // no background reload during an outage
    if (this.reloadValues.length < n) this.reloadValues = new Float64Array(Math.max(n, 2 * this.reloadValues.length));
    const values = this.reloadValues;
    const ms = this.source.refresh!(keys, n, values);
    this.refreshCalls++;
    this.freshCounters.refreshReads += n;
    const q = this.reloads;
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      const s = n === 1 && slot >= 0 ? slot : this.policy.peek(key);
      const r = q.alloc();
      q.key[r] = key;
      q.gen[r] = this.gen[s]!;
      q.version[r] = this.versionOf(key);
      q.value[r] = values[i]!;
      q.startAt[r] = now;
      q.doneAt[r] = now + ms;
      q.latencyMs[r] = ms;
      q.staleSince[r] = Infinity;
      q.push(r);
      this.reloadOf[s] = r;
      this.reloading[s >>> 5] = this.reloading[s >>> 5]! | (1 << (s & 31));
    }
    if (now + ms < this.nextTimerAt) this.nextTimerAt = now + ms;
  }

  /** The earliest reload in flight completes (at its doneAt). */
  private complete(): void {
    const q = this.reloads;
    const r = q.pop();
    const key = q.key[r]!;
    const at = q.doneAt[r]!;
    const slot = this.policy.peek(key);
    if (slot === NOT_CACHED || this.gen[slot] !== q.gen[r]) {
      this.wastedRefreshes++; // the entry left or was rewritten meanwhile: dropped
    } else {
      const value = q.value[r]!;
      if (value >= 0) {
        if (this.clearBit(this.refreshedUnread, slot)) this.wastedRefreshes++;
        const now = this.now;
        this.now = at;
        this.unexpire(slot);
        this.values[slot] = value;
        this.store(slot, key, q.version[r]!, at, q.latencyMs[r]!);
        this.staleSince[slot] = q.staleSince[r]!;
        this.refreshedUnread[slot >>> 5] = this.refreshedUnread[slot >>> 5]! | (1 << (slot & 31));
        this.now = now;
      } else {
        this.clearBit(this.reloading, slot);
        this.wastedRefreshes++;
      }
    }
    q.release(r);
  }

  /**
   * A timer-driven part's steps due at `now`: each batch it picks (keys cached with no reload in
   * flight: FreshView.reloadableExpiry) is one reload call. A part may give several batches at one time
   * (nextAt == now); each step consumes its list, so the loop ends.
   */
  private stepPart(now: number): void {
    const part = this.part!;
    const keys = this.stepKeys;
    do {
      const step = part.step!(now, this, keys);
      let n = 0;
      for (let i = 0; i < step.n; i++) {
        const key = keys[i]!;
        const slot = this.policy.peek(key);
        if (slot !== NOT_CACHED && !this.bit(this.reloading, slot)) keys[n++] = key;
      }
      if (n > 0) this.startReloads(keys, n, now);
      if (step.nextAt < now) throw new Error(`refresh ${part.name}: next step at ${step.nextAt} is before ${now}`);
      this.partNextAt = step.nextAt;
    } while (this.partNextAt <= now);
  }

  private versionOf(key: Key): number {
    return this.source.versionOf(key);
  }

  private bit(bits: Int32Array, slot: number): boolean {
    return (bits[slot >>> 5]! & (1 << (slot & 31))) !== 0;
  }

  private clearBit(bits: Int32Array, slot: number): boolean {
    const w = slot >>> 5;
    const b = 1 << (slot & 31);
    const word = bits[w]!;
    if ((word & b) === 0) return false;
    bits[w] = word & ~b;
    return true;
  }

  private freshnessStats(): FreshnessStats {
    const current = Math.floor(this.now / WINDOW_MS);
    for (const [w, c] of this.expiringIn) {
      if (w >= current) continue;
      this.expiredFolded += c;
      if (c > this.peakFolded) this.peakFolded = c;
      this.expiringIn.delete(w);
    }
    // The current window and those ahead: the final stats take out the entries not expired by the
    // end (O(size), once); the probe's mid-run calls (which read no freshness) count the current window whole.
    const windows = new Map<number, number>();
    for (const [w, c] of this.expiringIn) if (w === current) windows.set(w, c);
    if (this.finished && windows.size > 0) {
      for (const key of this.policy.keysInEvictionOrder()) {
        const exp = this.expiresAt[this.policy.peek(key)]!;
        if (exp > this.now && Math.floor(exp / WINDOW_MS) === current) windows.set(current, windows.get(current)! - 1);
      }
    }
    let peak = this.peakFolded;
    let expiries = this.expiredFolded;
    for (const c of windows.values()) {
      expiries += c;
      if (c > peak) peak = c;
    }
    let unread = 0;
    for (let w = 0; w < this.refreshedUnread.length; w++) unread += bitCount(this.refreshedUnread[w]!);
    const c = this.freshCounters;
    return {
      staleReads: c.staleReads,
      stalenessMs: this.staleness.summary(),
      expiredMisses: c.expiredMisses,
      revalidations: c.revalidations,
      refreshReads: c.refreshReads,
      refreshCalls: this.refreshCalls,
      // Reloaded values never read by the end, and reloads still in flight, are waste too.
      wastedRefreshes: this.wastedRefreshes + unread + this.reloads.size,
      peakExpiriesPerSec: peak,
      expiries,
    };
  }
}

type Typed = Uint32Array | Int32Array | Float64Array;
function grown<T extends Typed>(a: T, n: number): T {
  if (a.length >= n) return a;
  const out = new (a.constructor as new (n: number) => T)(n);
  out.set(a);
  return out;
}

function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
