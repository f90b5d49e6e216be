import { CAPACITY_TENTH } from '../strategy-params.ts';
import { presetSpec } from './preset.ts';

/**
 * Stale-while-revalidate on an expiring LRU: a read within swr (ttl / 2 by default) after expiry is
 * served the stale value while one background reload runs; ttl 60 s unless --ttl says otherwise.
 */
export default presetSpec({
  name: 'swr',
  summary: 'expiring LRU (ttl 60 s) that serves a value up to swr (ttl / 2) past its expiry while reloading it in the background',
  traits: ['bounded'],
  capacity: CAPACITY_TENTH,
  trigger: 'never',
  defaults: { ttl: 60_000, refresh: 'swr' },
});
