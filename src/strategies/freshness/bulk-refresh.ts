// `bulk-refresh`: the backfill analogue of expiry. Every `refreshInterval` (ticks at k x interval,
// k >= 1, no drift) it lists the cached keys that will expire within `refreshHorizon` (now < expiry
// <= now + horizon; keys with a reload in flight are not listed), hottest first when the strategy's
// selection ranks keys (`hottest`: its decayed counts, 0 for keys it does not count), otherwise, and
// among equals, soonest expiry first, then by key. It reloads them in batches
// of `refreshBatch` keys (one source call each), paced by a token bucket of `refreshRate` keys per
// virtual second holding one batch (triggers/token-bucket.ts; unlimited by default: every batch at
// the tick). At each batch a listed key that left the cache, was reloaded or rewritten meanwhile
// (its expiry moved past the tick's horizon), expired, or has a reload in flight is passed over. A
// tick replaces the list of the last one if it is not done (its keys are listed again if still due).
//
// Keeps up when every key due is reloaded before it expires: horizon >= interval + the reload's
// latency, and refreshRate x interval >= the keys due per interval. Every cached key is then reloaded
// once per ttl, read or not (an entry leaves only by eviction, a write or a delete): the price is
// refresh reads and wasted refreshes, both counted.
import { ConfigError } from '../../core/errors.ts';
import type { DurationDecl, IntegerDecl, NumberDecl } from '../../core/param-decl.ts';
import { TokenBucket } from '../triggers/token-bucket.ts';
import type { FreshView, RefreshPart, RefreshPartSpec } from './refresh-part.ts';
import { MAX_DURATION_MS, TTL } from './ttl.ts';

export const REFRESH_INTERVAL: DurationDecl = {
  name: 'refreshInterval',
  kind: 'duration',
  doc: 'bulk-refresh: time between passes over the cache (each lists the keys expiring within refreshHorizon)',
  unit: 'ms',
  default: 1000,
  min: 0,
  minExclusive: true,
  max: MAX_DURATION_MS,
  typical: [100, 60_000],
};

export const REFRESH_HORIZON: DurationDecl = {
  name: 'refreshHorizon',
  kind: 'duration',
  doc: 'bulk-refresh: a pass reloads the cached keys expiring within this long (keeps up when >= refreshInterval + the reload latency)',
  unit: 'ms',
  default: null,
  defaultText: 'null (2 x refreshInterval)',
  min: 0,
  minExclusive: true,
  max: MAX_DURATION_MS,
  nullable: { means: 'twice refreshInterval', resolve: () => undefined },
  typical: [100, 120_000],
};

export const REFRESH_RATE: NumberDecl = {
  name: 'refreshRate',
  kind: 'number',
  doc: 'bulk-refresh: most keys reloaded per virtual second (a token bucket holding one refreshBatch); the rest of a pass waits for tokens',
  unit: 'keys/s',
  default: null,
  defaultText: 'null (unlimited)',
  min: 0,
  minExclusive: true,
  max: 1e12,
  nullable: { means: 'unlimited', word: 'unlimited', resolve: () => undefined },
  typical: [1, 100_000],
};

export const REFRESH_BATCH: IntegerDecl = {
  name: 'refreshBatch',
  kind: 'integer',
  doc: 'bulk-refresh: keys per reload call (one source round trip each)',
  unit: 'keys',
  default: 100,
  min: 1,
  max: 65_536,
  typical: [1, 1000],
};

export interface BulkRefreshOptions {
  /** Virtual ms between ticks (> 0). */
  readonly intervalMs: number;
  /** Virtual ms ahead of a tick whose expiries it reloads (> 0). */
  readonly horizonMs: number;
  /** Keys per virtual second; undefined: unlimited. */
  readonly rate: number | undefined;
  /** Keys per reload call (>= 1). */
  readonly batch: number;
}

export class BulkRefresh implements RefreshPart {
  readonly name = 'bulk-refresh';
  readonly watchesHits = false;
  readonly staleWindowMs = 0;
  readonly firstStepAt: number;

  private tick = 1;
  private nextTick: number;
  /** The current tick's keys, in order, and how far the batches got. */
  private list = new Uint32Array(0);
  private listed = 0;
  private pos = 0;
  private horizonEnd = 0;
  private readonly bucket: TokenBucket | undefined;
  // Scratch for one listing (grown with the cache, reused across ticks).
  private keys = new Uint32Array(64);
  private expiries = new Float64Array(64);
  private ranks = new Float64Array(64);
  private order: number[] = [];

  constructor(private readonly o: BulkRefreshOptions) {
    this.firstStepAt = o.intervalMs;
    this.nextTick = o.intervalMs;
    this.bucket = o.rate === undefined ? undefined : new TokenBucket(o.rate, o.batch, 0);
  }

  shouldRefresh(): boolean {
    return false;
  }

  /** The keys reloaded in the next batch (at most out.length); nextAt: the next step (may be `now`: more batches are due now). */
  step(now: number, view: FreshView, out: Uint32Array): { readonly n: number; readonly nextAt: number } {
    if (now >= this.nextTick) {
      this.listDue(now, view);
      this.tick++;
      this.nextTick = this.tick * this.o.intervalMs;
    }
    const cap = Math.min(this.o.batch, out.length, this.bucket === undefined ? Infinity : this.bucket.available(now));
    let n = 0;
    while (n < cap && this.pos < this.listed) {
      const key = this.list[this.pos++]!;
      const at = view.reloadableExpiry(key);
      if (at > now && at <= this.horizonEnd) out[n++] = key;
    }
    this.bucket?.take(n);
    return { n, nextAt: this.nextAt(now) };
  }

  private nextAt(now: number): number {
    const left = this.listed - this.pos;
    if (left === 0) return this.nextTick;
    const ready = this.bucket === undefined ? now : this.bucket.readyAt(Math.min(this.o.batch, left), now);
    return Math.min(ready, this.nextTick);
  }

  /** Lists the cached keys due within the horizon of `now`, in refresh order. */
  private listDue(now: number, view: FreshView): void {
    this.horizonEnd = now + this.o.horizonMs;
    const end = this.horizonEnd;
    let c = 0;
    view.forEachCached((key, expiresAt) => {
      if (expiresAt <= now || expiresAt > end) return;
      if (c === this.keys.length) this.growScratch();
      this.keys[c] = key;
      this.expiries[c] = expiresAt;
      this.ranks[c] = view.hotness === undefined ? 0 : view.hotness(key);
      c++;
    });
    const order = this.order;
    order.length = c;
    for (let i = 0; i < c; i++) order[i] = i;
    const { keys, expiries, ranks } = this;
    order.sort((a, b) => ranks[b]! - ranks[a]! || expiries[a]! - expiries[b]! || keys[a]! - keys[b]!);
    if (this.list.length < c) this.list = new Uint32Array(Math.max(c, this.list.length * 2));
    for (let i = 0; i < c; i++) this.list[i] = keys[order[i]!]!;
    this.listed = c;
    this.pos = 0;
  }

  private growScratch(): void {
    const n = this.keys.length * 2;
    const keys = new Uint32Array(n);
    keys.set(this.keys);
    const expiries = new Float64Array(n);
    expiries.set(this.expiries);
    const ranks = new Float64Array(n);
    ranks.set(this.ranks);
    this.keys = keys;
    this.expiries = expiries;
    this.ranks = ranks;
  }
}

const bulkRefresh: RefreshPartSpec = {
  name: 'bulk-refresh',
  summary:
    'every refreshInterval, reload the cached keys expiring within refreshHorizon, hottest first (hottest selection) or soonest expiry first, refreshBatch keys per call, at most refreshRate keys/s',
  params: [REFRESH_INTERVAL, REFRESH_HORIZON, REFRESH_RATE, REFRESH_BATCH],
  check(_p, ttlMs, where) {
    if (ttlMs === Infinity) throw ConfigError.at(where, 'refresh bulk-refresh reloads keys ahead of their expiry: give a finite ttl', TTL.name);
  },
  create(_ctx, p) {
    const intervalMs = p.refreshInterval as number;
    return new BulkRefresh({
      intervalMs,
      horizonMs: (p.refreshHorizon as number | undefined) ?? 2 * intervalMs,
      rate: p.refreshRate as number | undefined,
      batch: p.refreshBatch as number,
    });
  },
};

export default bulkRefresh;
