// The one-pass miss-ratio curve must agree exactly with separate `none` simulations at every
// capacity: on random streams (property tests) and on the zipf preset at several capacities. The
// `none` results derived from it must equal the simulated results field for field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrayStream } from '../../test/helpers/streams.ts';
import { smallWorkload } from '../../test/helpers/strategy-arbitraries.ts';
import type { RequestStream } from '../core/types.ts';
import { runStrategiesSync } from '../runner/run.ts';
import { resolveStrategies } from '../runner/strategy-config.ts';
import { DEFAULT_LATENCY } from '../source/source-model.ts';
import { createChunk, openStream } from '../workloads/stream.ts';
import { resolveWorkload } from '../workloads/workload-config.ts';
import { Fenwick } from './fenwick.ts';
import { noneResultsFromStream } from './none-results.ts';
import { profileStream, StackDistance } from './stack-distance.ts';

function simulateNone(make: () => RequestStream, capacity: number | undefined, loadSeriesPoints?: number) {
  const stream = make();
  const [r] = runStrategiesSync(stream, resolveStrategies(['none'], { capacity: capacity ?? 'unbounded' }, stream.sourceKeys), {
    seed: 1,
    latency: DEFAULT_LATENCY,
    chunk: createChunk(64),
    keepSeries: false, // the one-pass results have no time series
    ...(loadSeriesPoints ? { loadSeriesPoints } : {}),
  });
  return r!;
}

/** Naive LRU stack distances (list scan): the definition the Fenwick version must match. */
function naiveDistances(keys: readonly number[]): number[] {
  const stack: number[] = [];
  return keys.map((k) => {
    const at = stack.indexOf(k);
    if (at >= 0) stack.splice(at, 1);
    stack.unshift(k);
    return at < 0 ? 0 : at + 1;
  });
}

describe('stack distances', () => {
  it('match the list-scan definition, across renumbering of positions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.array(fc.nat(), { maxLength: 3000 }), (keys, raw) => {
        const seq = raw.map((x) => x % keys);
        const sd = new StackDistance(keys);
        expect(seq.map((k) => sd.access(k))).toEqual(naiveDistances(seq));
      }),
      { numRuns: 60 },
    );
  });

  it('match it too with sparse last positions and positions that must grow (SHARDS samples)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 500, max: 2000 }), fc.array(fc.nat(), { minLength: 2000, maxLength: 5000 }), (keys, raw) => {
        const seq = raw.map((x) => x % keys);
        const sd = new StackDistance(keys, { expectedLive: 1, sparse: true });
        expect(seq.map((k) => sd.access(k))).toEqual(naiveDistances(seq));
      }),
      { numRuns: 10 },
    );
  });

  it('Fenwick prefix sums match a plain array after updates and a reset', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: -3, max: 3 }))), fc.nat(), (n, updates, ones) => {
        const f = new Fenwick(n);
        const plain = new Array<number>(n).fill(0);
        for (const [i, d] of updates) {
          f.add(i % n, d);
          plain[i % n]! += d;
        }
        let s = 0;
        const sums = plain.map((x) => (s += x));
        expect(Array.from({ length: n }, (_, i) => f.prefix(i))).toEqual(sums);
        const k = ones % (n + 1);
        f.resetToOnes(k);
        expect(Array.from({ length: n }, (_, i) => f.prefix(i))).toEqual(Array.from({ length: n }, (_, i) => Math.min(i + 1, k)));
      }),
      { numRuns: 80 },
    );
  });
});

describe('one-pass curve agrees exactly with per-capacity simulation', () => {
  it('on random streams (absent keys, ties in time), at every capacity up to the key count and unbounded', async () => {
    await fc.assert(
      fc.asyncProperty(smallWorkload, async (w) => {
        const make = () => arrayStream(w.keys, w.sourceKeys, w.times, 2 * w.sourceKeys);
        const curve = await profileStream(make(), { chunk: createChunk(64) });
        const caps = [...Array.from({ length: w.sourceKeys + 1 }, (_, i) => i + 1), undefined];
        for (const c of caps) expect(curve.hitsAt(c)).toBe(simulateNone(make, c).hits);
      }),
      { numRuns: 60 },
    );
  });

  it('derived `none` results equal simulated results field for field, load series included', async () => {
    await fc.assert(
      fc.asyncProperty(smallWorkload, fc.array(fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }), { minLength: 1, maxLength: 5 }), async (w, caps) => {
        const make = () =>
          arrayStream(
            w.keys,
            w.sourceKeys,
            w.times.map((t) => t * 50),
            2 * w.sourceKeys,
          );
        const { results } = await noneResultsFromStream(make(), caps, { latency: DEFAULT_LATENCY, loadSeriesPoints: 8, chunk: createChunk(64) });
        caps.forEach((c, i) => expect(results[i]).toEqual(simulateNone(make, c, 8)));
      }),
      { numRuns: 60 },
    );
  });

  it('on the zipf preset (200,000 requests, 5 % absent keys) at several capacities', async () => {
    const w = resolveWorkload('zipf', { requests: 200_000, absentRatio: 0.05 });
    const caps = [1, 7, 100, 1_000, 10_000, 50_000, 100_000, undefined];
    const { curve, results } = await noneResultsFromStream(openStream(w, 3), caps, { latency: DEFAULT_LATENCY, loadSeriesPoints: 100 });
    caps.forEach((c, i) => {
      const sim = simulateNone(() => openStream(w, 3), c, 100);
      expect(curve.hitsAt(c)).toBe(sim.hits);
      expect(results[i]).toEqual(sim);
    });
  });
});

describe('SHARDS sampling', () => {
  it('rate 1 is the exact curve', async () => {
    const w = resolveWorkload('zipf', { requests: 50_000 });
    const a = await profileStream(openStream(w, 1));
    const b = await profileStream(openStream(w, 1), { sampleRate: 1 });
    for (const c of a.capacities(6)) expect(b.hitsAt(c)).toBe(a.hitsAt(c));
  });

  it('stays within the error stated in the README on the zipf preset (R = 0.1, capacities >= 10 / R)', async () => {
    const w = resolveWorkload('zipf', { requests: 1_000_000 });
    const exact = await profileStream(openStream(w, 1));
    const R = 0.1;
    const s = await profileStream(openStream(w, 1), { sampleRate: R });
    const errs = exact
      .capacities(12)
      .filter((c) => c >= 10 / R)
      .map((c) => Math.abs(s.missRatioAt(c) - exact.missRatioAt(c)));
    const mae = errs.reduce((a, b) => a + b, 0) / errs.length;
    expect(mae).toBeLessThan(0.02);
    expect(Math.max(...errs)).toBeLessThan(0.05);
    // Absent keys and the request count are exact; only the present part is estimated.
    expect(s.requests).toBe(exact.requests);
    expect(s.sampledRequests).toBeLessThan(exact.sampledRequests);
    expect(s.errorAt(1000)).toBeGreaterThanOrEqual(0);
  });
});

describe('profileStream over a huge key space', () => {
  it('keeps a map of the keys seen, not an array over 10^9 keys, and gives the same distances', async () => {
    const keys = [5, 999_999_999, 5, 7, 999_999_999];
    const curve = await profileStream(arrayStream(keys, 1e9, undefined, 1e9));
    expect(curve.distinctKeys).toBe(3);
    // Re-accesses at stack distances 2 (key 5) and 3 (key 999,999,999): an LRU of 3 hits both, of 2 one.
    expect(curve.hitsAt(3)).toBe(2);
    expect(curve.hitsAt(2)).toBe(1);
  });
});
