// Model-based test: the typed-array LRU must agree with an obviously correct array model after every
// command; failures shrink to a minimal command sequence.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashedLruStore } from './hashed-lru-store.ts';
import { LruStore } from './lru-store.ts';
import { NOT_CACHED } from './store.ts';

/** The model: keys ordered from most to least recently used. Slow and obviously right. */
class LruModel {
  order: number[] = [];
  values = new Map<number, number>();
  evictions = 0;
  constructor(readonly capacity: number) {}
  find(key: number): boolean {
    const i = this.order.indexOf(key);
    if (i < 0) return false;
    this.order.splice(i, 1);
    this.order.unshift(key);
    return true;
  }
  insert(key: number, value: number): number {
    this.values.set(key, value);
    if (this.find(key)) return NOT_CACHED;
    this.order.unshift(key);
    if (this.order.length > this.capacity) {
      const victim = this.order.pop()!;
      this.values.delete(victim);
      this.evictions++;
      return victim;
    }
    return NOT_CACHED;
  }
}

type Real = { store: LruStore };

class FindCommand implements fc.Command<LruModel, Real> {
  constructor(readonly key: number) {}
  check = () => true;
  run(m: LruModel, r: Real): void {
    const hit = m.find(this.key);
    const slot = r.store.find(this.key);
    expect(slot !== NOT_CACHED).toBe(hit);
    if (hit) expect(r.store.valueAt(slot)).toBe(m.values.get(this.key));
    expect(r.store.keysByRecency()).toEqual(m.order);
  }
  toString = () => `find(${this.key})`;
}

class InsertCommand implements fc.Command<LruModel, Real> {
  constructor(
    readonly key: number,
    readonly value: number,
  ) {}
  check = () => true;
  run(m: LruModel, r: Real): void {
    expect(r.store.insert(this.key, this.value, false)).toBe(m.insert(this.key, this.value));
    expect(r.store.keysByRecency()).toEqual(m.order);
    expect(r.store.size).toBe(m.order.length);
    expect(r.store.evictions).toBe(m.evictions);
    r.store.check();
  }
  toString = () => `insert(${this.key}, ${this.value})`;
}

describe('LruStore', () => {
  it('agrees with an array model after every find and insert (keys beyond the size hint included)', () => {
    const key = fc.integer({ min: 0, max: 40 });
    const commands = [key.map((k) => new FindCommand(k)), fc.tuple(key, fc.integer({ min: 0, max: 1000 })).map(([k, v]) => new InsertCommand(k, v))];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 50 }), fc.commands(commands, { size: '+1' }), (capacity, hint, cmds) => {
        fc.modelRun(() => ({ model: new LruModel(capacity), real: { store: new LruStore(capacity, hint) } }), cmds);
      }),
    );
  });

  it('agrees with the model above the direct-index limit (hashed index, 32-bit keys) and while its slot arrays grow', () => {
    // A capacity above the first slot allocation and a key space above DIRECT_INDEX_MAX_KEYS.
    const capacity = 3000;
    const store = new HashedLruStore(capacity);
    const model = new LruModel(capacity);
    let x = 12345;
    const disagreements: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const key = ((x >>> 8) % 5000) * 858_993 + (x & 1) * (2 ** 32 - 5000 * 858_993 - 1);
      if (x & 2) {
        if ((store.find(key) !== NOT_CACHED) !== model.find(key)) disagreements.push(`find ${key} at ${i}`);
      } else if (store.insert(key, i, false) !== model.insert(key, i)) disagreements.push(`insert ${key} at ${i}`);
    }
    expect(disagreements).toEqual([]);
    expect(store.keysByRecency()).toEqual(model.order);
    store.check();
  });

  it('never holds more than its capacity and evicts the least recently used key', () => {
    const s = new LruStore(2, 10);
    s.insert(1, 10, false);
    s.insert(2, 20, true);
    s.find(1); // 2 is now least recently used
    expect(s.insert(3, 30, false)).toBe(2);
    expect(s.evictedMarked).toBe(true);
    expect(s.size).toBe(2);
    expect(s.contains(2)).toBe(false);
    expect(s.keysByRecency()).toEqual([3, 1]);
  });

  it('keeps a mark per entry until unmarked or evicted', () => {
    const s = new LruStore(2, 4);
    s.insert(1, 10, true);
    expect(s.countMarked()).toBe(1);
    expect(s.unmark(s.find(1))).toBe(true);
    expect(s.unmark(s.find(1))).toBe(false);
    s.insert(2, 20, false);
    s.insert(3, 30, false); // evicts 1, unmarked now
    expect(s.evictedMarked).toBe(false);
    expect(s.countMarked()).toBe(0);
  });

  it('rejects values that do not fit its 31-bit lanes', () => {
    expect(() => new LruStore(2, 4).insert(1, 2 ** 31, false)).toThrow(/31-bit/);
  });

  it('rejects a capacity below 1', () => {
    expect(() => new LruStore(0, 10)).toThrow(/capacity/);
  });
});
