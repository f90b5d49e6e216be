import { CAPACITY_TENTH } from '../strategy-params.ts';
import { presetSpec } from './preset.ts';

/**
 * Caffeine's refreshAfterWrite on an expiring LRU: a read of an entry older than refreshAfter (ttl / 2
 * by default) returns it and reloads it in the background; ttl 60 s unless --ttl says otherwise.
 */
export default presetSpec({
  name: 'refresh-ahead',
  summary: 'expiring LRU (ttl 60 s) whose reads of entries older than refreshAfter (ttl / 2) reload them in the background',
  traits: ['bounded'],
  capacity: CAPACITY_TENTH,
  trigger: 'never',
  defaults: { ttl: 60_000, refresh: 'refresh-ahead' },
});
