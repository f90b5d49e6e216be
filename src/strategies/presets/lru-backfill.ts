import { declaredDefaults, validateStrict } from '../../core/param-decl.ts';
import type { StrategySpec } from '../../core/types.ts';
import { createCacheStrategy } from '../cache-strategy.ts';
import { BATCH, CAPACITY_TENTH, THRESHOLD, WINDOW } from '../strategy-params.ts';

export interface LruBackfillParams {
  readonly capacity: number | undefined;
  readonly threshold: number;
  readonly batch: number;
  readonly window: number | undefined;
}

/** The reference's "Approach B" (LRU eviction) combined with its threshold backfill. */
const lruBackfill: StrategySpec<LruBackfillParams> = {
  name: 'lru-backfill',
  summary: 'LRU cache of `capacity` keys that also backfills on the miss-rate threshold',
  traits: ['bounded', 'backfill'],
  params: [CAPACITY_TENTH, THRESHOLD, BATCH, WINDOW],
  defaults(sourceKeys) {
    return declaredDefaults(this.params, { sourceKeys }) as unknown as LruBackfillParams;
  },
  validate(raw, where) {
    return validateStrict(this.params, raw, where) as unknown as LruBackfillParams;
  },
  create: (ctx, p) => createCacheStrategy(ctx, p),
};

export default lruBackfill;
