import { CAPACITY_TENTH } from '../strategy-params.ts';
import { presetSpec } from './preset.ts';

/** Demand fill only: a miss reads the key from the source and caches it. */
export default presetSpec({
  name: 'none',
  summary: 'demand fill only: cache a key when a miss reads it (LRU at capacity)',
  traits: ['bounded'],
  capacity: CAPACITY_TENTH,
  trigger: 'never',
});
