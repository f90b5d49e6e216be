// Seeded per-key size distributions: a key's size is a pure function of (seed, key), whatever order
// keys are asked in; each distribution has the shape its parameters say.
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.ts';
import { DistributionSizes, SIZE_DEFAULTS, validateSizeParams, type SizeParams } from './object-sizes.ts';

const sizes = (p: Partial<SizeParams>, seed = 1) => new DistributionSizes({ ...SIZE_DEFAULTS, ...p }, seed);
const draw = (s: DistributionSizes, n: number) => Array.from({ length: n }, (_, k) => s.sizeOf(k));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

describe('per-key object sizes', () => {
  it('a key has one size for a seed, asked in any order; another seed gives other sizes', () => {
    const a = sizes({ sizes: 'lognormal' });
    const forward = draw(a, 1000);
    const backward = Array.from({ length: 1000 }, (_, i) => a.sizeOf(999 - i)).reverse();
    expect(backward).toEqual(forward);
    expect(draw(sizes({ sizes: 'lognormal' }), 1000)).toEqual(forward);
    const other = draw(sizes({ sizes: 'lognormal' }, 2), 1000);
    expect(other.filter((x, i) => x !== forward[i]).length).toBeGreaterThan(900);
  });

  it('fixed: every key sizeBytes', () => {
    expect(new Set(draw(sizes({ sizes: 'fixed', sizeBytes: 777 }), 500))).toEqual(new Set([777]));
  });

  it('uniform: every size in [sizeMin, sizeMax], each end reached, mean near the middle', () => {
    const xs = draw(sizes({ sizes: 'uniform', sizeMin: 10, sizeMax: 19 }), 20_000);
    expect(Math.min(...xs)).toBe(10);
    expect(Math.max(...xs)).toBe(19);
    // Mean of 20,000 draws of a uniform on 10..19: 14.5, standard error 2.87 / sqrt(20000) = 0.02.
    expect(Math.abs(xs.reduce((a, b) => a + b, 0) / xs.length - 14.5)).toBeLessThan(0.1);
  });

  it('lognormal: median sizeBytes; log-sizes spread by sigma (a quarter of keys above median * e^(0.674 sigma))', () => {
    const xs = draw(sizes({ sizes: 'lognormal', sizeBytes: 4096, sizeSigma: 1, sizeMin: 1, sizeMax: 2 ** 30 }), 20_000);
    expect(Math.abs(median(xs) / 4096 - 1)).toBeLessThan(0.05);
    const q3 = 4096 * Math.exp(0.6745);
    expect(Math.abs(xs.filter((x) => x > q3).length / xs.length - 0.25)).toBeLessThan(0.015);
  });

  it('lognormal and pareto stay within [sizeMin, sizeMax]', () => {
    for (const d of ['lognormal', 'pareto'] as const) {
      const xs = draw(sizes({ sizes: d, sizeBytes: 1000, sizeSigma: 3, sizeMin: 100, sizeMax: 5000, sizeAlpha: 0.5 }), 5000);
      expect(Math.min(...xs)).toBe(100);
      expect(Math.max(...xs)).toBe(5000);
    }
  });

  it('pareto: no key below the scale; P(size > 2 x scale) = 2^-alpha', () => {
    const xs = draw(sizes({ sizes: 'pareto', sizeMin: 1000, sizeAlpha: 1.5, sizeMax: 2 ** 31 - 1 }), 20_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(1000);
    expect(Math.abs(xs.filter((x) => x > 2000).length / xs.length - 2 ** -1.5)).toBeLessThan(0.015);
  });

  it('refuses sizeMin above sizeMax, naming both', () => {
    expect(() => validateSizeParams({ sizes: 'uniform', sizeMin: 10, sizeMax: 5 }, 'workload w')).toThrow(ConfigError);
    expect(() => validateSizeParams({ sizes: 'uniform', sizeMin: 10, sizeMax: 5 }, 'workload w')).toThrow(/workload w: "sizeMin" is 10, above "sizeMax" 5/);
    expect(() => validateSizeParams({ sizes: 'gaussian' }, 'w')).toThrow(/"sizes" is "gaussian"; allowed: "auto", "fixed", "uniform", "lognormal", "pareto"/);
  });
});
