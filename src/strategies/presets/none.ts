import { rejectUnknownFields } from '../../core/params.ts';
import type { StrategySpec } from '../../core/types.ts';
import { createCacheStrategy } from '../cache-strategy.ts';
import { CAPACITY_TENTH_DOC, capacityParam, tenthOfKeys } from '../strategy-params.ts';

export interface NoneParams {
  readonly capacity: number | undefined;
}

/** Demand fill only: a miss reads the key from the source and caches it. */
const none: StrategySpec<NoneParams> = {
  name: 'none',
  summary: 'demand fill only: cache a key when a miss reads it (LRU at capacity)',
  traits: ['bounded'],
  params: [CAPACITY_TENTH_DOC],
  defaults: (sourceKeys) => ({ capacity: tenthOfKeys(sourceKeys) }),
  validate(raw, where) {
    rejectUnknownFields(raw, ['capacity'], where);
    return { capacity: capacityParam(raw, where) };
  },
  create: (ctx, p) => createCacheStrategy(ctx, { capacity: p.capacity }),
};

export default none;
