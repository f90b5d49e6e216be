import { CAPACITY_TENTH } from '../strategy-params.ts';
import { presetSpec } from './preset.ts';

/**
 * Demand fill with expiry: an LRU cache whose entries expire `ttl` after they were written (60 s
 * unless --ttl says otherwise); an expired entry read is a miss (expiredMisses). Writes at the source
 * (--writes) reach it per --write-mode.
 */
export default presetSpec({
  name: 'ttl',
  summary: 'LRU demand fill whose entries expire ttl after they were written (default 60 s); an expired read is a miss',
  traits: ['bounded'],
  capacity: CAPACITY_TENTH,
  trigger: 'never',
  defaults: { ttl: 60_000 },
});
