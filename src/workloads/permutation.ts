// Seeded random permutations of the key space [0, n), for scrambling ranks into keys (zipf, shifting)
// and choosing a hot set (hotspot). A permutation only relabels keys, so the popularity distribution
// stays exact whichever kind is used.
//
// Up to TABLE_MAX_KEYS keys: a stored Fisher-Yates permutation (4 bytes a key, uniformly random among
// all n! permutations; the results every seed has always given). Above it a stored table would be
// sized by the key space, not by the keys used (4 GB and minutes of set-up for 10^9 keys, for a run
// that may touch a million), so the permutation is computed per key instead: a 4-round Feistel
// network keyed from the rng on the smallest even number of bits covering n, walking the cycle until
// the value falls inside [0, n) (at most 4 rounds on average). It is a bijection, so distributions
// stay exact; it is pseudo-random rather than uniform over all n! permutations, and it draws 4 values
// from the rng instead of n - 1, so a run above the limit differs from what the stored table gave.
import type { Rng } from '../core/types.ts';
import { randomPermutation } from './zipf-sampler.ts';

/** Largest key space scrambled by a stored table (64 MB at 4 bytes a key). */
export const TABLE_MAX_KEYS = 1 << 24;

/** A bijection of [0, n) computed per value, in O(1) time and memory. */
export class FeistelPermutation {
  private readonly halfBits: number;
  private readonly halfMask: number;
  private readonly k0: number;
  private readonly k1: number;
  private readonly k2: number;
  private readonly k3: number;

  constructor(
    readonly n: number,
    rng: Rng,
  ) {
    if (!Number.isSafeInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`permutation: n must be an integer 1 .. 2^32, got ${n}`);
    let bits = 2;
    while (2 ** bits < n) bits += 2;
    this.halfBits = bits / 2;
    this.halfMask = 2 ** this.halfBits - 1;
    this.k0 = rng.nextUint32();
    this.k1 = rng.nextUint32();
    this.k2 = rng.nextUint32();
    this.k3 = rng.nextUint32();
  }

  /** The image of i (0 <= i < n). */
  at(i: number): number {
    let x = i;
    do x = this.encrypt(x);
    while (x >= this.n);
    return x;
  }

  private encrypt(x: number): number {
    const h = this.halfBits;
    const m = this.halfMask;
    // x < 2^32, so the halves are exact as numbers (>>> would lose bit 31 of a 32-bit half).
    let l = Math.floor(x / 2 ** h);
    let r = x - l * 2 ** h;
    l = (l ^ round(r, this.k0, m)) >>> 0;
    r = (r ^ round(l, this.k1, m)) >>> 0;
    l = (l ^ round(r, this.k2, m)) >>> 0;
    r = (r ^ round(l, this.k3, m)) >>> 0;
    return l * 2 ** h + r;
  }
}

/** The round function: a keyed 32-bit mix (murmur3's finaliser), cut to the half's width. */
function round(x: number, key: number, mask: number): number {
  let h = Math.imul(x ^ key, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % (mask + 1);
}

/** A seeded permutation of [0, n): a stored table up to TABLE_MAX_KEYS, a Feistel network above. */
export type KeyPermutation = { readonly table: Uint32Array; readonly hashed?: undefined } | { readonly table?: undefined; readonly hashed: FeistelPermutation };

export function keyPermutation(n: number, rng: Rng): KeyPermutation {
  return n <= TABLE_MAX_KEYS ? { table: randomPermutation(n, rng) } : { hashed: new FeistelPermutation(n, rng) };
}

/** The image of i under p. */
export function permute(p: KeyPermutation, i: number): number {
  return p.table !== undefined ? p.table[i]! : p.hashed.at(i);
}
