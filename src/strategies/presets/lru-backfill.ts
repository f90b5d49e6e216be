import { rejectUnknownFields } from '../../core/params.ts';
import type { StrategySpec } from '../../core/types.ts';
import { createCacheStrategy } from '../cache-strategy.ts';
import { BATCH_DOC, batchParam, CAPACITY_TENTH_DOC, capacityParam, tenthOfKeys, THRESHOLD_DOC, thresholdParam, WINDOW_DOC, windowParam } from '../strategy-params.ts';

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
  params: [CAPACITY_TENTH_DOC, THRESHOLD_DOC, BATCH_DOC, WINDOW_DOC],
  defaults: (sourceKeys) => ({ capacity: tenthOfKeys(sourceKeys), threshold: 0.5, batch: 10, window: undefined }),
  validate(raw, where) {
    rejectUnknownFields(raw, ['capacity', 'threshold', 'batch', 'window'], where);
    return { capacity: capacityParam(raw, where), threshold: thresholdParam(raw, where), batch: batchParam(raw, where), window: windowParam(raw, where) };
  },
  create: (ctx, p) => createCacheStrategy(ctx, p),
};

export default lruBackfill;
