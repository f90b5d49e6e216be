// Exact Zipf sampling in O(1) per draw: rejection-inversion (W. Hörmann and G. Derflinger,
// "Rejection-inversion to generate variates from monotone discrete distributions", ACM TOMACS 6(3),
// 1996, 169-184), in the formulation of Apache Commons RNG's RejectionInversionZipfSampler.
//
// P(rank = k) = k^-alpha / H(n, alpha) for k = 1..n, for every alpha >= 0 (alpha = 0 is uniform).
//
// The paper's hat integral H(x) = x^(1-alpha) / (1-alpha) has no limit at alpha = 1; like Commons we
// use H(x) = (x^(1-alpha) - 1) / (1-alpha), whose limit at alpha = 1 is log(x), and evaluate it (and its
// inverse) through helper2(y) = expm1(y)/y and helper1(y) = log1p(y)/y, switching to their Taylor
// series when |y| is tiny, so alpha = 1 and alpha within 1e-12 of 1 are as accurate as any other.
//
// Used by the zipf, latest and shifting generators.
import type { Rng } from '../core/types.ts';

/** Below this |y|, helper1/helper2 use Taylor series (the Commons threshold). */
const TAYLOR_THRESHOLD = 1e-8;
const F_1_2 = 0.5;
const F_1_3 = 1 / 3;
const F_1_4 = 0.25;

/** log1p(y) / y, continuous at y = 0 (value 1). */
export function helper1(y: number): number {
  if (Math.abs(y) > TAYLOR_THRESHOLD) return Math.log1p(y) / y;
  return 1 - y * (F_1_2 - y * (F_1_3 - F_1_4 * y));
}

/** expm1(y) / y, continuous at y = 0 (value 1). */
export function helper2(y: number): number {
  if (Math.abs(y) > TAYLOR_THRESHOLD) return Math.expm1(y) / y;
  return 1 + y * F_1_2 * (1 + y * F_1_3 * (1 + F_1_4 * y));
}

/**
 * Draws ranks 1..n with P(k) ∝ k^-alpha. One uniform double per attempt; the expected number of
 * attempts is close to 1 for every alpha (the quick-accept test `k - x <= s` takes almost all draws).
 *
 * `setN` changes n in O(1) (only one constant depends on n): sampling from Zipf(n', alpha) is exactly
 * sampling from Zipf(n, alpha) and rejecting ranks above n', without the wasted draws. `latest`
 * uses this as its set of introduced keys grows.
 */
export class ZipfSampler {
  readonly alpha: number;
  private nMax: number;
  private readonly rng: Rng;
  /** 1 - alpha. */
  private readonly oneMinusAlpha: number;
  /** 1 / (1 - alpha); only used when |u * (1 - alpha)| > TAYLOR_THRESHOLD, so never at alpha = 1. */
  private readonly invOneMinusAlpha: number;
  /** H(1.5) - 1: the lower end of the hat's integral range (the "- 1" makes k = 1 exact). */
  private readonly hIntegralX1: number;
  /** H(n + 1/2). */
  private hIntegralN: number;
  /** hIntegralX1 - hIntegralN (negative). */
  private span: number;
  /** Quick-accept threshold: k - x <= s means k is accepted without evaluating h. */
  private readonly s: number;

  constructor(n: number, alpha: number, rng: Rng) {
    if (!Number.isSafeInteger(n) || n < 1 || n > 2 ** 31) throw new RangeError(`zipf: n must be an integer 1 .. 2^31, got ${n}`);
    if (!(alpha >= 0) || !Number.isFinite(alpha)) throw new RangeError(`zipf: alpha must be a finite number >= 0, got ${alpha}`);
    this.alpha = alpha;
    this.oneMinusAlpha = 1 - alpha;
    this.invOneMinusAlpha = 1 / (1 - alpha);
    this.rng = rng;
    this.nMax = n;
    this.hIntegralX1 = this.hIntegral(1.5) - 1;
    this.hIntegralN = this.hIntegral(n + F_1_2);
    this.span = this.hIntegralX1 - this.hIntegralN;
    this.s = 2 - this.hIntegralInverse(this.hIntegral(2.5) - this.h(2));
  }

  /** Current number of ranks. */
  get n(): number {
    return this.nMax;
  }

  /** Changes the number of ranks to n (>= 1); O(1). */
  setN(n: number): void {
    if (n === this.nMax) return;
    if (!Number.isSafeInteger(n) || n < 1 || n > 2 ** 31) throw new RangeError(`zipf: n must be an integer 1 .. 2^31, got ${n}`);
    this.nMax = n;
    this.hIntegralN = this.hIntegral(n + F_1_2);
    this.span = this.hIntegralX1 - this.hIntegralN;
  }

  /** A rank in 1..n. */
  sample(): number {
    const n = this.nMax;
    const oneMinusAlpha = this.oneMinusAlpha;
    const hIntegralN = this.hIntegralN;
    const span = this.span;
    const rng = this.rng;
    for (;;) {
      // u is uniform in (hIntegralX1, hIntegralN].
      const u = hIntegralN + rng.nextDouble() * span;
      // x = H^-1(u) = exp(helper1(t) * u) with t = u * (1 - alpha), clamped to t >= -1 (it can only
      // fall below through rounding). Outside the Taylor range helper1(t) * u = log1p(t) / (1 - alpha).
      let t = u * oneMinusAlpha;
      if (t < -1) t = -1;
      const x = t > TAYLOR_THRESHOLD || t < -TAYLOR_THRESHOLD ? Math.exp(Math.log1p(t) * this.invOneMinusAlpha) : Math.exp((1 - t * (F_1_2 - t * (F_1_3 - F_1_4 * t))) * u);
      // x > 0 and x + 1/2 <= n + 1 <= 2^31 + 1, so >>> 0 is floor here.
      let k = (x + F_1_2) >>> 0;
      // Rounding can push k just outside [1, n].
      if (k < 1) k = 1;
      else if (k > n) k = n;
      // Accepted with probability proportional to k^-alpha; the quick test takes almost all draws.
      if (k - x <= this.s || u >= this.hIntegral(k + F_1_2) - this.h(k)) return k;
    }
  }

  /** H(x) = (x^(1-alpha) - 1) / (1-alpha), or log(x) at alpha = 1. */
  private hIntegral(x: number): number {
    const logX = Math.log(x);
    return helper2(this.oneMinusAlpha * logX) * logX;
  }

  /** h(x) = x^-alpha. */
  private h(x: number): number {
    return Math.exp(-this.alpha * Math.log(x));
  }

  /** H^-1. */
  private hIntegralInverse(x: number): number {
    let t = x * this.oneMinusAlpha;
    if (t < -1) t = -1;
    return Math.exp(helper1(t) * x);
  }
}

/**
 * The exact Zipf pmf: out[k - 1] = k^-alpha / sum_{j=1..n} j^-alpha. Summed from the smallest term
 * up so the normaliser keeps full precision. For tests and reports, O(n).
 */
export function zipfPmf(n: number, alpha: number): Float64Array {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`zipfPmf: n must be a positive integer, got ${n}`);
  if (!(alpha >= 0) || !Number.isFinite(alpha)) throw new RangeError(`zipfPmf: alpha must be a finite number >= 0, got ${alpha}`);
  const out = new Float64Array(n);
  for (let k = 1; k <= n; k++) out[k - 1] = k ** -alpha;
  let sum = 0;
  for (let i = n - 1; i >= 0; i--) sum += out[i]!;
  for (let i = 0; i < n; i++) out[i] = out[i]! / sum;
  return out;
}

/**
 * A seeded uniformly random permutation of [0, n) (Fisher-Yates, all randomness from rng).
 * O(n) time and 4n bytes, done once at setup.
 */
export function randomPermutation(n: number, rng: Rng): Uint32Array {
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  return perm;
}
