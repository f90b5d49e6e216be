// Source order in bytes: batches within the budget (a key larger than it alone), the key that did not
// fit first in the next batch, and with equal sizes exactly the batches of the count-based cursor.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteBudgetSourceOrder } from './byte-budget.ts';
import { SourceOrderCursor } from './source-order.ts';

const emptyCache = { size: 0, contains: () => false };
const sizesOf = (sizes: readonly number[]) => ({ description: 'test', sizeOf: (k: number) => sizes[k]! });

describe('ByteBudgetSourceOrder', () => {
  it('splits source order into batches within the budget; the key that did not fit starts the next', () => {
    const sizes = [5, 5, 5, 20, 1, 1, 8];
    const sel = new ByteBudgetSourceOrder(sizes.length, sizesOf(sizes), 10);
    const out = new Uint32Array(100);
    const batches: number[][] = [];
    for (let i = 0; i < 5; i++) batches.push([...out.subarray(0, sel.select(emptyCache, 100, out))]);
    // 5+5 fits, the third 5 waits; 20 alone (larger than the budget); then 1+1+8; then it wraps.
    expect(batches).toEqual([[0, 1], [2], [3], [4, 5, 6], [0, 1]]);
  });

  it('every batch fits the budget or is one key, within the count cap; consecutive batches cover source order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 8 }), (sizes, budget, cap) => {
        const sel = new ByteBudgetSourceOrder(sizes.length, sizesOf(sizes), budget);
        const out = new Uint32Array(cap);
        const seen: number[] = [];
        while (seen.length < 2 * sizes.length) {
          const n = sel.select(emptyCache, cap, out);
          expect(n).toBeGreaterThan(0);
          expect(n).toBeLessThanOrEqual(cap);
          const batch = [...out.subarray(0, n)];
          expect(n === 1 || batch.reduce((a, k) => a + sizes[k]!, 0) <= budget).toBe(true);
          seen.push(...batch);
        }
        expect(seen.slice(0, 2 * sizes.length)).toEqual([...sizes.keys(), ...sizes.keys()]);
      }),
      { numRuns: 100 },
    );
  });

  it('every key of size s and a budget of n x s: the same batches as SourceOrderCursor with batch n, whatever the cache does between them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 29 }), { maxLength: 6 }), { minLength: 1, maxLength: 40 }),
        (keys, n, flips) => {
          const cached = new Set<number>();
          const cache = {
            get size() {
              return cached.size;
            },
            contains: (k: number) => cached.has(k),
          };
          const bytes = new ByteBudgetSourceOrder(keys, sizesOf(Array(keys).fill(7)), 7 * n);
          const count = new SourceOrderCursor(keys);
          const a = new Uint32Array(n);
          const b = new Uint32Array(keys);
          for (const flip of flips) {
            const na = count.select(cache, n, a);
            const nb = bytes.select(cache, keys, b);
            expect([...b.subarray(0, nb)]).toEqual([...a.subarray(0, na)]);
            for (const k of a.subarray(0, na)) cached.add(k);
            for (const k of flip) {
              if (k >= keys) continue;
              if (cached.has(k)) cached.delete(k);
              else cached.add(k);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
