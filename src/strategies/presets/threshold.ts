import { declaredDefaults, validateStrict } from '../../core/param-decl.ts';
import type { StrategySpec } from '../../core/types.ts';
import { createCacheStrategy } from '../cache-strategy.ts';
import { BATCH, CAPACITY_UNBOUNDED, THRESHOLD, WINDOW } from '../strategy-params.ts';

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
  params: [CAPACITY_UNBOUNDED, THRESHOLD, BATCH, WINDOW],
  defaults(sourceKeys) {
    return declaredDefaults(this.params, { sourceKeys }) as unknown as ThresholdParams;
  },
  validate(raw, where) {
    return validateStrict(this.params, raw, where) as unknown as ThresholdParams;
  },
  create: (ctx, p) => createCacheStrategy(ctx, p),
};

export default threshold;
