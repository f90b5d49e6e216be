// The counting Bloom filter against a plain model: exact per-key counts, halved (rounding down)
// whenever the filter decays. Every counter of a key holds at least that key's count and at most
// `hashes` x the adds of all keys together (a key whose hashes coincide raises one counter several
// times, as libCacheSim's does; both halve alike), so the estimate lies between the two; with one key
// in a large filter, or few keys, it is exact. Sizing follows libCacheSim's minimalIncrementCBF_init.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CountingBloomFilter } from './counting-bloom-filter.ts';

class CountsModel {
  readonly counts = new Map<number, number>();
  all = 0;
  constructor(private readonly hashes: number) {}
  add(key: number): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.all += this.hashes;
  }
  decay(): void {
    for (const [k, c] of this.counts) this.counts.set(k, c >>> 1);
    this.all >>>= 1;
  }
}

describe('CountingBloomFilter', () => {
  it("is sized as libCacheSim's: 10 hashes and ceil(14.38 x entries) counters at error 0.001, at least 2 x hashes", () => {
    const f = new CountingBloomFilter(1000);
    expect(f.hashes).toBe(10);
    expect(f.counters.length).toBe(Math.ceil((-Math.log(0.001) / 0.480453013918201) * 1000));
    expect(f.counters.length).toBe(14378);
    expect(new CountingBloomFilter(0).counters.length).toBe(20);
    expect(new CountingBloomFilter(10_000_000, 0.001, 1 << 10).counters.length).toBe(1 << 10);
  });

  it('raises every counter of the key on add (10 counters for one key), and decay halves them', () => {
    const f = new CountingBloomFilter(100);
    for (let i = 0; i < 5; i++) f.add(42);
    expect(f.estimate(42)).toBe(5);
    expect(f.counters.reduce((s, c) => s + c, 0)).toBe(50);
    f.decay();
    expect(f.estimate(42)).toBe(2);
    expect(f.decays).toBe(1);
  });

  it('never underestimates a key and never exceeds hashes x all adds, decaying at any points', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.array(fc.oneof(fc.nat({ max: 40 }), fc.constant(-1)), { maxLength: 300 }), (entries, ops) => {
        const f = new CountingBloomFilter(entries);
        const model = new CountsModel(f.hashes);
        for (const op of ops) {
          if (op < 0) {
            f.decay();
            model.decay();
          } else {
            f.add(op);
            model.add(op);
          }
          for (const [k, c] of model.counts) {
            const e = f.estimate(k);
            if (e < c || e > model.all) throw new Error(`key ${k}: estimate ${e}, count ${c}, all ${model.all}`);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is exact for a few keys in a large filter', () => {
    const f = new CountingBloomFilter(100_000);
    const model = new CountsModel(f.hashes);
    for (let i = 0; i < 2000; i++) {
      const k = (i * 7919) % 97;
      f.add(k);
      model.add(k);
    }
    for (const [k, c] of model.counts) expect(f.estimate(k)).toBe(c);
    expect(f.estimate(1_000_000)).toBe(0);
  });
});
