// XXH64 (Yann Collet's xxHash, 64-bit variant) of one 8-byte little-endian value, on 32-bit halves so
// no BigInt is made per call: the hash libCacheSim's minimalIncrementCBF takes of an obj_id_t
// (`XXH64(&obj_id, sizeof(obj_id_t), seed)`, libCacheSim/dataStructure/minimalIncrementCBF.c). Only the
// low 32 bits are returned: libCacheSim stores the hash in an `unsigned int`. Allocation-free: every
// intermediate is a local int32 (module-level scratch variables holding values above 2^31 would box a
// heap number per store, ten times slower).

// The five 64-bit primes as (high, low) int32 halves.
const P1H = 0x9e3779b1 | 0,
  P1L = 0x85ebca87 | 0;
const P2H = 0xc2b2ae3d | 0,
  P2L = 0x27d4eb4f | 0;
const P3H = 0x165667b1 | 0,
  P3L = 0x9e3779f9 | 0;
const P4H = 0x85ebca77 | 0,
  P4L = 0xc2b2ae63 | 0;
const P5H = 0x27d4eb2f | 0,
  P5L = 0x165667c5 | 0;
const TWO32 = 4294967296;

/** The high 32 bits (as int32) of the 64-bit product of two 32-bit values taken as unsigned. */
function mulHigh(a: number, b: number): number {
  const a0 = a & 0xffff,
    a1 = a >>> 16,
    b0 = b & 0xffff,
    b1 = b >>> 16;
  const p01 = a0 * b1,
    p10 = a1 * b0;
  const mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) | 0;
}

/**
 * The low 32 bits of XXH64 of the 8 bytes of the unsigned 64-bit value (hi, lo) (little-endian, as
 * an x86 obj_id_t in memory), with a seed below 2^32, as an int32 (`>>> 0` gives the unsigned value;
 * an int32 result stays a small integer, no heap number per call).
 */
export function xxh64Low32(hi: number, lo: number, seed: number): number {
  // h64 = seed + PRIME64_5 + len (8)
  let t = (seed >>> 0) + (P5L >>> 0) + 8;
  let h = (P5H + ((t / TWO32) | 0)) | 0;
  let l = t | 0;
  // k1 = XXH64_round(0, input) = rotl(input * PRIME64_2, 31) * PRIME64_1
  let kh = (mulHigh(lo, P2L) + Math.imul(hi, P2L) + Math.imul(lo, P2H)) | 0;
  let kl = Math.imul(lo, P2L);
  const rh = (kh << 31) | (kl >>> 1);
  const rl = (kl << 31) | (kh >>> 1);
  kh = (mulHigh(rl, P1L) + Math.imul(rh, P1L) + Math.imul(rl, P1H)) | 0;
  kl = Math.imul(rl, P1L);
  h ^= kh;
  l ^= kl;
  // h64 = rotl(h64, 27) * PRIME64_1 + PRIME64_4
  const sh = (h << 27) | (l >>> 5);
  const sl = (l << 27) | (h >>> 5);
  h = (mulHigh(sl, P1L) + Math.imul(sh, P1L) + Math.imul(sl, P1H)) | 0;
  l = Math.imul(sl, P1L);
  t = (l >>> 0) + (P4L >>> 0);
  h = (h + P4H + (t >= TWO32 ? 1 : 0)) | 0;
  l = t | 0;
  // avalanche: h ^= h >> 33; h *= PRIME64_2; h ^= h >> 29; h *= PRIME64_3; h ^= h >> 32
  l ^= h >>> 1;
  kh = (mulHigh(l, P2L) + Math.imul(h, P2L) + Math.imul(l, P2H)) | 0;
  kl = Math.imul(l, P2L);
  l = kl ^ ((kl >>> 29) | (kh << 3));
  h = kh ^ (kh >>> 29);
  kh = (mulHigh(l, P3L) + Math.imul(h, P3L) + Math.imul(l, P3H)) | 0;
  kl = Math.imul(l, P3L);
  return kl ^ kh;
}
