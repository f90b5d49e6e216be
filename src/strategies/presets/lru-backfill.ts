import { CAPACITY_TENTH } from '../strategy-params.ts';
import { presetSpec } from './preset.ts';

/** The reference's "Approach B" (LRU eviction) combined with its threshold backfill. */
export default presetSpec({
  name: 'lru-backfill',
  summary: 'LRU cache of `capacity` keys that also backfills on the miss-rate threshold',
  traits: ['bounded', 'backfill'],
  capacity: CAPACITY_TENTH,
  trigger: 'miss-rate',
});
