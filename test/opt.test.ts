// opt (Belady's MIN): against a naive model through the whole runner, never below LRU, independent
// of how keys are numbered (so of a trace's source order), refusing streams above its limit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/core/errors.ts';
import type { RequestStream } from '../src/core/types.ts';
import { DEFAULT_LATENCY } from '../src/source/source-model.ts';
import { runStrategies, runStrategiesSync } from '../src/runner/run.ts';
import type { ResolvedStrategy } from '../src/runner/strategy-config.ts';
import { strategySpec } from '../src/strategies/registry.ts';
import { createChunk, openStream, openWorkload, reopenStream } from '../src/workloads/stream.ts';
import { validateWorkload } from '../src/workloads/workload-config.ts';
import { naiveBelady, naiveLruHits } from './helpers/belady-model.ts';
import { arrayStream } from './helpers/streams.ts';
import { fixture, traceWorkload } from './helpers/traces.ts';

function resolved(name: string, capacity: number | undefined, extra: Record<string, unknown> = {}): ResolvedStrategy {
  const spec = strategySpec(name);
  return { name: `${name}@${capacity}`, spec, params: spec.validate({ ...spec.defaults(1), capacity, ...extra }, name) as Record<string, unknown> };
}

// A small shared chunk: the runner's default batch (1 Mi requests for several strategies) is wasted on tiny streams.
const opts = { seed: 1, latency: DEFAULT_LATENCY, verifyValues: true, chunk: createChunk(64) } as const;

const traceArb = fc.integer({ min: 1, max: 30 }).chain((keys) =>
  fc.record({
    sourceKeys: fc.constant(keys),
    keys: fc.array(fc.integer({ min: 0, max: keys - 1 }), { maxLength: 300 }),
    capacity: fc.integer({ min: 1, max: keys + 2 }),
  }),
);

describe('opt', () => {
  it('matches a naive Belady model on random small traces (buffered, reopened, small chunks)', () => {
    fc.assert(
      fc.property(traceArb, ({ sourceKeys, keys, capacity }) => {
        const model = naiveBelady(keys, sourceKeys, capacity);
        const misses = model.length === 0 ? 0 : model[model.length - 1]!.demandReads;
        const evictions = model.length === 0 ? 0 : model[model.length - 1]!.evictions;
        const buffered = runStrategiesSync(arrayStream(keys, sourceKeys), [resolved('opt', capacity)], { ...opts, chunk: createChunk(7) })[0]!;
        const reopened = runStrategiesSync(arrayStream(keys, sourceKeys), [resolved('opt', capacity)], { ...opts, reopen: () => arrayStream(keys, sourceKeys) })[0]!;
        for (const r of [buffered, reopened]) {
          expect(r.misses).toBe(misses);
          expect(r.evictions).toBe(evictions);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a hand-computed case: the incoming key is left out when it is needed farthest', () => {
    // capacity 2: 1 2 3 1 2 -> on 3 (never again) the cache keeps 1 and 2: 1 and 2 then hit.
    const r = runStrategiesSync(arrayStream([1, 2, 3, 1, 2], 4), [resolved('opt', 2)], opts)[0]!;
    expect([r.hits, r.misses, r.evictions, r.finalSize]).toEqual([2, 3, 0, 2]);
    // capacity 2: 1 2 3 3 1 -> on 3, evict 2 (never again): 3 and 1 hit.
    const s = runStrategiesSync(arrayStream([1, 2, 3, 3, 1], 4), [resolved('opt', 2)], opts)[0]!;
    expect([s.hits, s.evictions]).toEqual([2, 1]);
  });

  it('never has a lower hit ratio than LRU at the same capacity, nor a higher one than an unbounded cache', () => {
    fc.assert(
      fc.property(traceArb, ({ sourceKeys, keys, capacity }) => {
        const [opt, lru, unbounded] = runStrategiesSync(arrayStream(keys, sourceKeys), [resolved('opt', capacity), resolved('none', capacity), resolved('none', undefined)], opts);
        expect(lru!.hits).toBe(naiveLruHits(keys, sourceKeys, capacity));
        expect(opt!.hits).toBeGreaterThanOrEqual(lru!.hits);
        expect(opt!.hits).toBeLessThanOrEqual(unbounded!.hits);
      }),
      { numRuns: 200 },
    );
  });

  it('results of none and opt do not depend on how keys are numbered (a trace source order)', () => {
    fc.assert(
      fc.property(traceArb, fc.integer(), ({ sourceKeys, keys, capacity }, seed) => {
        // A random relabelling of the keys: another "source order".
        const perm = Array.from({ length: sourceKeys }, (_, i) => i);
        let x = seed >>> 0;
        for (let i = perm.length - 1; i > 0; i--) {
          x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
          const j = x % (i + 1);
          [perm[i], perm[j]] = [perm[j]!, perm[i]!];
        }
        const strategies = [resolved('opt', capacity), resolved('none', capacity)];
        const a = runStrategiesSync(arrayStream(keys, sourceKeys), strategies, opts);
        const b = runStrategiesSync(
          arrayStream(
            keys.map((k) => perm[k]!),
            sourceKeys,
          ),
          strategies,
          opts,
        );
        expect(b.map((r) => [r.hits, r.evictions, r.finalSize])).toEqual(a.map((r) => [r.hits, r.evictions, r.finalSize]));
      }),
      { numRuns: 100 },
    );
  });

  it('works on synthetic workloads (reopened) and on traces (read ahead from the file)', async () => {
    const w = validateWorkload('z', { workload: 'zipf', keys: 200, alpha: 0.8, requests: 5000 }, 'z');
    const [a] = runStrategiesSync(openStream(w, 2), [resolved('opt', 20)], { ...opts, reopen: () => openStream(w, 2) });
    const [b] = runStrategiesSync(openStream(w, 2), [resolved('opt', 20)], opts);
    expect(a!.hits).toBe(b!.hits);
    const tw = traceWorkload(fixture('seq.txt.gz'));
    const { stream } = await openWorkload(tw, 1);
    const [t] = await runStrategies(stream, [resolved('opt', 2)], { ...opts, reopen: () => reopenStream(tw, 1) });
    // SEQ = 5 3 5 70000 3 7 2 5 42 7 3 0 5 99 70000 1 5 3 at capacity 2
    const keys = [5, 3, 5, 70000, 3, 7, 2, 5, 42, 7, 3, 0, 5, 99, 70000, 1, 5, 3];
    expect(t!.misses).toBe(naiveBelady(keys, Infinity, 2).at(-1)!.demandReads);
  });

  it('refuses a stream above maxRequests before reading any of it', async () => {
    let read = false;
    const stream: RequestStream = {
      sourceKeys: 10,
      keySpace: 10,
      requests: 1001,
      nextChunk() {
        read = true;
        return false;
      },
    };
    const err = await runStrategies(stream, [resolved('opt', 5, { maxRequests: 1000 })], opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/strategy opt@5: opt reads the whole stream ahead and keeps ~8 bytes per request in memory; this stream has 1,001 requests .* above maxRequests = 1,000/);
    expect(read).toBe(false);
  });

  it('created without the stream read ahead, it says so', () => {
    const spec = strategySpec('opt');
    expect(() => spec.create({ source: { read: () => 0, readBatch: () => undefined, down: false, versionOf: () => 0, refresh: () => 0 }, sourceKeys: 1, keySpace: 1 }, spec.defaults(1))).toThrow(
      /clairvoyant/,
    );
  });
});
