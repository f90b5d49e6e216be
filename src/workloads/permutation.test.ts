// Key permutations: the stored Fisher-Yates table up to TABLE_MAX_KEYS (so every existing seed keeps
// its keys), a Feistel bijection above it that needs no memory per key.
import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.ts';
import { createZipfGenerator } from './generators/zipf.ts';
import { FeistelPermutation, keyPermutation, permute, TABLE_MAX_KEYS } from './permutation.ts';
import { randomPermutation } from './zipf-sampler.ts';

describe('FeistelPermutation', () => {
  it.each([1, 2, 3, 5, 16, 17, 1000, 65_537, 1 << 18])('is a bijection of [0, %i)', (n) => {
    const p = new FeistelPermutation(n, createRng(7, 'perm'));
    const seen = new Uint8Array(n);
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const v = p.at(i);
      if (v >= 0 && v < n && seen[v] === 0) seen[v] = 1;
      else bad++;
    }
    expect(bad).toBe(0);
  });

  it('depends on the seed and is the same for the same seed', () => {
    const n = 3_000_000_000;
    const a = new FeistelPermutation(n, createRng(1, 'perm'));
    const b = new FeistelPermutation(n, createRng(1, 'perm'));
    const c = new FeistelPermutation(n, createRng(2, 'perm'));
    const first = (p: FeistelPermutation) => Array.from({ length: 8 }, (_, i) => p.at(i));
    expect(first(a)).toEqual(first(b));
    expect(first(a)).not.toEqual(first(c));
    for (const v of first(a)) expect(v).toBeLessThan(n);
  });
});

describe('keyPermutation', () => {
  it('stores the Fisher-Yates table up to TABLE_MAX_KEYS (the permutation seeds always gave) and hashes above', () => {
    expect(keyPermutation(1000, createRng(3, 'k')).table).toEqual(randomPermutation(1000, createRng(3, 'k')));
    expect(keyPermutation(TABLE_MAX_KEYS + 1, createRng(3, 'k')).table).toBeUndefined();
    const p = keyPermutation(TABLE_MAX_KEYS + 1, createRng(3, 'k'));
    expect(permute(p, 5)).toBe(new FeistelPermutation(TABLE_MAX_KEYS + 1, createRng(3, 'k')).at(5));
  });

  it('a scrambled zipf over 10^9 keys starts at once and keeps its keys in range', () => {
    const g = createZipfGenerator(1e9, 0.99, true, createRng(1, 'keys:zipf'));
    const counts = new Map<number, number>();
    let outside = 0;
    for (let i = 0; i < 10_000; i++) {
      const k = g.next();
      if (!(k >= 0 && k < 1e9)) outside++;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(outside).toBe(0);
    // The hottest key (rank 1 of zipf 0.99 over 10^9 keys) takes about 4.6 % of the requests.
    expect(Math.max(...counts.values())).toBeGreaterThan(300);
  });
});
