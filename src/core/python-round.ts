// Python's round(x, 4), bit for bit: the exact binary value of x rounded to 4 decimals, ties to even.
// The reference design compares round(misses / total, 4) with the threshold, so we must too.

/**
 * round(x, 4) as CPython computes it, for finite x >= 0.
 * An exact tie at the 5th decimal needs x * 10^4 = m + 1/2 exactly; for a binary fraction that
 * happens only when x = j/32 with j odd (e.g. 1/32 = 0.03125 -> 0.0312). Otherwise toFixed(4) picks
 * the nearest 4-decimal value of the exact binary x, which is what Python does.
 */
export function pythonRound4(x: number): number {
  const t = x * 32; // exact: scaling by a power of two
  if (Number.isInteger(t) && t % 2 === 1) {
    const m = Math.floor(x * 10_000); // exact: j * 312.5 is representable
    return (m % 2 === 0 ? m : m + 1) / 10_000;
  }
  return Number(x.toFixed(4));
}

/**
 * Precomputed test "pythonRound4(misses / total) >= threshold", fast on the hot path: the rounded
 * rate is k/10^4 for an integer k, so the test is k >= kMin, i.e. the exact rate lies above the
 * rounding boundary (kMin - 1/2) / 10^4. Only rates within a hair of that boundary take the exact,
 * slow path.
 */
export class RoundedRateAtLeast {
  private readonly kMin: number;
  private readonly boundary2: number;

  constructor(readonly threshold: number) {
    // Smallest k with k / 10^4 >= threshold (k / 10^4 is the same double as the decimal "0.kkkk").
    let k = Math.max(0, Math.floor(threshold * 10_000) - 2);
    while (k / 10_000 < threshold) k++;
    this.kMin = k;
    this.boundary2 = 2 * k - 1; // boundary * 20000
  }

  test(misses: number, total: number): boolean {
    const rate = misses / total;
    if (this.kMin === 0) return true;
    const d = rate * 20_000 - this.boundary2;
    if (d > 1e-6) return true;
    if (d < -1e-6) return false;
    return pythonRound4(rate) >= this.threshold;
  }
}
