// Space-Saving (Metwally, Agrawal, El Abbadi, "Efficient Computation of Frequent and Top-k Elements
// in Data Streams", ICDT 2005): the k most frequent keys of a stream in k counters. A key already
// monitored gets +1; a new key takes the place of the least counted one and inherits its count + 1
// (an overestimate by at most that count), so every key with frequency above N/k is monitored.
// Here the counters live in one array sorted by count, most first, so the hottest keys are read off
// in order with no sort: an increment swaps the key with the first of its run of equal counts and
// raises it, which keeps the order. That first position is, for counts below SMALL, a table entry
// (above[c]: how many keys count more than c; one increment moves one boundary by one: O(1)) and for
// larger counts a binary search (O(log k), over the few hot keys ahead). Every `halfLife` increments
// all counts are halved (floor, which keeps the order: O(k), amortised O(k / halfLife) per request),
// so the estimate follows popularity that moves, as Caffeine's sketch ages. Deterministic; no
// allocation after construction but the key index (direct, grown with the largest key, or hashed).
//
// Why not the count-min FrequencySketch (./frequency-sketch.ts): its 4-bit counters stop at 15, so
// on a skewed stream every hot key reads 15 and they cannot be ranked against each other.
import type { Key } from '../../core/types.ts';
import { createKeyMap, NIL, type KeyMap } from '../eviction/key-map.ts';

/** Counts below this have their run's first position in a table (most keys of a skewed stream do). */
const SMALL = 1024;

export class SpaceSaving {
  /** keys[i] has count counts[i]; counts non-increasing in i; positions [0, size) used. */
  private readonly keys: Uint32Array;
  private readonly counts: Float64Array;
  /** key -> position. */
  private readonly index: KeyMap;
  /** above[c], c < SMALL: how many keys count more than c (so the run of count c starts there). */
  private readonly above = new Int32Array(SMALL);
  private used = 0;
  private sinceHalving = 0;
  private halved = 0;

  constructor(
    /** Keys monitored, >= 1. */
    readonly k: number,
    /** Increments between halvings of every count; Infinity: never. */
    readonly halfLife: number,
    keySpace: number,
  ) {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`space-saving: k must be a positive integer, got ${k}`);
    if (!(halfLife >= 1)) throw new RangeError(`space-saving: halfLife must be >= 1, got ${halfLife}`);
    this.keys = new Uint32Array(k);
    this.counts = new Float64Array(k);
    this.index = createKeyMap(keySpace);
  }

  /** Keys monitored now (<= k). */
  get size(): number {
    return this.used;
  }

  /** How many times the counts were halved. */
  get halvings(): number {
    return this.halved;
  }

  /** Counts one request for `key`. O(log k). */
  add(key: Key): void {
    const keys = this.keys;
    const counts = this.counts;
    let p = this.index.get(key);
    if (p === NIL) {
      if (this.used < this.k) {
        p = this.used++;
        counts[p] = 0;
      } else {
        p = this.k - 1; // the least counted: its count is inherited (Space-Saving's overestimate)
        this.index.delete(keys[p]!);
      }
      keys[p] = key;
      this.index.set(key, p);
    }
    // The first position holding the same count: from the table, or by binary search (counts are non-increasing).
    const c = counts[p]!;
    let lo: number;
    if (c < SMALL) {
      lo = this.above[c]!;
      this.above[c] = lo + 1; // one more key counts more than c: the raised one
    } else {
      lo = 0;
      let hi = p;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (counts[mid]! > c) lo = mid + 1;
        else hi = mid;
      }
    }
    if (lo !== p) {
      const other = keys[lo]!;
      keys[lo] = key;
      keys[p] = other;
      this.index.set(key, lo);
      this.index.set(other, p);
    }
    counts[lo] = c + 1;
    if (++this.sinceHalving >= this.halfLife) this.halve();
  }

  /** The key at rank `i` (0: the most counted), i < size. */
  keyAt(i: number): Key {
    return this.keys[i]!;
  }

  /** The (decayed, over-)estimated count of the key at rank `i`. */
  countAt(i: number): number {
    return this.counts[i]!;
  }

  /** The estimated count of `key`, 0 when not monitored. */
  count(key: Key): number {
    const p = this.index.get(key);
    return p === NIL ? 0 : this.counts[p]!;
  }

  /** Throws when the order or the index is broken (tests, end-of-run checks). */
  check(): void {
    for (let i = 0; i < this.used; i++) {
      if (i > 0 && this.counts[i - 1]! < this.counts[i]!) throw new Error(`space-saving: counts out of order at ${i}`);
      if (this.index.get(this.keys[i]!) !== i) throw new Error(`space-saving: key ${this.keys[i]} not indexed at ${i}`);
    }
    for (let c = 0; c < SMALL; c++) {
      let more = 0;
      while (more < this.used && this.counts[more]! > c) more++;
      if (this.above[c] !== more) throw new Error(`space-saving: ${more} keys count more than ${c}, the table says ${this.above[c]}`);
    }
  }

  private halve(): void {
    this.sinceHalving = 0;
    this.halved++;
    const counts = this.counts;
    for (let i = 0; i < this.used; i++) counts[i] = Math.floor(counts[i]! / 2);
    this.countBoundaries();
  }

  /** above[c] for every c < SMALL, from the sorted counts: O(k + SMALL). */
  private countBoundaries(): void {
    let more = this.used;
    for (let c = 0; c < SMALL; c++) {
      while (more > 0 && this.counts[more - 1]! <= c) more--;
      this.above[c] = more;
    }
  }
}
