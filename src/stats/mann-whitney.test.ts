// Reference values from scipy 1.17 (scipy.stats.mannwhitneyu, default continuity correction), and
// from the definitions written out here: the exact null distribution by enumerating every way of
// splitting the pooled ranks, and the confidence interval by inverting the test.
import { describe, expect, it } from 'vitest';
import { exactUDistribution, hodgesLehmann, mannWhitneyU, midranks, pairwiseDifferences, smallestTwoSidedP, uStatistic } from './mann-whitney.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** Every subset of size m of [0, N): the exact null distribution of U by brute force. */
function bruteForceU(m: number, n: number): number[] {
  const N = m + n;
  const counts = new Array<number>(m * n + 1).fill(0);
  let total = 0;
  const choose = (start: number, left: number, rankSum: number) => {
    if (left === 0) {
      counts[rankSum - (m * (m + 1)) / 2]!++;
      total++;
      return;
    }
    for (let i = start; i <= N - left; i++) choose(i + 1, left - 1, rankSum + i + 1);
  };
  choose(0, m, 0);
  return counts.map((c) => c / total);
}

describe('Mann-Whitney U', () => {
  // scipy.stats.mannwhitneyu documentation example (Conover): ages of male and female students.
  const males = [19, 22, 16, 29, 24];
  const females = [20, 11, 17, 12];

  it('reproduces scipy on its documentation example, exact and asymptotic, every alternative', () => {
    const cases = [
      ['two-sided', 'exact', 0.1111111111111111],
      ['two-sided', 'asymptotic', 0.11134688653314041],
      ['greater', 'exact', 0.05555555555555555],
      ['greater', 'asymptotic', 0.055673443266570206],
      ['less', 'exact', 0.9682539682539683],
      ['less', 'asymptotic', 0.9669037101389033],
    ] as const;
    for (const [alternative, method, p] of cases) {
      const r = mannWhitneyU(males, females, { alternative, method });
      expect(r.u).toBe(17);
      expect(rel(r.p, p), `${alternative} ${method}`).toBeLessThan(1e-12);
    }
    expect(mannWhitneyU(males, females).method).toBe('exact');
  });

  it('uses the tie-corrected normal approximation when there are ties (scipy values)', () => {
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    const r = mannWhitneyU(x, y);
    expect(r.method).toBe('asymptotic');
    expect(r.u).toBe(58);
    expect(rel(r.p, 0.13291945818531892)).toBeLessThan(1e-12);
    expect(rel(mannWhitneyU(x, y, { alternative: 'greater' }).p, 0.06645972909265946)).toBeLessThan(1e-12);
  });

  it("reproduces scipy with 12 against 12 samples (the check's default rounds)", () => {
    const a = [11.675, 11.436, 11.603, 11.566, 11.511, 11.263, 11.543, 11.272, 11.254, 12.568, 11.22, 11.325];
    const b = [11.9, 11.7, 11.8, 12.1, 11.65, 11.58, 12.3, 11.95, 11.61, 11.85, 12.02, 11.75];
    expect(mannWhitneyU(b, a).u).toBe(128);
    expect(rel(mannWhitneyU(b, a).p, 0.0006560272410319523)).toBeLessThan(1e-10);
    expect(rel(mannWhitneyU(b, a, { method: 'asymptotic' }).p, 0.0013539414430926307)).toBeLessThan(1e-12);
    expect(rel(mannWhitneyU(b, a, { alternative: 'greater' }).p, 0.00032801362051597616)).toBeLessThan(1e-10);
    // numpy.median of the 144 pairwise differences b_j - a_i
    expect(hodgesLehmann(a, b).shift).toBeCloseTo(0.381, 12);
  });

  it('exact distribution equals brute-force enumeration', () => {
    for (const [m, n] of [
      [1, 1],
      [2, 3],
      [4, 5],
      [6, 6],
      [3, 9],
    ] as const) {
      const exact = exactUDistribution(m, n);
      const brute = bruteForceU(m, n);
      expect(exact.length).toBe(brute.length);
      brute.forEach((p, u) => expect(Math.abs(exact[u]! - p), `m=${m} n=${n} u=${u}`).toBeLessThan(1e-15));
    }
  });

  it('exact distribution is a symmetric probability distribution, also for 50 x 50', () => {
    const d = exactUDistribution(50, 50);
    expect(Math.abs(d.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-12);
    for (let u = 0; u < d.length; u++) expect(Math.abs(d[u]! - d[d.length - 1 - u]!)).toBeLessThan(1e-15);
  });

  it('complete separation gives the smallest p, 2 / C(m+n, m)', () => {
    const a = [1, 2, 3, 4, 5, 6];
    const b = [7, 8, 9, 10, 11, 12];
    expect(rel(mannWhitneyU(b, a).p, 2 / 924)).toBeLessThan(1e-12);
    expect(rel(smallestTwoSidedP(6, 6), 2 / 924)).toBeLessThan(1e-12);
    expect(rel(smallestTwoSidedP(12, 12), 2 / 2704156)).toBeLessThan(1e-12);
  });

  it('midranks and U', () => {
    expect(midranks([3, 1, 3, 2])).toEqual({ ranks: [3.5, 1, 3.5, 2], tieSizes: [2] });
    expect(uStatistic([3, 4], [1, 2])).toBe(4);
    expect(uStatistic([1, 2], [1, 2])).toBe(2);
  });

  it('rejects empty and non-finite samples', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(/empty/);
    expect(() => mannWhitneyU([1, NaN], [1])).toThrow(/finite/);
  });
});

describe('Hodges-Lehmann shift and confidence interval', () => {
  it('is the median of the pairwise differences (worked by hand)', () => {
    // y - x for x = 1, 2, 3 and y = 4, 6, 8: 3 2 1 / 5 4 3 / 7 6 5 -> sorted 1 2 3 3 4 5 5 6 7, median 4
    expect(pairwiseDifferences([1, 2, 3], [4, 6, 8])).toEqual([1, 2, 3, 3, 4, 5, 5, 6, 7]);
    expect(hodgesLehmann([1, 2, 3], [4, 6, 8]).shift).toBe(4);
  });

  it('is unbounded when the samples are too small for the confidence asked', () => {
    const r = hodgesLehmann([1, 2], [3, 4], 0.95);
    expect(r.low).toBe(-Infinity);
    expect(r.high).toBe(Infinity);
  });

  it('is the set of shifts the exact two-sided test does not reject (test inversion)', () => {
    const x = [10.2, 11.9, 9.7, 10.8, 10.1, 12.4, 9.9, 11.1, 10.5, 10.0];
    const y = [12.1, 13.5, 11.8, 12.9, 14.2, 11.6, 12.6, 13.1, 12.2, 13.8, 12.4];
    for (const confidence of [0.9, 0.95, 0.99]) {
      const ci = hodgesLehmann(x, y, confidence);
      const alpha = 1 - confidence;
      const p = (shift: number) =>
        mannWhitneyU(
          y.map((v) => v - shift),
          x,
          { method: 'exact' },
        ).p;
      const eps = 1e-9;
      // Inside (just past each end) the test does not reject; just outside it does.
      expect(p(ci.low + eps)).toBeGreaterThan(alpha);
      expect(p(ci.high - eps)).toBeGreaterThan(alpha);
      expect(p(ci.low - eps)).toBeLessThanOrEqual(alpha);
      expect(p(ci.high + eps)).toBeLessThanOrEqual(alpha);
      expect(ci.low).toBeLessThan(ci.shift);
      expect(ci.high).toBeGreaterThan(ci.shift);
    }
  });

  it('the asymptotic interval is close to the exact one for 40 x 40', () => {
    const x = Array.from({ length: 40 }, (_, i) => Math.sin(i * 12.9898) * 3);
    const y = Array.from({ length: 40 }, (_, i) => Math.sin(i * 78.233 + 1) * 3 + 1);
    const e = hodgesLehmann(x, y, 0.95, 'exact');
    const a = hodgesLehmann(x, y, 0.95, 'asymptotic');
    const d = pairwiseDifferences(x, y);
    // Within two order statistics of each other.
    expect(Math.abs(d.indexOf(e.low) - d.indexOf(a.low))).toBeLessThanOrEqual(2);
    expect(Math.abs(d.indexOf(e.high) - d.indexOf(a.high))).toBeLessThanOrEqual(2);
  });
});
