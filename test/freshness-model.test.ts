// The plain freshness model (test/models/freshness-model.ts) on scripted sequences whose outcomes
// follow from the design by hand, before it is used as the specification of FreshCacheStrategy.
import { describe, expect, it } from 'vitest';
import { FreshnessModel, type FreshModelOptions } from './models/freshness-model.ts';

const base: FreshModelOptions = {
  capacity: 4,
  sourceKeys: 100,
  ttlMs: Infinity,
  ttiMs: Infinity,
  mode: 'invalidate',
  refresh: 'none',
  refreshAfterMs: Infinity,
  swrMs: 0,
  xfetchBeta: 1,
  readMs: 10,
  reloadMs: () => 100,
};
const model = (o: Partial<FreshModelOptions>) => new FreshnessModel({ ...base, ...o });
const kinds = (m: FreshnessModel, reads: [number, number][]) => reads.map(([k, t]) => m.read(k, t).kind);

describe('the freshness model', () => {
  it('ttl: an expired entry is an expired miss at its expiry time, then filled again', () => {
    const m = model({ ttlMs: 1000 });
    expect(
      kinds(m, [
        [1, 0],
        [1, 999],
        [1, 1000],
        [1, 1999],
        [1, 2000],
      ]),
    ).toEqual(['miss', 'hit', 'expired', 'hit', 'expired']);
    expect([m.hits, m.misses, m.expiredMisses]).toEqual([2, 3, 2]);
  });

  it('tti: an entry not read for tti expires; each read restarts the idle time', () => {
    const m = model({ ttiMs: 500 });
    expect(
      kinds(m, [
        [1, 0],
        [1, 400],
        [1, 800],
        [1, 1300],
      ]),
    ).toEqual(['miss', 'hit', 'hit', 'expired']);
  });

  it('writes: invalidate removes, update rewrites (fresh, new expiry), none leaves a stale entry whose age grows', () => {
    const inv = model({ mode: 'invalidate' });
    inv.read(1, 0);
    inv.write(1, 10, 'write');
    expect(inv.read(1, 20)).toEqual({ kind: 'miss', hit: false, version: 1, ageMs: -1 });

    const upd = model({ mode: 'update', ttlMs: 1000 });
    upd.read(1, 0);
    upd.write(1, 500, 'write');
    expect(upd.read(1, 1200)).toEqual({ kind: 'hit', hit: true, version: 1, ageMs: -1 });
    expect(upd.read(1, 1500).kind).toBe('expired');
    upd.write(2, 1600, 'write'); // not cached: not inserted
    expect(upd.read(2, 1700).kind).toBe('miss');

    const none = model({ mode: 'none' });
    none.read(1, 0);
    none.write(1, 100, 'write');
    none.write(1, 300, 'write');
    expect(none.read(1, 350)).toEqual({ kind: 'stale', hit: true, version: 0, ageMs: 250 });
    expect(none.staleAges).toEqual([250]);
    none.write(1, 400, 'delete');
    expect(none.read(1, 500)).toEqual({ kind: 'miss', hit: false, version: 3, ageMs: -1 });
  });

  it('refresh-ahead (expire 60 s, refresh 30 s, reload 100 ms): reads at 15 s and 35 s serve the original; the second starts one reload', () => {
    const m = model({ ttlMs: 60_000, refresh: 'refresh-ahead', refreshAfterMs: 30_000 });
    m.read(1, 0);
    expect(m.read(1, 15_000).kind).toBe('hit');
    expect(m.refreshCalls).toBe(0);
    m.write(1, 20_000, 'write'); // invalidate: gone
    m.read(1, 20_001); // filled again at 20.001 s with version 1
    expect(m.read(1, 50_001).version).toBe(1); // exactly 30 s old: not strictly older, no refresh
    expect(m.refreshCalls).toBe(0);
    expect(m.read(1, 50_002).version).toBe(1);
    expect(m.refreshCalls).toBe(1);
    expect(m.read(1, 50_050).kind).toBe('hit'); // reload in flight: no second one
    expect(m.refreshCalls).toBe(1);
    // It lands at 50.102 s: loadedAt and the expiry move on (110.102 s); a read at 80 s is too early
    // for another refresh (29.898 s after the landing).
    expect(m.read(1, 80_000).kind).toBe('hit');
    expect(m.refreshCalls).toBe(1);
    expect(m.read(1, 110_102).kind).toBe('expired');
    expect(m.wastedRefreshes).toBe(0);
  });

  it('swr: within the window after expiry a stale-served hit and one reload; past it a normal expired miss', () => {
    const m = model({ ttlMs: 1000, refresh: 'swr', swrMs: 500 });
    m.read(1, 0);
    expect(m.read(1, 1200).kind).toBe('revalidation');
    expect(m.read(1, 1250).kind).toBe('revalidation'); // still in flight: no second reload
    expect([m.revalidations, m.refreshCalls]).toEqual([2, 1]);
    expect(m.read(1, 1400).kind).toBe('hit'); // landed at 1300: fresh until 2300
    expect(kinds(m, [[1, 2900]])).toEqual(['expired']); // 2900 >= 2300 + 500
  });

  it('wasted refreshes: dropped reloads, reloaded values evicted, rewritten or never read', () => {
    const m = model({ ttlMs: 1000, refresh: 'swr', swrMs: 500, capacity: 1, mode: 'none' });
    m.read(1, 0);
    m.read(1, 1100); // reload lands at 1200, unread
    m.read(2, 1300); // evicts 1: wasted
    expect(m.wastedRefreshes).toBe(1);
    m.read(2, 2400); // reload lands at 2500 ...
    m.write(2, 2450, 'write'); // ... with staleSince 2450: the cache-aside race
    expect(m.read(2, 2600)).toEqual({ kind: 'stale', hit: true, version: 0, ageMs: 150 });
    m.read(2, 3600); // expired at 3500: a reload lands at 3700
    m.finish(4000); // never read: wasted at the end
    expect(m.wastedRefreshes).toBe(2);
  });

  it('peak expiries per second: entries filled in one second expire in one window; those that leave first do not count', () => {
    const m = model({ ttlMs: 10_000, capacity: 10 });
    for (let k = 0; k < 5; k++) m.read(k, 100 * k);
    expect(m.peakExpiriesPerSec(10_399)).toBe(4); // the fifth expires at 10.4 s
    expect(m.peakExpiriesPerSec(20_000)).toBe(5);
    m.write(0, 1000, 'write'); // invalidated before its expiry
    expect(m.peakExpiriesPerSec(20_000)).toBe(4);
  });
});
