// XXH64 on 32-bit halves against the reference: the low 32 bits of XXH64(&id, 8, seed) as libCacheSim's
// minimalIncrementCBF takes them, printed by a C program built on libCacheSim's own xxhash.h
// (libCacheSim/dataStructure/hash/xxhash.h, XXH_INLINE_ALL) with its seeds 0x12345678 and 0x12344321;
// and against a BigInt transcription of XXH64 for 8-byte input on random ids and seeds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xxh64Low32 } from './xxh64.ts';

const M = (1n << 64n) - 1n;
const P1 = 0x9e3779b185ebca87n,
  P2 = 0xc2b2ae3d27d4eb4fn,
  P3 = 0x165667b19e3779f9n,
  P4 = 0x85ebca77c2b2ae63n,
  P5 = 0x27d4eb2f165667c5n;
const rotl = (x: bigint, r: bigint) => ((x << r) | (x >> (64n - r))) & M;

/** XXH64 of an 8-byte little-endian value, straight from the algorithm's description. */
function reference(id: bigint, seed: bigint): number {
  let h = (seed + P5 + 8n) & M;
  const k1 = (rotl((id * P2) & M, 31n) * P1) & M;
  h ^= k1;
  h = (rotl(h, 27n) * P1 + P4) & M;
  h ^= h >> 33n;
  h = (h * P2) & M;
  h ^= h >> 29n;
  h = (h * P3) & M;
  h ^= h >> 32n;
  return Number(h & 0xffffffffn);
}

/** [obj_id, seed 0x12345678, seed 0x12344321], from the C program. */
const FROM_C: readonly [bigint, number, number][] = [
  [0n, 972412019, 3092930169],
  [1n, 2721530007, 3411563711],
  [2n, 3587778993, 4101528125],
  [7n, 3583910220, 857343438],
  [1000n, 3575619302, 377442119],
  [123456789n, 3162077990, 3134705060],
  [4294967295n, 1027709022, 4292110627],
  [4294967296n, 3070835608, 1744482315],
  [0x123456789abcdefn, 2403602590, 541251403],
];

const halves = (id: bigint): [number, number] => [Number(id >> 32n), Number(id & 0xffffffffn)];

describe('xxh64Low32', () => {
  it("gives libCacheSim's hashes (its xxhash.h, its two seeds)", () => {
    for (const [id, a, b] of FROM_C) {
      expect([xxh64Low32(...halves(id), 0x12345678) >>> 0, xxh64Low32(...halves(id), 0x12344321) >>> 0], `id ${id}`).toEqual([a, b]);
    }
  });

  it('agrees with a BigInt XXH64 on any 64-bit id and 32-bit seed', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: M }), fc.nat({ max: 0xffffffff }), (id, seed) => {
        expect(xxh64Low32(...halves(id), seed) >>> 0).toBe(reference(id, BigInt(seed)));
      }),
      { numRuns: 300 },
    );
  });
});
