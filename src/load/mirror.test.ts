// The live runner's contract with the strategies: carrying out each plan on a plain key-value store
// (as the runner does on Redis: SET the rows, UNLINK the evicted keys, in order) keeps that store
// holding exactly what the strategy's own store holds, so every decided hit finds its key and every
// decided miss does not; and the decisions are the simulator's, request for request.
import { traitsOf } from '../core/types.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ABSENT } from '../core/types.ts';
import { runStrategiesSync } from '../runner/run.ts';
import { DEFAULT_LATENCY, sourceValue } from '../source/source-model.ts';
import { allStrategySpecs } from '../strategies/registry.ts';
import { createChunk } from '../workloads/stream.ts';
import { paramsFor, smallWorkload } from '../../test/helpers/strategy-arbitraries.ts';
import { arrayStream } from '../../test/helpers/streams.ts';
import { MirroredStrategy, type BatchPlan } from './mirror.ts';

const live = allStrategySpecs().filter((s) => !(s.traits as readonly string[]).includes('clairvoyant'));

describe.each(live.map((s) => [s.name, s] as const))('mirrored %s', (_name, spec) => {
  it('plans replayed on a key-value store keep it equal to the strategy cache, and decisions equal the simulator', () => {
    fc.assert(
      fc.property(
        // A clairvoyant selection has no live counterpart (load refuses it), like opt.
        smallWorkload.chain((w) =>
          fc.tuple(
            fc.constant(w),
            paramsFor(spec, w.sourceKeys).filter((p) => !traitsOf(spec, p).includes('clairvoyant')),
          ),
        ),
        ([w, params]) => {
          const resolved = { name: spec.name, spec, params };
          const m = new MirroredStrategy(resolved, w.sourceKeys, 2 * w.sourceKeys);
          const kv = new Map<number, number>();
          const applyBatch = (b: BatchPlan) => {
            for (const k of b.keys) kv.set(k, sourceValue(k, w.sourceKeys));
            for (const k of b.evicted) kv.delete(k);
          };
          w.keys.forEach((key, i) => {
            const t = w.times[i]!;
            const plan = m.decide(key, t);
            for (const b of plan.timers) applyBatch(b);
            expect(plan.hit).toBe(kv.has(key));
            expect(plan.expected).toBe(key < w.sourceKeys ? sourceValue(key, w.sourceKeys) : ABSENT);
            if (plan.hit) {
              expect(kv.get(key)).toBe(plan.expected);
              for (const k of plan.evicted) kv.delete(k); // a policy whose hits may evict (slru, w-tinylfu)
              return;
            }
            if (plan.backfill) applyBatch(plan.backfill);
            if (plan.expected !== ABSENT) kv.set(key, plan.expected);
            for (const k of plan.evicted) kv.delete(k);
          });
          m.strategy.finish();
          expect(kv.size).toBe(m.strategy.stats().finalSize);
          const [sim] = runStrategiesSync(arrayStream(w.keys, w.sourceKeys, w.times, 2 * w.sourceKeys), [resolved], { seed: 1, latency: DEFAULT_LATENCY, chunk: createChunk(7) });
          expect(m.decidedHits).toBe(sim!.hits);
          expect(m.decidedSourceCalls).toBe(sim!.sourceCalls);
          expect(m.decidedSourceReads).toBe(sim!.sourceReads);
        },
      ),
    );
  });
});

describe('MirroredStrategy', () => {
  it('splits evictions between the backfill and the missed key, even with a capacity below the batch', () => {
    const spec = live.find((s) => s.name === 'lru-backfill')!;
    const params = spec.validate({ ...spec.defaults(100), capacity: 3, threshold: 0.01, batch: 5 }, 'test');
    const m = new MirroredStrategy({ name: spec.name, spec, params }, 100, 100);
    m.decide(50, 0); // miss (no backfill before 3 lookups)
    m.decide(51, 1);
    const p = m.decide(52, 2); // third lookup, miss rate 1: backfill 5 keys into 3 slots
    expect(p.hit).toBe(false);
    expect(Array.from(p.backfill!.keys)).toEqual([0, 1, 2, 3, 4]);
    // The batch evicts 50, 51 then its own 0 and 1; caching 52 evicts 2.
    expect(p.backfill!.evicted).toEqual([50, 51, 0, 1]);
    expect(p.evicted).toEqual([2]);
  });
});

describe('MirroredStrategy with a policy whose hits evict', () => {
  it('a hit that evicts (slru demoting out of its lowest segment) hands the evicted keys to the live cache', () => {
    // The case the fresh-seed property run found (a hit "read the source or evicted" was refused).
    const spec = live.find((s) => s.name === 'lru-backfill')!;
    const params = spec.validate({ ...spec.defaults(36), capacity: 4, threshold: 0.01, batch: 17, window: 1, eviction: 'slru', segments: 3 }, 'test');
    const m = new MirroredStrategy({ name: spec.name, spec, params }, 36, 72);
    const plans = [66, 7, 5, 66, 34, 5, 7, 5].map((k, i) => m.decide(k, i));
    const hitEvictions = plans.filter((p) => p.hit).flatMap((p) => [...p.evicted]);
    expect(hitEvictions.length).toBeGreaterThan(0);
  });
});
