import { CAPACITY_TENTH } from '../strategy-params.ts';
import { presetSpec } from './preset.ts';

/**
 * Warm-up after a restart or a loss: an LRU cache that demand-fills, and right after the event
 * backfills as many keys as the event lost, the hottest first (a decayed frequency estimate of the
 * requests seen, which survives the restart), paced by rateLimit. Without events: demand fill.
 */
export default presetSpec({
  name: 'warm-up',
  summary: 'LRU that demand-fills and, after a restart or a loss, backfills as many keys as were lost, hottest first (on-event trigger, paced by rateLimit)',
  traits: ['bounded', 'backfill'],
  capacity: CAPACITY_TENTH,
  trigger: 'on-event',
  selection: 'hottest',
});
