// The strategy side of cache events (restart, lose; warm cold / snapshot / peer; the on-event
// trigger), driven directly: a strategy, its counting source and the run kernel, the event handed
// over as the runner does (timers due by then first, then onCacheEvent at the event's time).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Strategy } from '../core/types.ts';
import { SOURCE_FAILED } from '../core/types.ts';
import { ConfigError } from '../core/errors.ts';
import { parseEvent, resolveEvents } from '../events/parse-event.ts';
import { lostKey, type CacheEvent, type RestartEvent, type WarmMode } from '../events/timeline-event.ts';
import { RunKernel } from '../runner/kernel.ts';
import { CountingSource } from '../source/counting-source.ts';
import { DEFAULT_LATENCY, sourceValue } from '../source/source-model.ts';
import { allPolicySpecs } from './eviction/registry.ts';
import { strategySpec } from './registry.ts';
import { runStrategiesSync } from '../runner/run.ts';
import { resolveStrategies } from '../runner/strategy-config.ts';
import { openStream } from '../workloads/stream.ts';
import { resolveWorkload } from '../workloads/workload-config.ts';
import { runWarmModel } from '../../test/models/warm-up-model.ts';

interface Rig {
  readonly strategy: Strategy;
  readonly source: CountingSource;
  readonly kernel: RunKernel;
}

function rig(name: string, sourceKeys: number, params: Record<string, unknown>, seed = 1): Rig {
  const spec = strategySpec(name);
  const p = spec.validate({ ...spec.defaults(sourceKeys), ...params }, 'test');
  const source = new CountingSource(sourceKeys, DEFAULT_LATENCY, undefined);
  const strategy = spec.create({ source, sourceKeys, keySpace: 2 * sourceKeys, seed }, p);
  return { strategy, source, kernel: new RunKernel(strategy, source, { name }) };
}

/** Serves keys at times, delivering `e` (if any) before the first request at or after its time. Hits per request. */
function drive(r: Rig, keys: readonly number[], times: readonly number[], e?: CacheEvent, peer?: Uint32Array): boolean[] {
  let pending = e;
  return keys.map((k, i) => {
    const t = times[i]!;
    if (pending !== undefined && t >= pending.at) {
      r.kernel.fireTimers(pending.at);
      r.source.now = pending.at;
      r.strategy.onCacheEvent!(pending, pending.at, peer);
      pending = undefined;
    }
    return r.kernel.access(k, t);
  });
}

const orderOf = (s: Strategy) => [...s.cachedKeysByPriority!()].reverse();

const restart = (warm: WarmMode, at: number, rate?: number, batch = 100): RestartEvent => ({ kind: 'restart', at, warm, rate, batch });

/** A small stream: keys (some absent), integer times (several requests may share one). */
const streamArb = (sourceKeys: number) =>
  fc.array(fc.tuple(fc.integer({ min: 0, max: sourceKeys + 3 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 120 }).map((reqs) => {
    let t = 0;
    return { keys: reqs.map(([k]) => k), times: reqs.map(([, gap]) => (t += gap)) };
  });

const eventArb = fc.record({
  kind: fc.constantFrom('restart' as const, 'lose' as const),
  warm: fc.constantFrom<WarmMode>('cold', 'snapshot', 'peer'),
  // Rates and batches whose step intervals are exact binary fractions of a ms.
  rate: fc.constantFrom(undefined, 500, 1000, 2000, 4000),
  batch: fc.integer({ min: 1, max: 4 }),
  fraction: fc.constantFrom(0.25, 0.5, 1),
  atShare: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe('cache events against the plain warm-up model (LRU)', () => {
  it('every warm mode of restart and lose: hits, warm-up reads, peer copies, batch calls and the final LRU order agree', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 12 })
          .chain((sourceKeys) =>
            fc.tuple(fc.constant(sourceKeys), fc.integer({ min: 1, max: sourceKeys }), streamArb(sourceKeys), eventArb, fc.shuffledSubarray([...Array(sourceKeys).keys()]), fc.boolean()),
          ),
        ([sourceKeys, capacity, { keys, times }, ev, peerKeys, onEvent]) => {
          const at = Math.floor(ev.atShare * (times[times.length - 1]! + 1));
          const e: CacheEvent =
            ev.kind === 'restart'
              ? { kind: 'restart', at, warm: ev.warm, rate: ev.rate, batch: ev.batch }
              : { kind: 'lose', at, warm: ev.warm, rate: ev.rate, batch: ev.batch, fraction: ev.fraction, index: 0 };
          const peer = ev.warm === 'peer' ? peerKeys.slice(0, capacity) : undefined;
          const trigger = onEvent ? { batch: ev.batch + 1, rateLimit: ev.rate === undefined ? undefined : ev.rate * 2, eventKeys: null } : undefined;
          const r = onEvent ? rig('warm-up', sourceKeys, { capacity, batch: trigger!.batch, rateLimit: trigger!.rateLimit ?? null, selection: 'source-order' }) : rig('none', sourceKeys, { capacity });
          const hits = drive(r, keys, times, e, peer && Uint32Array.from(peer));
          const m = runWarmModel(keys, times, { sourceKeys, capacity, seed: 1, onEvent: trigger }, e, peer);
          const st = r.strategy.stats();
          expect(hits).toEqual(m.hits);
          expect(orderOf(r.strategy)).toEqual(m.finalOrder);
          expect(st.warmupReads ?? 0).toBe(m.warmupReads);
          expect(st.peerCopiedKeys ?? 0).toBe(m.peerCopiedKeys);
          expect(r.source.batchCalls).toBe(m.batchCalls);
          expect(r.source.batchKeys).toBe(st.backfilledKeys);
          r.strategy.finish();
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a scripted restart: snapshot at 1000 keys/s in batches of 2 reloads the hottest keys first, every 2 ms', () => {
    // Capacity 4; before the restart at t=10 the LRU holds (least recent first) 0 1 2 3, so the
    // snapshot list is 3 2 1 0: batch [3, 2] at t=10, batch [1, 0] at t=12.
    const r = rig('none', 10, { capacity: 4 });
    drive(r, [0, 1, 2, 3], [0, 1, 2, 3]);
    const hits = drive(r, [3, 1, 1], [10, 11, 12], restart('snapshot', 10, 1000, 2));
    expect(hits).toEqual([true, false, true]); // 1 is not back at t=11; the demand miss caches it, the batch at 12 skips it
    expect(r.strategy.stats().warmupReads).toBe(3); // 3, 2 at t=10; 0 at t=12 (1 was cached by then)
    expect(r.source.batchCalls).toBe(2);
    expect(orderOf(r.strategy)).toEqual([2, 3, 0, 1]);
  });
});

describe('the warm-up preset (on-event + hottest)', () => {
  it('after a cold restart it reloads the hot keys at once: the first requests after it hit, where demand fill misses', () => {
    // Keys 0..9 requested 20 times each, 100 cold keys once each, in turns; capacity 20.
    const keys: number[] = [];
    for (let round = 0; round < 20; round++) for (let k = 0; k < 10; k++) keys.push(k, 10 + ((round * 10 + k) % 100));
    const times = keys.map((_, i) => i);
    const after = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const at = keys.length;
    const e = restart('cold', at);
    const warm = rig('warm-up', 200, { capacity: 20 });
    const demand = rig('none', 200, { capacity: 20 });
    const h = drive(warm, [...keys, ...after], [...times, ...after.map((_, i) => at + i)], e);
    const d = drive(demand, [...keys, ...after], [...times, ...after.map((_, i) => at + i)], e);
    expect(h.slice(at)).toEqual(after.map(() => true));
    expect(d.slice(at)).toEqual(after.map(() => false));
    // It loaded as many keys as the restart lost (20, the capacity), all read from the source.
    expect(warm.strategy.stats().warmupReads).toBe(20);
  });
});

describe('the selection hears of the event', () => {
  it('on-event with the snapshot selection after a cold restart reloads exactly the keys cached before it (told by onCacheEvent)', () => {
    const r = rig('warm-up', 500, { capacity: 40, selection: 'snapshot' });
    const keys = Array.from({ length: 400 }, (_, i) => (i * 7919) % 97);
    drive(
      r,
      keys,
      keys.map((_, i) => i),
    );
    const before = [...r.strategy.cachedKeysByPriority!()];
    r.strategy.onCacheEvent!(restart('cold', 1000), 1000, undefined);
    expect(new Set(r.strategy.cachedKeysByPriority!())).toEqual(new Set(before));
    expect(r.strategy.stats().warmupReads).toBe(40);
  });
});

describe('cachedKeysByPriority', () => {
  it.each(allPolicySpecs().map((p) => p.name))('%s: the reverse of the eviction order', (policy) => {
    // Capacity 200: S3-FIFO's and W-TinyLFU's small queues (10 %, 1 %) hold keys.
    const r = rig(`${policy}+none`, 1000, { capacity: 200 });
    drive(
      r,
      Array.from({ length: 3000 }, (_, i) => ((i * 7919) % 301) % (i % 3 === 0 ? 40 : 301)),
      Array.from({ length: 3000 }, (_, i) => i),
    );
    const order = (r.strategy as unknown as { policy: { keysInEvictionOrder(): number[] } }).policy.keysInEvictionOrder();
    expect([...r.strategy.cachedKeysByPriority!()]).toEqual([...order].reverse());
    expect(order.length).toBeGreaterThan(0);
  });
});

describe('snapshot restored at once changes nothing', () => {
  // The property (debt 0, time-to-warm 0) at the strategy: hits and every counter equal the
  // twin's, for every registered policy, with a request-path trigger and random workloads.
  it.each(allPolicySpecs().map((p) => p.name))('%s+lru-backfill', (policy) => {
    fc.assert(
      fc.property(streamArb(30), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 12 }), ({ keys, times }, share, capacity) => {
        const at = Math.floor(share * (times[times.length - 1]! + 1));
        const twin = rig(`${policy}+lru-backfill`, 30, { capacity, batch: 3 });
        const run = rig(`${policy}+lru-backfill`, 30, { capacity, batch: 3 });
        expect(drive(run, keys, times, restart('snapshot', at))).toEqual(drive(twin, keys, times));
        expect(run.strategy.stats()).toEqual(twin.strategy.stats());
      }),
      { numRuns: 20 },
    );
  });
});

describe('cold restart of an unbounded cache', () => {
  it('after the restart, the misses are exactly the first references to each key from then on', () => {
    fc.assert(
      fc.property(streamArb(20), fc.double({ min: 0, max: 1, noNaN: true }), ({ keys, times }, share) => {
        const at = Math.floor(share * (times[times.length - 1]! + 1));
        const r = rig('none', 20, { capacity: null });
        const hits = drive(r, keys, times, restart('cold', at));
        const seen = new Set<number>();
        keys.forEach((k, i) => {
          if (times[i]! < at) return;
          // Absent keys (>= 20) are never cached: every request for one is a miss.
          expect(hits[i]).toBe(k < 20 && seen.has(k));
          seen.add(k);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('the paced warm-up is a token bucket', () => {
  it.each([
    [1000, 10],
    [250, 7],
    [3000, 1],
    [777, 13],
  ])('%d keys/s in batches of %d: keys loaded by t <= batch + rate * t, equal at each step while the selection does not run dry', (rate, batch) => {
    // warm-up (on-event) with source order on a cache large enough never to run dry: 100,000 keys.
    const r = rig('warm-up', 100_000, { capacity: 50_000, batch, rateLimit: rate, eventKeys: 40_000, selection: 'source-order' });
    drive(r, [1, 2, 3], [0, 1, 2]);
    const T = 5;
    r.source.now = T;
    r.strategy.onCacheEvent!(restart('cold', T), T, undefined);
    let steps = 0;
    for (let j = 0; j <= 27_000; j++) {
      const dt = j * 0.37;
      r.kernel.fireTimers(T + dt);
      const loaded = r.strategy.stats().warmupReads ?? 0;
      expect(loaded).toBeLessThanOrEqual(batch + (rate * dt) / 1000 + 1e-6);
      expect(loaded).toBe(Math.min(40_000, batch * (Math.floor((rate * dt) / 1000 / batch + 1e-9) + 1)));
      steps++;
    }
    expect(steps).toBe(27_001);
    // At each step time exactly the bound is met: batch * (k + 1) keys at T + k * batch / rate.
    for (const k of [0, 1, 5, 100]) {
      const r2 = rig('warm-up', 100_000, { capacity: 50_000, batch, rateLimit: rate, eventKeys: 40_000, selection: 'source-order' });
      drive(r2, [1, 2, 3], [0, 1, 2]);
      r2.strategy.onCacheEvent!(restart('cold', T), T, undefined);
      const t = T + (k * batch * 1000) / rate;
      r2.kernel.fireTimers(t);
      expect(r2.strategy.stats().warmupReads).toBe(batch * (k + 1));
    }
  });

  it('rateLimit on a request-path trigger: backfilled keys by t stay within batch + rate * t, and the skipped or cut backfills are counted', () => {
    const n = 20_000;
    const keys = Array.from({ length: n }, (_, i) => (i * 104_729) % 5000);
    const times = Array.from({ length: n }, (_, i) => i * 0.1); // 10,000 requests/s for 2 s
    const r = rig('lru-backfill', 5000, { capacity: 500, batch: 10, rateLimit: 2000 });
    keys.forEach((k, i) => {
      r.kernel.access(k, times[i]!);
      expect(r.strategy.stats().backfilledKeys).toBeLessThanOrEqual(10 + 2 * times[i]!);
    });
    const st = r.strategy.stats();
    // Misses far outnumber what 2,000 keys/s allows: the limit binds, within one batch of the bound.
    expect(st.backfilledKeys).toBeGreaterThan(10 + 2000 * 1.9999 - 10);
    expect(st.throttledBackfills).toBeGreaterThan(0);
    const free = rig('lru-backfill', 5000, { capacity: 500, batch: 10 });
    keys.forEach((k, i) => free.kernel.access(k, times[i]!));
    expect(free.strategy.stats().backfilledKeys).toBeGreaterThan(st.backfilledKeys * 5);
    expect(free.strategy.stats().throttledBackfills).toBeUndefined();
  });

  it('with the batch in bytes the limit counts bytes: backfilled bytes stay within one batch budget + rate * duration (+ one object)', () => {
    // zipf, 1,000 keys of 1,000 .. 3,000 bytes, 12,000 requests at 2,000/s: 6 virtual seconds; a
    // timer asks for a 16 KiB batch every 10 ms (1.6 MB/s), the limit allows 20,000 bytes/s.
    const w = resolveWorkload('zipf', { keys: 1000, requests: 12_000, rate: 2000, sizes: 'uniform', sizeMin: 1000, sizeMax: 3000 });
    const go = (more: Record<string, unknown>) => {
      const stream = openStream(w, 3);
      return runStrategiesSync(stream, resolveStrategies(['time-based'], { capacity: '200KiB', batch: '16KiB', intervalMs: 10, ...more }, stream.sourceKeys), {
        seed: 3,
        latency: DEFAULT_LATENCY,
      })[0]!;
    };
    const limited = go({ rateLimit: 20_000 });
    const free = go({});
    const seconds = 6;
    expect(limited.bytes!.backfillBytes).toBeLessThanOrEqual(16 * 1024 + 20_000 * seconds + 3000);
    // The limit binds: the unlimited run loads far more, and the limited one most of what it allows.
    expect(free.bytes!.backfillBytes).toBeGreaterThan(5 * limited.bytes!.backfillBytes);
    expect(limited.bytes!.backfillBytes).toBeGreaterThan(20_000 * seconds - 16 * 1024 - 3000);
  });

  it('a rate limit too high to bind gives exactly the unlimited results', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 900);
    const times = keys.map((_, i) => i);
    const limited = rig('lru-backfill', 1000, { capacity: 100, rateLimit: 1e9 });
    const free = rig('lru-backfill', 1000, { capacity: 100 });
    expect(drive(limited, keys, times)).toEqual(drive(free, keys, times));
    expect(limited.strategy.stats()).toEqual(free.strategy.stats());
  });
});

describe('outage: the source is down', () => {
  it('a demand read fails: a miss, SOURCE_FAILED served, nothing cached; backfills and warm-ups pause and resume after', () => {
    const r = rig('lru-backfill', 100, { capacity: 20, batch: 5, threshold: 0.01 });
    drive(r, [1, 2, 3], [0, 1, 2]);
    const before = r.strategy.stats();
    r.source.down = true;
    expect(r.kernel.access(50, 3)).toBe(false);
    expect(r.strategy.lastValue).toBe(SOURCE_FAILED);
    expect(r.kernel.access(50, 4)).toBe(false); // still not cached
    expect(r.strategy.stats().backfills).toBe(before.backfills); // the miss-rate trigger fired, the backfill paused
    // A snapshot warm-up at a rate started during the outage waits for the source.
    r.strategy.onCacheEvent!(restart('snapshot', 5, 1000, 2), 5, undefined);
    r.kernel.fireTimers(100);
    expect(r.strategy.stats().warmupReads ?? 0).toBe(0);
    r.source.down = false;
    r.kernel.fireTimers(200);
    expect(r.strategy.stats().warmupReads).toBeGreaterThan(0);
    expect(r.kernel.access(50, 201)).toBe(false);
    expect(r.strategy.lastValue).toBe(sourceValue(50, 100));
    expect(r.kernel.access(50, 202)).toBe(true);
    r.strategy.finish();
  });
});

describe('opt with events', () => {
  /** Belady's MIN, plainly, from given content: hits of requests from..end. */
  function naiveMin(keys: readonly number[], from: number, sourceKeys: number, capacity: number, initial: readonly number[]): boolean[] {
    const cache = [...initial];
    const nextUse = (k: number, after: number) => {
      for (let j = after + 1; j < keys.length; j++) if (keys[j] === k) return j;
      return Infinity;
    };
    const hits: boolean[] = [];
    for (let i = from; i < keys.length; i++) {
      const key = keys[i]!;
      if (cache.includes(key)) {
        hits.push(true);
        continue;
      }
      hits.push(false);
      if (key >= sourceKeys) continue;
      if (cache.length < capacity) cache.push(key);
      else {
        let victim = 0;
        for (let c = 1; c < cache.length; c++) if (nextUse(cache[c]!, i) > nextUse(cache[victim]!, i)) victim = c;
        if (nextUse(key, i) < nextUse(cache[victim]!, i)) cache[victim] = key;
      }
    }
    return hits;
  }

  it('after a cold restart or a loss, opt is MIN from what remains: hits equal the naive model from that content', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 14 }), { minLength: 2, maxLength: 150 }),
        fc.integer({ min: 1, max: 8 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom('restart' as const, 'lose' as const),
        fc.constantFrom(0.3, 0.5, 1),
        (keys, capacity, share, kind, fraction) => {
          const sourceKeys = 12; // keys 12..14 are absent
          const cut = Math.floor(share * keys.length);
          const spec = strategySpec('opt');
          const source = new CountingSource(sourceKeys, DEFAULT_LATENCY, undefined);
          const opt = spec.create({ source, sourceKeys, keySpace: 15, seed: 7, future: { keys: Uint32Array.from(keys) } }, spec.validate({ ...spec.defaults(sourceKeys), capacity }, 'test'));
          keys.slice(0, cut).forEach((k, i) => opt.access(k, i));
          const before = [...opt.cachedKeysByPriority!()];
          const e: CacheEvent = kind === 'restart' ? restart('cold', cut) : { kind: 'lose', at: cut, warm: 'cold', rate: undefined, batch: 100, fraction, index: 2 };
          opt.onCacheEvent!(e, cut, undefined);
          const remaining = kind === 'restart' ? [] : before.filter((k) => !lostKey(7, 2, k, fraction));
          expect(new Set(opt.cachedKeysByPriority!())).toEqual(new Set(remaining));
          const hits = keys.slice(cut).map((k, i) => opt.access(k, cut + i));
          expect(hits).toEqual(naiveMin(keys, cut, sourceKeys, capacity, remaining));
          opt.finish();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses warm-ups that load keys, before anything runs, saying why; takes cold and snapshot restored at once', () => {
    const spec = strategySpec('opt');
    const p = spec.defaults(100);
    const ev = (text: string) => resolveEvents([parseEvent(text, 'test')], 100);
    expect(() => spec.checkEvents!(p, ev('restart@1s:warm=snapshot,rate=100'), 'strategy opt')).toThrow(
      /strategy opt: opt cannot take event restart@1s.*prefetching.*use warm=cold or warm=snapshot without a rate/,
    );
    expect(() => spec.checkEvents!(p, ev('lose@1s:nodes=2,warm=peer'), 'strategy opt')).toThrow(ConfigError);
    for (const ok of ['restart@1s', 'restart@1s:warm=snapshot', 'lose@2s:nodes=4', 'shift@1s', 'outage@1s:for=1s']) expect(() => spec.checkEvents!(p, ev(ok), 'x')).not.toThrow();
    // Through the runner: refused as a ConfigError.
    const w = resolveWorkload('zipf', { keys: 100, requests: 2000 });
    const stream = openStream(w, 1);
    expect(() => runStrategiesSync(stream, resolveStrategies(['opt'], {}, 100), { seed: 1, latency: DEFAULT_LATENCY, events: ev('restart@0.1s:warm=peer') })).toThrow(/opt cannot take event/);
  });
});

describe('results: peer copies and throttled backfills', () => {
  const w = resolveWorkload('zipf', { keys: 1000, requests: 20_000 });
  const go = (names: string[], more: Record<string, unknown>, events?: string[]) => {
    const stream = openStream(w, 1);
    return runStrategiesSync(stream, resolveStrategies(names, more, 1000), {
      seed: 1,
      latency: DEFAULT_LATENCY,
      ...(events
        ? {
            events: resolveEvents(
              events.map((t) => parseEvent(t, 'test'))!,
              1000,
            ),
          }
        : {}),
    });
  };

  it('runs with events say how many keys were copied from the twin (warm=peer) and read by warm-ups', () => {
    const [peer] = go(['none'], {}, ['restart@1s:warm=peer']);
    expect(peer!.peerCopiedKeys).toBe(100); // the twin's 100 keys (capacity 10 % of 1,000), copied at once
    expect(peer!.warmup!.warmupSourceReads).toBe(0);
    expect(peer!.warmup!.warmupDebt).toBe(0); // the twin's very content and order: nothing to catch up
    const [snap] = go(['none'], {}, ['restart@1s:warm=snapshot,rate=1000,batch=10']);
    expect(snap!.peerCopiedKeys).toBe(0);
    expect(snap!.warmup!.warmupSourceReads).toBeGreaterThan(0);
    expect(snap!.warmup!.warmupSourceReads).toBeLessThanOrEqual(100);
  });

  it('throttledBackfills appears when a rate limit throttled, and is absent (results as before) otherwise', () => {
    const [limited, free] = go(['lru-backfill', 'time-based'], { rateLimit: 50 });
    expect(limited!.throttledBackfills).toBeGreaterThan(0);
    expect(free!.throttledBackfills).toBeGreaterThan(0);
    const [plain] = go(['lru-backfill'], {});
    expect(plain).not.toHaveProperty('throttledBackfills');
    expect(plain).not.toHaveProperty('peerCopiedKeys');
  });
});
