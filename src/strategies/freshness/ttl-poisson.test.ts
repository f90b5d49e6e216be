// The analytic checks of expiry (demand fill, TTL T, no writes), through the whole runner.
//
// One key read as a Poisson process of rate λ: each cycle starts with a miss (the fill) and ends at
// the first read at or after expiry, T later; the reads inside the cycle, Poisson(λT) of them, are
// hits. By renewal-reward the hit ratio is E[hits per cycle] / E[reads per cycle] = λT / (1 + λT).
// Independent keys of rates λᵢ (their superposition is one Poisson stream, each read key i with
// probability λᵢ/Σλ): Σ λᵢ·(λᵢT/(1+λᵢT)) / Σλᵢ.
//
// Tolerance from the sample size (CLT on cycles, delta method for the ratio): per key, with N reads,
// r = λT/(1+λT), H ~ Poisson(λT) hits per cycle, C = N/(1+λT) cycles,
// Var(ratio) ≈ Var(H − r(1+H)) / (C (1+λT)²) = (1−r)² λT / (N (1+λT)) = λT / (N (1+λT)³).
// Several keys: the mix adds the multinomial spread of reads over keys, Σ pᵢ(1−pᵢ)(rᵢ − r̄)²/N
// (pᵢ = λᵢ/Σλ), to Σ pᵢ² Var(ratioᵢ). Each check allows 5 standard deviations (a fixed seed; a
// false alarm at another seed has probability below 1e-6) and is shown to reject a 1 %-off ratio.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.ts';
import { runStrategiesSync } from '../../runner/run.ts';
import { resolveStrategies } from '../../runner/strategy-config.ts';
import { DEFAULT_LATENCY } from '../../source/source-model.ts';
import { arrayStream } from '../../../test/helpers/streams.ts';

/** N reads of keys 0..rates.length-1, each a Poisson process of its rate (per second); times in ms. */
function poissonReads(rates: readonly number[], n: number, seed: number): { keys: number[]; times: number[] } {
  const rng = createRng(seed, 'poisson-ttl-test');
  const total = rates.reduce((a, b) => a + b, 0);
  const keys: number[] = [];
  const times: number[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += (-Math.log(1 - rng.nextDouble()) / total) * 1000;
    let u = rng.nextDouble() * total;
    let k = 0;
    while (k < rates.length - 1 && u >= rates[k]!) u -= rates[k++]!;
    keys.push(k);
    times.push(t);
  }
  return { keys, times };
}

function hitRatio(rates: readonly number[], ttlMs: number, n: number): number {
  const { keys, times } = poissonReads(rates, n, 42);
  const strategies = resolveStrategies(['ttl'], { ttl: ttlMs, capacity: null }, rates.length);
  const [r] = runStrategiesSync(arrayStream(keys, rates.length, times, rates.length), strategies, { seed: 1, latency: DEFAULT_LATENCY, verifyValues: true, windowMs: 3_600_000 });
  // Every miss after a key's first is an expired miss (no evictions: unbounded; no writes).
  expect(r!.freshness?.expiredMisses).toBe(r!.misses - rates.length);
  return r!.hitRatio;
}

/** Expected hit ratio and its standard deviation for N reads (see the header). */
function expected(rates: readonly number[], ttlS: number, n: number): { ratio: number; sd: number } {
  const total = rates.reduce((a, b) => a + b, 0);
  const r = rates.map((l) => (l * ttlS) / (1 + l * ttlS));
  const p = rates.map((l) => l / total);
  const ratio = r.reduce((a, ri, i) => a + p[i]! * ri, 0);
  let v = 0;
  rates.forEach((l, i) => {
    const lt = l * ttlS;
    const ni = n * p[i]!;
    v += p[i]! ** 2 * (lt / (ni * (1 + lt) ** 3)) + (p[i]! * (1 - p[i]!) * (r[i]! - ratio) ** 2) / n;
  });
  return { ratio, sd: Math.sqrt(v) };
}

describe('ttl: Poisson reads, demand fill, no writes', () => {
  it('one key at λ = 10/s, T = 1 s: hit ratio λT/(1+λT) = 10/11', () => {
    const n = 100_000;
    const { ratio, sd } = expected([10], 1, n);
    expect(ratio).toBeCloseTo(10 / 11, 12);
    const got = hitRatio([10], 1000, n);
    expect(Math.abs(got - ratio)).toBeLessThan(5 * sd);
    // The check can fail: 5 sd (~1e-3 here) is well inside a 1 % error of the ratio.
    expect(5 * sd).toBeLessThan(0.01 * ratio);
  });

  it('one key at λ = 0.5/s, T = 2 s (λT = 1): hit ratio 1/2', () => {
    const n = 200_000;
    const { ratio, sd } = expected([0.5], 2, n);
    expect(ratio).toBe(0.5);
    expect(Math.abs(hitRatio([0.5], 2000, n) - ratio)).toBeLessThan(5 * sd);
    expect(5 * sd).toBeLessThan(0.01 * ratio);
  });

  it('independent keys λᵢ = 0.25, 1, 4, 16 /s, T = 1 s: Σ λᵢ·(λᵢT/(1+λᵢT)) / Σλᵢ', () => {
    const rates = [0.25, 1, 4, 16];
    const n = 300_000;
    const { ratio, sd } = expected(rates, 1, n);
    // (0.25·0.2 + 1·0.5 + 4·0.8 + 16·(16/17)) / 21.25
    expect(ratio).toBeCloseTo((0.25 * 0.2 + 0.5 + 4 * 0.8 + (16 * 16) / 17) / 21.25, 12);
    expect(Math.abs(hitRatio(rates, 1000, n) - ratio)).toBeLessThan(5 * sd);
    expect(5 * sd).toBeLessThan(0.01 * ratio);
  });
});
