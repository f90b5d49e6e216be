import { declaredDefaults, validateStrict } from '../../core/param-decl.ts';
import type { StrategySpec } from '../../core/types.ts';
import { createCacheStrategy } from '../cache-strategy.ts';
import { CAPACITY_TENTH } from '../strategy-params.ts';

export interface NoneParams {
  readonly capacity: number | undefined;
}

/** Demand fill only: a miss reads the key from the source and caches it. */
const none: StrategySpec<NoneParams> = {
  name: 'none',
  summary: 'demand fill only: cache a key when a miss reads it (LRU at capacity)',
  traits: ['bounded'],
  params: [CAPACITY_TENTH],
  defaults(sourceKeys) {
    return declaredDefaults(this.params, { sourceKeys }) as unknown as NoneParams;
  },
  validate(raw, where) {
    return validateStrict(this.params, raw, where) as unknown as NoneParams;
  },
  create: (ctx, p) => createCacheStrategy(ctx, { capacity: p.capacity }),
};

export default none;
