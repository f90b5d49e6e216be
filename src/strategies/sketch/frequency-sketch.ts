// A count-min sketch of access frequencies, the popularity estimate of TinyLFU admission (W-TinyLFU's
// duel, the `tinylfu` admission axis). Caffeine's FrequencySketch (ben-manes/caffeine,
// caffeine/src/main/java/com/github/benmanes/caffeine/cache/FrequencySketch.java) transcribed: 4-bit
// counters packed 16 to a 64-bit word (here two 32-bit words of 8), a key's 4 counters confined to
// one 64-byte block of 8 words (one cache line), and periodic halving ("aging") after a sample of
// 10 x entries increments, so old popularity fades. Deterministic (fixed hash constants, no seed) and
// free of allocation after construction.
import type { Key } from '../../core/types.ts';

/** Largest table, in 64-bit words (128 MiB): enough for 2^24 entries. Caffeine caps at 2^30. */
const MAX_WORDS = 1 << 24;
/** Each 4-bit counter halved: shift right by one, drop the bit carried in from the next counter. */
const RESET_MASK = 0x77777777;
/** The low bit of every 4-bit counter: counting the odd counters corrects the sample size after halving. */
const ONE_MASK = 0x11111111;

export class FrequencySketch {
  /** 64-bit words as pairs of 32-bit halves: word w's counters 0-7 in table[2w], 8-15 in table[2w + 1]. */
  private table: Uint32Array;
  /** Mask over the number of 8-word blocks. */
  private blockMask: number;
  /** Increments (that raised at least one counter) since the last halving. */
  private additions = 0;
  /** Halvings so far (tests, diagnostics). */
  private halved = 0;
  /** Increments after which every counter is halved: 10 x entries, as Caffeine. */
  sampleSize: number;
  private readonly sampleFactor: number;

  /** A sketch for about `entries` distinct keys (a cache's capacity in entries), at least 1. */
  constructor(entries: number, sampleFactor = 10) {
    if (!Number.isInteger(sampleFactor) || sampleFactor < 1) throw new RangeError(`sketch sample factor must be a positive integer, got ${sampleFactor}`);
    this.sampleFactor = sampleFactor;
    this.table = new Uint32Array(0);
    this.blockMask = 0;
    this.sampleSize = 0;
    this.allocate(entries);
  }

  /** 64-bit words in the table (16 counters each): the entries the sketch is sized for, rounded up to a power of two, at least 8. */
  get words(): number {
    return this.table.length >>> 1;
  }

  /**
   * Grows the sketch for `entries` keys when its table has fewer words, starting afresh (every count
   * lost), as Caffeine's ensureCapacity does when a weighted cache holds more entries than expected.
   */
  ensureCapacity(entries: number): void {
    if (this.words >= Math.min(entries, MAX_WORDS)) return;
    this.allocate(entries);
    this.additions = 0;
  }

  /** Increments since the last halving (Caffeine's `size`). */
  get size(): number {
    return this.additions;
  }

  /** How many times the counters were halved. */
  get halvings(): number {
    return this.halved;
  }

  /** The estimated frequency of `key` (0..15): the least of its 4 counters. */
  frequency(key: Key): number {
    const blockHash = spread(key | 0);
    const counterHash = rehash(blockHash);
    const block = (blockHash & this.blockMask) << 3;
    let min = 15;
    for (let i = 0; i < 4; i++) {
      const h = counterHash >>> (i << 3);
      const index = (h >>> 1) & 15;
      const word = block + (h & 1) + (i << 1);
      const count = (this.table[2 * word + (index >>> 3)]! >>> ((index & 7) << 2)) & 15;
      if (count < min) min = count;
    }
    return min;
  }

  /** Counts one access of `key`: each of its 4 counters rises by one unless saturated at 15. */
  increment(key: Key): void {
    const blockHash = spread(key | 0);
    const counterHash = rehash(blockHash);
    const block = (blockHash & this.blockMask) << 3;
    const t = this.table;
    let added = false;
    for (let i = 0; i < 4; i++) {
      const h = counterHash >>> (i << 3);
      const index = (h >>> 1) & 15;
      const at = 2 * (block + (h & 1) + (i << 1)) + (index >>> 3);
      const shift = (index & 7) << 2;
      if (((t[at]! >>> shift) & 15) !== 15) {
        t[at] = t[at]! + (1 << shift);
        added = true;
      }
    }
    if (added && ++this.additions === this.sampleSize) this.reset();
  }

  private allocate(entries: number): void {
    if (!Number.isInteger(entries) || entries < 1) throw new RangeError(`sketch entries must be a positive integer, got ${entries}`);
    const maximum = Math.min(entries, MAX_WORDS);
    let words = 8;
    while (words < maximum) words *= 2;
    this.table = new Uint32Array(words * 2);
    this.blockMask = (words >>> 3) - 1;
    this.sampleSize = Math.min(this.sampleFactor * maximum, 0x7fffffff);
  }

  /** Halves every counter; the sample count loses what the halving truncated (odd counters / 4), then halves. */
  private reset(): void {
    const t = this.table;
    let odd = 0;
    for (let i = 0; i < t.length; i++) {
      odd += bitCount(t[i]! & ONE_MASK);
      t[i] = (t[i]! >>> 1) & RESET_MASK;
    }
    this.additions = (this.additions - (odd >>> 2)) >>> 1;
    this.halved++;
  }
}

/** Caffeine's spread: a 32-bit mix of the key (Java's Integer.hashCode is the value itself). */
function spread(x: number): number {
  x ^= x >>> 17;
  x = Math.imul(x, 0xed5ad4bb);
  x ^= x >>> 11;
  x = Math.imul(x, 0xac4c1b51);
  x ^= x >>> 15;
  return x;
}

/** Caffeine's rehash: a second mix, whose four bytes pick the four counters. */
function rehash(x: number): number {
  x = Math.imul(x, 0x31848bab);
  x ^= x >>> 14;
  return x;
}

function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
