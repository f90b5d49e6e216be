// The hash index agrees with a Map after any sequence of sets and deletes (deletion shifts entries
// back, so it is the part that can go wrong), with keys over the whole 32-bit range.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashIndex, NIL } from './key-index.ts';

type Op = readonly ['set', number, number] | readonly ['delete', number];

function check(ops: readonly Op[], keys: readonly number[]): void {
  const real = new HashIndex(4);
  const model = new Map<number, number>();
  for (const op of ops) {
    if (op[0] === 'set') {
      real.set(op[1], op[2]);
      model.set(op[1], op[2]);
    } else {
      real.delete(op[1]);
      model.delete(op[1]);
    }
  }
  expect(real.size).toBe(model.size);
  for (const k of keys) expect(real.get(k)).toBe(model.get(k) ?? NIL);
  const seen = new Map<number, number>();
  real.forEach((k, s) => seen.set(k, s));
  expect(seen).toEqual(model);
}

describe('HashIndex', () => {
  it('agrees with a Map after any sets and deletes (keys colliding in a small table, and 32-bit keys)', () => {
    // Few distinct keys make long probe runs and many deletions inside them.
    const key = fc.oneof(fc.integer({ min: 0, max: 60 }), fc.constantFrom(2 ** 31, 2 ** 32 - 1, 2 ** 31 - 1, 123_456_789));
    const op = fc.oneof(fc.tuple(fc.constant('set' as const), key, fc.integer({ min: 0, max: 2 ** 31 - 1 })), fc.tuple(fc.constant('delete' as const), key));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const keys = [...new Set(ops.map((o) => o[1]))];
        check(ops, [...keys, 61, 2 ** 32 - 2]);
      }),
    );
  });

  it('grows past its first table and keeps every key', () => {
    const h = new HashIndex();
    for (let i = 0; i < 50_000; i++) h.set(i * 7919 + 3, i);
    for (let i = 0; i < 50_000; i += 2) h.delete(i * 7919 + 3);
    expect(h.size).toBe(25_000);
    expect(h.get(1 * 7919 + 3)).toBe(1);
    expect(h.get(2 * 7919 + 3)).toBe(NIL);
  });
});
