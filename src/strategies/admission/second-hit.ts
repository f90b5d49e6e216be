// Second-hit admission: a key enters on its second admission check within a window, its first only
// marks it in a doorkeeper (a Bloom filter, as TinyLFU's doorkeeper and libCacheSim's bloomFilter
// admissioner, which remembers forever). One-hit wonders never displace anything. The window counts
// admission checks (demand misses and backfill candidates); the filter is cleared after each window,
// so it is sized for one window's keys (16 bits a key, 3 hashes: ~0.3 % false positives when full).
import type { IntegerDecl } from '../../core/param-decl.ts';
import type { Key } from '../../core/types.ts';
import type { Admission, AdmissionSpec } from './admission.ts';

/** Largest filter: 2^28 bits (32 MiB). */
const MAX_BITS = 1 << 28;

const WINDOW: IntegerDecl = {
  name: 'secondHitWindow',
  kind: 'integer',
  doc: 'second-hit: admission checks after which the doorkeeper forgets every key seen',
  unit: 'checks',
  default: null,
  defaultText: 'null (10 x capacity)',
  min: 1,
  max: 1_000_000_000,
  nullable: { means: '10 x capacity', resolve: () => undefined },
  typical: [1, 100],
};

/** Bits of the doorkeeper for a window: 16 a key, a power of two, 1024 .. 2^28. */
export function doorkeeperSize(window: number): number {
  let n = 1024;
  while (n < window * 16 && n < MAX_BITS) n *= 2;
  return n;
}

/** The i-th (0..2) bit of `key` in a doorkeeper of `mask + 1` bits (double hashing). */
export function doorkeeperBit(key: Key, i: number, mask: number): number {
  const h1 = mix(key | 0, 0x9e3779b9);
  const h2 = mix(key | 0, 0x85ebca6b) | 1;
  return (h1 + Math.imul(i, h2)) & mask;
}

class SecondHitAdmission implements Admission {
  readonly recordsRequests = false;
  readonly needsVictim = false;
  private readonly bits: Int32Array;
  private readonly mask: number;
  private checks = 0;

  constructor(private readonly window: number) {
    const n = doorkeeperSize(window);
    this.bits = new Int32Array(n >>> 5);
    this.mask = n - 1;
  }

  record(): void {}

  admit(candidate: Key): boolean {
    if (this.checks === this.window) {
      this.bits.fill(0);
      this.checks = 0;
    }
    this.checks++;
    let seen = true;
    for (let i = 0; i < 3; i++) {
      const b = doorkeeperBit(candidate, i, this.mask);
      const w = b >>> 5;
      const bit = 1 << (b & 31);
      if ((this.bits[w]! & bit) === 0) {
        seen = false;
        this.bits[w] = this.bits[w]! | bit;
      }
    }
    return seen;
  }
}

function mix(key: number, salt: number): number {
  let h = Math.imul(key ^ salt, 0xcc9e2d51);
  h ^= h >>> 15;
  h = Math.imul(h, 0x1b873593);
  return (h ^ (h >>> 13)) >>> 0;
}

/** The window when none is given: 10 x capacity. */
export const defaultWindow = (capacity: number) => Math.max(1, Math.min(10 * capacity, 1_000_000_000));

const secondHit: AdmissionSpec<{ secondHitWindow: number | undefined }> = {
  name: 'second-hit',
  summary: 'admit a key on its second miss within a window (a Bloom-filter doorkeeper): one-hit wonders stay out',
  params: [WINDOW],
  create: (ctx, p) => new SecondHitAdmission(p.secondHitWindow ?? defaultWindow(ctx.capacity)),
};

export default secondHit;
