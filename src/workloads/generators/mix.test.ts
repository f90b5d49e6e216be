import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Rng } from '../../core/types.ts';
import { chiSquareCritical, chiSquareTop, makeGenerator } from '../test-support.ts';
import { AliasTable } from './mix.ts';

/** An Rng whose doubles sweep a fine grid of [0, 1): turns a pick() into an exact-ish integral. */
function gridRng(points: number): Rng {
  let i = 0;
  return {
    nextDouble: () => ((i++ % points) + 0.5) / points,
    nextUint32: () => expect.fail('not used'),
    nextInt: () => expect.fail('not used'),
  };
}

describe('AliasTable', () => {
  fcTest.prop([fc.array(fc.double({ min: 1e-3, max: 1000, noNaN: true }), { minLength: 1, maxLength: 12 })], { numRuns: 50 })(
    'picks i with probability weight_i / total (integrated over a grid of uniforms)',
    (weights) => {
      const table = new AliasTable(weights);
      const points = 200_000;
      const rng = gridRng(points);
      const counts = new Float64Array(weights.length);
      for (let i = 0; i < points; i++) counts[table.pick(rng)]!++;
      const total = weights.reduce((a, b) => a + b, 0);
      // Each of the m columns is split at one point, so the grid misses by at most 2 points per column.
      weights.forEach((w, i) => expect(Math.abs(counts[i]! / points - w / total)).toBeLessThanOrEqual((2 * weights.length + 1) / points));
    },
  );
});

describe('mix generator', () => {
  // Three scans over disjoint key ranges: each request's component is visible from its key.
  const components = [
    { weight: 1, workload: 'scan', start: 0, length: 100 },
    { weight: 2, workload: 'scan', start: 100, length: 200 },
    { weight: 7, workload: 'scan', start: 300, length: 700 },
  ];

  it('honours the weights (chi-square) and runs each component as its own stream', () => {
    const draws = 200_000;
    const gen = makeGenerator('mix', { keys: 1000, components }, 61, draws);
    const counts = [0, 0, 0];
    const expectedNext = [0, 100, 300];
    for (let i = 0; i < draws; i++) {
      const key = gen.next();
      const c = key < 100 ? 0 : key < 300 ? 1 : 2;
      counts[c]!++;
      // Within a component the scan carries on where it left off: other components do not advance it.
      if (key !== expectedNext[c]) expect.fail(`request ${i}: component ${c} gave ${key}, expected ${expectedNext[c]}`);
      const { start, length } = components[c]!;
      expectedNext[c] = key + 1 === start + length ? start : key + 1;
    }
    const chi = chiSquareTop(counts, [0.1, 0.2, 0.7], draws, 2);
    expect(chi.stat).toBeLessThan(chiSquareCritical(chi.df));
  });

  it('mixes randomised components: 95% zipf (keys 0..499) + 5% uniform over all keys', () => {
    const draws = 200_000;
    const gen = makeGenerator(
      'mix',
      {
        keys: 1000,
        components: [
          { weight: 95, workload: 'zipf', keys: 500, alpha: 1.1, scramble: false },
          { weight: 5, workload: 'uniform' },
        ],
      },
      62,
      draws,
    );
    let high = 0;
    let zero = 0;
    for (let i = 0; i < draws; i++) {
      const k = gen.next();
      if (k >= 500) high++;
      if (k === 0) zero++;
    }
    // Keys >= 500 come only from the uniform component: P = 0.05 * 0.5.
    const p = 0.025;
    expect(Math.abs(high / draws - p)).toBeLessThan(5.3 * Math.sqrt((p * (1 - p)) / draws));
    // Key 0 is zipf's rank 1 (~ 0.95 / H(500, 1.1) ~ 0.21) plus the uniform's share.
    expect(zero / draws).toBeGreaterThan(0.18);
  });

  it('a single component is that workload (with its own derived stream)', () => {
    const gen = makeGenerator('mix', { keys: 20, components: [{ weight: 3, workload: 'scan', start: 5 }] }, 63);
    expect(Array.from({ length: 20 }, () => gen.next())).toEqual(Array.from({ length: 20 }, (_, i) => (5 + i) % 20));
  });
});
