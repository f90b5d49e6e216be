// Contracts every registered strategy must honour, on random small workloads and random
// parameters. A new strategy file is covered here the moment it exists.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LATENCY } from '../src/source/source-model.ts';
import { allStrategySpecs } from '../src/strategies/registry.ts';
import { runStrategiesSync } from '../src/runner/run.ts';
import type { StrategyResult } from '../src/runner/result.ts';
import { createChunk } from '../src/workloads/stream.ts';
import { arrayStream } from './helpers/streams.ts';
import { paramsFor, smallWorkload, type SmallWorkload } from './helpers/strategy-arbitraries.ts';
import type { AnyStrategySpec } from '../src/strategies/registry.ts';

function replay(spec: AnyStrategySpec, params: Record<string, unknown>, w: SmallWorkload, jitter = 0): StrategyResult {
  const stream = arrayStream(w.keys, w.sourceKeys, w.times, 2 * w.sourceKeys);
  const [result] = runStrategiesSync(stream, [{ name: spec.name, spec, params }], {
    seed: 7,
    latency: { ...DEFAULT_LATENCY, jitter },
    verifyValues: true,
    chunk: createChunk(7),
  });
  return result!;
}

const specs = allStrategySpecs();

describe.each(specs.map((s) => [s.name, s] as const))('strategy %s', (_name, spec) => {
  const caseArb = smallWorkload.chain((w) => fc.tuple(fc.constant(w), paramsFor(spec, w.sourceKeys)));

  it('every served value is the source value, and a request is a hit exactly when it read nothing from the source', () => {
    // verifyValues checks both on every request and throws at the first wrong one (the runner's
    // result() also refuses misses != demand reads); the lying strategies below show it does.
    fc.assert(fc.property(caseArb, ([w, params]) => void replay(spec, params, w)));
  });

  it('source reads = demand reads + backfilled keys; calls = demand reads + backfills; waste <= backfilled <= backfills x batch', () => {
    fc.assert(
      fc.property(caseArb, ([w, params]) => {
        const r = replay(spec, params, w);
        // Background reloads (a refresh part) read the source too: one call of one key each.
        const reloads = r.sourceReads - r.demandReads - r.backfilledKeys;
        if (params.refresh === undefined || params.refresh === 'none') expect(reloads).toBe(0);
        else expect(reloads).toBeGreaterThanOrEqual(0);
        expect(r.sourceCalls).toBe(r.demandReads + r.backfills + reloads);
        expect(r.backfillWaste).toBeLessThanOrEqual(r.backfilledKeys);
        const batch = typeof params.batch === 'number' ? params.batch : 0;
        expect(r.backfilledKeys).toBeLessThanOrEqual(r.backfills * batch);
        // No fruitless backfill: every counted backfill loaded at least one key.
        expect(r.backfilledKeys).toBeGreaterThanOrEqual(r.backfills);
        if (!spec.traits.includes('backfill')) expect(r.backfills).toBe(0);
      }),
    );
  });

  it('source misses are exactly the requests for absent keys, kept apart from cache misses', () => {
    fc.assert(
      fc.property(caseArb, ([w, params]) => {
        const r = replay(spec, params, w);
        expect(r.sourceMisses).toBe(w.keys.filter((k) => k >= w.sourceKeys).length);
      }),
    );
  });

  it('respects its capacity, and never caches more keys than the source has', () => {
    fc.assert(
      fc.property(caseArb, ([w, params]) => {
        const r = replay(spec, params, w);
        if (typeof params.capacity === 'number') expect(r.finalSize).toBeLessThanOrEqual(params.capacity);
        expect(r.finalSize).toBeLessThanOrEqual(w.sourceKeys);
      }),
    );
  });

  it('is deterministic: same stream and parameters give identical results (jitter included)', () => {
    fc.assert(
      fc.property(caseArb, ([w, params]) => {
        expect(replay(spec, params, w, 0.3)).toEqual(replay(spec, params, w, 0.3));
      }),
      { numRuns: 50 },
    );
  });

  it('never backfills from a source with nothing to give (all requests absent)', () => {
    fc.assert(
      fc.property(caseArb, ([w, params]) => {
        const absentOnly = { ...w, keys: w.keys.map((k) => (k % w.sourceKeys) + w.sourceKeys) };
        const stream = arrayStream(absentOnly.keys, 0, absentOnly.times, 2 * w.sourceKeys);
        const [r] = runStrategiesSync(stream, [{ name: spec.name, spec, params }], { seed: 1, latency: DEFAULT_LATENCY, verifyValues: true });
        expect(r!.backfills).toBe(0);
        expect(r!.sourceReads).toBe(absentOnly.keys.length);
      }),
      { numRuns: 50 },
    );
  });

  if (spec.traits.includes('backfill') && !spec.traits.includes('timer')) {
    it('never fires a request-path backfill before 3 lookups', () => {
      fc.assert(
        fc.property(caseArb, ([w, params]) => {
          const r = replay(spec, params, { ...w, keys: w.keys.slice(0, 2), times: w.times.slice(0, 2) });
          expect(r.backfills).toBe(0);
        }),
        { numRuns: 50 },
      );
    });
  }
});

describe('the per-request check behind these contracts catches a strategy that lies', () => {
  const base = specs.find((s) => s.name === 'none')!;
  const w: SmallWorkload = { keys: [0, 0, 1, 1], times: [0, 1, 2, 3], sourceKeys: 4 }; // requests 1 and 3 hit
  /** `none`, with one answer of its access() (request `at`) or served value falsified. */
  const lying = (what: 'hit' | 'value', at: number): AnyStrategySpec => ({
    ...base,
    create(ctx, p) {
      const s = base.create(ctx, p);
      let n = 0;
      let lie = false;
      return {
        access(key: number, now: number) {
          const hit = s.access(key, now);
          lie = n++ === at;
          return lie && what === 'hit' ? !hit : hit;
        },
        get lastValue() {
          return lie && what === 'value' ? s.lastValue + 1 : s.lastValue;
        },
        get nextTimerAt() {
          return s.nextTimerAt;
        },
        onTimer: (t: number) => s.onTimer(t),
        stats: () => s.stats(),
        finish: () => s.finish(),
      };
    },
  });
  const params = base.validate(base.defaults(w.sourceKeys), 'none') as Record<string, unknown>;

  it('a miss reported as a hit, and a hit reported as a miss', () => {
    expect(() => replay(lying('hit', 0), params, w)).toThrow(/request 0 \(key 0\) said hit=true but made 1 demand reads/);
    expect(() => replay(lying('hit', 1), params, w)).toThrow(/request 1 \(key 0\) said hit=false but made 0 demand reads/);
  });

  it('a wrong value served', () => {
    expect(() => replay(lying('value', 3), params, w)).toThrow(/request 3 served \d+ for key 1, source has \d+/);
  });
});
