// `hottest` against the mathematics (issue 13): on the zipf preset (alpha 0.99 over 100,000 keys), a
// cache of C = 10,000 keys backfilled once from the hottest selection and then frozen (no fill, no
// eviction) hits each later request with probability P(S), the zipf mass of the keys S it holds. No
// set of C keys does better than the top C: H_C = sum_{r <= C} r^-0.99 / sum_{r <= 100,000} r^-0.99
// (0.80013), computed exactly here. The preset is used unscrambled (rank r is key r - 1: the same
// distribution, relabelled) so that P(S) can be summed exactly too; the selection observes the
// preset's 1,000,000 requests, then the cache is filled and 500,000 more requests are counted.
//
// What is checked, and the tolerances:
// - the frozen hit ratio agrees with P(S) within 5 standard deviations of a binomial proportion over
//   the 500,000 requests counted (they are drawn after S is fixed, independently of it: sampling
//   noise only; 5 sd, about 0.003: a false alarm about once in 3.5 million runs);
// - P(S) <= H_C (the top C is optimal), and with a large sketch (every key counted, no decay) the
//   deficit H_C - P(S) shrinks as more requests are observed: S is ranked from counts, and keys near
//   rank C expect only a few requests each, so keys just inside and just outside the top C trade
//   places. Measured (seed 1) the deficit is ~5,200 / (requests observed): 0.0103 after 500,000,
//   0.0026 after 2 million, 0.00066 after 8 million. Asserted: after 1,000,000 it is below 0.0075
//   (1.45 x the expected 0.0052: the deficit sums thousands of boundary keys, so it varies little),
//   and at most half the deficit after 250,000 (expected: a quarter).
// - the bounded sketch (the default hotKeys, 4 x C = 40,000 counters, halved every 400,000
//   requests: on a stationary stream the decay only forgets) is measured against the same bound:
//   deficit 0.0078 / 0.0080 / 0.0081 with seeds 1 / 2 / 3 (the large sketch: 0.0052 / 0.0050 /
//   0.0052); asserted below 0.012.
import { describe, expect, it } from 'vitest';
import { createChunk } from '../src/core/chunks.ts';
import { createLru } from '../src/strategies/eviction/lru.ts';
import { defaultHotKeys, HALF_LIFE_PER_KEY, HottestSelection } from '../src/strategies/selection/hottest.ts';
import { openStream } from '../src/workloads/stream.ts';
import { resolveWorkload } from '../src/workloads/workload-config.ts';

const C = 10_000;
const COUNTED = 500_000;

/** Observes `observed` requests, backfills C keys once into an empty LRU, then counts hits over COUNTED more. */
function frozenBackfill(observed: number, hotKeys: number, halfLife: number) {
  const w = resolveWorkload('zipf', { scramble: false, requests: observed + COUNTED });
  const stream = openStream(w, 1);
  const keys = stream.sourceKeys;
  const alpha = w.params.alpha as number;
  const hottest = new HottestSelection(keys, hotKeys, halfLife, stream.keySpace, undefined);
  const lru = createLru(C, stream.keySpace);
  const chunk = createChunk(65_536);
  let seen = 0;
  let hits = 0;
  while (stream.nextChunk(chunk)) {
    for (let i = 0; i < chunk.length; i++, seen++) {
      const key = chunk.keys[i]!;
      if (seen < observed) {
        hottest.observe(key);
        continue;
      }
      if (seen === observed) {
        const out = new Uint32Array(C);
        const n = hottest.select(lru, C, out);
        expect(n).toBe(C);
        for (let j = 0; j < n; j++) lru.insert(out[j]!, 1);
        expect(lru.size).toBe(C);
        expect(lru.evictions).toBe(0);
      }
      if (lru.contains(key)) hits++;
    }
  }
  expect(seen).toBe(observed + COUNTED);
  // Exact zipf masses: rank r (key r - 1) has probability r^-alpha / Z (summed smallest first).
  let z = 0;
  for (let r = keys; r >= 1; r--) z += r ** -alpha;
  let top = 0;
  for (let r = C; r >= 1; r--) top += r ** -alpha;
  let held = 0;
  for (let k = keys - 1; k >= 0; k--) if (lru.contains(k)) held += (k + 1) ** -alpha;
  const heldMass = held / z;
  return { hitRatio: hits / COUNTED, analytic: top / z, heldMass, deficit: top / z - heldMass, sd: Math.sqrt((heldMass * (1 - heldMass)) / COUNTED) };
}

describe('hottest on zipf 0.99, backfilled once into an LRU of 10,000 keys and frozen', () => {
  it('with a large sketch (every key counted, no decay) approaches the analytic top-C hit ratio', () => {
    const few = frozenBackfill(250_000, 100_000, Number.MAX_SAFE_INTEGER);
    const r = frozenBackfill(1_000_000, 100_000, Number.MAX_SAFE_INTEGER);
    expect(r.analytic).toBeCloseTo(0.80013, 5);
    expect(Math.abs(r.hitRatio - r.heldMass)).toBeLessThan(5 * r.sd);
    expect(r.heldMass).toBeLessThanOrEqual(r.analytic);
    expect(r.deficit).toBeLessThan(0.0075);
    expect(r.deficit).toBeLessThan(few.deficit / 2);
  });

  it('with the bounded sketch (default hotKeys, 40,000 counters, decayed) stays within 0.012 of it', () => {
    const k = defaultHotKeys(100_000, C);
    expect(k).toBe(40_000);
    const r = frozenBackfill(1_000_000, k, HALF_LIFE_PER_KEY * k);
    expect(Math.abs(r.hitRatio - r.heldMass)).toBeLessThan(5 * r.sd);
    expect(r.heldMass).toBeLessThanOrEqual(r.analytic);
    expect(r.deficit).toBeLessThan(0.012);
  });
});
