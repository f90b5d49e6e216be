// bulk-refresh on its own, against a plain view of a cache: exactly which keys each batch reloads,
// in which order and at which virtual times (ticks, horizon, hotness, soonest expiry, the token
// bucket's pacing, keys that changed meanwhile passed over, a tick replacing an unfinished list).
// The strategy's side is played here by a Map: a reload lands `latencyMs` after it starts and
// pushes the key's expiry `ttlMs` past the landing.
import { describe, expect, it } from 'vitest';
import { BulkRefresh, type BulkRefreshOptions } from './bulk-refresh.ts';
import type { FreshView } from './refresh-part.ts';

interface FakeEntry {
  expiresAt: number;
  /** Landing time of the reload in flight, or Infinity. */
  landsAt: number;
}

class FakeCache implements FreshView {
  readonly entries = new Map<number, FakeEntry>();
  hotness?: (key: number) => number;
  constructor(
    expiries: Record<number, number>,
    readonly latencyMs: number,
    readonly ttlMs: number,
  ) {
    for (const [k, at] of Object.entries(expiries)) this.entries.set(Number(k), { expiresAt: at, landsAt: Infinity });
  }
  forEachCached(visit: (key: number, expiresAt: number) => void): void {
    for (const [k, e] of this.entries) if (e.landsAt === Infinity) visit(k, e.expiresAt);
  }
  reloadableExpiry(key: number): number {
    const e = this.entries.get(key);
    return e === undefined || e.landsAt !== Infinity ? NaN : e.expiresAt;
  }
  start(keys: Iterable<number>, now: number): void {
    for (const k of keys) this.entries.get(k)!.landsAt = now + this.latencyMs;
  }
  land(now: number): void {
    for (const e of this.entries.values())
      if (e.landsAt <= now) {
        e.expiresAt = e.landsAt + this.ttlMs;
        e.landsAt = Infinity;
      }
  }
}

/** Steps the part as the strategy's timer does, up to `until`; returns every batch as [time, keys]. */
function drive(part: BulkRefresh, cache: FakeCache, until: number, between?: (now: number) => void): [number, number[]][] {
  const out = new Uint32Array(64);
  const calls: [number, number[]][] = [];
  let next = part.firstStepAt;
  while (next <= until) {
    const now = next;
    cache.land(now);
    between?.(now);
    const r = part.step(now, cache, out);
    const keys = [...out.subarray(0, r.n)];
    if (r.n > 0) {
      calls.push([now, keys]);
      cache.start(keys, now);
    }
    expect(r.nextAt).toBeGreaterThanOrEqual(now);
    next = r.nextAt;
  }
  return calls;
}

const opts = (o: Partial<BulkRefreshOptions>): BulkRefreshOptions => ({ intervalMs: 1000, horizonMs: 1500, rate: undefined, batch: 2, ...o });

describe('bulk-refresh', () => {
  it('reloads at each tick the keys expiring within the horizon, soonest expiry first (ties by key), in batches', () => {
    // At t = 1000 the horizon is (1000, 2500]: 3 and 5 (1200), 7 (2400); 9 expired (900), 1 (2600)
    // beyond, 2 never expires. The batches are due at once (no rate limit): [3, 5] then [7].
    const cache = new FakeCache({ 5: 1200, 3: 1200, 7: 2400, 1: 2600, 9: 900, 2: Infinity }, 100, 60_000);
    const calls = drive(new BulkRefresh(opts({})), cache, 1999);
    expect(calls).toEqual([
      [1000, [3, 5]],
      [1000, [7]],
    ]);
    // The next tick (2000: horizon (2000, 3500]) finds 1 (2600); the reloaded keys expire at 61,100.
    expect(drive(new BulkRefresh(opts({})), new FakeCache({ 5: 1200, 3: 1200, 7: 2400, 1: 2600, 9: 900, 2: Infinity }, 100, 60_000), 2999)).toEqual([
      [1000, [3, 5]],
      [1000, [7]],
      [2000, [1]],
    ]);
  });

  it('hottest first when the selection ranks keys; keys it does not count (0) after, by expiry', () => {
    const cache = new FakeCache({ 3: 1200, 5: 1100, 7: 2400, 8: 1300 }, 100, 60_000);
    const rank: Record<number, number> = { 7: 10, 3: 1 };
    cache.hotness = (k) => rank[k] ?? 0;
    expect(drive(new BulkRefresh(opts({ batch: 10 })), cache, 1500)).toEqual([[1000, [7, 3, 5, 8]]]);
  });

  it('paces batches by the token bucket: refreshRate keys per second, one batch of burst, full at time 0', () => {
    // 5 keys due at the 10 s tick, 2 keys/s, batch 2: the bucket is full (2) at 10 s; 2 more tokens
    // take 1 s; the last batch holds one key, whose token takes 0.5 s.
    const cache = new FakeCache({ 1: 20_000, 2: 20_500, 3: 21_000, 4: 21_500, 5: 22_000 }, 100, 60_000);
    expect(drive(new BulkRefresh(opts({ intervalMs: 10_000, horizonMs: 15_000, rate: 2 })), cache, 19_999)).toEqual([
      [10_000, [1, 2]],
      [11_000, [3, 4]],
      [11_500, [5]],
    ]);
  });

  it('passes over listed keys that left, were rewritten past the horizon, or expired before their batch', () => {
    const cache = new FakeCache({ 1: 10_500, 2: 11_000, 3: 12_000, 4: 13_000, 5: 14_000 }, 100, 60_000);
    const calls = drive(new BulkRefresh(opts({ intervalMs: 10_000, horizonMs: 5_000, rate: 1, batch: 1 })), cache, 19_999, (now) => {
      if (now !== 11_000) return;
      cache.entries.delete(2); // evicted before its batch
      cache.entries.get(3)!.expiresAt = 70_000; // an update write moved its expiry past the horizon
    });
    // 1 at 10 s; at 11 s, 2 (gone) and 3 (moved) are passed over in the same batch, which takes 4;
    // 5 at 12 s. Expired keys are passed over too: a key due at 10.5 s that waits to 11 s is not reloaded.
    expect(calls).toEqual([
      [10_000, [1]],
      [11_000, [4]],
      [12_000, [5]],
    ]);
    const late = new FakeCache({ 1: 10_200, 2: 10_500 }, 100, 60_000);
    expect(drive(new BulkRefresh(opts({ intervalMs: 10_000, horizonMs: 5_000, rate: 1, batch: 1 })), late, 19_999)).toEqual([[10_000, [1]]]);
  });

  it('a tick replaces a list not done: its keys are listed again only if still due', () => {
    // 1 key/s, ticks every 1 s: each tick reloads the soonest key due; the reloaded ones left the horizon.
    const cache = new FakeCache({ 1: 2000, 2: 3000, 3: 4000 }, 100, 60_000);
    expect(drive(new BulkRefresh(opts({ intervalMs: 1000, horizonMs: 5000, rate: 1, batch: 1 })), cache, 3500)).toEqual([
      [1000, [1]],
      [2000, [2]],
      [3000, [3]],
    ]);
  });

  it('keys with a reload in flight are not listed twice', () => {
    // Latency 1.5 s: the reload of 1 started at 1 s is still in flight at the 2 s tick (horizon
    // (2000, 3550]), which lists 2 only.
    const cache = new FakeCache({ 1: 2500, 2: 2600 }, 1500, 60_000);
    expect(drive(new BulkRefresh(opts({ intervalMs: 1000, horizonMs: 1550, batch: 1 })), cache, 2500)).toEqual([
      [1000, [1]],
      [2000, [2]],
    ]);
  });
});
