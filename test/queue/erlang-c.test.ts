// M/M/c: Poisson arrivals to c servers with exponential service. The simulated mean response time
// (wait + service) must equal the Erlang-C formula within a 99.9 % batch-means confidence interval
// (batch-means.ts: 40 batches after a one-batch warm-up). The call counts are chosen so that the file
// runs in about 3 s (15 million calls) on a loaded 2-core machine while the interval stays narrow enough to catch a real
// error: the last column is the largest relative half-width accepted, i.e. the test detects any bias
// larger than about that. Heavy traffic (rho 0.95) relaxes slowly, so it gets the longest runs and the
// widest interval. Seeds are fixed: the result is deterministic.
import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, mg1MeanWait, mmcMeanResponse, mmcMeanWait } from '../../src/source/queue/formulas.ts';
import { simulateResponse } from './batch-means.ts';

const SEED = 20261129;
const MU = 1; // service rate: mean service time 1 ms

// [rho, c, calls, largest relative half-width]
const CASES: readonly (readonly [number, number, number, number])[] = [
  [0.5, 1, 400_000, 0.025],
  [0.8, 1, 1_000_000, 0.045],
  [0.95, 1, 6_000_000, 0.06],
  [0.5, 8, 400_000, 0.01],
  [0.8, 8, 1_000_000, 0.025],
  [0.95, 8, 6_000_000, 0.05],
];

describe('M/M/c mean response time equals Erlang C', () => {
  for (const [rho, c, calls, maxRel] of CASES) {
    it(`rho ${rho}, c ${c}: ${calls.toLocaleString('en-US')} calls, within the 99.9 % interval (half-width <= ${maxRel * 100} %)`, () => {
      const lambda = rho * c * MU;
      const expected = mmcMeanResponse(lambda, MU, c);
      const est = simulateResponse({ lambda, mu: MU, c, distribution: 'exponential', calls, seed: SEED });
      expect(est.halfWidth / expected, 'the interval is narrow enough to be a test').toBeLessThan(maxRel);
      expect(Math.abs(est.mean - expected), `mean ${est.mean} vs Erlang C ${expected} (half-width ${est.halfWidth})`).toBeLessThanOrEqual(est.halfWidth);
    });
  }
});

describe('the formulas themselves', () => {
  it('Erlang B and C match closed forms for small c', () => {
    // c = 1: B = a / (1 + a), C = rho. c = 2: C = 2 rho^2 / (1 + rho) (M/M/2's waiting probability).
    expect(erlangB(1, 0.7)).toBeCloseTo(0.7 / 1.7, 15);
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 15);
    const rho = 0.6;
    expect(erlangC(2, 2 * rho)).toBeCloseTo((2 * rho * rho) / (1 + rho), 15);
    // Erlang B by its definition, (a^c / c!) / sum_k a^k / k!, at c = 3, a = 2: (8/6) / (1 + 2 + 2 + 8/6) = 4/19.
    expect(erlangB(3, 2)).toBeCloseTo(4 / 19, 15);
  });

  it('M/M/1 agrees with Pollaczek-Khinchine for exponential service (E[S^2] = 2 / mu^2)', () => {
    for (const rho of [0.1, 0.5, 0.95]) expect(mmcMeanWait(rho * 2, 2, 1)).toBeCloseTo(mg1MeanWait(rho * 2, 2, 2 / 4), 12);
    // and the familiar M/M/1 response 1 / (mu - lambda)
    expect(mmcMeanResponse(0.8, 1, 1)).toBeCloseTo(5, 12);
  });

  it('refuses an unstable or malformed queue', () => {
    expect(() => mmcMeanWait(1, 1, 1)).toThrow(/must be < 1/);
    expect(() => mmcMeanWait(1, 1, 0)).toThrow(/integer c >= 1/);
    expect(() => mg1MeanWait(0.5, 1, 0.5)).toThrow(/below/);
  });
});
