// The CPU decision procedure on synthetic sample sets whose truth is known. The noise model is taken
// from real runs of the suite on a shared 2-core machine: one sample per process, spread ~2 %
// (log-normal), and now and then a process that runs 10-30 % slow (another job on the machine).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.ts';
import type { Rng } from '../core/types.ts';
import { compareTimings, DEFAULT_THRESHOLDS, formatP, percent } from './slowdown.ts';

function gaussian(rng: Rng): number {
  // Box-Muller; 1 - u keeps the logarithm finite.
  return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
}

/** n samples around `center`: 2 % log-normal spread, 1 in 10 processes 10-30 % slow. */
function samples(rng: Rng, n: number, center: number, spread = 0.02): number[] {
  return Array.from({ length: n }, () => {
    const outlier = rng.nextDouble() < 0.1 ? 1.1 + 0.2 * rng.nextDouble() : 1;
    return center * Math.exp(spread * gaussian(rng)) * outlier;
  });
}

describe('compareTimings: the CPU decision procedure', () => {
  it('catches a 2x slowdown, with its estimate, confidence interval and p', () => {
    const rng = createRng(1, 'slowdown-2x');
    const before = samples(rng, 10, 8);
    const after = samples(rng, 10, 16);
    const c = compareTimings(before, after);
    expect(c.verdict).toBe('slower');
    expect(c.ratio).toBeGreaterThan(1.8);
    expect(c.ratio).toBeLessThan(2.2);
    expect(c.ratioLow).toBeLessThanOrEqual(c.ratio);
    expect(c.ratioHigh).toBeGreaterThanOrEqual(c.ratio);
    expect(c.ratioLow).toBeGreaterThan(1.1);
    expect(c.p).toBeLessThan(DEFAULT_THRESHOLDS.maxP);
    expect(c.confidence).toBe(0.99);
    expect(c.reason).toMatch(/significant .* above the 10 % minimum effect/);
  });

  it('catches a 2x slowdown in every one of 200 trials', () => {
    const rng = createRng(2, 'slowdown-2x-many');
    let caught = 0;
    for (let i = 0; i < 200; i++) if (compareTimings(samples(rng, 10, 8), samples(rng, 10, 16)).verdict === 'slower') caught++;
    expect(caught).toBe(200);
  });

  it('raises no false alarm in ten repeated runs of an unchanged tree (nor in 2,000)', () => {
    const rng = createRng(3, 'unchanged');
    const baseline = samples(rng, 10, 8);
    const ten = Array.from({ length: 10 }, () => compareTimings(baseline, samples(rng, 10, 8)));
    expect(ten.filter((c) => c.verdict === 'slower')).toEqual([]);
    let alarms = 0;
    for (let i = 0; i < 2000; i++) if (compareTimings(samples(rng, 10, 8), samples(rng, 10, 8)).verdict === 'slower') alarms++;
    expect(alarms).toBe(0);
  });

  it('also none when the whole machine drifts by up to 5 % between the baseline and the run', () => {
    const rng = createRng(4, 'drift');
    let alarms = 0;
    for (let i = 0; i < 1000; i++) {
      const drift = 1 + 0.05 * (2 * rng.nextDouble() - 1);
      if (compareTimings(samples(rng, 10, 8), samples(rng, 10, 8 * drift)).verdict === 'slower') alarms++;
    }
    expect(alarms).toBe(0);
  });

  it('the p-value is honest: under no change, p < 0.01 in about 1 % of trials at most', () => {
    const rng = createRng(5, 'null');
    let significant = 0;
    const trials = 3000;
    for (let i = 0; i < trials; i++) if (compareTimings(samples(rng, 10, 8, 0.05), samples(rng, 10, 8, 0.05)).p < 0.01) significant++;
    expect(significant / trials).toBeLessThan(0.015);
  });

  it('a significant slowdown below the minimum effect passes', () => {
    const rng = createRng(6, 'small');
    const c = compareTimings(
      samples(rng, 10, 8, 0.005).map((v) => Math.min(v, 8.1)),
      samples(rng, 10, 8.4, 0.005).map((v) => Math.max(v, 8.3)),
    );
    expect(c.p).toBeLessThan(0.01);
    expect(c.ratio).toBeGreaterThan(1.03);
    expect(c.ratio).toBeLessThan(1.1);
    expect(c.verdict).toBe('unchanged');
    expect(c.reason).toMatch(/within the 10 % minimum effect/);
  });

  it('a large but insignificant difference passes', () => {
    const c = compareTimings([1, 2, 3, 4, 5, 6], [1.5, 2.5, 3.5, 4.5, 5.5, 6.5]);
    expect(c.ratio).toBeGreaterThan(1.1);
    expect(c.p).toBeGreaterThan(0.01);
    expect(c.verdict).toBe('unchanged');
    expect(c.reason).toMatch(/not significant/);
  });

  it('a large, significant speed-up is reported as faster', () => {
    const rng = createRng(7, 'faster');
    expect(compareTimings(samples(rng, 10, 8), samples(rng, 10, 5)).verdict).toBe('faster');
  });

  it('says when the sample sets are too small to ever be significant', () => {
    const c = compareTimings([1, 1.1, 1.2], [2, 2.1, 2.2]);
    expect(c.verdict).toBe('too-few-samples');
    expect(c.reason).toMatch(/never reach p < 0.01/);
  });

  it('thresholds are parameters: 5 % minimum effect, p < 0.05', () => {
    const before = [1.0, 1.01, 0.99, 1.02, 0.98, 1.0, 1.01, 0.99];
    const after = before.map((v) => v * 1.07);
    expect(compareTimings(before, after).verdict).toBe('unchanged');
    expect(compareTimings(before, after, { minEffect: 0.05, maxP: 0.05 }).verdict).toBe('slower');
  });

  it('property: "slower" exactly when p < maxP and the estimate exceeds 1 + minEffect', () => {
    const sample = fc.array(fc.double({ min: 0.5, max: 4, noNaN: true }), { minLength: 2, maxLength: 14 });
    fc.assert(
      fc.property(sample, sample, fc.double({ min: 0, max: 0.5, noNaN: true }), fc.constantFrom(0.001, 0.01, 0.05), (a, b, minEffect, maxP) => {
        const c = compareTimings(a, b, { minEffect, maxP });
        if (c.verdict === 'too-few-samples') return;
        expect(c.verdict === 'slower').toBe(c.p < maxP && c.ratio > 1 + minEffect);
        expect(c.verdict === 'faster').toBe(c.p < maxP && c.ratio < 1 / (1 + minEffect));
        expect(c.ratioLow).toBeLessThanOrEqual(c.ratio * (1 + 1e-12));
        expect(c.ratioHigh).toBeGreaterThanOrEqual(c.ratio * (1 - 1e-12));
      }),
    );
  });

  it('formats', () => {
    expect(percent(1.234)).toBe('+23.4 %');
    expect(percent(0.9)).toBe('−10.0 %');
    expect(formatP(7.396e-7)).toBe('7.4e-7');
    expect(formatP(0.0123)).toBe('0.012');
  });
});
