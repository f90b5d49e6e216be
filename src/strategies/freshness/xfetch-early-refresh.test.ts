// xfetch's early refresh against its closed form (Vattani, Chierichetti, Lowenstein, PVLDB 2015).
//
// One key read as a Poisson process of rate λ; every source call (the demand fill, each reload) takes
// Δ (callMs = 400, perKeyMs = 0, no jitter), so each entry's Δ is 400 ms; ttl T. An entry is loaded
// at time 0 (of its own cycle) and expires at T. A read at t < T with no reload in flight draws
// u ~ U(0, 1] and refreshes early when t - Δβ ln u >= T, i.e. when u <= exp(-(T - t)/(βΔ)): with
// probability p(t) = exp(-(T - t)/(βΔ)). Thinning the reads by p(t) leaves a Poisson process of
// early refreshes of intensity λ·p(t), so the probability that none starts before expiry is
//   P = exp(-∫₀ᵀ λ e^(-(T - t)/(βΔ)) dt) = exp(-λβΔ (1 - e^(-T/(βΔ)))),
// which for T ≫ βΔ is exp(-λβΔ): exp(-4) = 1.83 % at λ = 10/s, Δ = 0.4 s, β = 1. (The first early
// refresh is what counts: later reads of the cycle see a reload in flight and draw nothing.)
//
// Cycles: each load starts one (a demand fill, or a reload landing on the entry it was started for).
// A reload started at s lands at s + Δ unless the entry was replaced first (an expired miss in
// between: the demand fill starts the next cycle and the reload is dropped). Memorylessness makes
// the reads of each cycle a Poisson process from its start, so cycles are independent trials.
// Tolerance: the count of cycles with no early refresh is binomial(n, P); the test allows 4.5
// standard deviations sqrt(P(1 - P)/n) (a false failure once in ~150,000 seeds).
import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.ts';
import { CountingSource } from '../../source/counting-source.ts';
import { fireTimers, freshStrategy } from '../../../test/helpers/fresh-strategy.ts';

const DELTA_MS = 400;

/** The probability of no early refresh before expiry (see the derivation above). */
function noEarlyRefresh(lambdaPerSec: number, deltaMs: number, beta: number, ttlMs: number): number {
  const bd = (beta * deltaMs) / 1000;
  return Math.exp(-lambdaPerSec * bd * (1 - Math.exp(-ttlMs / (beta * deltaMs))));
}

function measure(lambdaPerSec: number, beta: number, ttlMs: number, reads: number, seed: number): { cycles: number; noEarly: number } {
  // The real source with the latency model callMs = 400, perKeyMs = 0 (no jitter): every call, demand
  // read or reload, takes Δ = 400 ms.
  const source = new CountingSource(1, { hitMs: 0, callMs: DELTA_MS, perKeyMs: 0, jitter: 0 }, undefined);
  const s = freshStrategy({ source, sourceKeys: 1, capacity: 1, seed, ttlMs, refresh: 'xfetch', params: { xfetchBeta: beta } });
  const arrivals = createRng(seed, 'test-arrivals');
  let t = 0;
  let cycles = 0;
  let noEarly = 0;
  let refreshed = false;
  let landsAt = Infinity;
  const startCycle = () => {
    if (cycles > 0 && !refreshed) noEarly++;
    cycles++;
    refreshed = false;
  };
  for (let i = 0; i < reads; i++) {
    t += (-Math.log(1 - arrivals.nextDouble()) * 1000) / lambdaPerSec;
    if (t >= landsAt) {
      landsAt = Infinity;
      startCycle();
    }
    fireTimers(s, t, source);
    const started = s.freshCounters.refreshReads;
    if (!s.access(0, t)) {
      landsAt = Infinity; // a reload in flight, if any, lands on a replaced entry: dropped
      startCycle();
    }
    if (s.freshCounters.refreshReads !== started) {
      expect(refreshed).toBe(false); // at most one early refresh per cycle
      refreshed = true;
      landsAt = t + DELTA_MS;
    }
  }
  s.finish();
  // Every early refresh is one background round trip at the source (source load, not demand reads).
  expect(source.refreshCalls).toBe(s.stats().freshness!.refreshCalls);
  expect(source.demandReads).toBe(s.stats().freshness!.expiredMisses + 1);
  return { cycles: cycles - 1, noEarly }; // the last cycle is unfinished
}

describe('xfetch: the probability of no early refresh before expiry', () => {
  it('is exp(-λβΔ(1 - e^(-T/(βΔ)))): 1.83 % at λ = 10/s, Δ = 0.4 s, β = 1, T = 4 s', () => {
    const p = noEarlyRefresh(10, DELTA_MS, 1, 4000);
    // T = 10 βΔ is "T ≫ βΔ": within 0.02 % of the limit exp(-4) = 1.83 % (the factor 1 - e^(-10)).
    expect(Math.abs(p / Math.exp(-4) - 1)).toBeLessThan(2e-4);
    expect(p).toBeCloseTo(0.0183, 4);
    const { cycles, noEarly } = measure(10, 1, 4000, 1_200_000, 1);
    const sd = Math.sqrt((p * (1 - p)) / cycles);
    expect(cycles).toBeGreaterThan(25_000);
    expect(Math.abs(noEarly / cycles - p)).toBeLessThanOrEqual(4.5 * sd);
  });

  it('follows β: exp(-2) = 13.5 % at β = 0.5, and a short ttl (T = 2βΔ) keeps the 1 - e^(-T/(βΔ)) factor', () => {
    for (const [beta, ttlMs] of [
      [0.5, 4000],
      [1, 800],
    ] as const) {
      const p = noEarlyRefresh(10, DELTA_MS, beta, ttlMs);
      const { cycles, noEarly } = measure(10, beta, ttlMs, 150_000, 2);
      const sd = Math.sqrt((p * (1 - p)) / cycles);
      expect(Math.abs(noEarly / cycles - p), `β ${beta}, T ${ttlMs} ms: ${noEarly}/${cycles} vs ${p}`).toBeLessThanOrEqual(4.5 * sd);
    }
  });
});
