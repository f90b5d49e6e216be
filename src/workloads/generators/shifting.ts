// A Zipf whose hot set moves: the popularity shape stays, the keys holding it change every
// shiftEvery requests (a daily cycle, a trending topic, a deploy that changes access patterns).
//
// Exactly: request i (0-based) is in phase p = floor(i / shiftEvery). It draws rank r from
// Zipf(keys, alpha) and requests key
//     (base(r) + p * shiftBy) mod keys,   base(r) = perm[r - 1] with scramble, r - 1 without,
// where perm is a seeded random permutation of [0, keys) drawn once at setup. So every key's
// popularity moves shiftBy keys up (mod keys) at each phase boundary: without scramble, the hottest
// key in phase p is (p * shiftBy) mod keys and the rank-r key is (r - 1 + p * shiftBy) mod keys.
import { declaredDefaults, validateDeclared, type ParamDecl } from '../../core/param-decl.ts';
import type { KeyGenerator, WorkloadSpec } from '../../core/types.ts';
import { ALPHA, earlierKeys, fmt, KEYS, SCRAMBLE } from '../common-params.ts';
import { keyPermutation, permute, type KeyPermutation } from '../permutation.ts';
import { ZipfSampler } from '../zipf-sampler.ts';

export interface ShiftingParams {
  readonly keys: number;
  readonly alpha: number;
  readonly shiftEvery: number;
  /** Keys the hot set moves by at each phase; null (only before validation) means keys / 10. */
  readonly shiftBy: number | null;
  readonly scramble: boolean;
}

export function defaultShiftBy(keys: number): number {
  return Math.max(1, Math.round(keys / 10));
}

class Shifting implements KeyGenerator {
  private readonly sampler: ZipfSampler;
  /** rank - 1 -> base key, or undefined for the identity. */
  private readonly perm: KeyPermutation | undefined;
  private readonly keys: number;
  private readonly shiftEvery: number;
  /** shiftBy mod keys, in [0, keys). */
  private readonly shiftBy: number;
  /** (p * shiftBy) mod keys for the current phase p. */
  private offset = 0;
  /** Requests served in the current phase. */
  private inPhase = 0;
  constructor(sampler: ZipfSampler, perm: KeyPermutation | undefined, keys: number, shiftEvery: number, shiftBy: number) {
    this.sampler = sampler;
    this.perm = perm;
    this.keys = keys;
    this.shiftEvery = shiftEvery;
    this.shiftBy = shiftBy % keys;
  }
  next(): number {
    const r = this.sampler.sample() - 1;
    let key = (this.perm === undefined ? r : permute(this.perm, r)) + this.offset;
    if (key >= this.keys) key -= this.keys;
    if (++this.inPhase === this.shiftEvery) {
      this.inPhase = 0;
      this.offset += this.shiftBy;
      if (this.offset >= this.keys) this.offset -= this.keys;
    }
    return key;
  }
}

const PARAMS: readonly ParamDecl[] = [
  KEYS,
  ALPHA,
  {
    name: 'shiftEvery',
    kind: 'integer',
    doc: 'requests per phase: at request i the phase is floor(i / shiftEvery)',
    unit: 'requests',
    default: 100_000,
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
  },
  {
    name: 'shiftBy',
    kind: 'integer',
    doc: "at each phase every key's popularity moves to the key shiftBy higher (mod keys; keys means no shift)",
    unit: 'keys',
    default: null,
    defaultText: 'keys / 10, rounded (at least 1)',
    min: 1,
    max: earlierKeys,
    maxText: 'keys',
    nullable: { means: 'the default, keys / 10', resolve: (earlier) => defaultShiftBy(earlierKeys(earlier)) },
  },
  SCRAMBLE,
];

const shifting: WorkloadSpec<ShiftingParams> = {
  name: 'shifting',
  summary: 'Zipf whose hot set moves by shiftBy keys every shiftEvery requests',
  params: PARAMS,
  defaults: declaredDefaults(PARAMS) as unknown as ShiftingParams,
  validate: (raw, where) => validateDeclared(PARAMS, raw, where) as unknown as ShiftingParams,
  keys: (p) => p.keys,
  createGenerator(p, rng) {
    const perm = p.scramble ? keyPermutation(p.keys, rng) : undefined;
    const sampler = new ZipfSampler(p.keys, p.alpha, rng);
    return new Shifting(sampler, perm, p.keys, p.shiftEvery, p.shiftBy ?? defaultShiftBy(p.keys));
  },
  describe: (p) =>
    `shifting zipf alpha=${p.alpha} over ${fmt(p.keys)} keys, hot set moves ${fmt(p.shiftBy ?? defaultShiftBy(p.keys))} keys every ${fmt(p.shiftEvery)} requests${p.scramble ? ' (scrambled)' : ''}`,
};

export default shifting;
