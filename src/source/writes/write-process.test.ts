// The write process: Poisson times at the rate asked, keys by the weights asked (uniform, like-reads
// exactly from the generator's popularity order or estimated from the recent reads, inverse), the same
// writes for the same seed. Statistical checks: counts are compared with their expectation within
// 4.5 standard deviations of the sampling distribution stated at each check (a false failure is then
// about 1 in 150 000 per comparison; the seed is fixed, so a run either passes or fails every time).
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.ts';
import { createRng } from '../../core/rng.ts';
import { zipfPopularity } from '../../workloads/generators/zipf.ts';
import { RECENT_READS, WriteProcess } from './write-process.ts';

const Z = 4.5;

/** The zipf pmf over ranks 1..n, as the sampler's documentation defines it. */
function zipfPmf(n: number, alpha: number): number[] {
  const w = Array.from({ length: n }, (_, i) => (i + 1) ** -alpha);
  const h = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / h);
}

/** Each key's count among n write keys. */
function keyCounts(p: WriteProcess, keys: number, n: number): number[] {
  const c = new Array<number>(keys).fill(0);
  for (let i = 0; i < n; i++) c[p.key()]!++;
  return c;
}

/** |count - n p| within Z binomial standard deviations. */
function expectBinomial(count: number, n: number, p: number, what: string): void {
  const sd = Math.sqrt(n * p * (1 - p));
  expect(Math.abs(count - n * p), `${what}: ${count} vs ${n * p} ± ${Z} x ${sd.toFixed(1)}`).toBeLessThanOrEqual(Z * sd + 1e-9);
}

describe('write process times', () => {
  it('makes μT writes in T seconds (Poisson: sd √(μT)) with exponential gaps (P(gap > mean) = e^-1)', () => {
    const mu = 50;
    const p = new WriteProcess({ seed: 7, rate: mu, weights: 'uniform', sourceKeys: 10 });
    const horizonMs = 2_000_000; // T = 2000 s: μT = 100 000 writes
    let n = 0;
    let longGaps = 0;
    let last = 0;
    while (p.nextAt <= horizonMs) {
      if (p.nextAt - last > 1000 / mu) longGaps++;
      last = p.nextAt;
      n++;
      p.advance();
    }
    const mean = (mu * horizonMs) / 1000;
    expect(Math.abs(n - mean)).toBeLessThanOrEqual(Z * Math.sqrt(mean));
    expectBinomial(longGaps, n, Math.exp(-1), 'gaps longer than the mean');
  });

  it('gives the same writes for the same seed, other writes for another, and the same times whatever the weights', () => {
    const draw = (seed: number, weights: 'uniform' | 'like-reads') => {
      const p = new WriteProcess({ seed, rate: 10, weights, sourceKeys: 1000, popularity: zipfPopularity(1000, 1, true, createRng(seed, 'keys:zipf')) });
      const out: number[] = [];
      for (let i = 0; i < 200; i++) {
        out.push(p.nextAt, p.key());
        p.advance();
      }
      return out;
    };
    expect(draw(3, 'like-reads')).toEqual(draw(3, 'like-reads'));
    expect(draw(4, 'like-reads')).not.toEqual(draw(3, 'like-reads'));
    const times = (xs: number[]) => xs.filter((_, i) => i % 2 === 0);
    expect(times(draw(3, 'uniform'))).toEqual(times(draw(3, 'like-reads')));
  });
});

describe('write process keys', () => {
  const n = 200_000;

  it('uniform: every source key with probability 1/keys', () => {
    const keys = 20;
    const c = keyCounts(new WriteProcess({ seed: 1, rate: 1, weights: 'uniform', sourceKeys: keys }), keys, n);
    c.forEach((x, k) => expectBinomial(x, n, 1 / keys, `key ${k}`));
  });

  it("like-reads on zipf: rank r written with the reads' pmf, through the same permutation as the reads", () => {
    const keys = 100;
    const alpha = 0.9;
    const setup = () => createRng(11, 'keys:zipf');
    const pop = zipfPopularity(keys, alpha, true, setup());
    const c = keyCounts(new WriteProcess({ seed: 5, rate: 1, weights: 'like-reads', sourceKeys: keys, popularity: pop }), keys, n);
    const pmf = zipfPmf(keys, alpha);
    // The key of rank r is pop.keyOf(r): the hottest ranks are checked one by one, the rest together.
    for (let r = 0; r < 10; r++) expectBinomial(c[pop.keyOf(r)]!, n, pmf[r]!, `rank ${r + 1}`);
    // The same permutation as a second build from the same setup rng (what the stream's generator drew).
    const again = zipfPopularity(keys, alpha, true, setup());
    expect(Array.from({ length: keys }, (_, r) => again.keyOf(r))).toEqual(Array.from({ length: keys }, (_, r) => pop.keyOf(r)));
    expect(new Set(Array.from({ length: keys }, (_, r) => pop.keyOf(r))).size).toBe(keys);
  });

  it('inverse on zipf: the key of rank r written as often as rank keys-1-r is read', () => {
    const keys = 100;
    const pop = zipfPopularity(keys, 1, false, createRng(1, 'keys:zipf'));
    const c = keyCounts(new WriteProcess({ seed: 5, rate: 1, weights: 'inverse', sourceKeys: keys, popularity: pop }), keys, n);
    const pmf = zipfPmf(keys, 1);
    // Unscrambled: key k is rank k. The least-read key (99) is written most.
    for (let r = 0; r < 10; r++) expectBinomial(c[keys - 1 - r]!, n, pmf[r]!, `key ${keys - 1 - r}`);
    expectBinomial(c[0]!, n, pmf[keys - 1]!, 'key 0');
  });

  it('like-reads without a popularity order: a uniformly chosen one of the last 2^16 reads', () => {
    const p = new WriteProcess({ seed: 2, rate: 1, weights: 'like-reads', sourceKeys: 100 });
    expect(p.recent).toBeDefined();
    // Before any read: uniform over the source keys (all in range).
    for (let i = 0; i < 100; i++) expect(p.key()).toBeLessThan(100);
    // Reads: key 3 three times as often as key 7, then a full ring of them pushes out older reads.
    p.recent!.push(50);
    for (let i = 0; i < RECENT_READS; i++) p.recent!.push(i % 4 === 3 ? 7 : 3);
    const c = keyCounts(p, 100, n);
    expect(c[50]).toBe(0);
    expect(c[3]! + c[7]!).toBe(n);
    expectBinomial(c[7]!, n, 0.25, 'key 7');
  });

  it('refuses inverse without a popularity order', () => {
    const make = () => new WriteProcess({ seed: 2, rate: 1, weights: 'inverse', sourceKeys: 100, what: 'workload t.csv' });
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(/writeWeights inverse needs a workload whose popularity order is known .* workload t.csv has none/);
  });
});
