// Space-Saving's guarantees (Metwally et al. 2005, Lemmas 3.3-3.5), without decay: counts sum to the
// requests; a monitored key's count over-estimates its frequency by at most the least count (<= N/k);
// every key more frequent than N/k is monitored; with k >= distinct keys every count is exact. And
// the decay: halving keeps the order and rounds each count down.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpaceSaving } from './space-saving.ts';

const NO_DECAY = Number.POSITIVE_INFINITY;
const stream = fc.array(fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 5 }) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 60 }) }), { minLength: 1, maxLength: 400, size: 'max' });

function frequencies(keys: readonly number[]): Map<number, number> {
  const f = new Map<number, number>();
  for (const k of keys) f.set(k, (f.get(k) ?? 0) + 1);
  return f;
}

describe('SpaceSaving', () => {
  it('keeps Space-Saving guarantees: counts sum to N, overestimate by at most the least count, every key above N/k monitored', () => {
    fc.assert(
      fc.property(stream, fc.integer({ min: 1, max: 20 }), (keys, k) => {
        const s = new SpaceSaving(k, NO_DECAY, 64);
        for (const key of keys) s.add(key);
        s.check();
        const f = frequencies(keys);
        const n = keys.length;
        expect(s.size).toBe(Math.min(k, f.size));
        let sum = 0;
        for (let i = 0; i < s.size; i++) sum += s.countAt(i);
        expect(sum).toBe(n);
        const least = s.countAt(s.size - 1);
        // Full, the least count is at most the mean count N/k.
        if (s.size === k) expect(least).toBeLessThanOrEqual(n / k);
        for (let i = 0; i < s.size; i++) {
          const key = s.keyAt(i);
          expect(s.countAt(i)).toBeGreaterThanOrEqual(f.get(key)!);
          expect(s.countAt(i) - f.get(key)!).toBeLessThanOrEqual(least);
        }
        for (const [key, freq] of f) if (freq > n / k) expect(s.count(key)).toBeGreaterThan(0);
        if (k >= f.size) for (const [key, freq] of f) expect(s.count(key)).toBe(freq);
      }),
      { numRuns: 200 },
    );
  });

  it('halves every count (rounding down) each halfLife increments, keeping the order', () => {
    fc.assert(
      fc.property(stream, fc.integer({ min: 1, max: 50 }), (keys, halfLife) => {
        const s = new SpaceSaving(64, halfLife, 64);
        const exact = new Map<number, number>();
        keys.forEach((key, i) => {
          s.add(key);
          exact.set(key, (exact.get(key) ?? 0) + 1);
          if ((i + 1) % halfLife === 0) for (const [k2, c] of exact) exact.set(k2, Math.floor(c / 2));
          s.check();
        });
        expect(s.halvings).toBe(Math.floor(keys.length / halfLife));
        for (const [key, c] of exact) expect(s.count(key)).toBe(c);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses k < 1 and halfLife < 1', () => {
    expect(() => new SpaceSaving(0, 10, 8)).toThrow(RangeError);
    expect(() => new SpaceSaving(4, 0, 8)).toThrow(RangeError);
  });
});
