// The typed-array LRU (direct and hashed index) agrees with its plain model (test/models/lru-model.ts)
// after every find, insert and remove, in object and byte mode; the unbounded cache keeps every key.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LruModel } from '../../../test/models/lru-model.ts';
import { createPolicy } from '../cache-strategy.ts';
import { DIRECT_INDEX_MAX_KEYS } from '../stores/key-index.ts';
import { NOT_CACHED, type EvictionPolicy } from './eviction-policy.ts';
import { HashedLruPolicy, LruPolicy } from './lru.ts';
import { HashedUnboundedPolicy, UnboundedPolicy } from './unbounded.ts';

type Op = readonly ['find' | 'insert' | 'remove', number, number];

function agree(policy: LruPolicy, model: LruModel, ops: readonly Op[], keyOf: (k: number) => number): void {
  for (const [op, k, size] of ops) {
    const key = keyOf(k);
    if (op === 'find') expect(policy.find(key) !== NOT_CACHED).toBe(model.find(key));
    else if (op === 'remove') expect(policy.remove(key) !== NOT_CACHED).toBe(model.remove(key));
    else if (!model.contains(key)) {
      const m = model.insert(key, size);
      const slot = policy.insert(key, size);
      expect(slot !== NOT_CACHED).toBe(m.admitted);
      expect([...policy.evictedKeys.subarray(0, policy.evictedCount)]).toEqual(m.evicted);
      if (m.admitted) expect(slot).toBeLessThan(policy.slotLimit);
    }
    expect(policy.keysInEvictionOrder()).toEqual(model.evictionOrder());
    expect(policy.usedBytes).toBe(model.usedBytes);
    policy.check();
  }
}

const opArb = (maxSize: number) =>
  fc.tuple(fc.constantFrom('find' as const, 'insert' as const, 'insert' as const, 'remove' as const), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: maxSize }));

describe('LruPolicy', () => {
  it('agrees with the model in object mode (direct index, keys beyond the size hint included)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 40 }), fc.array(opArb(1), { maxLength: 120 }), (capacity, hint, ops) => {
        agree(new LruPolicy(capacity, hint), new LruModel(capacity), ops, (k) => k);
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with the model in byte mode (several evictions per insert, newcomers larger than the cache refused)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(opArb(50), { maxLength: 120 }), (capacity, ops) => {
        agree(new LruPolicy(capacity, 31), new LruModel(capacity), ops, (k) => k);
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with the model with a hashed index over 32-bit keys, while its slot arrays grow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1500 }), fc.array(opArb(3), { maxLength: 200 }), (capacity, ops) => {
        agree(new HashedLruPolicy(capacity), new LruModel(capacity), ops, (k) => (k * 2_654_435_761) >>> 0);
      }),
      { numRuns: 60 },
    );
    // More keys than the first slot allocation (1024).
    const p = new HashedLruPolicy(3000);
    for (let k = 0; k < 5000; k++) p.insert(k * 977 + DIRECT_INDEX_MAX_KEYS, 1);
    expect(p.size).toBe(3000);
    expect(p.evictions).toBe(2000);
    expect(p.contains(4999 * 977 + DIRECT_INDEX_MAX_KEYS)).toBe(true);
    expect(p.contains(1999 * 977 + DIRECT_INDEX_MAX_KEYS)).toBe(false);
    p.check();
  });

  it('names its next victim: the least recently used key', () => {
    const p = new LruPolicy(2, 10);
    expect(p.victim()).toBe(NOT_CACHED);
    p.insert(1, 1);
    p.insert(2, 1);
    p.find(1);
    expect(p.victim()).toBe(2);
    p.insert(3, 1);
    expect([...p.evictedKeys.subarray(0, p.evictedCount)]).toEqual([2]);
  });

  it('rejects a capacity below 1', () => {
    expect(() => new LruPolicy(0, 10)).toThrow(/capacity/);
  });
});

describe('createPolicy', () => {
  it('indexes small key spaces directly and larger ones by hash; no capacity means the unbounded cache', () => {
    const kinds = (p: EvictionPolicy) => p.constructor.name;
    expect(kinds(createPolicy('lru', 10, DIRECT_INDEX_MAX_KEYS))).toBe(LruPolicy.name);
    expect(kinds(createPolicy('lru', 10, DIRECT_INDEX_MAX_KEYS + 1))).toBe(HashedLruPolicy.name);
    expect(kinds(createPolicy('lru', undefined, DIRECT_INDEX_MAX_KEYS))).toBe(UnboundedPolicy.name);
    expect(kinds(createPolicy('lru', undefined, DIRECT_INDEX_MAX_KEYS + 1))).toBe(HashedUnboundedPolicy.name);
    expect(() => createPolicy('lrv', 10, 100)).toThrow(/unknown eviction policy "lrv".*did you mean "lru"/);
  });
});

describe('the unbounded cache', () => {
  it.each([
    ['direct', () => new UnboundedPolicy(100), (i: number) => i % 300],
    ['hashed', () => new HashedUnboundedPolicy(), (i: number) => ((i % 300) * 14_316_557) >>> 0],
  ] as const)('%s: keeps every key inserted, never evicts, removes on request', (_name, make, keyOf) => {
    const p: EvictionPolicy = make();
    const model = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const key = keyOf(Math.imul(i, 2_654_435_761) >>> 0);
      if (p.find(key) === NOT_CACHED) {
        expect(p.insert(key, 1)).not.toBe(NOT_CACHED);
        model.add(key);
      }
      expect(p.evictedCount).toBe(0);
    }
    expect(p.size).toBe(model.size);
    const [first] = model;
    expect(p.remove(first!)).not.toBe(NOT_CACHED);
    expect(p.contains(first!)).toBe(false);
    expect(p.size).toBe(model.size - 1);
    expect(p.insert(first!, 1)).not.toBe(NOT_CACHED);
    p.check();
  });
});
