import { describe, expect, it } from 'vitest';
import { chiSquareCritical, chiSquareTop, histogram, hottest, makeGenerator, proportionBound } from '../test-support.ts';
import { hotCount } from './hotspot.ts';

function counts(raw: Record<string, unknown>, seed: number, draws: number): Float64Array {
  const keys = raw.keys as number;
  const gen = makeGenerator('hotspot', raw, seed);
  return histogram(() => gen.next(), draws, keys);
}

describe('hotspot generator', () => {
  it('hotCount is ceil(hotFraction * keys), at least 1, without float noise', () => {
    expect(hotCount({ keys: 100_000, hotFraction: 0.2, hotOpsFraction: 0.8 })).toBe(20_000);
    expect(hotCount({ keys: 10, hotFraction: 0.3, hotOpsFraction: 0.8 })).toBe(3); // 0.3 * 10 = 3.0000000000000004
    expect(hotCount({ keys: 10, hotFraction: 0.25, hotOpsFraction: 0.8 })).toBe(3);
    expect(hotCount({ keys: 10, hotFraction: 0.001, hotOpsFraction: 0.8 })).toBe(1);
    expect(hotCount({ keys: 7, hotFraction: 1, hotOpsFraction: 0.8 })).toBe(7);
  });

  it('sends hotOpsFraction of requests uniformly to exactly hotCount keys, the rest uniformly to the others', () => {
    const keys = 1000;
    const draws = 400_000;
    const c = counts({ keys, hotFraction: 0.2, hotOpsFraction: 0.8 }, 31, draws);
    // Hot keys expect 0.8/200 * N = 1600 draws each (sd 40), cold keys 0.2/800 * N = 100 (sd 10):
    // the threshold 850 separates them with a margin of 18 sd.
    const hot = [...c.keys()].filter((k) => c[k]! > 850);
    expect(hot.length).toBe(200);
    const hotDraws = hot.reduce((a, k) => a + c[k]!, 0);
    expect(Math.abs(hotDraws / draws - 0.8)).toBeLessThan(proportionBound(0.8, draws));
    // Uniform within the hot set and within the cold set (chi-square against uniform).
    const hotCounts = hot.map((k) => c[k]!);
    const coldCounts = [...c.keys()].filter((k) => c[k]! <= 850).map((k) => c[k]!);
    for (const group of [hotCounts, coldCounts]) {
      const total = group.reduce((a, b) => a + b, 0);
      const chi = chiSquareTop(group, new Array(group.length).fill(1 / group.length), total, group.length - 1);
      expect(chi.stat).toBeLessThan(chiSquareCritical(chi.df));
    }
    // The hot set is a random subset, not the first keys: about 20% of the hot keys are below 200.
    expect(hot.filter((k) => k < 200).length).toBeLessThan(80);
  });

  it('the hot set depends on the seed', () => {
    const a = new Set(hottest(counts({ keys: 500, hotFraction: 0.1, hotOpsFraction: 0.9 }, 1, 100_000)).slice(0, 50));
    const b = hottest(counts({ keys: 500, hotFraction: 0.1, hotOpsFraction: 0.9 }, 2, 100_000)).slice(0, 50);
    // Two random 50-subsets of 500 share 5 keys on average.
    expect(b.filter((k) => a.has(k)).length).toBeLessThan(20);
  });

  it('edge cases: hotOpsFraction 1 and 0 use only the hot and only the cold keys; hotFraction 1 is uniform', () => {
    const used = (c: Float64Array) => c.filter((x) => x > 0).length;
    const hotOnly = counts({ keys: 100, hotFraction: 0.3, hotOpsFraction: 1 }, 5, 30_000);
    const coldOnly = counts({ keys: 100, hotFraction: 0.3, hotOpsFraction: 0 }, 5, 30_000);
    expect(used(hotOnly)).toBe(30);
    expect(used(coldOnly)).toBe(70);
    // Same seed, so the same hot set: the two are complementary.
    for (let k = 0; k < 100; k++) expect(hotOnly[k]! > 0).not.toBe(coldOnly[k]! > 0);
    // No cold keys: every request goes to the (whole) hot set, even with hotOpsFraction 0.
    const all = counts({ keys: 50, hotFraction: 1, hotOpsFraction: 0 }, 6, 50_000);
    expect(used(all)).toBe(50);
    const chi = chiSquareTop(all, new Array(50).fill(1 / 50), 50_000, 49);
    expect(chi.stat).toBeLessThan(chiSquareCritical(chi.df));
  });
});
