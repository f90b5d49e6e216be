// The decision procedure for noisy timings: is `current` slower than `baseline`? Both are samples of
// a positive cost (here: CPU cost as a multiple of the calibration loop, one sample per round). The
// comparison is made on logarithms, so the effect is a ratio (current / baseline):
//   estimate   exp(Hodges-Lehmann shift of log(current) against log(baseline))
//   interval   exp(the Mann-Whitney confidence interval of that shift), at confidence 1 - maxP
//   p          two-sided Mann-Whitney U test (ranks, so the log changes nothing)
// A slowdown fails only when it is both significant (p < maxP) and larger than the minimum effect
// (estimate > 1 + minEffect); a speed-up is reported the same way, mirrored.
import { hodgesLehmann, mannWhitneyU, smallestTwoSidedP } from './mann-whitney.ts';
import { median } from './median.ts';

export type TimingVerdict = 'slower' | 'faster' | 'unchanged' | 'too-few-samples';

export interface TimingComparison {
  readonly baselineSamples: number;
  readonly currentSamples: number;
  /** Median of each sample set. */
  readonly baselineMedian: number;
  readonly currentMedian: number;
  /** Estimated ratio current / baseline (1.10 = 10 % slower). */
  readonly ratio: number;
  readonly ratioLow: number;
  readonly ratioHigh: number;
  readonly confidence: number;
  /** Two-sided p-value of the Mann-Whitney U test. */
  readonly p: number;
  readonly method: 'exact' | 'asymptotic';
  readonly verdict: TimingVerdict;
  /** Why the verdict, in a few words (e.g. "+3.2 % is below the 10 % minimum effect"). */
  readonly reason: string;
}

export interface TimingThresholds {
  /** Smallest slowdown that may fail the check, as a fraction (0.10 = 10 %). */
  readonly minEffect: number;
  /** Largest p-value that counts as significant. */
  readonly maxP: number;
}

export const DEFAULT_THRESHOLDS: TimingThresholds = Object.freeze({ minEffect: 0.1, maxP: 0.01 });

export function percent(ratio: number): string {
  if (!Number.isFinite(ratio)) return ratio > 0 ? '+inf' : '-inf';
  const d = (ratio - 1) * 100;
  return `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(1)} %`;
}

export function compareTimings(baseline: readonly number[], current: readonly number[], t: TimingThresholds = DEFAULT_THRESHOLDS): TimingComparison {
  for (const [name, s] of [
    ['baseline', baseline],
    ['current', current],
  ] as const) {
    if (s.some((v) => !(v > 0) || !Number.isFinite(v))) throw new RangeError(`${name} timings must be positive finite numbers`);
  }
  const confidence = 1 - t.maxP;
  const base = { baselineSamples: baseline.length, currentSamples: current.length, baselineMedian: median(baseline), currentMedian: median(current), confidence };
  if (baseline.length < 2 || current.length < 2 || smallestTwoSidedP(baseline.length, current.length) >= t.maxP) {
    const ratio = base.currentMedian / base.baselineMedian;
    return {
      ...base,
      ratio,
      ratioLow: NaN,
      ratioHigh: NaN,
      p: NaN,
      method: 'exact',
      verdict: 'too-few-samples',
      reason: `${baseline.length} vs ${current.length} samples can never reach p < ${t.maxP}`,
    };
  }
  const a = baseline.map(Math.log);
  const b = current.map(Math.log);
  const test = mannWhitneyU(b, a);
  const hl = hodgesLehmann(a, b, confidence);
  const ratio = Math.exp(hl.shift);
  const significant = test.p < t.maxP;
  const limit = 1 + t.minEffect;
  let verdict: TimingVerdict = 'unchanged';
  let reason: string;
  if (significant && ratio > limit) {
    verdict = 'slower';
    reason = `${percent(ratio)} is significant (p < ${t.maxP}) and above the ${(t.minEffect * 100).toFixed(0)} % minimum effect`;
  } else if (significant && ratio < 1 / limit) {
    verdict = 'faster';
    reason = `${percent(ratio)} is significant (p < ${t.maxP}) and beyond the ${(t.minEffect * 100).toFixed(0)} % minimum effect`;
  } else if (significant) {
    reason = `${percent(ratio)} is significant but within the ${(t.minEffect * 100).toFixed(0)} % minimum effect`;
  } else {
    reason = `not significant (p = ${formatP(test.p)} >= ${t.maxP})`;
  }
  return { ...base, ratio, ratioLow: Math.exp(hl.low), ratioHigh: Math.exp(hl.high), p: test.p, method: test.method, verdict, reason };
}

/** A p-value for people: 2 significant digits, scientific below 0.001. */
export function formatP(p: number): string {
  if (Number.isNaN(p)) return 'n/a';
  if (p === 0) return '0';
  return p < 0.001 ? p.toExponential(1) : p.toPrecision(2);
}
