import { integerParam } from '../../core/params.ts';
import type { WorkloadSpec } from '../../core/types.ts';
import { KEYS_PARAM } from '../common-params.ts';

export interface UniformParams {
  readonly keys: number;
}

const uniform: WorkloadSpec<UniformParams> = {
  name: 'uniform',
  summary: 'every key equally likely: the worst case for any cache',
  params: [KEYS_PARAM],
  defaults: { keys: 100_000 },
  validate(raw, where) {
    return { keys: integerParam(raw, 'keys', { min: 1, max: 2 ** 31 - 1 }, where) };
  },
  keys: (p) => p.keys,
  createGenerator(p, rng) {
    return { next: () => rng.nextInt(p.keys) };
  },
  describe: (p) => `uniform over ${p.keys.toLocaleString('en-US')} keys`,
};

export default uniform;
