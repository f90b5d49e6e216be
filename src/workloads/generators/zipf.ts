// Zipf popularity: P(rank k) ∝ k^-alpha over ranks 1..keys, sampled exactly in O(1) per request
// (rejection-inversion, see ../zipf-sampler.ts). Ranks map to keys either directly (rank 1 -> key 0)
// or through a seeded random permutation of the key space built once at setup. Unlike YCSB's
// "scrambled zipfian" (which hashes ranks into the key space and so merges ranks and flattens the
// head), a permutation keeps the exact distribution: it only relabels keys.
import { declaredDefaults, validateDeclared } from '../../core/param-decl.ts';
import type { KeyGenerator, Popularity, Rng, WorkloadSpec } from '../../core/types.ts';
import { ALPHA, fmt, KEYS, SCRAMBLE } from '../common-params.ts';
import { FeistelPermutation, keyPermutation, permute } from '../permutation.ts';
import { ZipfSampler } from '../zipf-sampler.ts';

export interface ZipfParams {
  readonly keys: number;
  readonly alpha: number;
  readonly scramble: boolean;
}

class DirectZipf implements KeyGenerator {
  private readonly sampler: ZipfSampler;
  constructor(sampler: ZipfSampler) {
    this.sampler = sampler;
  }
  next(): number {
    return this.sampler.sample() - 1;
  }
}

class PermutedZipf implements KeyGenerator {
  private readonly sampler: ZipfSampler;
  private readonly perm: Uint32Array;
  constructor(sampler: ZipfSampler, perm: Uint32Array) {
    this.sampler = sampler;
    this.perm = perm;
  }
  next(): number {
    return this.perm[this.sampler.sample() - 1]!;
  }
}

/** Above permutation.ts's TABLE_MAX_KEYS: the permutation is computed per request, not stored. */
class HashedZipf implements KeyGenerator {
  private readonly sampler: ZipfSampler;
  private readonly perm: FeistelPermutation;
  constructor(sampler: ZipfSampler, perm: FeistelPermutation) {
    this.sampler = sampler;
    this.perm = perm;
  }
  next(): number {
    return this.perm.at(this.sampler.sample() - 1);
  }
}

/** Zipf keys: rank r -> key r - 1, or perm(r - 1) with scramble (perm drawn from rng first). */
export function createZipfGenerator(keys: number, alpha: number, scramble: boolean, rng: Rng): KeyGenerator {
  const perm = scramble ? keyPermutation(keys, rng) : undefined;
  const sampler = new ZipfSampler(keys, alpha, rng);
  if (perm === undefined) return new DirectZipf(sampler);
  return perm.table !== undefined ? new PermutedZipf(sampler, perm.table) : new HashedZipf(sampler, perm.hashed);
}

/**
 * The popularity order of createZipfGenerator's keys: rank r (0 = hottest) is key r, or perm(r) with
 * scramble, the permutation drawn from `setupRng` exactly as the generator draws it.
 */
export function zipfPopularity(keys: number, alpha: number, scramble: boolean, setupRng: Rng): Popularity {
  const perm = scramble ? keyPermutation(keys, setupRng) : undefined;
  return {
    ranks: keys,
    sampler: (rng) => {
      const sampler = new ZipfSampler(keys, alpha, rng);
      return { next: () => sampler.sample() - 1 };
    },
    keyOf: perm === undefined ? (r) => r : (r) => permute(perm, r),
  };
}

const PARAMS = [KEYS, ALPHA, SCRAMBLE];

const zipf: WorkloadSpec<ZipfParams> = {
  name: 'zipf',
  summary: 'exact Zipf popularity (P(rank k) ∝ k^-alpha): a few hot keys and a long tail',
  params: PARAMS,
  defaults: declaredDefaults(PARAMS) as unknown as ZipfParams,
  validate: (raw, where) => validateDeclared(PARAMS, raw, where) as unknown as ZipfParams,
  keys: (p) => p.keys,
  createGenerator(p, rng) {
    return createZipfGenerator(p.keys, p.alpha, p.scramble, rng);
  },
  popularity: (p, setupRng) => zipfPopularity(p.keys, p.alpha, p.scramble, setupRng),
  describe: (p) => `zipf alpha=${p.alpha} over ${fmt(p.keys)} keys${p.scramble ? ' (scrambled)' : ' (key 0 hottest)'}`,
};

export default zipf;
