import { describe, expect, it } from 'vitest';
import { chiSquareCritical, chiSquareTop, histogram, hottest, makeGenerator, tvBound, tvDistance } from '../test-support.ts';
import { zipfPmf } from '../zipf-sampler.ts';

const KEYS = 1000;
const N = 1_000_000;

function keyCounts(alpha: number, scramble: boolean, seed: number, draws = N): Float64Array {
  const gen = makeGenerator('zipf', { keys: KEYS, alpha, scramble }, seed);
  return histogram(() => gen.next(), draws, KEYS);
}

describe('zipf generator', () => {
  for (const alpha of [0, 0.5, 0.99, 1.0, 1.2]) {
    it(`scramble=false, alpha=${alpha}: key k has the pmf of rank k+1 (key 0 hottest)`, () => {
      const pmf = zipfPmf(KEYS, alpha);
      const counts = keyCounts(alpha, false, 21);
      // Bound: see tvBound in test-support.ts (expected TV <= 1/2 sum sqrt(p(1-p)/N), plus McDiarmid).
      expect(tvDistance(counts, pmf, N)).toBeLessThan(tvBound(pmf, N));
      const chi = chiSquareTop(counts, pmf, N, 20);
      expect(chi.stat).toBeLessThan(chiSquareCritical(chi.df));
      if (alpha >= 0.5) expect(hottest(counts)[0]).toBe(0);
    });

    it(`scramble=true, alpha=${alpha}: sorted key frequencies have the pmf's shape`, () => {
      const pmf = zipfPmf(KEYS, alpha);
      const counts = keyCounts(alpha, true, 22);
      const sorted = Float64Array.from(counts).sort().reverse();
      // Sorting is an L1 contraction (sum |a_(i) - b_(i)| <= sum |a_i - b_i| when both are sorted
      // alike, and the pmf is already sorted), so the sorted empirical distribution is within the
      // same TV bound of the pmf as the unsorted one is of the permuted pmf.
      expect(tvDistance(sorted, pmf, N)).toBeLessThan(tvBound(pmf, N));
    });
  }

  it('scramble=true spreads the hot keys: the hottest key depends on the seed and is rarely key 0', () => {
    const tops = [1, 2, 3, 4, 5, 6].map((seed) => hottest(keyCounts(1.2, true, seed, 50_000))[0]);
    expect(new Set(tops).size).toBeGreaterThanOrEqual(5);
    expect(tops.filter((k) => k === 0).length).toBeLessThanOrEqual(1);
    // And the hot ranks are not clustered at the low keys: the 10 hottest keys of one seed span the key space.
    const top10 = hottest(keyCounts(1.2, true, 7, 200_000)).slice(0, 10);
    expect(Math.max(...top10) - Math.min(...top10)).toBeGreaterThan(KEYS / 4);
  });

  it('scramble=true is a bijection of ranks: with alpha 0 every key is drawn and uniformly', () => {
    const draws = 200_000;
    const counts = keyCounts(0, true, 8, draws);
    expect(counts.every((c) => c > 0)).toBe(true);
    const pmf = new Float64Array(KEYS).fill(1 / KEYS);
    expect(tvDistance(counts, pmf, draws)).toBeLessThan(tvBound(pmf, draws));
  });
});
