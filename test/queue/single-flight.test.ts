// Fetches in flight. One key requested at Poisson rate lambda, fetched in a fixed time z, and never
// kept (as with a TTL of 0, so every request that finds no fetch in flight is a miss): the requests
// during a fetch are delayed hits, lambda z per miss on average, and a miss with its delayed hits
// waits z + lambda z^2 / 2 in all (formulas.ts, Atre et al.). The misses split the stream into
// independent cycles (a miss, then the Poisson arrivals of the next z ms: memoryless), so the
// per-miss counts and delays are i.i.d. and a CLT interval applies: with lambda = 2 per ms, z = 1.5 ms
// (lambda z = 3) and 1,000,000 requests, about 250,000 misses; the per-miss count is Poisson(3)
// (variance 3) and the delay's variance is lambda z^3 / 3 = 2.25, giving 99.9 % half-widths
// (3.2905 sd / sqrt(misses)) near 0.4 % and 0.3 % of the expected values. Fixed seed: deterministic.
// With coalescing off, the same stream must give exactly as many duplicate reads as it gave delayed
// hits. Then the table itself against a Map, by fast-check.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.ts';
import { aggregateDelayPerMiss, delayedHitsPerMiss } from '../../src/source/queue/formulas.ts';
import { NOT_IN_FLIGHT, SingleFlight } from '../../src/source/queue/single-flight.ts';

const Z_999 = 3.2905; // standard normal quantile 0.9995 (two-sided 99.9 %)
const LAMBDA = 2;
const Z = 1.5;
const REQUESTS = 1_000_000;
const KEY = 7;

/** Replays the stream into a table; each miss's fetch and each duplicate's read takes z. */
function replay(coalesce: boolean) {
  const rng = createRng(20261129, 'single-flight');
  const sf = new SingleFlight(coalesce);
  let t = 0;
  let misses = 0;
  let sumDelayed = 0; // sum over misses of delayed hits (for the variance)
  let sumDelayed2 = 0;
  let sumDelay = 0;
  let sumDelay2 = 0;
  let cycleHits = 0;
  let cycleDelay = 0;
  const closeCycle = () => {
    if (misses === 0) return;
    sumDelayed += cycleHits;
    sumDelayed2 += cycleHits * cycleHits;
    sumDelay += cycleDelay;
    sumDelay2 += cycleDelay * cycleDelay;
  };
  for (let i = 0; i < REQUESTS; i++) {
    t -= Math.log(1 - rng.nextDouble()) / LAMBDA;
    const done = sf.join(KEY, t);
    if (done === NOT_IN_FLIGHT) {
      closeCycle();
      misses++;
      sf.begin(KEY, t, t + Z);
      cycleHits = 0;
      cycleDelay = Z;
    } else {
      if (!coalesce) sf.begin(KEY, t, t + Z); // the duplicate's own read
      cycleHits++;
      cycleDelay += done - t;
    }
  }
  closeCycle();
  return { sf, misses, sumDelayed, sumDelayed2, sumDelay, sumDelay2, summary: sf.finish() };
}

const interval = (sum: number, sum2: number, n: number) => {
  const mean = sum / n;
  const sd = Math.sqrt((sum2 - n * mean * mean) / (n - 1));
  return { mean, halfWidth: (Z_999 * sd) / Math.sqrt(n) };
};

describe('delayed hits on one key', () => {
  const on = replay(true);

  it('lambda z delayed hits per miss, within the 99.9 % interval', () => {
    const expected = delayedHitsPerMiss(LAMBDA, Z);
    const est = interval(on.sumDelayed, on.sumDelayed2, on.misses);
    expect(on.misses).toBeGreaterThan(200_000);
    expect(est.halfWidth / expected, 'narrow enough to be a test').toBeLessThan(0.01);
    expect(Math.abs(est.mean - expected), `${est.mean} vs ${expected} ± ${est.halfWidth}`).toBeLessThanOrEqual(est.halfWidth);
    expect(on.summary.delayedHits).toBe(on.sumDelayed);
    expect(on.summary.fetches).toBe(on.misses);
  });

  it('aggregate delay per miss z + lambda z^2 / 2, within the 99.9 % interval', () => {
    const expected = aggregateDelayPerMiss(LAMBDA, Z);
    const est = interval(on.sumDelay, on.sumDelay2, on.misses);
    expect(est.halfWidth / expected, 'narrow enough to be a test').toBeLessThan(0.01);
    expect(Math.abs(est.mean - expected), `${est.mean} vs ${expected} ± ${est.halfWidth}`).toBeLessThanOrEqual(est.halfWidth);
    // The table's own sum of the delayed hits' waits is the same figure without the misses' z.
    expect(on.sf.delayedWaitMs).toBeCloseTo(on.sumDelay - Z * on.misses, 3);
  });

  it('stampede sizes are 1 + Poisson(lambda z): median 4 (P(X <= 2) = 0.42, P(X <= 3) = 0.65 for X ~ Poisson(3))', () => {
    expect(on.summary.stampedeP50).toBe(4);
    expect(on.summary.stampedeMax).toBeGreaterThan(10);
  });

  it('with coalescing off, the same stream sends as many duplicate reads as it had delayed hits', () => {
    const off = replay(false);
    expect(off.misses).toBe(on.misses);
    expect(off.summary.duplicateReads).toBe(on.summary.delayedHits);
    expect(off.summary.delayedHits).toBe(0);
    expect(on.summary.duplicateReads).toBe(0);
  });
});

/** The multiplicative inverse mod 2^32 of the table's hash multiplier 0x9e3779b1 (Newton's iteration). */
const HASH_INVERSE = (() => {
  let x = 0x9e3779b1;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(0x9e3779b1, x));
  return x;
})();

describe('a fetch of unknown completion (a deferred backfill)', () => {
  it('is not joined: the caller reads on demand, and the key is available at the earlier read', () => {
    const sf = new SingleFlight(true);
    sf.begin(3, 0, Infinity);
    expect(sf.join(3, 1)).toBe(Infinity);
    expect([sf.delayedHits, sf.duplicateReads, sf.fetches]).toEqual([0, 0, 1]);
    sf.begin(3, 1, 5); // the demand read the caller issued
    expect(sf.join(3, 2)).toBe(5);
    sf.begin(3, 4, 9); // the deferred backfill's completion, once known: later, so it changes nothing
    expect(sf.join(3, 4.5)).toBe(5);
    expect(sf.join(3, 5)).toBe(NOT_IN_FLIGHT);
    expect([sf.delayedHits, sf.delayedWaitMs]).toEqual([2, 3.5]);
  });
});

describe('the table against a Map', () => {
  it('HASH_INVERSE is the inverse', () => expect(Math.imul(HASH_INVERSE, 0x9e3779b1)).toBe(1));

  it('join and begin give what a Map of key -> earliest completion gives, across sweeps and growth', () => {
    // Up to ~100 keys in flight at once from a 16-slot table: sweeps, growth, long probe runs, and
    // deletions inside them (a join that finds its fetch completed).
    // Besides small and spread keys, keys that share a home slot in the 16-slot table (a multiple of the
    // inverse of the table's hash multiplier), so probe runs form and deletions shift entries back.
    const keyArb = fc.oneof(
      fc.integer({ min: 0, max: 120 }),
      fc.integer({ min: 0, max: 120 }).map((k) => (k * 2654435761) >>> 0),
      fc.record({ slot: fc.integer({ min: 0, max: 3 }), low: fc.integer({ min: 0, max: 31 }) }).map(({ slot, low }) => Math.imul((slot << 28) | low, HASH_INVERSE) >>> 0),
    );
    const opArb = fc.record({ gap: fc.constantFrom(0, 0, 0, 1, 2), key: keyArb, begin: fc.boolean(), took: fc.integer({ min: 0, max: 80 }) });
    fc.assert(
      fc.property(fc.boolean(), fc.array(opArb, { maxLength: 400, size: 'max' }), (coalesce, ops) => {
        const sf = new SingleFlight(coalesce, 16);
        const model = new Map<number, number>();
        let t = 0;
        let delayed = 0;
        let duplicates = 0;
        let fetches = 0;
        for (const op of ops) {
          t += op.gap;
          const inFlight = model.has(op.key) && model.get(op.key)! > t;
          if (op.begin) {
            sf.begin(op.key, t, t + op.took);
            if (inFlight) model.set(op.key, Math.min(model.get(op.key)!, t + op.took));
            else {
              model.set(op.key, t + op.took);
              fetches++;
            }
          } else {
            const got = sf.join(op.key, t);
            expect(got).toBe(inFlight ? model.get(op.key)! : NOT_IN_FLIGHT);
            if (inFlight && coalesce) delayed++;
            if (inFlight && !coalesce) duplicates++;
          }
          expect(sf.inFlightAt(t)).toBe([...model.values()].filter((d) => d > t).length);
        }
        expect([sf.fetches, sf.delayedHits, sf.duplicateReads]).toEqual([fetches, delayed, duplicates]);
      }),
    );
  });
});
