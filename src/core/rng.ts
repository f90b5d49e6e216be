// Seeded randomness from pure-rand (xoroshiro128+). Every random choice in a run flows from the one
// --seed through `createRng(seed, stream)`: each consumer (key generator, arrival process, absent-key
// choice, latency jitter) gets its own stream, so adding draws to one never shifts another.
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Rng } from './types.ts';

const TWO_POW_32 = 4294967296;
const TWO_POW_M26 = 1.4901161193847656e-8; // 2^-26
const TWO_POW_M53 = 1.1102230246251565e-16; // 2^-53

/** Mixes a seed and a stream label into a 32-bit generator seed (murmur3 finaliser). */
export function deriveSeed(seed: number, stream: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ Math.floor(seed / TWO_POW_32), 0x85ebca6b) >>> 0;
  for (let i = 0; i < stream.length; i++) {
    h = Math.imul(h ^ stream.charCodeAt(i), 0xcc9e2d51);
    h = (h << 15) | (h >>> 17);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

type Xoroshiro = ReturnType<typeof xoroshiro128plus>;

class PureRandRng implements Rng {
  private readonly g: Xoroshiro;
  constructor(seed: number) {
    this.g = xoroshiro128plus(seed);
  }
  nextUint32(): number {
    return this.g.next() >>> 0;
  }
  nextDouble(): number {
    // The same 26 + 27 bit construction as pure-rand's uniformFloat64, inlined for the hot path.
    const hi = this.g.next() & 0x3ffffff;
    const lo = this.g.next() & 0x7ffffff;
    return hi * TWO_POW_M26 + lo * TWO_POW_M53;
  }
  nextInt(n: number): number {
    // Lemire-style rejection on 32 bits: exact uniformity for any n <= 2^32.
    if (n <= 1) return 0;
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = this.g.next() >>> 0;
    while (x >= limit) x = this.g.next() >>> 0;
    return x % n;
  }
}

export function createRng(seed: number, stream: string): Rng {
  return new PureRandRng(deriveSeed(seed, stream));
}
