// The freshness semantics of issue 14, written plainly from the design (notes: issue14-design.md §4-5),
// not from FreshCacheStrategy: a Map-based LRU cache (Map order = least recently used first) that
// demand-fills, over a source whose keys carry versions bumped by writes. Entries expire (ttl with
// jitter drawn by the caller, time-to-idle), are checked lazily on read, may be served stale within
// a stale-while-revalidate window, and are reloaded in the background (refresh-ahead, xfetch, swr,
// bulk-refresh); a reload lands `reloadMs` after it starts, with the version read at its start.
// Slow and obviously correct: a property (test/freshness-model.test.ts) drives it and the class
// with the same operations and compares what every read served and every counter.
//
// Timers (reload completions, bulk-refresh steps) due at or before an operation's time run before
// it, each at its own time, as the kernel fires them; at one time, the bulk-refresh step before the
// completions (in start order).

export type WriteMode = 'invalidate' | 'update' | 'none';
export type RefreshKind = 'none' | 'refresh-ahead' | 'swr' | 'xfetch' | 'bulk-refresh';

export interface BulkModelOptions {
  readonly intervalMs: number;
  readonly horizonMs: number;
  /**
   * Keys per virtual second (a token bucket holding one batch, full at time 0); Infinity: unlimited.
   * The bucket is kept as whole ms of credit (1000 / rate ms a token), exact when that is a whole number.
   */
  readonly rate: number;
  /** Keys per reload call. */
  readonly batch: number;
  /** The selection's rank of a key (higher = hotter), or undefined: soonest expiry first. */
  readonly hotness?: (key: number) => number | undefined;
}

export interface FreshModelOptions {
  /** LRU capacity in keys. */
  readonly capacity: number;
  /** Keys [0, sourceKeys) exist; others are never cached. */
  readonly sourceKeys: number;
  readonly ttlMs: number;
  readonly ttiMs: number;
  /** The TTL of one new expiry of `key` (the caller's jitter); called once per expiry set, in order. Default: ttlMs. */
  readonly ttlOf?: (ttlMs: number) => number;
  readonly mode: WriteMode;
  readonly refresh: RefreshKind;
  readonly refreshAfterMs: number;
  readonly swrMs: number;
  readonly xfetchBeta: number;
  /** u in (0, 1], one per xfetch decision. */
  readonly xfetchU?: () => number;
  /** Modelled latency of a demand read (the Δ of an entry it fills). */
  readonly readMs: number;
  /** Modelled latency of a reload call of n keys. */
  readonly reloadMs: (n: number) => number;
  readonly bulk?: BulkModelOptions;
  /** An in-flight reload at the end of the run counts as wasted (its value was read, never served). */
  readonly wasteInFlightAtEnd?: boolean;
}

export type ReadKind = 'hit' | 'stale' | 'revalidation' | 'miss' | 'expired';

export interface ReadOutcome {
  readonly kind: ReadKind;
  readonly hit: boolean;
  /** The source version of the value served (the current version on a miss of a source key). */
  readonly version: number;
  /** Virtual ms since the source changed (stale reads only). */
  readonly ageMs: number;
}

interface Entry {
  version: number;
  loadedAt: number;
  expiresAt: number;
  staleSince: number;
  lastAccess: number;
  deltaMs: number;
  refreshedUnread: boolean;
}

interface Reload {
  readonly key: number;
  readonly entry: Entry;
  readonly doneAt: number;
  readonly version: number;
  readonly deltaMs: number;
  staleSince: number;
}

export class FreshnessModel {
  readonly cache = new Map<number, Entry>();
  readonly versions = new Map<number, number>();
  private readonly keyTtls = new Map<number, number>();
  private reloads: Reload[] = [];
  /** Expiry window (floor(expiresAt / 1000)) -> entries expiring in it. */
  readonly expiriesBySecond = new Map<number, number>();

  hits = 0;
  misses = 0;
  expiredMisses = 0;
  staleReads = 0;
  readonly staleAges: number[] = [];
  revalidations = 0;
  refreshReads = 0;
  refreshCalls = 0;
  wastedRefreshes = 0;
  evictions = 0;
  demandReads = 0;
  writes = 0;
  /** Bulk-refresh: reload calls made, as [time, keys...]. */
  readonly bulkCalls: { at: number; keys: number[] }[] = [];

  // bulk-refresh state
  private tick = 1;
  private job: { list: number[]; pos: number; horizonEnd: number; nextAt: number } | undefined;
  /** The bucket: ms of credit at time creditAt (a token per 1000 / rate ms, at most one batch's). */
  private credit = 0;
  private creditAt = 0;

  constructor(readonly o: FreshModelOptions) {
    if (o.bulk !== undefined) this.credit = o.bulk.batch * (1000 / o.bulk.rate);
  }

  versionOf(key: number): number {
    return this.versions.get(key) ?? 0;
  }

  /** A read at `now` (timers due first). */
  read(key: number, now: number): ReadOutcome {
    this.advance(now);
    const e = this.cache.get(key);
    if (e !== undefined) {
      const expiry = this.effectiveExpiry(e);
      if (now >= expiry) {
        if (now < expiry + this.staleWindow()) {
          this.touch(key, e, now);
          this.hits++;
          this.revalidations++;
          const age = this.served(key, e, now);
          if (!this.reloading(key)) this.startReloads([key], now);
          return { kind: 'revalidation', hit: true, version: e.version, ageMs: age };
        }
        this.expiredMisses++;
        this.leave(key, e, now);
        return this.miss(key, now, 'expired');
      }
      this.touch(key, e, now);
      this.hits++;
      const age = this.served(key, e, now);
      if (!this.reloading(key) && this.watchesHits() && this.shouldRefresh(now, e)) this.startReloads([key], now);
      return { kind: age >= 0 ? 'stale' : 'hit', hit: true, version: e.version, ageMs: age };
    }
    return this.miss(key, now, 'miss');
  }

  /** A write (op 'write') or delete at the source at `now`; ttlMs > 0: the key's TTL from now on (a trace's). */
  write(key: number, now: number, op: 'write' | 'delete', ttlMs = 0): void {
    this.advance(now);
    this.writes++;
    if (ttlMs > 0) this.keyTtls.set(key, ttlMs);
    this.versions.set(key, this.versionOf(key) + 1);
    for (const r of this.reloads) if (r.key === key && r.staleSince === Infinity) r.staleSince = now;
    const e = this.cache.get(key);
    if (e === undefined) return;
    if (e.refreshedUnread) {
      e.refreshedUnread = false;
      this.wastedRefreshes++;
    }
    if (op === 'delete' || this.o.mode === 'invalidate') {
      this.leave(key, e, now);
    } else if (this.o.mode === 'update') {
      this.unexpire(e, now);
      // A new entry object: a reload in flight sees its entry rewritten and is dropped.
      const fresh: Entry = { ...e, version: this.versionOf(key), loadedAt: now, staleSince: Infinity, lastAccess: now, refreshedUnread: false };
      fresh.expiresAt = this.expiryFrom(key, now);
      this.cache.set(key, fresh); // same place in the LRU order: a write is not an access
    } else if (e.staleSince === Infinity) {
      e.staleSince = now;
    }
  }

  /** Runs the timers due at or before `now`. */
  advance(now: number): void {
    for (;;) {
      const t = this.nextTimer();
      if (t > now) return;
      while (this.bulkNextAt() === t) this.bulkStep(t);
      const done = this.reloads.filter((r) => r.doneAt <= t);
      this.reloads = this.reloads.filter((r) => r.doneAt > t);
      for (const r of done) this.complete(r, r.doneAt);
    }
  }

  /** The end of the run at `now`: reloaded values never read are wasted. */
  finish(now: number): void {
    this.advance(now);
    for (const e of this.cache.values()) if (e.refreshedUnread) this.wastedRefreshes++;
    if (this.o.wasteInFlightAtEnd === true) this.wastedRefreshes += this.reloads.length;
  }

  /**
   * Expiries by `now`, per 1-s window of their time: entries that left (or were rewritten) before
   * expiring do not count, nor cached entries whose expiry is still to come.
   */
  expiriesBy(now: number): Map<number, number> {
    const windows = new Map(this.expiriesBySecond);
    for (const e of this.cache.values()) {
      if (e.expiresAt === Infinity || e.expiresAt <= now) continue;
      const w = Math.floor(e.expiresAt / 1000);
      windows.set(w, windows.get(w)! - 1);
    }
    return windows;
  }

  /** The most entries that expired in one 1-s window by `now`. */
  peakExpiriesPerSec(now: number): number {
    let peak = 0;
    for (const n of this.expiriesBy(now).values()) peak = Math.max(peak, n);
    return peak;
  }

  /** Cached keys, least recently used first. */
  keys(): number[] {
    return [...this.cache.keys()];
  }

  nextTimer(): number {
    let t = Infinity;
    for (const r of this.reloads) t = Math.min(t, r.doneAt);
    return Math.min(t, this.bulkNextAt());
  }

  // ---- internals

  private miss(key: number, now: number, kind: 'miss' | 'expired'): ReadOutcome {
    this.misses++;
    this.demandReads++;
    if (key >= this.o.sourceKeys) return { kind, hit: false, version: 0, ageMs: -1 };
    if (this.cache.size >= this.o.capacity) {
      const [victim, ve] = this.cache.entries().next().value as [number, Entry];
      this.evictions++;
      this.leave(victim, ve, now);
    }
    const e: Entry = { version: this.versionOf(key), loadedAt: now, expiresAt: Infinity, staleSince: Infinity, lastAccess: now, deltaMs: this.o.readMs, refreshedUnread: false };
    e.expiresAt = this.expiryFrom(key, now);
    this.cache.set(key, e);
    return { kind, hit: false, version: e.version, ageMs: -1 };
  }

  /** A served cached value: counts it stale if the source moved on; returns its age, -1 if fresh. */
  private served(key: number, e: Entry, now: number): number {
    if (e.refreshedUnread) e.refreshedUnread = false;
    if (e.version >= this.versionOf(key)) return -1;
    this.staleReads++;
    const age = now - e.staleSince;
    this.staleAges.push(age);
    return age;
  }

  private touch(key: number, e: Entry, now: number): void {
    this.cache.delete(key);
    this.cache.set(key, e);
    e.lastAccess = now;
  }

  private effectiveExpiry(e: Entry): number {
    return Math.min(e.expiresAt, e.lastAccess + this.o.ttiMs);
  }

  private staleWindow(): number {
    return this.o.refresh === 'swr' ? this.o.swrMs : 0;
  }

  private watchesHits(): boolean {
    return this.o.refresh === 'refresh-ahead' || this.o.refresh === 'xfetch';
  }

  private shouldRefresh(now: number, e: Entry): boolean {
    // Strictly older than refreshAfter, as Caffeine's refreshAfterWrite (now - writeTime > refreshAfterWriteNanos).
    if (this.o.refresh === 'refresh-ahead') return now - e.loadedAt > this.o.refreshAfterMs;
    // xfetch (Vattani et al.): recompute early when now - Δ·β·ln(u) >= expiry.
    const u = this.o.xfetchU!();
    return now - e.deltaMs * this.o.xfetchBeta * Math.log(u) >= e.expiresAt;
  }

  /**
   * A reload of the key's current entry is in flight (at most one per entry). One made void by a
   * rewrite or a removal still lands (and is dropped) but blocks nothing, as Caffeine discards a
   * key's refresh on put or remove.
   */
  private reloading(key: number): boolean {
    const e = this.cache.get(key);
    return this.reloads.some((r) => r.key === key && r.entry === e);
  }

  private expiryFrom(key: number, now: number): number {
    const ttl = this.keyTtls.get(key) ?? this.o.ttlMs;
    if (ttl === Infinity) return Infinity;
    const at = now + (this.o.ttlOf === undefined ? ttl : this.o.ttlOf(ttl));
    const w = Math.floor(at / 1000);
    this.expiriesBySecond.set(w, (this.expiriesBySecond.get(w) ?? 0) + 1);
    return at;
  }

  /** An entry's expiry no longer happens (it left or was replaced before it). */
  private unexpire(e: Entry, now: number): void {
    if (e.expiresAt === Infinity || now >= e.expiresAt) return;
    const w = Math.floor(e.expiresAt / 1000);
    this.expiriesBySecond.set(w, this.expiriesBySecond.get(w)! - 1);
  }

  /** Removes a cached entry (eviction, expiry, invalidation, delete). */
  private leave(key: number, e: Entry, now: number): void {
    this.unexpire(e, now);
    if (e.refreshedUnread) this.wastedRefreshes++;
    this.cache.delete(key);
  }

  /** One reload call for `keys` at `now`. */
  private startReloads(keys: readonly number[], now: number): void {
    const ms = this.o.reloadMs(keys.length);
    this.refreshCalls++;
    this.refreshReads += keys.length;
    for (const key of keys) {
      this.reloads.push({ key, entry: this.cache.get(key)!, doneAt: now + ms, version: this.versionOf(key), deltaMs: ms, staleSince: Infinity });
    }
  }

  private complete(r: Reload, now: number): void {
    const e = this.cache.get(r.key);
    if (e !== r.entry) {
      this.wastedRefreshes++; // the key left, or its entry was rewritten: the reload is dropped
      return;
    }
    if (e.refreshedUnread) this.wastedRefreshes++; // the previous reload was never read
    this.unexpire(e, now);
    e.version = r.version;
    e.loadedAt = now;
    e.staleSince = r.staleSince;
    e.deltaMs = r.deltaMs;
    e.lastAccess = now; // a reload writes the entry: its idle time starts again
    e.refreshedUnread = true;
    e.expiresAt = this.expiryFrom(r.key, now);
  }

  // ---- bulk-refresh: every interval, the cached keys (no reload in flight) expiring within the
  // horizon, hottest first (or soonest expiry first), in batches paced by a token bucket; a new tick
  // replaces the list of the last one. At each batch, keys no longer eligible are passed over.

  private bulkNextAt(): number {
    const b = this.o.bulk;
    if (b === undefined || this.o.refresh !== 'bulk-refresh') return Infinity;
    const tickAt = this.tick * b.intervalMs;
    return this.job === undefined ? tickAt : Math.min(tickAt, this.job.nextAt);
  }

  private eligible(key: number, now: number, horizonEnd: number): boolean {
    const e = this.cache.get(key);
    return e !== undefined && !this.reloading(key) && now < e.expiresAt && e.expiresAt <= horizonEnd;
  }

  private bulkStep(now: number): void {
    const b = this.o.bulk!;
    if (now >= this.tick * b.intervalMs) {
      this.tick++;
      const horizonEnd = now + b.horizonMs;
      const list = [...this.cache.keys()].filter((k) => this.eligible(k, now, horizonEnd));
      const hot = b.hotness;
      list.sort((x, y) => {
        if (hot !== undefined) {
          const d = (hot(y) ?? -Infinity) - (hot(x) ?? -Infinity);
          if (d !== 0 && !Number.isNaN(d)) return d;
        }
        return this.cache.get(x)!.expiresAt - this.cache.get(y)!.expiresAt || x - y;
      });
      this.job = { list, pos: 0, horizonEnd, nextAt: now };
    }
    const job = this.job;
    if (job === undefined || job.nextAt > now) return;
    // The bucket, plainly: credit refilled since the last look, at most one batch's; whole tokens only.
    const perToken = 1000 / b.rate;
    if (b.rate !== Infinity) {
      this.credit = Math.min(b.batch * perToken, this.credit + (now - this.creditAt));
      this.creditAt = now;
    }
    const allowed = b.rate === Infinity ? b.batch : Math.floor(this.credit / perToken);
    const keys: number[] = [];
    while (keys.length < allowed && job.pos < job.list.length) {
      const k = job.list[job.pos++]!;
      if (this.eligible(k, now, job.horizonEnd)) keys.push(k);
    }
    if (keys.length > 0) {
      this.startReloads(keys, now);
      this.bulkCalls.push({ at: now, keys });
      if (b.rate !== Infinity) this.credit -= keys.length * perToken;
    }
    if (job.pos >= job.list.length) {
      this.job = undefined;
      return;
    }
    const need = Math.min(b.batch, job.list.length - job.pos);
    job.nextAt = b.rate === Infinity || this.credit >= need * perToken ? now : now + need * perToken - this.credit;
  }
}
