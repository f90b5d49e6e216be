// `clairvoyant` selection never gives fewer hits than `source-order` with the same trigger and batch
// (issue 13), where that is a theorem: an unbounded cache, and a trigger whose firings do not depend
// on the hits (the timer of `time-based`). Then a key misses only on its first request, unless a
// backfill loaded it before; backfills happen at fixed times with `batch` keys each, and the keys a
// backfill can save are those not yet requested (uncached). Saving the most keys is scheduling unit
// jobs with deadlines (a key's first request) into slots of `batch`: earliest deadline first is
// optimal (exchange argument: a schedule that loads a later-needed key while an earlier-needed one
// is still uncached can swap them without losing a hit), and that is what clairvoyant does. So
// hits(clairvoyant) >= hits(any selection), source-order included, on every stream.
//
// With a bounded cache or a hit-driven trigger it is not a theorem (a different backfill changes
// what is evicted, or whether the trigger fires); the second test shows such a stream (found by
// fast-check, seed 1) for lru-backfill: the bound holds under its stated conditions only.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LATENCY } from '../src/source/source-model.ts';
import { runStrategiesSync } from '../src/runner/run.ts';
import { strategySpec } from '../src/strategies/registry.ts';
import { arrayStream } from './helpers/streams.ts';

const stream = fc.integer({ min: 1, max: 40 }).chain((sourceKeys) =>
  fc.record({
    sourceKeys: fc.constant(sourceKeys),
    keys: fc.array(fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: sourceKeys - 1 }) }, { weight: 1, arbitrary: fc.integer({ min: sourceKeys, max: 2 * sourceKeys - 1 }) }), {
      maxLength: 300,
      size: 'max',
    }),
    gaps: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 })), { minLength: 300, maxLength: 300 }),
  }),
);

function hits(strategy: string, overrides: Record<string, unknown>, s: { sourceKeys: number; keys: number[]; gaps: number[] }): number {
  let t = 0;
  const times = s.keys.map((_, i) => (t += s.gaps[i]!));
  const spec = strategySpec(strategy);
  const params = spec.validate({ ...spec.defaults(s.sourceKeys), ...overrides }, 'test') as Record<string, unknown>;
  const [r] = runStrategiesSync(arrayStream(s.keys, s.sourceKeys, times, 2 * s.sourceKeys), [{ name: strategy, spec, params }], { seed: 1, latency: DEFAULT_LATENCY, verifyValues: true });
  return r!.hits;
}

describe('clairvoyant selection against source-order', () => {
  it('never fewer hits with the same timer trigger and batch, unbounded cache (property)', () => {
    let better = 0;
    fc.assert(
      fc.property(stream, fc.integer({ min: 1, max: 6 }), fc.constantFrom(1, 5, 20, 100), (s, batch, intervalMs) => {
        const common = { capacity: null, batch, intervalMs };
        const clairvoyant = hits('time-based', { ...common, selection: 'clairvoyant' }, s);
        const sourceOrder = hits('time-based', { ...common, selection: 'source-order' }, s);
        expect(clairvoyant).toBeGreaterThanOrEqual(sourceOrder);
        // Nor fewer than any other selection that needs no event (hottest, recently-evicted).
        expect(clairvoyant).toBeGreaterThanOrEqual(hits('time-based', { ...common, selection: 'hottest' }, s));
        if (clairvoyant > sourceOrder) better++;
      }),
      { numRuns: 150 },
    );
    // The streams are not all trivial: clairvoyant is strictly ahead on some.
    expect(better).toBeGreaterThan(0);
  });

  it('with a bounded LRU it is not a theorem: a stream where it loses', () => {
    // lru-backfill, capacity 2, batch 1, threshold 0.3; keys 1 4 0 4 2. At request 2 (key 0, a miss
    // with 3 lookups seen) source-order loads key 0 itself (the cursor's first uncached key), which
    // the request then uses, and key 4 stays for its hit at request 3. Clairvoyant skips key 0 (being
    // served) and loads key 2 (needed at request 4), which evicts key 1; serving key 0 then evicts
    // key 4 just before it is requested, and that miss in turn evicts key 2. 0 hits against 1.
    const s = { sourceKeys: 6, keys: [1, 4, 0, 4, 2], gaps: [1, 1, 1, 1, 1] };
    const common = { capacity: 2, batch: 1, threshold: 0.3 };
    expect(hits('lru-backfill', { ...common, selection: 'source-order' }, s)).toBe(1);
    expect(hits('lru-backfill', { ...common, selection: 'clairvoyant' }, s)).toBe(0);
  });
});
