// Every registered eviction policy against its plain model (test/models/<name>-model.ts, found by
// file name, so adding a policy needs no edit here): the same random requests (find, else insert),
// bare inserts (as a backfill does) and removals, in object mode (size 1) and byte mode (a fixed size
// per key, some larger than the cache), over a directly indexed and a hashed key space. After every
// step: hits, admissions, evicted keys in order, slots, usedBytes, the cached keys and check().
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultOf, validateDeclared, type ParamDecl } from '../../src/core/param-decl.ts';
import { NOT_CACHED, type EvictionPolicy } from '../../src/strategies/eviction/eviction-policy.ts';
import { allPolicySpecs, type AnyPolicySpec } from '../../src/strategies/eviction/registry.ts';
import { DIRECT_INDEX_MAX_KEYS } from '../../src/strategies/stores/key-index.ts';
import type { PolicyModel, PolicyModelFactory } from '../models/policy-model.ts';

declare global {
  interface ImportMeta {
    /** Vite's (vitest's) build-time glob import: every matching module's default export, by path. */
    glob<T>(pattern: string, options: { eager: true; import: 'default' }): Record<string, T>;
  }
}

const modelFiles = import.meta.glob<PolicyModelFactory>('../models/*-model.ts', { eager: true, import: 'default' });
/** policy name -> model factory; policy-model.ts itself holds the interface. */
const models = new Map(
  Object.entries(modelFiles)
    .map(([path, create]) => [path.replace(/^.*\/(.+)-model\.ts$/, '$1'), create] as const)
    .filter(([name]) => name !== 'policy'),
);

type Params = Record<string, number | boolean | string>;

type Op = { readonly kind: 'request' | 'insert' | 'remove'; readonly key: number };

interface Case {
  readonly capacity: number;
  /** Size of key i (index into the key list); all 1 in object mode. */
  readonly sizes: readonly number[];
  readonly params: Params;
  readonly ops: readonly Op[];
}

const KEYS = 24;
/** Keys of a hashed key space: spread over 32 bits, above DIRECT_INDEX_MAX_KEYS mostly. */
const HASHED_KEYS = Array.from({ length: KEYS }, (_, i) => (i * 2654435761 + 12345) >>> 0);
const DIRECT_KEYS = Array.from({ length: KEYS }, (_, i) => i);

/** A value of one declared parameter: its default half the time, else anywhere in its (typical) range. */
function declArb(d: ParamDecl): fc.Arbitrary<unknown> {
  const fallback = fc.constant(defaultOf(d));
  switch (d.kind) {
    case 'integer': {
      const [lo, hi] = d.typical ?? [d.min, typeof d.max === 'number' ? Math.min(d.max, d.min + 8) : d.min];
      return fc.oneof(fallback, fc.integer({ min: lo, max: hi }));
    }
    case 'number': {
      const [lo, hi] = d.typical ?? [d.min, d.max];
      return fc.oneof(fallback, fc.double({ min: lo, max: hi, noNaN: true, minExcluded: d.minExclusive ?? false }));
    }
    case 'boolean':
      return fc.oneof(fallback, fc.boolean());
    case 'choice':
      return fc.oneof(fallback, fc.constantFrom(...d.choices));
    default:
      return fallback;
  }
}

function caseArb(spec: AnyPolicySpec, bytes: boolean): fc.Arbitrary<Case> {
  const params = fc.record(Object.fromEntries(spec.params.map((d) => [d.name, declArb(d)]))).map((raw) => validateDeclared(spec.params, raw, `test ${spec.name}`) as Params);
  const capacity = bytes ? fc.integer({ min: 1, max: 48 }) : fc.integer({ min: 1, max: 12 });
  return capacity.chain((cap) =>
    fc.record({
      capacity: fc.constant(cap),
      sizes: bytes ? fc.array(fc.integer({ min: 1, max: Math.max(1, Math.ceil(cap / 2)) + 1 }), { minLength: KEYS, maxLength: KEYS }) : fc.constant(new Array<number>(KEYS).fill(1)),
      params,
      ops: fc.array(
        fc.record({
          kind: fc.constantFrom<Op['kind']>('request', 'request', 'request', 'request', 'insert', 'remove'),
          // Skewed towards a few hot keys, so that hits, promotions and ghost hits happen.
          key: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: KEYS - 1 })),
        }),
        { minLength: 1, maxLength: 120 },
      ),
    }),
  );
}

function evictedOf(policy: EvictionPolicy): number[] {
  return Array.from(policy.evictedKeys.subarray(0, policy.evictedCount));
}

/** Drives the policy and its model through one case, comparing them after every step. */
function replay(spec: AnyPolicySpec, createModel: PolicyModelFactory, c: Case, keys: readonly number[], keySpace: number): void {
  const policy = spec.create(c.capacity, keySpace, c.params);
  const model: PolicyModel = createModel(c.capacity, c.params);
  const sizeOf = new Map(keys.map((k, i) => [k, c.sizes[i]!]));
  const slotOf = new Map<number, number>();
  let evictions = 0;
  const noteEvicted = (at: string): void => {
    for (let i = 0; i < policy.evictedCount; i++) {
      const key = policy.evictedKeys[i]!;
      expect(policy.evictedSlots[i], `${at}: slot of evicted key ${key}`).toBe(slotOf.get(key));
      slotOf.delete(key);
    }
    evictions += policy.evictedCount;
  };
  const admit = (key: number, at: string): void => {
    const size = sizeOf.get(key)!;
    // A policy that names its next victim (admission duels ask it) names the first key this insert evicts.
    const victim = policy.victim?.();
    const slot = policy.insert(key, size);
    if (victim !== undefined && policy.evictedCount > 0) expect(policy.evictedKeys[0], `${at}: the victim named before the insert`).toBe(victim);
    const expected = model.insert(key, size);
    expect(evictedOf(policy), `${at}: evicted keys`).toEqual(expected.evicted);
    noteEvicted(at);
    expect(slot !== NOT_CACHED, `${at}: admitted`).toBe(expected.admitted);
    if (slot !== NOT_CACHED) {
      expect(slot, `${at}: slot within slotLimit`).toBeLessThan(policy.slotLimit);
      expect([...slotOf.values()], `${at}: slot ${slot} is free`).not.toContain(slot);
      slotOf.set(key, slot);
    }
  };
  c.ops.forEach((op, step) => {
    const key = keys[op.key]!;
    const at = `step ${step} (${op.kind} ${key})`;
    expect(policy.contains(key), `${at}: contains`).toBe(model.contains(key));
    if (op.kind === 'request') {
      const slot = policy.find(key);
      const hit = model.find(key);
      expect(slot !== NOT_CACHED, `${at}: hit`).toBe(hit);
      if (spec.capabilities.evictsOnHit) {
        expect(evictedOf(policy), `${at}: evicted by the hit`).toEqual(hit ? (model.lastFindEvicted?.() ?? []) : []);
        noteEvicted(at);
      }
      if (hit) expect(slot, `${at}: a hit returns the key's slot`).toBe(slotOf.get(key));
      else admit(key, at);
    } else if (op.kind === 'insert') {
      if (!model.contains(key)) admit(key, at);
    } else {
      const slot = policy.remove(key);
      expect(slot !== NOT_CACHED, `${at}: removed`).toBe(model.remove(key));
      if (slot !== NOT_CACHED) expect(slot, `${at}: removed slot`).toBe(slotOf.get(key));
      slotOf.delete(key);
    }
    policy.check();
    const cached = [...model.keys()].sort((a, b) => a - b);
    expect(
      [...policy.keysInEvictionOrder()].sort((a, b) => a - b),
      `${at}: cached keys`,
    ).toEqual(cached);
    expect(policy.size, `${at}: size`).toBe(cached.length);
    expect(policy.usedBytes, `${at}: usedBytes`).toBe(model.usedBytes);
    expect(model.usedBytes, `${at}: within capacity`).toBeLessThanOrEqual(c.capacity);
    expect(policy.evictions, `${at}: evictions`).toBe(evictions);
  });
}

describe('eviction policies against their models', () => {
  it('every registered policy has a model in test/models/<name>-model.ts', () => {
    const missing = allPolicySpecs()
      .map((s) => s.name)
      .filter((name) => !models.has(name));
    expect(missing, 'policies without a model').toEqual([]);
    expect(allPolicySpecs().length).toBeGreaterThan(0);
  });

  for (const spec of allPolicySpecs()) {
    const createModel = models.get(spec.name);
    if (!createModel) continue;
    for (const bytes of [false, true]) {
      for (const hashed of [false, true]) {
        const keys = hashed ? HASHED_KEYS : DIRECT_KEYS;
        const keySpace = hashed ? 2 ** 32 : KEYS;
        it(`${spec.name}, ${bytes ? 'byte' : 'object'} mode, ${hashed ? 'hashed' : 'direct'} keys: the policy does what its model does, step by step`, () => {
          expect(keySpace > DIRECT_INDEX_MAX_KEYS).toBe(hashed);
          fc.assert(
            fc.property(caseArb(spec, bytes), (c) => replay(spec, createModel, c, keys, keySpace)),
            { numRuns: 40 },
          );
        });
      }
    }
  }
});
