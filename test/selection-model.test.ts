// Each selection against its plain model (test/models/selection-<name>-model.ts): the same random
// script of requests (observed, then cached), evictions (told to the selection), restarts (the cache
// emptied, the selection told the keys cached before, in the cache's order) and backfills (both
// must choose exactly the same keys, which are then cached), with a batch in keys or in bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ObjectSizes } from '../src/core/types.ts';
import { selectionSpec } from '../src/strategies/selection/registry.ts';
import type { HottestSelection } from '../src/strategies/selection/hottest.ts';
import type { RecentlyEvictedSelection } from '../src/strategies/selection/recently-evicted.ts';
import type { Selection, SelectionContext } from '../src/strategies/selection/selection.ts';
import type { SnapshotSelection } from '../src/strategies/selection/snapshot.ts';
import { ClairvoyantModel } from './models/selection-clairvoyant-model.ts';
import { HottestModel } from './models/selection-hottest-model.ts';
import { RecentlyEvictedModel } from './models/selection-recently-evicted-model.ts';
import { BudgetModel, type SelectionModel } from './models/selection-model.ts';
import { SnapshotModel } from './models/selection-snapshot-model.ts';

type Op = { kind: 'request'; key: number } | { kind: 'evict'; pick: number } | { kind: 'backfill'; batch: number } | { kind: 'restart' };

interface Case {
  readonly sourceKeys: number;
  readonly ops: readonly Op[];
  /** Object sizes and the bytes per backfill, for a batch in bytes. */
  readonly bytes: { readonly sizes: readonly number[]; readonly budget: number } | undefined;
  readonly k: number;
  readonly halfLife: number;
}

const caseArb: fc.Arbitrary<Case> = fc.integer({ min: 1, max: 30 }).chain((sourceKeys) =>
  fc.record({
    sourceKeys: fc.constant(sourceKeys),
    ops: fc.array(
      fc.oneof(
        { weight: 8, arbitrary: fc.record({ kind: fc.constant('request' as const), key: fc.integer({ min: 0, max: Math.ceil(sourceKeys * 1.3) }) }) },
        { weight: 3, arbitrary: fc.record({ kind: fc.constant('evict' as const), pick: fc.nat() }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('backfill' as const), batch: fc.integer({ min: 1, max: 8 }) }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const) }) },
      ),
      { maxLength: 200, size: 'max' },
    ),
    bytes: fc.option(fc.record({ sizes: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: sourceKeys, maxLength: sourceKeys }), budget: fc.integer({ min: 1, max: 60 }) }), { nil: undefined }),
    k: fc.integer({ min: 1, max: sourceKeys + 2 }),
    halfLife: fc.integer({ min: 1, max: 60 }),
  }),
);

function context(c: Case, future: Uint32Array): SelectionContext {
  const sizes: ObjectSizes | undefined = c.bytes && { description: 'test', sizeOf: (k) => c.bytes!.sizes[k]! };
  return { sourceKeys: c.sourceKeys, keySpace: 2 * c.sourceKeys + 2, seed: 1, capacity: 4, future: { keys: future }, batchSizes: sizes, batchBytes: c.bytes?.budget };
}

/** Plays the script on the selection and its model; every backfill must choose the same keys. */
function play(c: Case, real: Selection, model: SelectionModel, same: (real: Selection, model: SelectionModel) => void): number {
  // The cache, in insertion order (a restart hands the keys over newest first: "most valuable first").
  const cache = new Set<number>();
  const view = {
    get size() {
      return cache.size;
    },
    contains: (k: number) => cache.has(k),
  };
  const out = new Uint32Array(16);
  let chosen = 0;
  for (const op of c.ops) {
    if (op.kind === 'request') {
      if (real.observesRequests) real.observe!(op.key);
      model.observe(op.key);
      if (op.key < c.sourceKeys) cache.add(op.key);
    } else if (op.kind === 'evict') {
      if (cache.size === 0) continue;
      const key = [...cache][op.pick % cache.size]!;
      cache.delete(key);
      if (real.observesEvictions) real.evicted!(key);
      model.evicted(key);
    } else if (op.kind === 'restart') {
      const before = [...cache].reverse();
      cache.clear();
      real.onCacheEvent?.({ kind: 'restart', at: 0 }, Uint32Array.from(before));
      model.event(before);
    } else {
      const n = real.select(view, op.batch, out);
      const got = [...out.subarray(0, n)];
      expect(got).toEqual(model.select(cache, op.batch));
      expect(new Set(got).size).toBe(n);
      for (const k of got) {
        expect(k).toBeLessThan(c.sourceKeys);
        expect(cache.has(k)).toBe(false);
        cache.add(k);
      }
      chosen += n;
    }
    same(real, model);
  }
  return chosen;
}

const budget = (c: Case) => new BudgetModel(c.bytes?.sizes, c.bytes?.budget ?? 0);
const futureOf = (c: Case) => c.ops.flatMap((op) => (op.kind === 'request' ? [op.key] : []));

/** After every step, the state a selection keeps between backfills is its model's too. */
function sameHottest(real: Selection, model: SelectionModel): void {
  const s = (real as HottestSelection).sketch;
  s.check();
  const got = Array.from({ length: s.size }, (_, i) => ({ key: s.keyAt(i), count: s.countAt(i) }));
  expect(got).toEqual((model as HottestModel).entries);
}
const sameGhosts = (real: Selection, model: SelectionModel) => expect((real as RecentlyEvictedSelection).ghosts()).toEqual((model as RecentlyEvictedModel).ghosts);
const sameSnapshot = (real: Selection, model: SelectionModel) => expect((real as SnapshotSelection).remaining).toBe((model as SnapshotModel).list.length - (model as SnapshotModel).next);

const cases: readonly { name: string; params: (c: Case) => Record<string, unknown>; model: (c: Case) => SelectionModel; same: (real: Selection, model: SelectionModel) => void }[] = [
  { name: 'hottest', params: (c) => ({ hotKeys: c.k, hotHalfLife: c.halfLife }), model: (c) => new HottestModel(c.sourceKeys, c.k, c.halfLife, budget(c)), same: sameHottest },
  { name: 'recently-evicted', params: (c) => ({ ghostKeys: c.k }), model: (c) => new RecentlyEvictedModel(c.sourceKeys, c.k, budget(c)), same: sameGhosts },
  { name: 'snapshot', params: () => ({}), model: (c) => new SnapshotModel(c.sourceKeys, budget(c)), same: sameSnapshot },
  { name: 'clairvoyant', params: () => ({}), model: (c) => new ClairvoyantModel(futureOf(c), c.sourceKeys, budget(c)), same: () => {} },
];

describe.each(cases)('selection $name against its plain model', ({ name, params, model, same }) => {
  it('chooses exactly the keys its model chooses, backfill after backfill, in keys or bytes', () => {
    let chosen = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const real = selectionSpec(name).create(context(c, Uint32Array.from(futureOf(c))), params(c));
        chosen += play(c, real, model(c), same);
      }),
      { numRuns: 150 },
    );
    // The scripts exercise the selection: it did choose keys.
    expect(chosen).toBeGreaterThan(0);
  });
});
