// The per-policy specialisation of the strategy's hot path: LRU strategies run a copy of the generic
// access()/cache() text (their own V8 type feedback), and the copies must not drift apart.
import { describe, expect, it } from 'vitest';
import { CountingSource } from '../source/counting-source.ts';
import { DEFAULT_LATENCY } from '../source/source-model.ts';
import { runStrategiesSync } from '../runner/run.ts';
import { resolveStrategies } from '../runner/strategy-config.ts';
import { openStream } from '../workloads/stream.ts';
import { resolveWorkload } from '../workloads/workload-config.ts';
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

describe('backfill marks with a policy whose hits evict (w-tinylfu)', () => {
  it('a marked key evicted by a hit is counted as evicted before use, so marks and counts agree at the end', () => {
    // Regression: hit-path evictions were not accounted for; a stale mark then made finish() throw
    // ("unrequested backfilled keys: counted 95, found 0") in a sweep over every policy.
    const w = resolveWorkload('zipf', { keys: 2000, requests: 20_000 });
    const stream = openStream(w, 1);
    const [r] = runStrategiesSync(stream, resolveStrategies(['lru-backfill'], { capacity: 100, eviction: 'w-tinylfu' }, stream.sourceKeys), { seed: 1, latency: DEFAULT_LATENCY });
    expect(r!.backfillEvictedBeforeUse).toBeGreaterThan(0);
    expect(r!.backfillWaste).toBeLessThanOrEqual(r!.backfilledKeys);
  });
});
