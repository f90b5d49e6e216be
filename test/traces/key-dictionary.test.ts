// Interning: every distinct key gets one dense id, the same key always the same id, through table
// growth, for small keys (direct table), 64-bit keys (hash) and byte strings; sortIds renumbers in
// ascending key order (signed 64-bit integers, then strings byte-wise).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIRECT_LIMIT } from '../../src/traces/int-key-table.ts';
import { KeyDictionary } from '../../src/traces/key-dictionary.ts';

const int64 = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 5000 }).map(BigInt) },
  { weight: 1, arbitrary: fc.constantFrom(BigInt(DIRECT_LIMIT - 1), BigInt(DIRECT_LIMIT), 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, -1n, -(2n ** 63n), 2n ** 63n - 1n) },
  { weight: 2, arbitrary: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) },
);
const halves = (k: bigint): [number, number] => [Number(BigInt.asIntN(32, k >> 32n)), Number(BigInt.asIntN(32, k))];

describe('integer keys', () => {
  it('dense first-seen ids, stable, then ascending signed order after sortIds', () => {
    fc.assert(
      fc.property(fc.array(int64, { maxLength: 3000 }), (keys) => {
        const d = new KeyDictionary();
        const firstSeen = new Map<bigint, number>();
        const ids = keys.map((k) => {
          if (!firstSeen.has(k)) firstSeen.set(k, firstSeen.size);
          return d.ints.intern(...halves(k));
        });
        expect(ids).toEqual(keys.map((k) => firstSeen.get(k)));
        expect(d.size).toBe(firstSeen.size);
        d.sortIds();
        const sorted = [...firstSeen.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const ranks = sorted.map((_, rank) => rank);
        expect(sorted.map((k) => d.ints.find(...halves(k)))).toEqual(ranks);
        expect(sorted.map((k) => d.ints.intern(...halves(k)))).toEqual(ranks); // interning a known key never allocates
        expect(d.size).toBe(firstSeen.size);
      }),
      { numRuns: 60 },
    );
  });

  it('grows through many keys without losing any (hash and direct parts)', () => {
    const d = new KeyDictionary();
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      d.ints.intern(0, i * 37);
      d.ints.intern(1, i);
    }
    expect(d.size).toBe(2 * n);
    for (let i = 0; i < n; i += 997) {
      expect(d.ints.find(0, i * 37)).toBe(2 * i);
      expect(d.ints.find(1, i)).toBe(2 * i + 1);
    }
    expect(d.ints.find(2, 0)).toBe(-1);
  });
});

interface Item {
  s?: string;
  i?: number;
}

describe('string keys', () => {
  it('byte strings interned once, sorted byte-wise after every integer key', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 6 }).map((s): Item => ({ s })),
            fc.integer({ min: -3, max: 3 }).map((i): Item => ({ i })),
          ),
          { maxLength: 400 },
        ),
        (items) => {
          const d = new KeyDictionary();
          const enc = new TextEncoder();
          const intern = (x: { s?: string; i?: number }) => {
            if (x.s !== undefined) {
              const b = enc.encode(`#${x.s}`);
              return d.strings.intern(b, 0, b.length);
            }
            return d.ints.intern(x.i! < 0 ? -1 : 0, x.i!);
          };
          const ids = items.map(intern);
          const keyOf = (x: { s?: string; i?: number }) => (x.s !== undefined ? `s#${x.s}` : `i${x.i}`);
          const distinct = new Set(items.map(keyOf));
          expect(d.size).toBe(distinct.size);
          items.forEach((x, j) => expect(ids[j]).toBe(ids[items.findIndex((y) => keyOf(y) === keyOf(x))]));
          d.sortIds();
          const ints = [...new Set(items.filter((x) => x.i !== undefined).map((x) => x.i!))].sort((a, b) => a - b);
          const strs = [...new Set(items.filter((x) => x.s !== undefined).map((x) => Buffer.from(`#${x.s}`)))].map((b) => b.toString('latin1'));
          const uniqueStrs = [...new Set(strs)].sort((a, b) => Buffer.compare(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1')));
          const order = [...ints.map((i) => ({ i })), ...uniqueStrs.map((s) => ({ b: Buffer.from(s, 'latin1') }))];
          order.forEach((x, rank) => {
            const id = 'i' in x ? d.ints.find(x.i < 0 ? -1 : 0, x.i) : d.strings.intern(x.b, 0, x.b.length);
            expect(id).toBe(rank);
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});
