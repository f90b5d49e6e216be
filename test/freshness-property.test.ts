// FreshCacheStrategy against the plain freshness model (test/models/freshness-model.ts, written from
// the design, not from the class): the same random reads, writes and deletes at random virtual times,
// over random capacities, ttls (with jitter), times to idle, write modes, refresh parts and source
// latencies, timers fired as the kernel fires them. After every operation: hit or miss, the version
// and value served, and the cumulative counters (stale reads, expired misses, revalidations, refresh
// reads); at the end the cached keys in LRU order, refresh calls, wasted refreshes, the expiries per
// 1-s window (peak and total) and the largest staleness age (HdrHistogram: 3 significant digits).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Key, SourceReader } from '../src/core/types.ts';
import { ABSENT } from '../src/core/types.ts';
import { createRng } from '../src/core/rng.ts';
import { sourceValueAt } from '../src/source/source-model.ts';
import { fireTimers, freshStrategy } from './helpers/fresh-strategy.ts';
import { FreshnessModel, type RefreshKind, type WriteMode } from './models/freshness-model.ts';

const SOURCE_KEYS = 4;
/** Key 4 is absent from the source (never cached, never written). */
const KEY_SPACE = 5;
const OP_WRITE = 1;
const OP_DELETE = 2;

/** A source with versions and a constant latency: callMs + perKeyMs x keys per call. */
class VersionedSource implements SourceReader {
  readonly down = false;
  lastCallMs = 0;
  private readonly versions = new Map<number, number>();
  constructor(
    readonly callMs: number,
    readonly perKeyMs: number,
  ) {}
  versionOf(key: Key): number {
    return this.versions.get(key) ?? 0;
  }
  write(key: Key): void {
    this.versions.set(key, this.versionOf(key) + 1);
  }
  read(key: Key): number {
    this.lastCallMs = this.callMs + this.perKeyMs;
    return key >= SOURCE_KEYS ? ABSENT : sourceValueAt(key, this.versionOf(key), SOURCE_KEYS);
  }
  readBatch(keys: Uint32Array, n: number, out: Float64Array): void {
    this.lastCallMs = this.callMs + this.perKeyMs * n;
    for (let i = 0; i < n; i++) out[i] = sourceValueAt(keys[i]!, this.versionOf(keys[i]!), SOURCE_KEYS);
  }
  refresh(keys: Uint32Array, n: number, out: Float64Array): number {
    this.readBatch(keys, n, out);
    return this.callMs + this.perKeyMs * n;
  }
}

interface Case {
  readonly seed: number;
  readonly capacity: number;
  readonly ttlMs: number;
  readonly ttlJitter: number;
  readonly ttiMs: number;
  readonly mode: WriteMode;
  readonly refresh: RefreshKind;
  readonly refreshAfterMs: number;
  readonly swrMs: number;
  readonly beta: number;
  readonly callMs: number;
  readonly perKeyMs: number;
  readonly bulk: { readonly intervalMs: number; readonly horizonMs: number; readonly rate: number | undefined; readonly batch: number; readonly hottest: boolean };
  /** A write's ttl > 0: the TTL its record carries (a trace's), the key's from then on. */
  readonly ops: readonly { readonly op: 'read' | 'write' | 'delete'; readonly key: number; readonly dt: number; readonly ttl: number }[];
}

/** Times on a 10-ms grid, so that expiries, refresh ages, landings and reads often coincide exactly. */
const ms = (lo: number, hi: number) => fc.integer({ min: lo / 10, max: hi / 10 }).map((x) => 10 * x);

const caseArb: fc.Arbitrary<Case> = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  capacity: fc.integer({ min: 1, max: 4 }),
  ttlMs: fc.oneof({ weight: 1, arbitrary: fc.constant(Infinity) }, { weight: 4, arbitrary: ms(50, 1000) }),
  ttlJitter: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(0.5) }),
  ttiMs: fc.oneof({ weight: 3, arbitrary: fc.constant(Infinity) }, { weight: 1, arbitrary: ms(100, 1000) }),
  mode: fc.constantFrom<WriteMode>('invalidate', 'update', 'none'),
  refresh: fc.constantFrom<RefreshKind>('none', 'refresh-ahead', 'swr', 'xfetch', 'bulk-refresh'),
  refreshAfterMs: ms(10, 500),
  swrMs: ms(10, 500),
  beta: fc.constantFrom(0.5, 1, 3),
  callMs: ms(10, 200),
  perKeyMs: fc.constantFrom(0, 10),
  bulk: fc.record({
    intervalMs: ms(10, 300),
    horizonMs: ms(10, 600),
    // Rates whose token period is a whole number of ms, so that the model's bucket (ms of credit) is exact.
    rate: fc.constantFrom(undefined, 1, 2, 4, 5, 8, 10, 20, 25, 50, 100),
    batch: fc.integer({ min: 1, max: 3 }),
    hottest: fc.boolean(),
  }),
  ops: fc.array(
    fc.record({
      op: fc.oneof({ weight: 7, arbitrary: fc.constant<'read'>('read') }, { weight: 2, arbitrary: fc.constant<'write'>('write') }, { weight: 1, arbitrary: fc.constant<'delete'>('delete') }),
      // Keys 0 and 1 are read most, so that entries live long enough to expire, go stale and be reloaded.
      key: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 1 }) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: KEY_SPACE - 1 }) }),
      dt: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: ms(10, 80) }, { weight: 1, arbitrary: ms(10, 600) }),
      ttl: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: ms(50, 800) }),
    }),
    { minLength: 1, maxLength: 150, size: 'large' },
  ),
});

function check(c: Case): void {
  const source = new VersionedSource(c.callMs, c.perKeyMs);
  const b = c.bulk;
  const hottest = c.refresh === 'bulk-refresh' && b.hottest;
  const s = freshStrategy({
    source,
    sourceKeys: SOURCE_KEYS,
    keySpace: KEY_SPACE,
    capacity: c.capacity,
    seed: c.seed,
    mode: c.mode,
    ttlMs: c.ttlMs,
    ttlJitter: c.ttlJitter,
    ttiMs: c.ttiMs,
    refresh: c.refresh,
    params: { refreshAfter: c.refreshAfterMs, swr: c.swrMs, xfetchBeta: c.beta, refreshInterval: b.intervalMs, refreshHorizon: b.horizonMs, refreshRate: b.rate, refreshBatch: b.batch },
    hottest,
  });
  // hottest with a counter per source key and no decay: each key's reads so far.
  const reads = new Map<number, number>();
  // The model draws from the same seeded streams as the parts (ttl jitter, xfetch's u), in the order the design fixes.
  const ttlRng = createRng(c.seed, 'ttl');
  const xfetchRng = createRng(c.seed, 'xfetch');
  const m = new FreshnessModel({
    capacity: c.capacity,
    sourceKeys: SOURCE_KEYS,
    ttlMs: c.ttlMs,
    ttiMs: c.ttiMs,
    ttlOf: c.ttlJitter === 0 ? undefined : (ttl) => ttl * (1 + c.ttlJitter * (2 * ttlRng.nextDouble() - 1)),
    mode: c.mode,
    refresh: c.refresh,
    refreshAfterMs: c.refreshAfterMs,
    swrMs: c.swrMs,
    xfetchBeta: c.beta,
    xfetchU: () => 1 - xfetchRng.nextDouble(),
    readMs: c.callMs + c.perKeyMs,
    reloadMs: (n) => c.callMs + c.perKeyMs * n,
    wasteInFlightAtEnd: true,
    bulk: { intervalMs: b.intervalMs, horizonMs: b.horizonMs, rate: b.rate ?? Infinity, batch: b.batch, hotness: hottest ? (k) => reads.get(k) ?? 0 : undefined },
  });
  let t = 0;
  const counters = () => ({ ...s.freshCounters });
  for (const [i, o] of c.ops.entries()) {
    t += o.dt;
    fireTimers(s, t);
    m.advance(t); // the timers first (the hottest counts they rank by do not include this read yet)
    const where = `op ${i} (${o.op} ${o.key} at ${t})`;
    if (o.op === 'read') {
      if (o.key < SOURCE_KEYS) reads.set(o.key, (reads.get(o.key) ?? 0) + 1);
      const hit = s.access(o.key, t);
      const r = m.read(o.key, t);
      expect(hit, where).toBe(r.hit);
      if (o.key < SOURCE_KEYS) {
        expect(s.lastVersion, where).toBe(r.version);
        expect(s.lastValue, where).toBe(sourceValueAt(o.key, r.version, SOURCE_KEYS));
      }
    } else {
      source.write(o.key);
      s.write(o.key, t, o.op === 'delete' ? OP_DELETE : OP_WRITE, o.ttl);
      m.write(o.key, t, o.op, o.ttl);
    }
    expect(counters(), where).toEqual({ staleReads: m.staleReads, expiredMisses: m.expiredMisses, refreshReads: m.refreshReads, revalidations: m.revalidations });
  }
  m.finish(t);
  s.finish(); // the final stats: entries still to expire taken out of the last window
  const f = s.stats().freshness!;
  expect([...s.cachedKeysByPriority()].reverse()).toEqual(m.keys());
  const windows = [...m.expiriesBy(t).values()];
  expect({ refreshCalls: f.refreshCalls, wastedRefreshes: f.wastedRefreshes, peak: f.peakExpiriesPerSec, expiries: f.expiries }).toEqual({
    refreshCalls: m.refreshCalls,
    wastedRefreshes: m.wastedRefreshes,
    peak: Math.max(0, ...windows),
    expiries: windows.reduce((a, b) => a + b, 0),
  });
  const maxAge = Math.max(0, ...m.staleAges);
  expect(Math.abs(f.stalenessMs.max - maxAge)).toBeLessThanOrEqual(maxAge * 1e-3 + 1e-3);
}

describe('FreshCacheStrategy against the plain freshness model', () => {
  it('serves the same values with the same hits, staleness, expiries, reloads and waste for random operations', () => {
    fc.assert(fc.property(caseArb, check), { numRuns: 250 });
  });
});
