import { CAPACITY_TENTH } from '../strategy-params.ts';
import { presetSpec } from './preset.ts';

/**
 * Bulk refresh on an expiring LRU (ttl 60 s unless --ttl says otherwise): every refreshInterval
 * (1 s) it reloads, refreshBatch keys per source call and at most refreshRate keys/s, the cached keys
 * expiring within refreshHorizon (2 x the interval), hottest first by the `hottest` selection's
 * counts (--selection source-order: soonest expiry first). The backfill analogue of expiry.
 */
export default presetSpec({
  name: 'bulk-refresh',
  summary: 'expiring LRU (ttl 60 s) that every refreshInterval reloads the cached keys expiring within refreshHorizon, hottest first, at most refreshRate keys/s',
  traits: ['bounded'],
  capacity: CAPACITY_TENTH,
  trigger: 'never',
  selection: 'hottest',
  defaults: { ttl: 60_000, refresh: 'bulk-refresh' },
});
