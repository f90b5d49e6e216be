import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { histogram, hottest, makeGenerator } from '../test-support.ts';
import shifting from './shifting.ts';

describe('shifting generator', () => {
  // shifting draws its permutation and then its ranks from the rng exactly as zipf does, so with the
  // same seed it must produce zipf's keys moved by floor(i / shiftEvery) * shiftBy (mod keys): the
  // documented formula, checked request by request.
  fcTest.prop([fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 500 }), fc.nat(), fc.boolean(), fc.double({ min: 0, max: 2, noNaN: true }), fc.integer()], { numRuns: 60 })(
    'request i is (zipf key i + floor(i / shiftEvery) * shiftBy) mod keys',
    (keys, shiftEvery, s, scramble, alpha, seed) => {
      const shiftBy = 1 + (s % keys);
      // Both from the same rng stream.
      const shifted = makeGenerator('shifting', { keys, alpha, shiftEvery, shiftBy, scramble }, seed, 1000, 'same');
      const plain = makeGenerator('zipf', { keys, alpha, scramble }, seed, 1000, 'same');
      for (let i = 0; i < 3000; i++) {
        const want = (plain.next() + Math.floor(i / shiftEvery) * shiftBy) % keys;
        const got = shifted.next();
        if (got !== want) expect.fail(`request ${i}: got ${got}, want ${want}`);
      }
    },
  );

  it('without scramble the hottest key of phase p is (p * shiftBy) mod keys', () => {
    const keys = 1000;
    const shiftEvery = 20_000;
    const shiftBy = 137;
    const gen = makeGenerator('shifting', { keys, alpha: 1.2, shiftEvery, shiftBy, scramble: false }, 51);
    for (let p = 0; p < 9; p++) {
      const counts = histogram(() => gen.next(), shiftEvery, keys);
      const order = hottest(counts);
      expect(order[0]).toBe((p * shiftBy) % keys);
      expect(order[1]).toBe((1 + p * shiftBy) % keys);
    }
  });

  it('with scramble the whole hot set moves by shiftBy each phase', () => {
    const keys = 500;
    const shiftEvery = 30_000;
    const shiftBy = 50;
    const gen = makeGenerator('shifting', { keys, alpha: 1.2, shiftEvery, shiftBy, scramble: true }, 52);
    const first = hottest(histogram(() => gen.next(), shiftEvery, keys)).slice(0, 3);
    for (let p = 1; p < 4; p++) {
      const top = hottest(histogram(() => gen.next(), shiftEvery, keys)).slice(0, 3);
      expect(top).toEqual(first.map((k) => (k + p * shiftBy) % keys));
    }
  });

  it('shiftBy defaults to keys / 10 rounded, at least 1', () => {
    expect(shifting.validate({ ...shifting.defaults, keys: 1000 }, 't').shiftBy).toBe(100);
    expect(shifting.validate({ ...shifting.defaults, keys: 3 }, 't').shiftBy).toBe(1);
    expect(shifting.validate({ ...shifting.defaults, keys: 15 }, 't').shiftBy).toBe(2);
  });
});
