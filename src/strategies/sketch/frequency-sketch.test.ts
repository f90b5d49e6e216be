// The count-min sketch against a plain model: exact per-key counts, saturating at 15 and halved
// whenever the sketch halves. A count-min sketch never underestimates (each of a key's counters holds
// at least that key's count) and no counter exceeds the increments of all keys together, so the
// estimate lies between the two; with a single key it is exact.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrequencySketch } from './frequency-sketch.ts';

class SketchModel {
  readonly counts = new Map<number, number>();
  /** Increments of every key, saturating and halved as a single counter would be. */
  all = 0;

  increment(key: number): void {
    this.counts.set(key, Math.min(15, (this.counts.get(key) ?? 0) + 1));
    this.all = Math.min(15, this.all + 1);
  }

  halve(): void {
    for (const [k, c] of this.counts) this.counts.set(k, c >>> 1);
    this.all >>>= 1;
  }
}

function replay(sketch: FrequencySketch, keys: readonly number[]): SketchModel {
  const model = new SketchModel();
  for (const key of keys) {
    const before = sketch.halvings;
    sketch.increment(key);
    model.increment(key);
    if (sketch.halvings !== before) model.halve();
    for (const [k, c] of model.counts) {
      const f = sketch.frequency(k);
      if (f < c || f > model.all) throw new Error(`key ${k}: estimate ${f}, count ${c}, all ${model.all}`);
    }
  }
  return model;
}

describe('FrequencySketch', () => {
  it('estimates between the key’s own count and all increments, through halvings (keys colliding in small tables, 32-bit keys)', () => {
    const key = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(2 ** 32 - 1, 2 ** 31, 2 ** 31 - 1, 123_456_789));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.array(key, { maxLength: 600 }), (entries, keys) => {
        replay(new FrequencySketch(entries), keys);
      }),
      { numRuns: 60 },
    );
  });

  it('counts a single key exactly, saturating at 15 and halving after 10 x entries increments', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 200 }), (key, entries, n) => {
        const sketch = new FrequencySketch(entries);
        const model = replay(
          sketch,
          Array.from({ length: n }, () => key),
        );
        expect(sketch.frequency(key)).toBe(model.counts.get(key) ?? 0);
      }),
      { numRuns: 80 },
    );
  });

  it('halves at the sample size: 10 increments of one key in a one-entry sketch leave 5, sample count 5', () => {
    const sketch = new FrequencySketch(1);
    expect(sketch.sampleSize).toBe(10);
    for (let i = 0; i < 9; i++) sketch.increment(7);
    expect([sketch.frequency(7), sketch.size, sketch.halvings]).toEqual([9, 9, 0]);
    sketch.increment(7);
    // Four even counters of 10: halved to 5, nothing truncated, so the count halves exactly.
    expect([sketch.frequency(7), sketch.size, sketch.halvings]).toEqual([5, 5, 1]);
  });

  it('does not count an increment whose counters are all saturated', () => {
    const sketch = new FrequencySketch(1_000);
    for (let i = 0; i < 40; i++) sketch.increment(3);
    expect(sketch.frequency(3)).toBe(15);
    expect(sketch.size).toBe(15);
  });

  it('ages popularity: a key counted 15 times and then no more fades as other keys fill samples', () => {
    const sketch = new FrequencySketch(64);
    for (let i = 0; i < 15; i++) sketch.increment(1);
    expect(sketch.frequency(1)).toBe(15);
    for (let i = 0; i < 3 * sketch.sampleSize; i++) sketch.increment(1_000 + i);
    expect(sketch.halvings).toBeGreaterThanOrEqual(3);
    // 15 halved three times is 1; what other keys add between halvings stays well below the start.
    expect(sketch.frequency(1)).toBeLessThan(8);
  });

  it("grows on demand, starting afresh (Caffeine's ensureCapacity), and never shrinks", () => {
    const sketch = new FrequencySketch(10);
    expect([sketch.words, sketch.sampleSize]).toEqual([16, 100]);
    for (let i = 0; i < 5; i++) sketch.increment(42);
    sketch.ensureCapacity(16);
    expect(sketch.frequency(42)).toBe(5);
    sketch.ensureCapacity(100);
    expect([sketch.words, sketch.sampleSize, sketch.frequency(42), sketch.size]).toEqual([128, 1000, 0, 0]);
    sketch.ensureCapacity(50);
    expect(sketch.words).toBe(128);
  });

  it('rejects a non-positive size', () => {
    expect(() => new FrequencySketch(0)).toThrow(/positive integer/);
    expect(() => new FrequencySketch(1.5)).toThrow(/positive integer/);
  });
});
