// s3fifo, arc and w-tinylfu against their plain models (test/models/<name>-model.ts): the same random
// requests, inserts and removals, in object mode (size 1) and byte mode (sizes 1..8), over a direct
// and a hashed key space; after every step the hit, the admission, the keys evicted (in order), the
// cached keys and the units held agree, slots stay stable while a key is cached, and check() holds.
// The generic suite (policy-models.test.ts) does the same at small capacities; this one reaches the
// sizes where s3fifo (20+) and w-tinylfu (with a 20 % window) admit, and bounds the ghosts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOT_CACHED, type EvictionPolicy } from '../../src/strategies/eviction/eviction-policy.ts';
import type { PolicySpec } from '../../src/strategies/eviction/policy-spec.ts';
import arc, { type ArcPolicy } from '../../src/strategies/eviction/arc.ts';
import s3fifo, { type S3FifoPolicy } from '../../src/strategies/eviction/s3fifo.ts';
import wTinyLfu from '../../src/strategies/eviction/w-tinylfu.ts';
import { DIRECT_INDEX_MAX_KEYS } from '../../src/strategies/stores/key-index.ts';
import { declaredDefaults } from '../../src/core/param-decl.ts';
import arcModel from '../models/arc-model.ts';
import s3fifoModel from '../models/s3fifo-model.ts';
import wTinyLfuModel from '../models/w-tinylfu-model.ts';
import type { PolicyModelFactory } from '../models/policy-model.ts';

type Op = readonly ['get', number, number] | readonly ['remove', number] | readonly ['insert', number, number];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const cases: [PolicySpec<any>, PolicyModelFactory, Record<string, number>][] = [
  [s3fifo, s3fifoModel, {}],
  [arc, arcModel, {}],
  // A 1 % window admits nothing below 100 units: a fifth of the cache, so small caches admit and duel.
  [wTinyLfu, wTinyLfuModel, { windowRatio: 0.2 }],
];

function run(spec: (typeof cases)[number][0], model: PolicyModelFactory, overrides: Record<string, number>, capacity: number, keySpace: number, keyOffset: number, ops: readonly Op[]): void {
  const params = { ...(declaredDefaults(spec.params) as Record<string, number>), ...overrides };
  const real: EvictionPolicy = spec.create(capacity, keySpace, params);
  const m = model(capacity, params);
  const slotOf = new Map<number, number>();
  const inserted = (key: number, size: number) => {
    const slot = real.insert(key, size);
    const want = m.insert(key, size);
    const evicted = Array.from(real.evictedKeys.subarray(0, real.evictedCount));
    expect(evicted, `evicted by insert(${key}, ${size})`).toEqual(want.evicted);
    for (let i = 0; i < real.evictedCount; i++) {
      expect(real.evictedSlots[i]).toBe(slotOf.get(real.evictedKeys[i]!));
      slotOf.delete(real.evictedKeys[i]!);
    }
    expect(slot !== NOT_CACHED, `admitted insert(${key}, ${size})`).toBe(want.admitted);
    if (slot !== NOT_CACHED) {
      expect(slot).toBeLessThan(real.slotLimit);
      expect([...slotOf.values()]).not.toContain(slot);
      slotOf.set(key, slot);
    }
  };
  for (const op of ops) {
    const key = op[1] + keyOffset;
    if (op[0] === 'get') {
      const slot = real.find(key);
      expect(slot !== NOT_CACHED, `hit on ${key}`).toBe(m.find(key));
      if (spec.capabilities.evictsOnHit) {
        const evicted = Array.from(real.evictedKeys.subarray(0, real.evictedCount));
        expect(evicted, `evicted by find(${key})`).toEqual(slot === NOT_CACHED ? [] : (m.lastFindEvicted?.() ?? []));
        for (const k of evicted) slotOf.delete(k);
      }
      if (slot !== NOT_CACHED) expect(slot).toBe(slotOf.get(key));
      else inserted(key, op[2]);
    } else if (op[0] === 'insert') {
      if (!real.contains(key)) inserted(key, op[2]);
    } else {
      const slot = real.remove(key);
      expect(slot !== NOT_CACHED, `removed ${key}`).toBe(m.remove(key));
      if (slot !== NOT_CACHED) expect(slot).toBe(slotOf.get(key));
      slotOf.delete(key);
    }
    expect(real.keysInEvictionOrder().sort((a, b) => a - b)).toEqual(m.keys().sort((a, b) => a - b));
    expect(real.size).toBe(slotOf.size);
    expect(real.usedBytes).toBe(m.usedBytes);
    real.check();
  }
}

/** Requests over about twice the capacity's keys, a quarter of them to a hot eighth, so keys hit, leave, come back as ghosts. */
function opsArb(capacity: number, maxSize: number) {
  const keys = 2 * capacity + 4;
  const key = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: keys - 1 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: Math.ceil(keys / 8) }) });
  const size = fc.integer({ min: 1, max: maxSize });
  return fc.array(
    fc.oneof(
      { weight: 12, arbitrary: fc.tuple(fc.constant('get' as const), key, size) },
      { weight: 1, arbitrary: fc.tuple(fc.constant('insert' as const), key, size) },
      { weight: 1, arbitrary: fc.tuple(fc.constant('remove' as const), key) },
    ),
    { minLength: 50, maxLength: 300, size: 'max' },
  );
}

describe.each(cases.map(([spec, model, overrides]) => [spec.name, spec, model, overrides] as const))('%s against its model', (_, spec, model, overrides) => {
  it('object mode, direct and hashed key spaces', () => {
    const arb = fc.integer({ min: 1, max: 50 }).chain((capacity) => fc.tuple(fc.constant(capacity), fc.boolean(), opsArb(capacity, 1)));
    fc.assert(
      fc.property(arb, ([capacity, hashed, ops]) => run(spec, model, overrides, capacity, hashed ? DIRECT_INDEX_MAX_KEYS + 1 : 1000, hashed ? 2 ** 32 - 1000 : 0, ops)),
      { numRuns: 10 },
    );
  });

  it('byte mode (sizes 1..8), newcomers larger than the cache included', () => {
    const arb = fc.integer({ min: 1, max: 120 }).chain((capacity) => fc.tuple(fc.constant(capacity), opsArb(Math.ceil(capacity / 3), 8)));
    fc.assert(
      fc.property(arb, ([capacity, ops]) => run(spec, model, overrides, capacity, 1000, 0, ops)),
      { numRuns: 10 },
    );
  });
});

describe('ghosts hold keys, not slots, within their bounds', () => {
  // 20,000 requests over 5,000 keys, a third of them to 100 hot keys: many evictions and ghost hits.
  const requests = Array.from({ length: 20_000 }, (_, i) => (i % 3 === 0 ? (i * 7) % 100 : (i * 7919) % 5_000));

  it('s3fifo: slots never exceed the capacity in objects; the ghost never exceeds 90 % of it', () => {
    const p = s3fifo.create(500, 5_000, declaredDefaults(s3fifo.params) as never) as S3FifoPolicy;
    let maxGhost = 0;
    for (const k of requests) {
      if (p.find(k) === NOT_CACHED) p.insert(k, 1);
      maxGhost = Math.max(maxGhost, p.ghostSize);
    }
    expect(p.slotLimit).toBeLessThanOrEqual(500);
    expect(maxGhost).toBeGreaterThan(0);
    expect(maxGhost).toBeLessThanOrEqual(450);
  });

  it('arc: slots never exceed the capacity in objects; cached keys and ghosts together never exceed twice it', () => {
    const p = arc.create(500, 5_000, {}) as ArcPolicy;
    let maxAll = 0;
    for (const k of requests) {
      if (p.find(k) === NOT_CACHED) p.insert(k, 1);
      maxAll = Math.max(maxAll, p.size + p.ghostSize);
    }
    expect(p.slotLimit).toBeLessThanOrEqual(500);
    expect(maxAll).toBeGreaterThan(500);
    expect(maxAll).toBeLessThanOrEqual(1_000);
  });
});
