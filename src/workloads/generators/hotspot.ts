// Hot set / cold set: a hotOpsFraction share of requests go uniformly to a small hot set, the rest
// uniformly to the cold set (YCSB's "hotspot" shape, without its contiguous hot range).
//
// The hot set is a seeded random subset of ceil(hotFraction * keys) keys: the first hotCount entries
// of a random permutation of [0, keys) drawn from the rng at setup (the cold set is the rest). So a
// key is hot with probability hotFraction whatever its number, and a different seed picks a
// different hot set. If the cold set is empty (hotFraction = 1, or rounding), every request is hot.
import { declaredDefaults, validateDeclared, type ParamDecl } from '../../core/param-decl.ts';
import type { KeyGenerator, Popularity, Rng, WorkloadSpec } from '../../core/types.ts';
import { fmt, KEYS, pct } from '../common-params.ts';
import { keyPermutation, permute, type KeyPermutation } from '../permutation.ts';

export interface HotspotParams {
  readonly keys: number;
  readonly hotFraction: number;
  readonly hotOpsFraction: number;
}

/** Size of the hot set: ceil(hotFraction * keys), at least 1, at most keys. */
export function hotCount(p: HotspotParams): number {
  // The 1e-12 guard keeps e.g. 0.3 * 10 (= 3.0000000000000004) from rounding up to 4.
  const c = Math.ceil(p.hotFraction * p.keys * (1 - 1e-12));
  return Math.min(p.keys, Math.max(1, c));
}

class Hotspot implements KeyGenerator {
  private readonly perm: KeyPermutation;
  private readonly hot: number;
  private readonly cold: number;
  private readonly hotOps: number;
  private readonly rng: Rng;
  constructor(perm: KeyPermutation, keys: number, hot: number, hotOps: number, rng: Rng) {
    this.perm = perm;
    this.hot = hot;
    this.cold = keys - hot;
    // With no cold keys every request is hot.
    this.hotOps = this.cold === 0 ? 2 : hotOps;
    this.rng = rng;
  }
  next(): number {
    const rng = this.rng;
    // nextDouble() < 1 is always true, so hotOps = 1 sends everything hot; 0 sends everything cold.
    return permute(this.perm, rng.nextDouble() < this.hotOps ? rng.nextInt(this.hot) : this.hot + rng.nextInt(this.cold));
  }
}

const PARAMS: readonly ParamDecl[] = [
  KEYS,
  {
    name: 'hotFraction',
    kind: 'number',
    doc: 'share of the keys in the hot set (ceil(hotFraction * keys) keys, a seeded random subset)',
    default: 0.2,
    min: 0,
    minExclusive: true,
    max: 1,
  },
  {
    name: 'hotOpsFraction',
    kind: 'number',
    doc: 'share of requests that go to the hot set (uniformly within it); the rest go uniformly to the cold set',
    default: 0.8,
    min: 0,
    max: 1,
  },
];

const hotspot: WorkloadSpec<HotspotParams> = {
  name: 'hotspot',
  summary: 'a hotOpsFraction share of requests to a random hot set of hotFraction of the keys, the rest uniform over the others',
  params: PARAMS,
  defaults: declaredDefaults(PARAMS) as unknown as HotspotParams,
  validate: (raw, where) => validateDeclared(PARAMS, raw, where) as unknown as HotspotParams,
  keys: (p) => p.keys,
  createGenerator(p, rng) {
    const perm = keyPermutation(p.keys, rng);
    return new Hotspot(perm, p.keys, hotCount(p), p.hotOpsFraction, rng);
  },
  popularity(p, setupRng): Popularity {
    // Ranks: the hot set first, each set in its permutation order (the generator's own index).
    const perm = keyPermutation(p.keys, setupRng);
    const hot = hotCount(p);
    const cold = p.keys - hot;
    const hotOps = cold === 0 ? 2 : p.hotOpsFraction;
    return {
      ranks: p.keys,
      sampler: (rng) => ({ next: () => (rng.nextDouble() < hotOps ? rng.nextInt(hot) : hot + rng.nextInt(cold)) }),
      keyOf: (r) => permute(perm, r),
    };
  },
  describe: (p) => `hotspot: ${pct(p.hotOpsFraction)} of requests to ${fmt(hotCount(p))} hot keys (${pct(p.hotFraction)}) of ${fmt(p.keys)}`,
};

export default hotspot;
