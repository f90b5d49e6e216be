import { rejectUnknownFields } from '../../core/params.ts';
import type { StrategySpec } from '../../core/types.ts';
import { createCacheStrategy } from '../cache-strategy.ts';
import { BATCH_DOC, batchParam, CAPACITY_UNBOUNDED_DOC, capacityParam, THRESHOLD_DOC, thresholdParam, WINDOW_DOC, windowParam } from '../strategy-params.ts';

export interface ThresholdParams {
  readonly capacity: number | undefined;
  readonly threshold: number;
  readonly batch: number;
  readonly window: number | undefined;
}

/**
 * The reference design's CacheWithBackfill, exactly: an unbounded cache; on a miss, once 3 lookups
 * were seen, backfill `batch` uncached keys in source order when round(miss_rate, 4) >= threshold,
 * then serve the missed key from the source.
 */
const threshold: StrategySpec<ThresholdParams> = {
  name: 'threshold',
  summary: 'the reference design: backfill a batch on a miss when the miss rate >= threshold',
  traits: ['backfill'],
  params: [CAPACITY_UNBOUNDED_DOC, THRESHOLD_DOC, BATCH_DOC, WINDOW_DOC],
  defaults: () => ({ capacity: undefined, threshold: 0.5, batch: 10, window: undefined }),
  validate(raw, where) {
    rejectUnknownFields(raw, ['capacity', 'threshold', 'batch', 'window'], where);
    return { capacity: capacityParam(raw, where), threshold: thresholdParam(raw, where), batch: batchParam(raw, where), window: windowParam(raw, where) };
  },
  create: (ctx, p) => createCacheStrategy(ctx, p),
};

export default threshold;
