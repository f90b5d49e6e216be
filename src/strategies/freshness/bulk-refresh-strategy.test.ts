// bulk-refresh inside FreshCacheStrategy: the reload calls the source sees (time and keys, one call
// per batch), hottest first through the `hottest` selection, and that no entry expires while the
// refresh keeps up (horizon >= interval + latency, rate enough for the keys due), while one too slow
// lets entries expire.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.ts';
import type { Key, SourceReader } from '../../core/types.ts';
import { sourceValue } from '../../source/source-model.ts';
import { fireTimers, freshStrategy } from '../../../test/helpers/fresh-strategy.ts';

/** Every call takes `latencyMs`; reload calls are logged as [virtual time, keys]. */
class LoggingSource implements SourceReader {
  readonly down = false;
  now = 0;
  readonly calls: [number, number[]][] = [];
  constructor(
    readonly sourceKeys: number,
    readonly lastCallMs: number,
  ) {}
  versionOf(): number {
    return 0;
  }
  read(key: Key): number {
    return sourceValue(key, this.sourceKeys);
  }
  readBatch(keys: Uint32Array, n: number, out: Float64Array): void {
    for (let i = 0; i < n; i++) out[i] = sourceValue(keys[i]!, this.sourceKeys);
  }
  refresh(keys: Uint32Array, n: number, out: Float64Array): number {
    this.calls.push([this.now, [...keys.subarray(0, n)]]);
    this.readBatch(keys, n, out);
    return this.lastCallMs;
  }
}

const bulk = (refreshInterval: number, refreshHorizon: number, refreshRate: number | undefined, refreshBatch: number) => ({ refreshInterval, refreshHorizon, refreshRate, refreshBatch });

describe('bulk-refresh in the strategy', () => {
  it('reloads the keys due at each tick in batches, one source call each, soonest expiry first, paced by refreshRate', () => {
    const source = new LoggingSource(10, 50);
    const s = freshStrategy({ source, sourceKeys: 10, capacity: 10, ttlMs: 10_000, refresh: 'bulk-refresh', params: bulk(1000, 2000, 2, 2) });
    // Fills at 0.15 s .. 0.75 s (keys 5, 4, 3, 2, 1): expiries 10.15 s .. 10.75 s; key 9 at 3 s (13 s).
    [5, 4, 3, 2, 1].forEach((k, i) => {
      fireTimers(s, 150 * (i + 1), source);
      s.access(k, 150 * (i + 1));
    });
    fireTimers(s, 3000, source);
    s.access(9, 3000);
    fireTimers(s, 12_000, source);
    // Tick 9 s: horizon (9 s, 11 s] holds all five, soonest first; 2 keys/s, batches of 2, the bucket
    // full (2) at 9 s: [5, 4] at 9 s. Tick 10 s replaces the list: 3, 2, 1 (5 and 4 now expire at
    // 19.05 s); [3, 2] at 10 s, [1] at 10.5 s (a batch of one waits for one token). Tick 11 s: (11 s,
    // 13 s] holds key 9; the bucket has 1 token (5 taken since 9 s, 4 refilled, 2 held).
    expect(source.calls).toEqual([
      [9000, [5, 4]],
      [10_000, [3, 2]],
      [10_500, [1]],
      [11_000, [9]],
    ]);
    // Reloaded entries expire ttl after each landing (50 ms after the call): none expired.
    for (const k of [5, 4, 3, 2, 1, 9]) expect(s.access(k, 12_000)).toBe(true);
    expect(s.freshCounters).toMatchObject({ expiredMisses: 0, refreshReads: 6 });
    expect(s.stats().freshness).toMatchObject({ refreshCalls: 4, wastedRefreshes: 0 });
  });

  it('hottest first with the hottest selection: its counts rank the keys due', () => {
    const source = new LoggingSource(10, 50);
    const s = freshStrategy({ source, sourceKeys: 10, capacity: 10, ttlMs: 10_000, refresh: 'bulk-refresh', params: bulk(5000, 6000, 1, 1), hottest: true });
    // Key k is read k times (first at 0, filling it): key 4 hottest. Tick 5 s lists all four
    // (expiring at 10 s .. 10.003 s); one key per second, hottest first; the next tick is at 10 s.
    for (let k = 1; k <= 4; k++) {
      for (let i = 0; i < k; i++) {
        fireTimers(s, i, source);
        s.access(k, i);
      }
    }
    fireTimers(s, 9000, source);
    expect(source.calls).toEqual([
      [5000, [4]],
      [6000, [3]],
      [7000, [2]],
      [8000, [1]],
    ]);
  });

  it('the selection counts misses too (as every strategy does), so a key read once ranks above one never read', () => {
    const source = new LoggingSource(10, 50);
    const s = freshStrategy({ source, sourceKeys: 10, capacity: 10, ttlMs: 10_000, refresh: 'bulk-refresh', params: bulk(1000, 2000, 1, 1), hottest: true });
    s.access(3, 0); // a miss
    s.access(3, 10); // a hit
    s.access(5, 20); // a miss
    expect([s.hotness!(3), s.hotness!(5), s.hotness!(7)]).toEqual([2, 1, 0]);
  });

  it('no entry expires while bulk-refresh keeps up; a refreshRate too low lets entries expire', () => {
    // 200 keys read at random, 50 reads/s, all cached; ttl 10 s; every second, the keys expiring
    // within 2 s (>= interval + 100 ms latency). Keys due: about 200 per ttl, 20/s.
    const run = (rate: number | undefined) => {
      const source = new LoggingSource(200, 100);
      const s = freshStrategy({ source, sourceKeys: 200, capacity: 200, ttlMs: 10_000, refresh: 'bulk-refresh', params: bulk(1000, 2000, rate, 50) });
      const rng = createRng(3, 'test-reads');
      for (let t = 0; t < 120_000; t += 20) {
        fireTimers(s, t, source);
        s.access(rng.nextInt(200), t);
      }
      s.finish();
      return s;
    };
    const keepsUp = run(undefined);
    expect(keepsUp.freshCounters.expiredMisses).toBe(0);
    // Every key is reloaded once per ttl: about 200 keys x (120 s / 10 s) minus the first ttl.
    expect(keepsUp.freshCounters.refreshReads).toBeGreaterThan(200 * 10);
    expect(run(100).freshCounters.expiredMisses).toBe(0); // 100 keys/s: enough
    expect(run(5).freshCounters.expiredMisses).toBeGreaterThan(100); // 5 keys/s for 20 due per second
  });
});
