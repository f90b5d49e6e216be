// Two freshness counters on scripted runs: peakExpiriesPerSec (the most cached entries whose expiry
// fell in one 1-s window by the end: the stampede signal) and wastedRefreshes (a reloaded value not
// read before the next write, reload or removal of its key, or the end; and reloads dropped because
// their entry was rewritten or left first).
import { describe, expect, it } from 'vitest';
import type { Key, SourceReader } from '../../core/types.ts';
import { sourceValueAt } from '../../source/source-model.ts';
import { fireTimers, freshStrategy } from '../../../test/helpers/fresh-strategy.ts';

const OP_WRITE = 1;

/** Versions bumped by write(); every call takes `latencyMs`. */
class Source implements SourceReader {
  readonly down = false;
  private readonly versions = new Map<number, number>();
  constructor(
    readonly sourceKeys: number,
    readonly lastCallMs: number,
  ) {}
  versionOf(key: Key): number {
    return this.versions.get(key) ?? 0;
  }
  write(key: Key): void {
    this.versions.set(key, this.versionOf(key) + 1);
  }
  read(key: Key): number {
    return sourceValueAt(key, this.versionOf(key), this.sourceKeys);
  }
  readBatch(keys: Uint32Array, n: number, out: Float64Array): void {
    for (let i = 0; i < n; i++) out[i] = this.read(keys[i]!);
  }
  refresh(keys: Uint32Array, n: number, out: Float64Array): number {
    this.readBatch(keys, n, out);
    return this.lastCallMs;
  }
}

describe('peakExpiriesPerSec', () => {
  it('N keys filled in the same second with no jitter expire in one window: a peak of N', () => {
    const n = 500;
    /** The final stats of a run whose last request is at `end`. */
    const endingAt = (end: number) => {
      const source = new Source(n + 1, 1);
      const s = freshStrategy({ source, sourceKeys: n + 1, capacity: n + 1, ttlMs: 60_000 });
      for (let k = 0; k < n; k++) s.access(k, 2000 + k); // fills in [2 s, 2.5 s): expiries in [62 s, 62.5 s)
      s.access(n, end);
      s.finish();
      return s.stats().freshness!;
    };
    expect(endingAt(62_400)).toMatchObject({ peakExpiriesPerSec: 401, expiries: 401 }); // by 62.4 s, 401 of them
    expect(endingAt(70_000)).toMatchObject({ peakExpiriesPerSec: n, expiries: n });
  });

  it('entries that leave before their expiry do not count; those read after it (expired misses) do', () => {
    const source = new Source(20, 1);
    const s = freshStrategy({ source, sourceKeys: 20, capacity: 20, ttlMs: 10_000, mode: 'invalidate' });
    for (let k = 0; k < 10; k++) s.access(k, 0);
    for (let k = 0; k < 3; k++) {
      source.write(k);
      s.write(k, 5000, OP_WRITE, 0); // invalidated before expiring
    }
    s.access(9, 12_000); // expired at 10 s: an expired miss, filled again (expires at 22 s)
    s.access(19, 30_000);
    s.finish();
    // Window 10 s: the 7 entries that stayed; window 22 s: the refill of key 9; key 19 expires later.
    expect(s.stats().freshness).toMatchObject({ peakExpiriesPerSec: 7, expiries: 8, expiredMisses: 1 });
  });

  it('ttlJitter spreads N expiries over 2·jitter·ttl: the peak drops to about N / windows (binomial bound)', () => {
    // 1000 keys filled at t = 0, ttl 10 s, jitter 0.5: expiries uniform over [5 s, 15 s), ten 1-s
    // windows of probability 0.1 each. The peak is at least 1000 / 10 = 100 (pigeonhole: exact) and,
    // each window's count being binomial(1000, 0.1) (sd 9.49), at most 100 + 5 sd = 147 (a false
    // failure for one window has probability 3e-7, for ten < 3e-6). Without jitter: 1000.
    const n = 1000;
    const peakOf = (ttlJitter: number) => {
      const source = new Source(n + 1, 1);
      const s = freshStrategy({ source, sourceKeys: n + 1, capacity: n + 1, ttlMs: 10_000, ttlJitter, seed: 7 });
      for (let k = 0; k < n; k++) s.access(k, 0);
      s.access(n, 20_000);
      s.finish();
      const f = s.stats().freshness!;
      expect(f.expiries).toBe(n);
      return f.peakExpiriesPerSec;
    };
    expect(peakOf(0)).toBe(n);
    const jittered = peakOf(0.5);
    expect(jittered).toBeGreaterThanOrEqual(100);
    expect(jittered).toBeLessThanOrEqual(100 + 5 * Math.sqrt(n * 0.1 * 0.9));
  });
});

describe('wastedRefreshes', () => {
  /** refresh-ahead after 2 s, ttl 10 s, every call 100 ms; capacity 2. */
  const setup = (mode: 'invalidate' | 'update' | 'none' = 'invalidate') => {
    const source = new Source(10, 100);
    const s = freshStrategy({ source, sourceKeys: 10, capacity: 2, ttlMs: 10_000, mode, refresh: 'refresh-ahead', params: { refreshAfter: 2000 } });
    const at = (t: number) => fireTimers(s, t);
    const read = (k: number, t: number) => (at(t), s.access(k, t));
    const write = (k: number, t: number) => {
      at(t);
      source.write(k);
      s.write(k, t, OP_WRITE, 0);
    };
    const wasted = () => s.stats().freshness!.wastedRefreshes;
    return { s, read, write, wasted };
  };

  it('a reloaded value read before anything else happens to it is not wasted', () => {
    const { s, read, wasted } = setup();
    read(1, 0);
    read(1, 3000); // refresh starts, lands at 3.1 s
    read(1, 3200); // the reloaded value is read
    expect([s.freshCounters.refreshReads, wasted()]).toEqual([1, 0]);
  });

  it('a reload whose entry left is dropped, even when its key is cached again (in another slot) before it lands', () => {
    const source = new Source(10, 100);
    const s = freshStrategy({ source, sourceKeys: 10, capacity: 3, ttlMs: 10_000, refresh: 'refresh-ahead', params: { refreshAfter: 10 } });
    s.access(1, 0);
    s.access(1, 20); // a reload of version 0 starts, landing at 120 ms
    source.write(1);
    s.write(1, 30, 2, 0); // deleted: version 1
    s.access(2, 40); // takes the freed slot
    s.access(1, 50); // key 1 again (version 1), in a slot not used before
    fireTimers(s, 130);
    expect(s.access(1, 130)).toBe(true);
    expect(s.lastVersion).toBe(1); // the reload was dropped, not landed on the new entry
    expect(s.freshCounters.staleReads).toBe(0);
    // Wasted: the dropped reload, and the one this read starts (still in flight at the end).
    expect(s.stats().freshness!.wastedRefreshes).toBe(2);
  });

  it('evicted, invalidated or rewritten unread, or unread at the end: wasted; a reload landing on a replaced entry: dropped and wasted', () => {
    const evicted = setup();
    evicted.read(1, 0);
    evicted.read(1, 3000); // reload lands at 3.1 s, unread ...
    evicted.read(2, 3200);
    evicted.read(3, 3300); // ... and evicted (capacity 2, key 1 least recently used)
    expect(evicted.wasted()).toBe(1);

    const invalidated = setup('invalidate');
    invalidated.read(1, 0);
    invalidated.read(1, 3000);
    invalidated.write(1, 3050); // before it lands: the entry leaves, the reload is dropped when it lands
    invalidated.read(2, 3200);
    expect(invalidated.wasted()).toBe(1);

    const updated = setup('update');
    updated.read(1, 0);
    updated.read(1, 3000);
    updated.write(1, 3500); // the landed value (3.1 s) is rewritten unread
    updated.read(1, 3600);
    expect(updated.wasted()).toBe(1);

    const none = setup('none');
    none.read(1, 0);
    none.read(1, 3000);
    none.write(1, 3500); // mode none keeps the entry, stale from 3.5 s: its reloaded value was never read
    expect(none.wasted()).toBe(1);
    expect(none.read(1, 3600)).toBe(true);
    expect(none.s.freshCounters.staleReads).toBe(1);

    const atEnd = setup();
    atEnd.read(1, 0);
    atEnd.read(1, 3000); // lands at 3.1 s
    atEnd.read(2, 4000);
    atEnd.read(2, 7000); // another reload, in flight at the end
    expect(atEnd.wasted()).toBe(2);
  });
});
