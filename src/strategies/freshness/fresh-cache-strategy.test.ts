// FreshCacheStrategy's semantics on scripted sequences (times in virtual seconds), driven as the
// kernel drives it: due timers first (reload completions), then the read or the write (the source's
// version moves on before the strategy hears of it). Expected values follow from the design (§4),
// Caffeine's rules (see refresh-ahead.ts) and the source model (sourceValueAt).
import { describe, expect, it } from 'vitest';
import { OP_DELETE, OP_WRITE } from '../../core/ops.ts';
import type { Strategy, WriteMode } from '../../core/types.ts';
import { CountingSource } from '../../source/counting-source.ts';
import { DEFAULT_LATENCY, sourceValueAt } from '../../source/source-model.ts';
import { strategySpec } from '../registry.ts';

interface Script {
  readonly s: Strategy;
  readonly src: CountingSource;
  read(key: number, atS: number): { hit: boolean; value: number; version: number };
  write(key: number, atS: number, op?: number): void;
  /** Fires the timers due by atS (reload completions). */
  advance(atS: number): void;
  freshness(): NonNullable<ReturnType<Strategy['stats']>['freshness']>;
}

function script(preset: string, params: Record<string, unknown>, o: { callMs?: number; mode?: WriteMode; keys?: number } = {}): Script {
  const keys = o.keys ?? 4;
  const src = new CountingSource(keys, { ...DEFAULT_LATENCY, callMs: o.callMs ?? 2, perKeyMs: 0 }, undefined);
  const spec = strategySpec(preset);
  const p = spec.validate({ ...spec.defaults(keys), capacity: null, ...params }, 'test');
  const s = spec.create({ source: src, sourceKeys: keys, keySpace: keys, seed: 1, writes: { mode: o.mode ?? 'invalidate' } }, p) as Strategy;
  const advance = (atS: number) => {
    const t = atS * 1000;
    while (s.nextTimerAt <= t) {
      src.now = s.nextTimerAt;
      s.onTimer(s.nextTimerAt);
    }
    src.now = t;
  };
  return {
    s,
    src,
    advance,
    read(key, atS) {
      advance(atS);
      const hit = s.access(key, atS * 1000);
      return { hit, value: s.lastValue, version: s.lastVersion! };
    },
    write(key, atS, op = OP_WRITE) {
      advance(atS);
      src.write(key, atS * 1000);
      s.write!(key, atS * 1000, op, 0);
    },
    freshness: () => s.stats().freshness!,
  };
}

const v = (key: number, version: number) => sourceValueAt(key, version, 4);

describe('refresh-ahead: the Caffeine-style scripted sequence (expire 60 s, refresh 30 s)', () => {
  // The key is filled at 0 s and written at the source at 20 s (write mode none: the cache keeps
  // serving its version 0). Reads at 15 s and 35 s return the original value; the 35 s read (older
  // than refreshAfter) starts exactly one reload, which reads version 1.
  const common = (c: Script) => {
    expect(c.read(0, 0).hit).toBe(false);
    expect(c.read(0, 15)).toEqual({ hit: true, value: v(0, 0), version: 0 });
    c.write(0, 20);
    expect(c.read(0, 35)).toEqual({ hit: true, value: v(0, 0), version: 0 });
    expect(c.freshness().refreshCalls).toBe(1);
  };

  it('a read at 61 s before the reload completes (source latency 30 s) is an expired miss; the late reload is dropped', () => {
    const c = script('refresh-ahead', { ttl: '60s', refreshAfter: '30s' }, { callMs: 30_000, mode: 'none' });
    common(c);
    // One reload in flight per key: another read older than refreshAfter starts none.
    expect(c.read(0, 40)).toEqual({ hit: true, value: v(0, 0), version: 0 });
    expect(c.freshness().refreshCalls).toBe(1);
    // 61 s >= 60 s: expired (Caffeine's hasExpired: now - writeTime >= expireAfterWrite). The demand read gets version 1.
    expect(c.read(0, 61)).toEqual({ hit: false, value: v(0, 1), version: 1 });
    expect(c.freshness().expiredMisses).toBe(1);
    // The reload lands at 65 s on an entry rewritten since it began (the 61 s fill): discarded, wasted.
    c.advance(65);
    expect(c.freshness().wastedRefreshes).toBe(1);
    expect(c.read(0, 66)).toEqual({ hit: true, value: v(0, 1), version: 1 });
    expect(c.src.refreshCalls).toBe(1);
  });

  it('with a short source latency the reload lands first: the 61 s read gets the reloaded value', () => {
    const c = script('refresh-ahead', { ttl: '60s', refreshAfter: '30s' }, { callMs: 2, mode: 'none' });
    common(c);
    // Landed at 35.002 s: loaded then, expiring at 95.002 s, version 1.
    expect(c.read(0, 61)).toEqual({ hit: true, value: v(0, 1), version: 1 });
    const f = c.freshness();
    expect([f.expiredMisses, f.refreshCalls, f.wastedRefreshes, f.staleReads]).toEqual([0, 1, 0, 1]);
    // The stale read at 35 s served a value the source changed at 20 s: 15 s old.
    expect(f.stalenessMs.max).toBeCloseTo(15_000, -1);
  });

  it('refreshes only entries strictly older than refreshAfter (Caffeine: now - writeTime > refreshAfterWrite)', () => {
    const c = script('refresh-ahead', { ttl: '60s', refreshAfter: '30s' });
    c.read(0, 0);
    c.read(0, 30);
    expect(c.freshness().refreshCalls).toBe(0);
    c.read(0, 30.001);
    expect(c.freshness().refreshCalls).toBe(1);
  });
});

describe('expiry', () => {
  it('ttl: a read at the expiry time is an expired miss, counted in misses and expiredMisses', () => {
    const c = script('ttl', { ttl: '10s' });
    c.read(1, 0);
    expect(c.read(1, 9.999).hit).toBe(true);
    expect(c.read(1, 10).hit).toBe(false);
    expect(c.read(1, 10.5).hit).toBe(true);
    expect(c.freshness().expiredMisses).toBe(1);
    expect(c.src.demandReads).toBe(2);
  });

  it('tti: an entry not read for tti expires; each read (and fill) restarts the idle clock', () => {
    const c = script('none', { tti: '5s' });
    c.read(2, 0);
    expect(c.read(2, 4.9).hit).toBe(true);
    expect(c.read(2, 9.8).hit).toBe(true);
    expect(c.read(2, 14.8).hit).toBe(false);
    expect(c.freshness().expiredMisses).toBe(1);
  });

  it('ttlJitter spreads expiries over ttl x (1 +- jitter), seeded: none before 5 s, all by 15 s, about half by 10 s', () => {
    const n = 2000;
    const run = () => {
      const c = script('ttl', { ttl: '10s', ttlJitter: 0.5 }, { keys: n });
      for (let k = 0; k < n; k++) c.read(k, 0);
      const at = (s: number) => {
        let expired = 0;
        for (let k = 0; k < n; k++) if (!c.s.access(k, s * 1000)) expired++;
        return expired;
      };
      // Each probe re-fills the expired ones (at that time), so probe distinct keys' states in order.
      return [at(4.999), at(10)];
    };
    const [early, mid] = run();
    expect(early).toBe(0);
    // Binomial(n, 1/2): sd = sqrt(n)/2 ~ 22; 5 sd.
    expect(Math.abs(mid! - n / 2)).toBeLessThan(5 * (Math.sqrt(n) / 2));
    expect(run()).toEqual([early, mid]);
    const c = script('ttl', { ttl: '10s', ttlJitter: 0.5 }, { keys: n });
    for (let k = 0; k < n; k++) c.read(k, 0);
    let hits = 0;
    for (let k = 0; k < n; k++) if (c.s.access(k, 15_000)) hits++;
    expect(hits).toBe(0);
  });

  it('counts coinciding expiries per second, and not those of entries that left before expiring', () => {
    const c = script('ttl', { ttl: '10s' }, { mode: 'invalidate' });
    for (let k = 0; k < 4; k++) c.read(k, 0.5); // all expire at 10.5 s
    c.write(3, 2); // invalidated before its expiry: it never expires in the cache
    c.read(0, 20);
    c.s.finish();
    expect(c.freshness().peakExpiriesPerSec).toBe(3);
    expect(c.freshness().expiries).toBe(3);
  });
});

describe('stale-while-revalidate', () => {
  it('serves the stale value within swr after expiry while one reload runs; past the window, a miss', () => {
    const c = script('swr', { ttl: '10s', swr: '5s' }, { callMs: 1000 });
    c.read(0, 0);
    expect(c.read(0, 12).hit).toBe(true); // 2 s past expiry: served stale, reload until 13 s
    expect(c.read(0, 12.5).hit).toBe(true); // still within the window: no second reload
    let f = c.freshness();
    expect([f.revalidations, f.refreshCalls]).toEqual([2, 1]);
    expect(c.read(0, 14).hit).toBe(true); // the reload landed at 13 s: fresh until 23 s
    expect(c.freshness().revalidations).toBe(2);
    expect(c.read(0, 28).hit).toBe(false); // 28 >= 23 + 5: an expired miss
    f = c.freshness();
    expect([f.expiredMisses, f.revalidations, f.refreshCalls]).toEqual([1, 2, 1]);
  });

  it('accepts stale-while-revalidate as the name of swr', () => {
    const spec = strategySpec('none');
    expect(spec.validate({ ...spec.defaults(10), ttl: '1s', refresh: 'stale-while-revalidate' }, 'test').refresh).toBe('swr');
  });
});

describe('writes at the source (write modes)', () => {
  it('invalidate removes the key; the next read misses and reads the new version', () => {
    const c = script('ttl', { ttl: '60s' }, { mode: 'invalidate' });
    c.read(1, 0);
    c.write(1, 1);
    expect(c.read(1, 2)).toEqual({ hit: false, value: v(1, 1), version: 1 });
    expect(c.freshness().staleReads).toBe(0);
  });

  it('update writes through: the next read hits the new version, its expiry restarted', () => {
    const c = script('ttl', { ttl: '10s' }, { mode: 'update' });
    c.read(1, 0);
    c.write(1, 8);
    expect(c.read(1, 17)).toEqual({ hit: true, value: v(1, 1), version: 1 });
    expect(c.read(1, 18).hit).toBe(false);
    // An uncached key is not inserted by an update.
    c.write(2, 19);
    expect(c.read(2, 19.5).hit).toBe(false);
  });

  it('none keeps serving the cached version: stale reads, aged from the write', () => {
    const c = script('ttl', { ttl: '60s' }, { mode: 'none' });
    c.read(1, 0);
    c.write(1, 3);
    c.write(1, 4); // the age counts from the first write after the cached version
    expect(c.read(1, 5)).toEqual({ hit: true, value: v(1, 0), version: 0 });
    expect(c.read(1, 7).hit).toBe(true);
    const f = c.freshness();
    expect(f.staleReads).toBe(2);
    expect(f.stalenessMs.p50).toBeCloseTo(2000, -1);
    expect(f.stalenessMs.max).toBeCloseTo(4000, -1);
  });

  it('a delete removes the key whatever the mode', () => {
    const c = script('ttl', { ttl: '60s' }, { mode: 'none' });
    c.read(1, 0);
    c.write(1, 1, OP_DELETE);
    expect(c.read(1, 2).hit).toBe(false);
  });

  it('a write while a reload is in flight: the reloaded value lands stale (the cache-aside race)', () => {
    const c = script('refresh-ahead', { ttl: '60s', refreshAfter: '1s' }, { callMs: 1000, mode: 'none' });
    c.read(0, 0);
    c.read(0, 2); // reload 2 s -> 3 s reads version 0
    c.write(0, 2.5);
    expect(c.read(0, 3.5)).toEqual({ hit: true, value: v(0, 0), version: 0 });
    expect(c.freshness().staleReads).toBe(1);
    expect(c.freshness().stalenessMs.max).toBeCloseTo(1000, -1);
  });
});

describe('cache events', () => {
  it('are refused with freshness: the presets with ttl, tti or refresh say so, and the class takes none (the runner refuses them with writes)', () => {
    const spec = strategySpec('none');
    const restart = { kind: 'restart', at: 1000, warm: 'cold' } as unknown as Parameters<NonNullable<typeof spec.checkEvents>>[1][number];
    const fresh = spec.validate({ ...spec.defaults(4), tti: '5s' }, 'test');
    expect(() => spec.checkEvents!(fresh, [restart], 'strategy none')).toThrow(/cannot take restart events: cache events are not modelled with freshness/);
    // Without freshness parameters the preset takes them, as before.
    expect(() => spec.checkEvents!(spec.validate(spec.defaults(4), 'test'), [restart], 'strategy none')).not.toThrow();
    expect(script('ttl', { ttl: '10s' }).s.onCacheEvent).toBeUndefined();
  });
});
