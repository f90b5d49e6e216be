// The per-policy specialisation of the strategy's hot path: LRU strategies run a copy of the generic
// access()/cache() text (their own V8 type feedback), and the copies must not drift apart.
import { describe, expect, it } from 'vitest';
import { CountingSource } from '../source/counting-source.ts';
import { DEFAULT_LATENCY } from '../source/source-model.ts';
import { CacheStrategy, createCacheStrategy, LruCacheStrategy } from './cache-strategy.ts';

describe('CacheStrategy specialisation', () => {
  it("LruCacheStrategy's access() and cache() are the generic text, character for character", () => {
    const text = (c: object, m: string) => String((c as Record<string, unknown>)[m]);
    for (const m of ['access', 'cache']) {
      expect(Object.hasOwn(LruCacheStrategy.prototype, m)).toBe(true);
      expect(text(LruCacheStrategy.prototype, m)).toBe(text(CacheStrategy.prototype, m));
    }
  });

  it('an lru strategy gets the LRU class; an unbounded one the generic class', () => {
    const ctx = { source: new CountingSource(100, DEFAULT_LATENCY, undefined), sourceKeys: 100, keySpace: 200 };
    expect(createCacheStrategy(ctx, { capacity: 10 })).toBeInstanceOf(LruCacheStrategy);
    const unbounded = createCacheStrategy(ctx, { capacity: undefined });
    expect(unbounded).toBeInstanceOf(CacheStrategy);
    expect(unbounded).not.toBeInstanceOf(LruCacheStrategy);
  });
});
