// `load --redis-evicts`: the exact policy's replay, the INFO parsing, the flags; and one run against a
// real Redis (REDIS_URL, a loopback server holding no keys), skipped with a message when there is none.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.ts';
import { simulatePrefix } from './live-run.ts';
import { resolveStrategies } from '../runner/strategy-config.ts';
import { resolveWorkload } from '../workloads/workload-config.ts';
import { parseInfoNumbers, parseKeyspaceKeys, RedisCache } from './redis-cache.ts';
import { readRedisEvictionFlags, runRedisEvicting, simulateExactPolicy } from './redis-eviction.ts';
import { StandInSource } from './stand-ins.ts';

const ZERO = { hitMs: 0, callMs: 0, perKeyMs: 0, jitter: 0 };

describe('the exact policy beside Redis', () => {
  it('exact lru on a prefix of the stream gives the hits of the `none` strategy (LRU demand fill) at the same capacity', () => {
    for (const [keys, capacity, requests] of [
      [2000, 150, 5000],
      [500, 499, 3000],
    ] as const) {
      const w = resolveWorkload('zipf', { keys, requests: 10_000, absentRatio: 0.05 });
      const [none] = resolveStrategies(['none'], { capacity }, keys);
      const sim = simulatePrefix(w, 7, none!, ZERO, requests);
      const exact = simulateExactPolicy(w, 7, 'lru', capacity, requests);
      expect(exact.requests).toBe(requests);
      expect(sim.hits).toBeGreaterThan(0);
      expect(exact.hits).toBe(sim.hits);
    }
  });

  it('parses INFO numbers and the keyspace of every database', () => {
    expect(parseInfoNumbers('# Memory\r\nused_memory:914928\r\nused_memory_human:893.48K\r\nmem_fragmentation_ratio:7.22\r\n')).toEqual({ used_memory: 914928, mem_fragmentation_ratio: 7.22 });
    expect(parseKeyspaceKeys('# Keyspace\r\ndb0:keys=12,expires=0,avg_ttl=0\r\ndb3:keys=5,expires=1,avg_ttl=9\r\n')).toBe(17);
    expect(parseKeyspaceKeys('# Keyspace\r\n')).toBe(0);
  });

  it('flags: policies from the declared choices, samples 1..64, both refused with the allowed values', () => {
    expect(readRedisEvictionFlags(['allkeys-lru', 'allkeys-lru'], undefined)).toEqual({ policies: ['allkeys-lru'], samples: 5 });
    expect(readRedisEvictionFlags(['allkeys-lru'], 10).samples).toBe(10);
    expect(() => readRedisEvictionFlags(['volatile-lru'], 5)).toThrow(ConfigError);
    expect(() => readRedisEvictionFlags(['allkeys-lru'], 0)).toThrow(/maxmemory-samples.*64/);
    expect(() => readRedisEvictionFlags(['allkeys-lru'], 2.5)).toThrow(ConfigError);
  });
});

/** A Redis to test against: REDIS_URL when it answers PING and holds no keys; otherwise why not. */
async function testRedis(): Promise<{ url: string } | { skip: string }> {
  const url = process.env.REDIS_URL;
  if (!url) return { skip: 'REDIS_URL is not set (eval "$(scripts/services.sh start)" sets it)' };
  const cache = new RedisCache({ url, connections: 1, timeoutMs: 1000, connectTimeoutMs: 1000 });
  try {
    await cache.open();
    const keys = await cache.serverKeys();
    if (keys > 0) return { skip: `the Redis at REDIS_URL holds ${keys} keys; the test sets maxmemory server-wide and needs an empty server` };
    return { url };
  } catch (e) {
    return { skip: `no Redis at REDIS_URL: ${(e as Error).message}` };
  } finally {
    await cache.close();
  }
}

const redis = await testRedis();
// BB_REQUIRE_REDIS=1 (scripts/load-integration.sh): a missing or busy Redis fails instead of skipping.
const required = process.env.BB_REQUIRE_REDIS === '1';
const skip = 'skip' in redis && !required ? redis.skip : undefined;
if (skip) console.warn(`redis-eviction.test.ts: the real-Redis test is skipped: ${skip}`);

describe.skipIf(skip !== undefined)(`against a real Redis${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('allkeys-lru: maxmemory from the measured per-key size keeps about `capacity` keys; hits are what Redis returned (its own counters agree); settings restored', async () => {
    if ('skip' in redis) throw new Error(`BB_REQUIRE_REDIS=1 but ${redis.skip}`);
    const url = redis.url;
    const cache = new RedisCache({ url, connections: 2, timeoutMs: 2000, connectTimeoutMs: 1000 });
    const source = new StandInSource(ZERO);
    await cache.open();
    await source.open();
    await source.checkKeySpace(5000);
    try {
      const before = await Promise.all(['maxmemory', 'maxmemory-policy', 'maxmemory-samples'].map((k) => cache.configGet(k)));
      const capacity = 300;
      // 3 s: maxmemory is corrected every 250 ms for client buffers (see redis-eviction.ts); a loaded machine needs a few periods.
      const workload = resolveWorkload('zipf', { keys: 5000, rate: 1000, requests: 4000 });
      const r = await runRedisEvicting({ workload, seed: 2, policy: 'allkeys-lru', samples: 10, capacity, durationMs: 3000, concurrency: 32, timeoutMs: 2000, singleFlight: false }, cache, source);
      expect(r.failedChecks).toEqual([]);
      expect(r.status, r.partialReasons.join('; ')).toBe('complete');
      expect(r.serverHits).toBe(r.clientHits);
      expect(r.serverMisses).toBe(r.clientMisses);
      expect(r.exact.requests).toBe(r.scheduled);
      expect(r.sourceRows).toBe(r.clientMisses);
      expect(r.hitRatio).toBeGreaterThan(0.3);
      expect(r.evictedKeys).toBeGreaterThan(0);
      // A Redis key with this key name and value costs 50 - 200 bytes (7.x, jemalloc).
      expect(r.bytesPerKey).toBeGreaterThan(50);
      expect(r.bytesPerKey).toBeLessThan(200);
      // Redis evicts until used_memory is under maxmemory: it ends holding close to `capacity` keys.
      // maxmemory is corrected every 250 ms: on a loaded machine the run can end a period off.
      expect(r.keysAtEnd).toBeGreaterThan(capacity * 0.85);
      expect(r.keysAtEnd).toBeLessThanOrEqual(capacity * 1.2);
      // Sampled LRU with 10 samples is close to exact LRU on zipf (a few points at most).
      expect(Math.abs(r.hitRatio - r.exact.hitRatio)).toBeLessThan(0.05);
      expect(await Promise.all(['maxmemory', 'maxmemory-policy', 'maxmemory-samples'].map((k) => cache.configGet(k)))).toEqual(before);
      expect(await cache.serverKeys()).toBe(0);
    } finally {
      await cache.close();
      await source.close();
    }
  });
});
