// EvictionPolicy.peek(key) is a lookup that decides nothing: for every registered policy (and the
// unbounded cache), directly indexed and hashed, a run of find / insert / remove with peeks sprinkled
// in makes exactly the decisions of the same run without them (same slots, same evictions, same
// order at the end), and each peek answers the key's current slot (tracked from what insert returned
// and what was evicted or removed), NOT_CACHED otherwise (ghost entries included).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { declaredDefaults } from '../../src/core/param-decl.ts';
import { NOT_CACHED, type EvictionPolicy } from '../../src/strategies/eviction/eviction-policy.ts';
import { allPolicySpecs } from '../../src/strategies/eviction/registry.ts';
import { createUnbounded } from '../../src/strategies/eviction/unbounded.ts';
import { DIRECT_INDEX_MAX_KEYS } from '../../src/strategies/stores/key-index.ts';

type Op = readonly [kind: 'req' | 'remove' | 'peek', key: number, size: number];

// Few keys and small caches, so evictions and ghost hits are frequent.
const KEYS = 12;
const opsArb = fc.array(fc.tuple(fc.constantFrom<'req' | 'remove' | 'peek'>('req', 'req', 'req', 'req', 'remove', 'peek', 'peek', 'peek'), fc.nat({ max: KEYS - 1 }), fc.integer({ min: 1, max: 4 })), {
  minLength: 20,
  maxLength: 200,
  size: 'max',
});

interface Trace {
  readonly decisions: number[];
  readonly order: number[];
  readonly evictions: number;
}

/** Replays ops (peeks only when `peeks`), checking each peek against the slots tracked; the decisions made. */
function replay(policy: EvictionPolicy, ops: readonly Op[], base: number, peeks: boolean): Trace {
  const slots = new Map<number, number>();
  const decisions: number[] = [];
  const dropEvicted = () => {
    for (let i = 0; i < policy.evictedCount; i++) {
      decisions.push(-10 - policy.evictedKeys[i]!);
      slots.delete(policy.evictedKeys[i]!);
    }
  };
  for (const [kind, k, size] of ops) {
    const key = base + k;
    if (kind === 'peek') {
      if (!peeks) continue;
      expect(policy.peek(key)).toBe(slots.get(key) ?? NOT_CACHED);
    } else if (kind === 'remove') {
      const slot = policy.remove(key);
      expect(slot).toBe(slots.get(key) ?? NOT_CACHED);
      slots.delete(key);
      decisions.push(slot);
    } else {
      const hit = policy.find(key);
      if (policy.capabilities.evictsOnHit) dropEvicted();
      decisions.push(hit);
      if (hit === NOT_CACHED) {
        const slot = policy.insert(key, size);
        dropEvicted();
        if (slot !== NOT_CACHED) slots.set(key, slot);
        decisions.push(slot);
      }
    }
  }
  return { decisions, order: policy.keysInEvictionOrder(), evictions: policy.evictions };
}

const variants: { name: string; create: (capacity: number, keySpace: number) => EvictionPolicy }[] = [
  ...allPolicySpecs().map((s) => ({ name: s.name, create: (c: number, ks: number) => s.create(c, ks, declaredDefaults(s.params)) })),
  { name: 'unbounded', create: (_c: number, ks: number) => createUnbounded(ks) },
];

describe('EvictionPolicy.peek', () => {
  for (const v of variants) {
    for (const hashed of [false, true]) {
      // Hashed: keys above the direct-index limit, so the policy hashes them.
      const base = hashed ? DIRECT_INDEX_MAX_KEYS + 5 : 0;
      const keySpace = hashed ? DIRECT_INDEX_MAX_KEYS + 1000 : KEYS;
      it(`${v.name}${hashed ? ' (hashed)' : ''}: peeks change no later decision and answer the current slot`, () => {
        fc.assert(
          fc.property(fc.integer({ min: 2, max: 10 }), opsArb, (capacity, ops) => {
            const with_ = replay(v.create(capacity, keySpace), ops, base, true);
            const without = replay(v.create(capacity, keySpace), ops, base, false);
            expect(with_).toEqual(without);
          }),
          { numRuns: 40 },
        );
      });
    }
  }
});
