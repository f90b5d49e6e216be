import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.ts';
import type { Rng } from '../core/types.ts';
import { chiSquareCritical, chiSquareTop, histogram, tvBound, tvDistance } from './test-support.ts';
import { helper1, helper2, randomPermutation, ZipfSampler, zipfPmf } from './zipf-sampler.ts';

/** Rank counts (index k-1 for rank k) of `draws` samples. */
function rankCounts(n: number, alpha: number, draws: number, seed: number): Float64Array {
  const s = new ZipfSampler(n, alpha, createRng(seed, 'zipf-test'));
  return histogram(() => s.sample() - 1, draws, n);
}

describe('zipfPmf', () => {
  it('sums to 1 and follows k^-alpha', () => {
    for (const alpha of [0, 0.5, 1, 2.5]) {
      const p = zipfPmf(500, alpha);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(p[1]! / p[0]!).toBeCloseTo(2 ** -alpha, 12);
      expect(p[99]! / p[9]!).toBeCloseTo(10 ** -alpha, 12);
    }
    // alpha = 1: the normaliser is the harmonic number H_4 = 25/12.
    expect(Array.from(zipfPmf(4, 1))).toEqual([12 / 25, 6 / 25, 4 / 25, 3 / 25].map((x) => expect.closeTo(x, 15)));
  });
});

describe('helper1 / helper2', () => {
  fcTest.prop([fc.double({ min: -0.999, max: 10, noNaN: true })])('match log1p(y)/y and expm1(y)/y, including the Taylor range', (y) => {
    // Exact reference away from 0; near 0 the series log1p(y)/y = 1 - y/2 + y^2/3 - ... is exact to 1e-16.
    const ref1 = Math.abs(y) > 1e-5 ? Math.log1p(y) / y : 1 - y / 2 + (y * y) / 3 - (y * y * y) / 4;
    const ref2 = Math.abs(y) > 1e-5 ? Math.expm1(y) / y : 1 + y / 2 + (y * y) / 6 + (y * y * y) / 24;
    expect(Math.abs(helper1(y) - ref1)).toBeLessThanOrEqual(1e-14 * Math.abs(ref1));
    expect(Math.abs(helper2(y) - ref2)).toBeLessThanOrEqual(1e-14 * Math.abs(ref2));
  });
  it('are continuous across the Taylor threshold (1e-8)', () => {
    for (const y of [1e-8, -1e-8]) {
      expect(helper1(y * (1 + 1e-9))).toBeCloseTo(helper1(y * (1 - 1e-9)), 15);
      expect(helper2(y * (1 + 1e-9))).toBeCloseTo(helper2(y * (1 - 1e-9)), 15);
    }
    expect(helper1(0)).toBe(1);
    expect(helper2(0)).toBe(1);
  });
});

/**
 * The distribution a broken sampler that skipped the rejection step would produce: each rank gets its
 * slice of the hat integral, H(k + 1/2) - H(k - 1/2) (and 1 for rank 1), with
 * H(x) = (x^(1-alpha) - 1) / (1 - alpha), or log x at alpha = 1.
 */
function hatOnlyPmf(n: number, alpha: number): Float64Array {
  const H = (x: number) => (alpha === 1 ? Math.log(x) : (x ** (1 - alpha) - 1) / (1 - alpha));
  const q = new Float64Array(n);
  q[0] = 1;
  for (let k = 2; k <= n; k++) q[k - 1] = H(k + 0.5) - H(k - 0.5);
  const total = q.reduce((a, b) => a + b, 0);
  return q.map((x) => x / total);
}

describe('ZipfSampler is exact', () => {
  // 1,000 ranks, 2 x 10^6 draws per alpha. The TV bound is justified in tvBound (test-support.ts): the
  // expected TV of a correct sampler is <= 1/2 sum sqrt(p_k (1 - p_k) / N), about 0.011 for the
  // uniform case and smaller for skewed ones, plus a McDiarmid deviation term of 0.0032 (delta 1e-9).
  // TV catches gross errors; the chi-square tests on the head (where a wrong exponent or a missing
  // rejection step shows first) catch subtle ones, with critical values at tail probability 1e-6.
  const N = 2_000_000;
  const n = 1000;
  for (const alpha of [0, 0.5, 0.99, 1.0, 1.2]) {
    it(`alpha = ${alpha}: rank frequencies match the exact pmf (TV, chi-square on the top 5 and top 20 ranks)`, () => {
      const pmf = zipfPmf(n, alpha);
      const counts = rankCounts(n, alpha, N, 1000 + alpha * 100);
      expect(tvDistance(counts, pmf, N)).toBeLessThan(tvBound(pmf, N));
      for (const top of [5, 20]) {
        const chi = chiSquareTop(counts, pmf, N, top);
        expect(chi.minExpected).toBeGreaterThan(5);
        expect(chi.stat, `top ${top}`).toBeLessThan(chiSquareCritical(chi.df));
      }
      // The same test has the power to see subtle errors in this very sample: a slightly wrong
      // exponent (alpha +- 0.03: noncentrality >= 1,800 against a critical value of 37.5), and at
      // alpha 1.2 the hat distribution of a sampler without its rejection step (noncentrality 148;
      // below alpha ~1.2 that error is too small to see reliably at this sample size, the large-
      // exponent test below catches it).
      const wrongs = [alpha + 0.03, alpha - 0.03].filter((a) => a >= 0).map((a) => zipfPmf(n, a));
      if (alpha >= 1.2) wrongs.push(hatOnlyPmf(n, alpha));
      for (const wrong of wrongs) {
        const chi = chiSquareTop(counts, wrong, N, 5);
        expect(chi.stat).toBeGreaterThan(chiSquareCritical(chi.df));
      }
    });
  }

  // helper1/helper2 switch to Taylor series when |(1 - alpha) * log x| is below 1e-8: exponents
  // within 1e-12 .. 1e-6 of 1 exercise both sides of that switch inside one sampler.
  for (const alpha of [1 - 1e-12, 1 + 1e-12, 1 - 1e-9, 1 + 1e-9, 1 - 1e-6, 1 + 1e-6, 0.999, 1.001]) {
    it(`alpha = 1 ${alpha < 1 ? '-' : '+'} ${Math.abs(1 - alpha).toExponential(0)}: matches the pmf`, () => {
      const draws = 300_000;
      const pmf = zipfPmf(n, alpha);
      const counts = rankCounts(n, alpha, draws, 7);
      expect(tvDistance(counts, pmf, draws)).toBeLessThan(tvBound(pmf, draws));
      const chi = chiSquareTop(counts, pmf, draws, 10);
      expect(chi.stat).toBeLessThan(chiSquareCritical(chi.df));
    });
  }

  it('large exponents (2, 5, 20, 100) and tiny n match the pmf', () => {
    const draws = 200_000;
    for (const [m, alpha] of [
      [50, 2],
      [50, 5],
      [50, 20],
      [50, 100],
      [1, 0.99],
      [2, 0],
      [2, 1],
      [3, 0.5],
    ] as const) {
      const pmf = zipfPmf(m, alpha);
      const counts = rankCounts(m, alpha, draws, 11);
      expect(tvDistance(counts, pmf, draws), `n=${m} alpha=${alpha}`).toBeLessThan(tvBound(pmf, draws));
    }
  });

  fcTest.prop([fc.integer({ min: 1, max: 6 }), fc.double({ min: 0, max: 4, noNaN: true }), fc.integer()], { numRuns: 25 })('random small n and alpha: frequencies match the pmf', (m, alpha, seed) => {
    const draws = 20_000;
    const pmf = zipfPmf(m, alpha);
    const s = new ZipfSampler(m, alpha, createRng(seed, 'p'));
    const counts = histogram(() => s.sample() - 1, draws, m);
    expect(tvDistance(counts, pmf, draws)).toBeLessThan(tvBound(pmf, draws));
  });

  fcTest.prop([fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.double({ min: 0, max: 100, noNaN: true }), fc.integer()], { numRuns: 200 })('always an integer rank in 1..n', (m, alpha, seed) => {
    const s = new ZipfSampler(m, alpha, createRng(seed, 'r'));
    for (let i = 0; i < 200; i++) {
      const r = s.sample();
      if (!(Number.isInteger(r) && r >= 1 && r <= m)) expect.fail(`rank ${r} outside 1..${m}`);
    }
  });

  it('the largest key space (2^31 - 1 ranks): head frequencies match the harmonic-number pmf at alpha = 1', () => {
    const m = 2 ** 31 - 1;
    // H_m = ln m + gamma + 1/(2m) - ..., exact to 1e-18 here.
    const harmonic = Math.log(m) + 0.5772156649015329 + 1 / (2 * m);
    const s = new ZipfSampler(m, 1, createRng(3, 'big'));
    const draws = 400_000;
    const top = new Float64Array(6);
    let max = 0;
    for (let i = 0; i < draws; i++) {
      const r = s.sample();
      if (r <= 5) top[r - 1]!++;
      else top[5]!++;
      if (r > max) max = r;
    }
    expect(max).toBeLessThanOrEqual(m);
    const pmf = [1, 2, 3, 4, 5].map((k) => 1 / k / harmonic);
    const chi = chiSquareTop(top, pmf, draws, 5);
    expect(chi.stat).toBeLessThan(chiSquareCritical(chi.df));
    // The tail is really reached: P(rank > 2^30) = (H_m - H_{2^30}) / H_m ~ ln 2 / 22 ~ 3%.
    expect(max).toBeGreaterThan(2 ** 30);
  });

  it('uniform (alpha 0) over 2^31 - 1 ranks reaches both ends', () => {
    const m = 2 ** 31 - 1;
    const s = new ZipfSampler(m, 0, createRng(4, 'big0'));
    let lo = Infinity;
    let hi = 0;
    let sum = 0;
    const draws = 100_000;
    for (let i = 0; i < draws; i++) {
      const r = s.sample();
      lo = Math.min(lo, r);
      hi = Math.max(hi, r);
      sum += r;
    }
    expect(hi).toBeLessThanOrEqual(m);
    expect(lo).toBeGreaterThanOrEqual(1);
    expect(hi).toBeGreaterThan(m * 0.9999);
    expect(lo).toBeLessThan(m * 0.0001);
    // Mean (m+1)/2, sd of the mean m / sqrt(12 * draws).
    expect(Math.abs(sum / draws - (m + 1) / 2)).toBeLessThan((5 * m) / Math.sqrt(12 * draws));
  });

  it('setN(m) samples Zipf(m, alpha): Zipf(n) conditioned on rank <= m', () => {
    const s = new ZipfSampler(1000, 0.99, createRng(5, 'setN'));
    for (const m of [1000, 37, 1, 250]) {
      s.setN(m);
      expect(s.n).toBe(m);
      const draws = 200_000;
      const pmf = zipfPmf(m, 0.99);
      const counts = histogram(() => s.sample() - 1, draws, m);
      expect(tvDistance(counts, pmf, draws)).toBeLessThan(tvBound(pmf, draws));
    }
  });

  it('uses only the Rng it was given, one double per accepted draw in the common case', () => {
    let calls = 0;
    const inner = createRng(9, 'count');
    const rng: Rng = {
      nextUint32: () => expect.fail('nextUint32 not expected'),
      nextInt: () => expect.fail('nextInt not expected'),
      nextDouble: () => {
        calls++;
        return inner.nextDouble();
      },
    };
    const s = new ZipfSampler(100_000, 0.99, rng);
    for (let i = 0; i < 100_000; i++) s.sample();
    // Rejection-inversion rejects rarely: well under 5% extra draws.
    expect(calls).toBeGreaterThanOrEqual(100_000);
    expect(calls).toBeLessThan(105_000);
  });

  it('rejects invalid n and alpha', () => {
    const rng = createRng(1, 'x');
    expect(() => new ZipfSampler(0, 1, rng)).toThrow(RangeError);
    expect(() => new ZipfSampler(10, -0.1, rng)).toThrow(RangeError);
    expect(() => new ZipfSampler(10, Number.NaN, rng)).toThrow(RangeError);
    expect(() => new ZipfSampler(1.5, 1, rng)).toThrow(RangeError);
  });
});

describe('randomPermutation', () => {
  fcTest.prop([fc.integer({ min: 0, max: 2000 }), fc.integer()])('is a permutation of [0, n)', (n, seed) => {
    const p = randomPermutation(n, createRng(seed, 'perm'));
    expect(p.length).toBe(n);
    const seen = new Uint8Array(n);
    for (const v of p) seen[v] = 1;
    expect(seen.every((x) => x === 1)).toBe(true);
  });

  it('puts every element everywhere with equal probability (n = 4, all 24 orders)', () => {
    const counts = new Map<string, number>();
    const rng = createRng(12, 'perm4');
    const draws = 48_000;
    for (let i = 0; i < draws; i++) {
      const key = randomPermutation(4, rng).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(24);
    const pmf = new Array(24).fill(1 / 24);
    const chi = chiSquareTop([...counts.values()], pmf, draws, 23);
    expect(chi.stat).toBeLessThan(chiSquareCritical(chi.df));
  });
});
