// Statistics and fixtures shared by the workload tests (not a test file itself; nothing in the
// engine imports it).
import { createRng } from '../core/rng.ts';
import type { KeyGenerator, Rng } from '../core/types.ts';
import { workloadSpec } from './registry.ts';

/**
 * A generator built the way openStream builds it, with the spec's defaults under `raw`. The rng is
 * createRng(seed, stream), stream defaulting to openStream's `keys:<name>`.
 */
export function makeGenerator(name: string, raw: Record<string, unknown>, seed: number, requests = 1_000_000, stream = `keys:${name}`): KeyGenerator {
  const spec = workloadSpec(name, 'test');
  const params = spec.validate({ ...spec.defaults, ...raw }, 'test');
  return spec.createGenerator(params, createRng(seed, stream), requests);
}

/** Histogram of `draws` keys in [0, size). Throws on a key outside. */
export function histogram(next: () => number, draws: number, size: number): Float64Array {
  const counts = new Float64Array(size);
  for (let i = 0; i < draws; i++) {
    const k = next();
    if (!(k >= 0 && k < size && Number.isInteger(k))) throw new Error(`draw ${i}: ${k} is outside [0, ${size})`);
    counts[k]!++;
  }
  return counts;
}

/** Total-variation distance between empirical counts (over `draws` samples) and a pmf. */
export function tvDistance(counts: ArrayLike<number>, pmf: ArrayLike<number>, draws: number): number {
  let s = 0;
  for (let i = 0; i < pmf.length; i++) s += Math.abs((counts[i] ?? 0) / draws - pmf[i]!);
  for (let i = pmf.length; i < counts.length; i++) s += counts[i]! / draws;
  return s / 2;
}

/**
 * An upper bound on the TV distance between the empirical distribution of N iid draws from `pmf`
 * and `pmf` itself, exceeded with probability at most delta:
 *
 *  - Mean: E|p̂_k - p_k| <= sqrt(Var p̂_k) = sqrt(p_k (1 - p_k) / N) (Jensen), so
 *    E[TV] = 1/2 sum_k E|p̂_k - p_k| <= 1/2 sum_k sqrt(p_k (1 - p_k) / N).
 *  - Deviation: changing one of the N draws moves TV by at most 1/N, so by McDiarmid's inequality
 *    P(TV >= E[TV] + t) <= exp(-2 N t^2); t = sqrt(ln(1/delta) / (2N)).
 *
 * A correct sampler fails a test using this bound with probability <= delta (1e-9 by default); the
 * seeds are fixed anyway, so the tests are deterministic.
 */
export function tvBound(pmf: ArrayLike<number>, draws: number, delta = 1e-9): number {
  let s = 0;
  for (let i = 0; i < pmf.length; i++) s += Math.sqrt((pmf[i]! * (1 - pmf[i]!)) / draws);
  return s / 2 + Math.sqrt(Math.log(1 / delta) / (2 * draws));
}

/**
 * Pearson's chi-square statistic of counts against pmf over bins 0 .. top-1 plus one bin for the rest
 * (df = top). Bins must have expected counts >= 5 for the chi-square approximation.
 */
export function chiSquareTop(counts: ArrayLike<number>, pmf: ArrayLike<number>, draws: number, top: number): { stat: number; df: number; minExpected: number } {
  let stat = 0;
  let restObserved = draws;
  let restP = 1;
  let minExpected = Infinity;
  for (let i = 0; i < top; i++) {
    const e = pmf[i]! * draws;
    const o = counts[i] ?? 0;
    stat += ((o - e) * (o - e)) / e;
    restObserved -= o;
    restP -= pmf[i]!;
    minExpected = Math.min(minExpected, e);
  }
  if (restP * draws > 1e-9) {
    const e = restP * draws;
    stat += ((restObserved - e) * (restObserved - e)) / e;
    minExpected = Math.min(minExpected, e);
    return { stat, df: top, minExpected };
  }
  return { stat, df: top - 1, minExpected };
}

/**
 * Upper quantile of the chi-square distribution with df degrees of freedom at tail probability
 * 1e-6 (Wilson-Hilferty: (chi2/df)^(1/3) is close to normal), z = 4.7534 for 1e-6.
 */
export function chiSquareCritical(df: number, z = 4.7534): number {
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

/** Bound on |p̂ - p| for a proportion over n draws, failing with probability about 1e-7 (5.3 sigma). */
export function proportionBound(p: number, n: number): number {
  return 5.3 * Math.sqrt((p * (1 - p)) / n) + 1 / n;
}

/** An Rng that counts the draws made through it. */
export class CountingRng implements Rng {
  draws = 0;
  private readonly inner: Rng;
  constructor(inner: Rng) {
    this.inner = inner;
  }
  nextUint32(): number {
    this.draws++;
    return this.inner.nextUint32();
  }
  nextDouble(): number {
    this.draws++;
    return this.inner.nextDouble();
  }
  nextInt(n: number): number {
    this.draws++;
    return this.inner.nextInt(n);
  }
}

/** Keys sorted by count, descending (ties by key). */
export function hottest(counts: ArrayLike<number>): number[] {
  return Array.from({ length: counts.length }, (_, i) => i).sort((a, b) => counts[b]! - counts[a]! || a - b);
}
