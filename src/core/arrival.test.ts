// The virtual clock: non-decreasing times at the stated mean rate; Poisson gaps are exponential
// (mean 1/rate, variance 1/rate^2).
import { describe, expect, it } from 'vitest';
import { createRng } from './rng.ts';
import { createArrivalClock } from './arrival.ts';

function gaps(process: 'constant' | 'poisson', rate: number, n: number, seed = 1): Float64Array {
  const clock = createArrivalClock(process, rate, createRng(seed, 'arrival'));
  const times = new Float64Array(n);
  // Fill in uneven pieces, as chunks do, to check the clock carries over between fills.
  for (let at = 0; at < n;) {
    const piece = Math.min(n - at, 1 + ((at * 7919) % 5000));
    const part = new Float64Array(piece);
    clock.fill(part, piece);
    times.set(part, at);
    at += piece;
  }
  const out = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) out[i - 1] = times[i]! - times[i - 1]!;
  return out;
}

function meanVar(xs: Float64Array): { mean: number; variance: number } {
  let s = 0;
  for (const x of xs) s += x;
  const mean = s / xs.length;
  let v = 0;
  for (const x of xs) v += (x - mean) ** 2;
  return { mean, variance: v / (xs.length - 1) };
}

describe('arrival clock', () => {
  it('constant: every gap is exactly 1000/rate ms, times non-decreasing', () => {
    for (const rate of [1, 3, 1000, 12345.6]) {
      const g = gaps('constant', rate, 20_000);
      let worst = 0;
      for (const x of g) worst = Math.max(worst, Math.abs(x - 1000 / rate));
      expect(worst, `rate ${rate}`).toBeLessThan(5e-7); // toBeCloseTo(1000 / rate, 6) for every gap
    }
  });

  it('poisson: gaps have mean 1000/rate and variance (1000/rate)^2 within 4 standard errors', () => {
    const n = 400_001;
    for (const rate of [10, 10_000]) {
      const mu = 1000 / rate;
      const { mean, variance } = meanVar(gaps('poisson', rate, n, rate));
      // Exponential: sd of the sample mean is mu / sqrt(n); the sample variance has variance
      // (mu4 - sigma^4) / n = (9 - 1) mu^4 / n for an exponential, so its sd is sqrt(8) mu^2 / sqrt(n).
      expect(Math.abs(mean - mu)).toBeLessThan((4 * mu) / Math.sqrt(n));
      expect(Math.abs(variance - mu * mu)).toBeLessThan((4 * Math.sqrt(8) * mu * mu) / Math.sqrt(n));
    }
  });

  it('poisson: gaps are never negative and the share above the mean is e^-1', () => {
    const g = gaps('poisson', 1000, 200_001, 7);
    let above = 0;
    let negative = 0;
    for (const x of g) {
      if (x < 0) negative++;
      if (x > 1) above++;
    }
    expect(negative).toBe(0);
    const p = Math.exp(-1);
    expect(Math.abs(above / g.length - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / g.length));
  });
});
