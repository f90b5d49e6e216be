// M/D/1: Poisson arrivals to one server with a fixed service time 1 / mu. The simulated mean wait must
// equal Pollaczek-Khinchine's rho / (2 mu (1 - rho)) within a 99.9 % batch-means confidence interval
// (batch-means.ts: 40 batches after a one-batch warm-up). As in erlang-c.test.ts, the last column is
// the largest relative half-width accepted (the bias the test is sure to catch), and the heavy-traffic
// case gets the longest run; about 1.5 s (7.4 million calls) in all. Fixed seed: deterministic.
import { describe, expect, it } from 'vitest';
import { md1MeanWait, mg1MeanWait } from '../../src/source/queue/formulas.ts';
import { simulateResponse } from './batch-means.ts';

const SEED = 20261129;
const MU = 1;

// [rho, calls, largest relative half-width]
const CASES: readonly (readonly [number, number, number])[] = [
  [0.5, 400_000, 0.025],
  [0.8, 1_000_000, 0.04],
  [0.95, 6_000_000, 0.05],
];

describe('M/D/1 mean wait equals Pollaczek-Khinchine', () => {
  for (const [rho, calls, maxRel] of CASES) {
    it(`rho ${rho}: ${calls.toLocaleString('en-US')} calls, within the 99.9 % interval (half-width <= ${maxRel * 100} %)`, () => {
      const expected = md1MeanWait(rho * MU, MU);
      const est = simulateResponse({ lambda: rho * MU, mu: MU, c: 1, distribution: 'fixed', calls, seed: SEED, waitOnly: true });
      expect(est.halfWidth / expected, 'the interval is narrow enough to be a test').toBeLessThan(maxRel);
      expect(Math.abs(est.mean - expected), `mean wait ${est.mean} vs P-K ${expected} (half-width ${est.halfWidth})`).toBeLessThanOrEqual(est.halfWidth);
    });
  }

  it('the M/D/1 form is P-K with E[S^2] = 1 / mu^2, half the M/M/1 wait', () => {
    expect(md1MeanWait(0.8, 1)).toBeCloseTo(2, 12); // 0.8 / (2 x 0.2)
    expect(md1MeanWait(1.5, 2)).toBeCloseTo(mg1MeanWait(1.5, 2, 1 / 4), 12);
    expect(md1MeanWait(0.9, 1)).toBeCloseTo(mg1MeanWait(0.9, 1, 2) / 2, 12);
  });
});
