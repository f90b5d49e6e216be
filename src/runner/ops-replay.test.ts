// Streams with operations through the runner: writes and deletes reach the source (its version of
// the key moves on) and then the strategy, in record order, across chunk and window boundaries; only
// reads are requests (hits, misses, the series); the verified replay accepts a stale value served
// with its own version and catches one served under the current version; strategies that cannot
// take writes, and a queued source, are refused before anything runs.
import { describe, expect, it } from 'vitest';
import { ArrayStream, createChunk } from '../core/chunks.ts';
import { ConfigError } from '../core/errors.ts';
import { OP_DELETE, OP_READ, OP_WRITE } from '../core/ops.ts';
import { DEFAULT_LATENCY } from '../source/source-model.ts';
import { openStream } from '../workloads/stream.ts';
import { resolveWorkload } from '../workloads/workload-config.ts';
import type { StrategySpec } from '../core/types.ts';
import { createCacheStrategy } from '../strategies/cache-strategy.ts';
import { stubStrategy, type VersionedMapCache } from './ops-test-support.ts';
import { runStrategiesSync, type RunOptions } from './run.ts';
import { seriesSum } from './time-series.ts';
import { resolveStrategies } from './strategy-config.ts';

const R = OP_READ;
const W = OP_WRITE;
const D = OP_DELETE;

// The script (key, op) at t = 400 ms x index: 7 reads, 2 writes, 1 delete.
const SCRIPT: readonly (readonly [number, number])[] = [
  [1, R], // miss (version 0)
  [1, R], // hit
  [1, W], // source: key 1 at version 1; invalidate drops it, `none` keeps it
  [1, R], // invalidate: miss (version 1); none: a stale hit
  [2, R], // miss
  [2, D], // deleted from the cache whatever the mode
  [2, R], // miss (version 1)
  [1, R], // hit (invalidate: version 1, fresh; none: version 0, stale)
  [3, W], // key 3 at version 1 before it was ever read
  [3, R], // miss: version 1
];

function scriptStream(withTtls: boolean): ArrayStream {
  const n = SCRIPT.length;
  const keys = Uint32Array.from(SCRIPT.map(([k]) => k));
  const times = Float64Array.from(SCRIPT.map((_, i) => i * 400));
  const ops = Uint8Array.from(SCRIPT.map(([, op]) => op));
  const ttls = withTtls ? Float64Array.from(SCRIPT.map((_, i) => (i % 2) * 1000)) : undefined;
  expect(keys.length).toBe(n);
  return new ArrayStream(keys, times, 4, 4, undefined, ops, ttls);
}

function run(mode: 'invalidate' | 'none' | 'lie', opts: Partial<RunOptions> & { chunkSize: number; withTtls?: boolean }) {
  const made: VersionedMapCache[] = [];
  const stream = scriptStream(opts.withTtls ?? false);
  const [result] = runStrategiesSync(stream, [stubStrategy(mode, made)], {
    seed: 1,
    latency: DEFAULT_LATENCY,
    windowMs: 1000,
    ...opts,
    chunk: createChunk(opts.chunkSize, false, true, opts.withTtls ?? false),
  });
  return { result: result!, strategy: made[0]! };
}

describe('a stream with operations through the runner', () => {
  for (const chunkSize of [1, 3, 64]) {
    for (const verifyValues of [false, true]) {
      it(`counts reads only and invalidates on writes (chunks of ${chunkSize}, verify ${verifyValues})`, () => {
        const { result, strategy } = run('invalidate', { chunkSize, verifyValues });
        expect(result.requests).toBe(7);
        expect(result.hits).toBe(2); // records 1 and 7
        expect(result.demandReads).toBe(5);
        expect(strategy.writesSeen.map((w) => [w.key, w.now, w.op])).toEqual([
          [1, 800, W],
          [2, 2000, D],
          [3, 3200, W],
        ]);
        // The series counts the reads of each 1-s window: t = 0, 400 | 1200, 1600 | 2400, 2800 | 3600.
        expect(result.series!.requests).toEqual([2, 2, 2, 1]);
        expect(seriesSum(result.series!, 'requests')).toBe(7);
        expect(result.series!.hits).toEqual([1, 0, 1, 0]);
      });
    }
  }

  it('serves stale values under `none`, and the verifier accepts them at the version served', () => {
    for (const verifyValues of [false, true]) {
      const { result, strategy } = run('none', { chunkSize: 2, verifyValues });
      expect(result.hits).toBe(3); // records 1, 3 and 7
      expect(strategy.staleReads).toBe(2); // records 3 and 7: key 1 cached at version 0, source at 1
    }
  });

  it('catches a value served under a version it does not have', () => {
    expect(() => run('lie', { chunkSize: 4, verifyValues: true })).toThrow(/request 2 served \d+ for key 1, source has \d+/);
  });

  it("passes each write record's TTL to the strategy", () => {
    const { strategy } = run('invalidate', { chunkSize: 3, withTtls: true });
    // TTLs of the script: (index mod 2) x 1000: records 2, 5, 8 (writes); reads 1, 3, 7, 9 have 1000.
    expect(strategy.writesSeen.map((w) => w.ttlMs)).toEqual([0, 1000, 0]);
    expect(strategy.readTtls).toEqual([
      { key: 1, ttlMs: 1000 },
      { key: 1, ttlMs: 1000 },
      { key: 1, ttlMs: 1000 },
      { key: 3, ttlMs: 1000 },
    ]);
  });

  it('refuses a strategy without write(), naming it', () => {
    // Every bundle preset models freshness when the run writes; today's CacheStrategy alone does not.
    const spec: StrategySpec = {
      name: 'plain',
      summary: 'CacheStrategy without freshness',
      traits: [],
      params: [],
      defaults: () => ({}),
      validate: () => ({}),
      create: (ctx) => createCacheStrategy(ctx, { capacity: undefined }),
    };
    const plain = [{ name: 'plain', spec, params: {} }];
    expect(() => runStrategiesSync(scriptStream(false), plain, { seed: 1, latency: DEFAULT_LATENCY, chunk: createChunk(4, false, true) })).toThrow(ConfigError);
    expect(() => runStrategiesSync(scriptStream(false), plain, { seed: 1, latency: DEFAULT_LATENCY, chunk: createChunk(4, false, true) })).toThrow(/strategy plain does not model freshness/);
  });

  it('refuses a source that saturates', () => {
    const go = () =>
      runStrategiesSync(scriptStream(false), [stubStrategy('invalidate')], {
        seed: 1,
        latency: DEFAULT_LATENCY,
        source: { sourceConcurrency: 1, serviceMs: null, servicePerKeyMs: null, serviceDistribution: 'fixed', queueLimit: null, timeoutMs: null, backfillPriority: 'same', coalesce: true },
      });
    expect(go).toThrow(ConfigError);
    expect(go).toThrow(/cannot take writes yet/);
  });

  it('gives the same results through the ops loop when every record is a read (objects and bytes)', () => {
    for (const sizes of [undefined, 'uniform'] as const) {
      const w = resolveWorkload('zipf', { keys: 300, requests: 6000, rate: 2000, ...(sizes ? { sizes, sizeBytes: 100 } : {}) });
      const reads = openStream(w, 4);
      const all = createChunk(6000, sizes !== undefined);
      reads.nextChunk(all);
      const plain = new ArrayStream(all.keys, all.times, reads.sourceKeys, reads.keySpace, reads.objectSizes);
      const withOps = new ArrayStream(all.keys, all.times, reads.sourceKeys, reads.keySpace, reads.objectSizes, new Uint8Array(6000));
      const opts = { seed: 1, latency: { ...DEFAULT_LATENCY, jitter: 0.3 }, windowMs: 700 };
      const [a] = runStrategiesSync(plain, [stubStrategy('invalidate')], { ...opts, chunk: createChunk(1000, sizes !== undefined) });
      const [b] = runStrategiesSync(withOps, [stubStrategy('invalidate')], { ...opts, chunk: createChunk(777, sizes !== undefined, true) });
      expect(b).toEqual(a);
      expect(a!.requests).toBe(6000);
      if (sizes !== undefined) expect(a!.bytes!.requestedBytes).toBeGreaterThan(0);
    }
  });

  it('gives a read record its TTL before the read (a trace with TTLs and no operations), through the freshness strategy', () => {
    // key 1 at 0 s (TTL 1 s), 2 s (TTL 1 s), 4 s (TTL 5 s), 5 s; keys 2 and 3 once. With an unbounded
    // cache: 0 s miss (expires at 1 s); 2 s expired miss (refilled, expires at 3 s); 4 s expired miss
    // (the key's TTL is 5 s from now on: expires at 9 s); 5 s a hit. 1 hit of 6 reads, 2 expired misses.
    const keys = Uint32Array.of(1, 2, 1, 3, 1, 1);
    const times = Float64Array.of(0, 1000, 2000, 3000, 4000, 5000);
    const ttls = Float64Array.of(1000, 5000, 1000, 0, 5000, 0);
    const stream = new ArrayStream(keys, times, 4, 4, undefined, undefined, ttls);
    expect(stream.hasOps).toBeUndefined();
    for (const verifyValues of [false, true]) {
      const [r] = runStrategiesSync(new ArrayStream(keys, times, 4, 4, undefined, undefined, ttls), resolveStrategies(['none'], { capacity: 10 }, 4), {
        seed: 1,
        latency: DEFAULT_LATENCY,
        verifyValues,
        chunk: createChunk(4, false, false, true),
      });
      expect(r!.requests).toBe(6);
      expect(r!.hits).toBe(1);
      expect(r!.freshness?.expiredMisses).toBe(2);
    }
    // A strategy without keyTtl() is refused.
    const plain = { ...stubStrategy('invalidate') };
    const spec = { ...plain.spec, create: (ctx: Parameters<typeof plain.spec.create>[0]) => Object.assign(plain.spec.create(ctx, {}), { keyTtl: undefined }) };
    expect(() => runStrategiesSync(stream, [{ ...plain, spec: spec as typeof plain.spec }], { seed: 1, latency: DEFAULT_LATENCY })).toThrow(/cannot take a stream with TTLs/);
  });
});
