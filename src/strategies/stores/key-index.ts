// key -> slot indexes for the stores. Small key spaces index a typed array by the key itself (one
// load per lookup: LruPolicy, UnboundedPolicy in ../eviction/); above DIRECT_INDEX_MAX_KEYS that array would be sized
// by the key space, not by the keys used (4 GB for 10^9 keys, however few are requested), so the
// hashed stores index an open-addressing hash table instead, which grows with the keys it holds.
import type { Key } from '../../core/types.ts';

export const NIL = -1;

/** Largest key space indexed directly (an Int32Array of this many entries is 64 MB). */
export const DIRECT_INDEX_MAX_KEYS = 1 << 24;

/** A direct index grown (doubling, filled with NIL) so that `key` is a valid index. */
export function growDirect(index: Int32Array, key: Key): Int32Array {
  let len = Math.max(16, index.length);
  while (len <= key) len *= 2;
  const grown = new Int32Array(len).fill(NIL);
  grown.set(index);
  return grown;
}

/**
 * Linear probing over one Int32Array of (key, slot) pairs, 8 bytes a bucket, at most 3/4 full, grown
 * by doubling; an empty bucket has slot NIL (keys are 32-bit, stored as their bits). Deletion
 * shifts the following entries back (no tombstones), so lookups never slow down with churn.
 */
export class HashIndex {
  /** buckets[2b] = key | 0, buckets[2b + 1] = slot or NIL. */
  private buckets: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 1024) {
    let cap = 16;
    while (cap * 3 < expected * 4) cap *= 2;
    this.buckets = new Int32Array(cap * 2).fill(NIL);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  get(key: Key): number {
    const b = this.buckets;
    const mask = this.mask;
    const k = key | 0;
    let i = hash(k) & mask;
    for (;;) {
      const slot = b[2 * i + 1]!;
      if (slot === NIL) return NIL;
      if (b[2 * i] === k) return slot;
      i = (i + 1) & mask;
    }
  }

  set(key: Key, slot: number): void {
    if ((this.count + 1) * 4 > (this.mask + 1) * 3) this.grow();
    const b = this.buckets;
    const mask = this.mask;
    const k = key | 0;
    let i = hash(k) & mask;
    for (;;) {
      const at = b[2 * i + 1]!;
      if (at === NIL) {
        b[2 * i] = k;
        this.count++;
        break;
      }
      if (b[2 * i] === k) break;
      i = (i + 1) & mask;
    }
    b[2 * i + 1] = slot;
  }

  delete(key: Key): void {
    const b = this.buckets;
    const mask = this.mask;
    const k = key | 0;
    let i = hash(k) & mask;
    for (;;) {
      if (b[2 * i + 1] === NIL) return;
      if (b[2 * i] === k) break;
      i = (i + 1) & mask;
    }
    this.count--;
    // Backward shift (Knuth's algorithm R): move later entries of the run into the hole when their
    // home bucket does not lie cyclically between the hole and them.
    let hole = i;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      if (b[2 * j + 1] === NIL) break;
      const home = hash(b[2 * j]!) & mask;
      const between = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (between) continue;
      b[2 * hole] = b[2 * j]!;
      b[2 * hole + 1] = b[2 * j + 1]!;
      hole = j;
    }
    b[2 * hole + 1] = NIL;
  }

  forEach(f: (key: Key, slot: number) => void): void {
    const b = this.buckets;
    for (let i = 0; i < b.length; i += 2) if (b[i + 1] !== NIL) f(b[i]! >>> 0, b[i + 1]!);
  }

  private grow(): void {
    const old = this.buckets;
    this.buckets = new Int32Array(old.length * 2).fill(NIL);
    this.mask = old.length - 1;
    this.count = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== NIL) this.set(old[i]! >>> 0, old[i + 1]!);
  }
}

/** murmur3's 32-bit finaliser: spreads consecutive and strided keys over the table. */
function hash(key: number): number {
  let h = Math.imul(key ^ (key >>> 16), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
