// Contracts every registered selection keeps (a selection added later is covered without edits):
// its hooks are declared consistently (observe exactly when observesRequests, evicted exactly when
// observesEvictions: the strategy calls a hook only on that flag, so a selection that watches
// nothing costs nothing per request); every backfill gives at most `batch` distinct source keys that
// are not cached, and with a batch in bytes their sizes fit the budget unless it is one key; the same
// script gives the same keys (deterministic).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allSelectionSpecs } from '../src/strategies/selection/registry.ts';
import type { Selection, SelectionContext } from '../src/strategies/selection/selection.ts';
import { declaredDefaults } from '../src/core/param-decl.ts';

const scriptArb = fc.integer({ min: 1, max: 30 }).chain((sourceKeys) =>
  fc.record({
    sourceKeys: fc.constant(sourceKeys),
    ops: fc.array(
      fc.oneof(
        { weight: 8, arbitrary: fc.record({ kind: fc.constant('request' as const), key: fc.integer({ min: 0, max: 2 * sourceKeys - 1 }) }) },
        { weight: 3, arbitrary: fc.record({ kind: fc.constant('evict' as const), pick: fc.nat() }) },
        { weight: 3, arbitrary: fc.record({ kind: fc.constant('backfill' as const), batch: fc.integer({ min: 1, max: 8 }) }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const) }) },
      ),
      { maxLength: 150, size: 'max' },
    ),
    capacity: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
    bytes: fc.option(fc.record({ sizes: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 60, maxLength: 60 }), budget: fc.integer({ min: 1, max: 50 }) }), { nil: undefined }),
  }),
);

type Script = typeof scriptArb extends fc.Arbitrary<infer T> ? T : never;

/** Plays a script, checking every backfill; returns the keys each backfill gave. */
function play(sel: Selection, s: Script): number[][] {
  const cache = new Set<number>();
  const view = {
    get size() {
      return cache.size;
    },
    contains: (k: number) => cache.has(k),
  };
  const out = new Uint32Array(8);
  const given: number[][] = [];
  for (const op of s.ops) {
    if (op.kind === 'request') {
      if (sel.observesRequests === true) sel.observe!(op.key);
      if (op.key < s.sourceKeys) cache.add(op.key);
    } else if (op.kind === 'evict') {
      if (cache.size === 0) continue;
      const key = [...cache][op.pick % cache.size]!;
      cache.delete(key);
      if (sel.observesEvictions === true) sel.evicted!(key);
    } else if (op.kind === 'restart') {
      const before = Uint32Array.from([...cache].reverse());
      cache.clear();
      sel.onCacheEvent?.({ kind: 'restart', at: 0 }, before);
    } else {
      const n = sel.select(view, op.batch, out);
      const keys = [...out.subarray(0, n)];
      expect(n).toBeLessThanOrEqual(op.batch);
      expect(new Set(keys).size).toBe(n);
      for (const k of keys) {
        expect(k).toBeLessThan(s.sourceKeys);
        expect(cache.has(k)).toBe(false);
      }
      if (s.bytes && n > 1) expect(keys.reduce((a, k) => a + s.bytes!.sizes[k]!, 0)).toBeLessThanOrEqual(s.bytes.budget);
      for (const k of keys) cache.add(k);
      given.push(keys);
    }
  }
  return given;
}

function context(s: Script): SelectionContext {
  const future = Uint32Array.from(s.ops.flatMap((op) => (op.kind === 'request' ? [op.key] : [])));
  return {
    sourceKeys: s.sourceKeys,
    keySpace: 2 * s.sourceKeys,
    seed: 1,
    capacity: s.capacity,
    future: { keys: future },
    batchSizes: s.bytes && { description: 'test', sizeOf: (k) => s.bytes!.sizes[k]! },
    batchBytes: s.bytes?.budget,
  };
}

describe.each(allSelectionSpecs().map((s) => [s.name, s] as const))('selection %s', (_name, spec) => {
  it('declares its hooks consistently', () => {
    const sel = spec.create(context({ sourceKeys: 4, ops: [], capacity: 2, bytes: undefined }), declaredDefaults(spec.params));
    expect(sel.observesRequests === true).toBe(typeof sel.observe === 'function');
    expect(sel.observesEvictions === true).toBe(typeof sel.evicted === 'function');
  });

  it('gives at most batch distinct uncached source keys, within the byte budget, the same for the same script', () => {
    fc.assert(
      fc.property(scriptArb, (s) => {
        const p = declaredDefaults(spec.params);
        expect(play(spec.create(context(s), p), s)).toEqual(play(spec.create(context(s), p), s));
      }),
      { numRuns: 100 },
    );
  });
});

it('source-order and snapshot watch nothing per request (no observe, no evicted)', () => {
  for (const name of ['source-order', 'snapshot']) {
    const spec = allSelectionSpecs().find((s) => s.name === name)!;
    const sel = spec.create(context({ sourceKeys: 4, ops: [], capacity: 2, bytes: undefined }), {});
    expect(sel.observesRequests ?? false).toBe(false);
    expect(sel.observesEvictions ?? false).toBe(false);
  }
});
