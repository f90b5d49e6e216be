import { CAPACITY_UNBOUNDED } from '../strategy-params.ts';
import { presetSpec } from './preset.ts';

/**
 * The reference design's CacheWithBackfill, exactly: an unbounded cache; on a miss, once 3 lookups
 * were seen, backfill `batch` uncached keys in source order when round(miss_rate, 4) >= threshold,
 * then serve the missed key from the source.
 */
export default presetSpec({
  name: 'threshold',
  summary: 'the reference design: backfill a batch on a miss when the miss rate >= threshold',
  traits: ['backfill'],
  capacity: CAPACITY_UNBOUNDED,
  trigger: 'miss-rate',
});
