import { CAPACITY_TENTH } from '../strategy-params.ts';
import { presetSpec } from './preset.ts';

/**
 * XFetch (Vattani et al., PVLDB 2015) on an expiring LRU: each hit may reload the entry early, with a
 * probability rising towards its expiry (β = xfetchBeta); ttl 60 s unless --ttl says otherwise.
 */
export default presetSpec({
  name: 'xfetch',
  summary: 'expiring LRU (ttl 60 s) whose hits reload entries early with probability rising towards expiry (XFetch, β = xfetchBeta)',
  traits: ['bounded'],
  capacity: CAPACITY_TENTH,
  trigger: 'never',
  defaults: { ttl: 60_000, refresh: 'xfetch' },
});
