import { declaredDefaults, validateDeclared } from '../../core/param-decl.ts';
import type { WorkloadSpec } from '../../core/types.ts';
import { KEYS } from '../common-params.ts';

export interface UniformParams {
  readonly keys: number;
}

const PARAMS = [KEYS];

const uniform: WorkloadSpec<UniformParams> = {
  name: 'uniform',
  summary: 'every key equally likely: the worst case for any cache',
  params: PARAMS,
  defaults: declaredDefaults(PARAMS) as unknown as UniformParams,
  validate: (raw, where) => validateDeclared(PARAMS, raw, where) as unknown as UniformParams,
  keys: (p) => p.keys,
  createGenerator(p, rng) {
    return { next: () => rng.nextInt(p.keys) };
  },
  popularity: (p) => ({ ranks: p.keys, sampler: (rng) => ({ next: () => rng.nextInt(p.keys) }), keyOf: (r) => r }),
  describe: (p) => `uniform over ${p.keys.toLocaleString('en-US')} keys`,
};

export default uniform;
