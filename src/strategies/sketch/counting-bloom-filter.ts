// A counting Bloom filter of access frequencies: libCacheSim's minimalIncrementCBF
// (libCacheSim/dataStructure/minimalIncrementCBF.c), the frequency estimate of its WTinyLFU,
// transcribed so that W-TinyLFU's admission duels come out as cachesim's. Sized for `entries` keys at
// a false-positive rate `error` (0.001 in WTinyLFU): bpe = -ln(error) / ln(2)^2 counters per entry,
// ceil(ln(2) x bpe) hashes (10 at 0.001), ceil(bpe x entries) counters (at least 2 x hashes). Counter
// i of a key is (a + i x b) mod counters, a and b the low 32 bits of XXH64 of the key as an 8-byte
// obj_id with seeds 0x12345678 and 0x12344321. Counters are unsigned 32-bit, unbounded: despite the
// name, `add` raises every one of the key's counters (libCacheSim's loop increments all of them), and
// the estimate is their minimum. `decay` halves every counter; when to call it is the caller's rule.
// One departure: the table is capped at `maxCounters` (libCacheSim sizes it by a byte capacity too,
// up to 2^31 counters), which only matters past maxCounters / bpe entries. Allocation-free after
// construction.
import type { Key } from '../../core/types.ts';
import { xxh64Low32 } from './xxh64.ts';

/** libCacheSim's hash seeds (libCacheSim/dataStructure/hash/hash.h: HASH_SEED0, HASH_SEED1). */
const SEED0 = 0x12345678;
const SEED1 = 0x12344321;
/** The default cap on the table: 2^22 counters (16 MiB), exact up to about 290,000 entries at error 0.001. */
export const DEFAULT_MAX_COUNTERS = 1 << 22;

/** Slots of the memo of recent keys' hash pairs (a power of two). */
const MEMO = 4096;

export class CountingBloomFilter {
  readonly hashes: number;
  readonly counters: Uint32Array;
  private readonly n: number;
  /**
   * A direct-mapped memo of the two hashes of recent keys (slot key & (MEMO - 1)): W-TinyLFU hashes
   * the same window key on insert, in its duel and on its add. Slot i starts holding a key that never
   * maps to it (1 in slot 0, 0 elsewhere), so an empty slot never matches.
   */
  private readonly memoKey = new Int32Array(MEMO);
  private readonly memoA = new Int32Array(MEMO);
  private readonly memoB = new Int32Array(MEMO);
  /** Halvings so far (tests, diagnostics). */
  decays = 0;

  constructor(entries: number, error = 0.001, maxCounters = DEFAULT_MAX_COUNTERS) {
    if (!Number.isInteger(entries) || entries < 0) throw new RangeError(`counting Bloom filter entries must be a non-negative integer, got ${entries}`);
    if (!(error > 0 && error < 1)) throw new RangeError(`counting Bloom filter error rate must lie in (0, 1), got ${error}`);
    const bpe = -Math.log(error) / 0.480453013918201;
    this.hashes = Math.ceil(0.693147180559945 * bpe);
    let n = Math.min(Math.ceil(bpe * entries), 0x7fffffff, Math.max(maxCounters, 1));
    if (n < this.hashes) n = this.hashes * 2;
    this.n = n;
    this.counters = new Uint32Array(n);
    this.memoKey[0] = 1;
  }

  /** The memo slot holding `key`'s two hashes, computing them on a miss. */
  private slotOf(key: Key): number {
    const i = key & (MEMO - 1);
    if (this.memoKey[i] !== (key | 0)) {
      this.memoKey[i] = key;
      this.memoA[i] = xxh64Low32(0, key, SEED0);
      this.memoB[i] = xxh64Low32(0, key, SEED1);
    }
    return i;
  }

  /** The estimated count of `key`: the least of its counters. */
  estimate(key: Key): number {
    const m = this.slotOf(key);
    const a = this.memoA[m]!;
    const b = this.memoB[m]!;
    const c = this.counters;
    const n = this.n;
    let min = 0xffffffff;
    for (let i = 0; i < this.hashes; i++) {
      const v = c[mod((a + Math.imul(i, b)) >>> 0, n)]!;
      if (v < min) min = v;
    }
    return min;
  }

  /** Counts one access of `key`: each of its counters rises by one. */
  add(key: Key): void {
    const m = this.slotOf(key);
    const a = this.memoA[m]!;
    const b = this.memoB[m]!;
    const c = this.counters;
    const n = this.n;
    for (let i = 0; i < this.hashes; i++) c[mod((a + Math.imul(i, b)) >>> 0, n)]!++;
  }

  /** Halves every counter (libCacheSim's minimalIncrementCBF_decay). */
  decay(): void {
    const c = this.counters;
    for (let i = 0; i < c.length; i++) c[i] = c[i]! >>> 1;
    this.decays++;
  }
}

/**
 * x mod n for 0 <= x < 2^32 and 0 < n < 2^31, by a floating division and one correction (the quotient
 * may round up by one): x % n on a value above 2^31 is a floating-point remainder, several times slower.
 */
function mod(x: number, n: number): number {
  const r = x - Math.floor(x / n) * n;
  return r < 0 ? r + n : r;
}
