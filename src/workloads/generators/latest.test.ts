import { describe, expect, it } from 'vitest';
import { histogram, makeGenerator, proportionBound, tvBound, tvDistance } from '../test-support.ts';
import { zipfPmf } from '../zipf-sampler.ts';
import latest, { defaultNewKeyEvery } from './latest.ts';

describe('latest generator', () => {
  it('with n keys introduced, key n-1-j has the Zipf pmf of rank j+1 (newest hottest); later keys never appear', () => {
    const n = 200;
    const draws = 300_000;
    const gen = makeGenerator('latest', { keys: 1000, alpha: 0.99, initialKeys: n, newKeyEvery: 10 ** 12 }, 41);
    const counts = histogram(() => gen.next(), draws, 1000);
    expect(counts.subarray(n).every((c) => c === 0)).toBe(true);
    // Re-index by age: age j = key n-1-j.
    const byAge = Float64Array.from({ length: n }, (_, j) => counts[n - 1 - j]!);
    const pmf = zipfPmf(n, 0.99);
    expect(tvDistance(byAge, pmf, draws)).toBeLessThan(tvBound(pmf, draws));
  });

  it('introduces one key every newKeyEvery requests and favours the newest', () => {
    const keys = 1000;
    const initialKeys = 100;
    const every = 10;
    const alpha = 0.8;
    const requests = 9000;
    const gen = makeGenerator('latest', { keys, alpha, initialKeys, newKeyEvery: every }, 42, requests);
    let newest = 0;
    let expectedNewest = 0;
    // P(newest) with n keys is 1 / H(n, alpha); keep H incrementally.
    let h = 0;
    for (let k = 1; k <= initialKeys; k++) h += k ** -alpha;
    for (let i = 0; i < requests; i++) {
      const n = Math.min(keys, initialKeys + Math.floor(i / every));
      const key = gen.next();
      if (key >= n) expect.fail(`request ${i}: key ${key} not yet introduced (n = ${n})`);
      if (key === n - 1) newest++;
      expectedNewest += 1 / h;
      // The next request may see one more key.
      const next = Math.min(keys, initialKeys + Math.floor((i + 1) / every));
      if (next > n) h += next ** -alpha;
    }
    const p = expectedNewest / requests;
    expect(Math.abs(newest / requests - p)).toBeLessThan(proportionBound(p, requests));
  });

  it('by default spreads the introductions so all keys are in by the last request', () => {
    const keys = 1000;
    const initialKeys = 100;
    const requests = 10_000;
    const every = defaultNewKeyEvery(keys, initialKeys, requests);
    expect(every).toBe(11);
    const gen = makeGenerator('latest', { keys, alpha: 0.99, initialKeys }, 43, requests);
    let firstLast = -1;
    for (let i = 0; i < requests; i++) if (gen.next() === keys - 1 && firstLast < 0) firstLast = i;
    // Key 999 exists from request (999 - 100 + 1) * 11 = 9900 on, and as the newest key it is drawn
    // with probability ~0.13 per request, so it shows up within the last 100 requests.
    expect(firstLast).toBeGreaterThanOrEqual(9900);
    expect(firstLast).toBeLessThan(requests);
  });

  it('initialKeys defaults to 10% of keys (at least 1)', () => {
    expect(latest.validate({ ...latest.defaults, keys: 1000 }, 't').initialKeys).toBe(100);
    expect(latest.validate({ ...latest.defaults, keys: 5 }, 't').initialKeys).toBe(1);
  });
});
