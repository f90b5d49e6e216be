// The Mann-Whitney U test (Wilcoxon rank-sum test) and the Hodges-Lehmann shift estimate with its
// distribution-free confidence interval (Moses / Hollander & Wolfe). Conventions follow
// scipy.stats.mannwhitneyu: U is the statistic of the first sample, U1 = R1 - n1(n1+1)/2, i.e. the
// number of pairs (x_i, y_j) with x_i > y_j plus half the tied pairs.
//   exact:      the null distribution of U by the recurrence
//               P(m, n, u) = m/(m+n) P(m-1, n, u-n) + n/(m+n) P(m, n-1, u)   (no ties)
//   asymptotic: normal approximation with tie correction and continuity correction:
//               mu = mn/2, var = mn/12 ((N+1) - sum(t^3 - t) / (N(N-1))), z = (U - mu - 1/2) / sd
import { normalQuantile, normalSf } from './normal.ts';
import { medianOfSorted } from './median.ts';

export type Alternative = 'two-sided' | 'greater' | 'less';
export type Method = 'auto' | 'exact' | 'asymptotic';

export interface MannWhitneyResult {
  /** U of the first sample. */
  readonly u: number;
  readonly p: number;
  readonly method: 'exact' | 'asymptotic';
  readonly alternative: Alternative;
}

/** Exact is used by 'auto' when there are no ties and neither sample is larger than this. */
export const EXACT_MAX_N = 50;

/** Midranks (1-based) of the pooled samples, and the tie groups' sizes. */
export function midranks(values: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  for (let i = 0; i < order.length;) {
    let j = i + 1;
    while (j < order.length && order[j]![0] === order[i]![0]) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) ranks[order[k]![1]] = rank;
    if (j - i > 1) tieSizes.push(j - i);
    i = j;
  }
  return { ranks, tieSizes };
}

function checkSample(s: readonly number[], name: string): void {
  if (s.length === 0) throw new RangeError(`Mann-Whitney: ${name} is empty`);
  if (s.some((v) => !Number.isFinite(v))) throw new RangeError(`Mann-Whitney: ${name} has a value that is not finite`);
}

/** U of x against y. */
export function uStatistic(x: readonly number[], y: readonly number[]): number {
  const { ranks } = midranks([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < x.length; i++) r1 += ranks[i]!;
  return r1 - (x.length * (x.length + 1)) / 2;
}

/**
 * The exact null distribution of U for sample sizes m and n (no ties): P(U = u), u = 0 .. mn.
 * O(m n mn) time, O(n mn) memory.
 */
export function exactUDistribution(m: number, n: number): Float64Array {
  // rows[j] holds P(i, j, .) for the current i; start with i = 0: U is 0 with certainty.
  let rows: Float64Array[] = [];
  for (let j = 0; j <= n; j++) rows.push(Float64Array.of(1));
  for (let i = 1; i <= m; i++) {
    const next: Float64Array[] = [Float64Array.of(1)]; // j = 0: U is 0
    for (let j = 1; j <= n; j++) {
      const p = new Float64Array(i * j + 1);
      const fromX = rows[j]!; // P(i-1, j, .): the largest value is an x, which adds j to U
      const fromY = next[j - 1]!; // P(i, j-1, .): the largest value is a y, U unchanged
      const wx = i / (i + j);
      const wy = j / (i + j);
      for (let u = 0; u < fromX.length; u++) p[u + j] = p[u + j]! + wx * fromX[u]!;
      for (let u = 0; u < fromY.length; u++) p[u] = p[u]! + wy * fromY[u]!;
      next.push(p);
    }
    rows = next;
  }
  return rows[n]!;
}

/** P(U <= u) for every u. */
function cumulative(pmf: Float64Array): Float64Array {
  const cdf = new Float64Array(pmf.length);
  let s = 0;
  for (let u = 0; u < pmf.length; u++) {
    s += pmf[u]!;
    cdf[u] = Math.min(1, s);
  }
  return cdf;
}

export function mannWhitneyU(x: readonly number[], y: readonly number[], opts: { alternative?: Alternative; method?: Method; continuity?: boolean } = {}): MannWhitneyResult {
  checkSample(x, 'first sample');
  checkSample(y, 'second sample');
  const alternative = opts.alternative ?? 'two-sided';
  const m = x.length;
  const n = y.length;
  const { ranks, tieSizes } = midranks([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < m; i++) r1 += ranks[i]!;
  const u1 = r1 - (m * (m + 1)) / 2;
  const u2 = m * n - u1;
  const wanted = opts.method ?? 'auto';
  const method = wanted === 'auto' ? (tieSizes.length === 0 && Math.max(m, n) <= EXACT_MAX_N ? 'exact' : 'asymptotic') : wanted;

  let p: number;
  if (method === 'exact') {
    // With ties the exact distribution would be conditional on them; scipy, too, ignores them here.
    const cdf = cumulative(exactUDistribution(m, n));
    const atLeast = (u: number) => (u <= 0 ? 1 : 1 - cdf[Math.ceil(u) - 1]!); // P(U >= u)
    // By symmetry P(U >= u) = P(U <= mn - u); use the smaller tail directly for precision.
    const upper = (u: number) => (u > (m * n) / 2 ? (cdf[Math.floor(m * n - u)] ?? 0) : atLeast(u));
    if (alternative === 'greater') p = upper(u1);
    else if (alternative === 'less') p = upper(u2);
    else p = 2 * upper(Math.max(u1, u2));
  } else {
    const N = m + n;
    const tieTerm = tieSizes.reduce((s, t) => s + (t * t * t - t), 0) / (N * (N - 1));
    const sd = Math.sqrt(((m * n) / 12) * (N + 1 - tieTerm));
    const cc = opts.continuity === false ? 0 : 0.5;
    const mu = (m * n) / 2;
    const sf = (u: number) => (sd === 0 ? (u - mu - cc > 0 ? 0 : 1) : normalSf((u - mu - cc) / sd));
    if (alternative === 'greater') p = sf(u1);
    else if (alternative === 'less') p = sf(u2);
    else p = 2 * sf(Math.max(u1, u2));
  }
  return { u: u1, p: Math.min(1, Math.max(0, p)), method, alternative };
}

/** The smallest two-sided p-value an exact test can give with samples of sizes m and n. */
export function smallestTwoSidedP(m: number, n: number): number {
  // 2 / C(m+n, m), computed in logs to stay finite.
  let logC = 0;
  for (let i = 1; i <= m; i++) logC += Math.log(n + i) - Math.log(i);
  return Math.min(1, 2 * Math.exp(-logC));
}

/** All pairwise differences y_j - x_i, sorted ascending. */
export function pairwiseDifferences(x: readonly number[], y: readonly number[]): number[] {
  const d: number[] = [];
  for (const yj of y) for (const xi of x) d.push(yj - xi);
  return d.sort((a, b) => a - b);
}

export interface ShiftEstimate {
  /** Hodges-Lehmann estimate of the shift of y relative to x: median of y_j - x_i. */
  readonly shift: number;
  /** Confidence interval of the shift; infinite ends when the samples are too small. */
  readonly low: number;
  readonly high: number;
  readonly confidence: number;
  readonly method: 'exact' | 'asymptotic';
}

/**
 * The Hodges-Lehmann shift of y relative to x, with the confidence interval obtained by inverting
 * the Mann-Whitney test: [D(k), D(mn + 1 - k)] of the sorted pairwise differences D, where k - 1 is
 * the largest c with P(U <= c) <= (1 - confidence) / 2 under the null hypothesis (Hollander & Wolfe,
 * Nonparametric Statistical Methods, section 4.3). The asymptotic k is
 * floor(mn/2 - z sqrt(mn(m+n+1)/12)), z the (1 + confidence)/2 normal quantile.
 */
export function hodgesLehmann(x: readonly number[], y: readonly number[], confidence = 0.95, method: Method = 'auto'): ShiftEstimate {
  checkSample(x, 'first sample');
  checkSample(y, 'second sample');
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const m = x.length;
  const n = y.length;
  const d = pairwiseDifferences(x, y);
  const half = (1 - confidence) / 2;
  const useExact = method === 'exact' || (method === 'auto' && Math.max(m, n) <= EXACT_MAX_N);
  let k: number;
  if (useExact) {
    const cdf = cumulative(exactUDistribution(m, n));
    k = 0;
    while (k < cdf.length && cdf[k]! <= half * (1 + 1e-12)) k++;
  } else {
    k = Math.floor((m * n) / 2 - normalQuantile(1 - half) * Math.sqrt((m * n * (m + n + 1)) / 12));
  }
  k = Math.min(k, Math.floor((m * n + 1) / 2));
  return {
    shift: medianOfSorted(d),
    low: k >= 1 ? d[k - 1]! : -Infinity,
    high: k >= 1 ? d[m * n - k]! : Infinity,
    confidence,
    method: useExact ? 'exact' : 'asymptotic',
  };
}
