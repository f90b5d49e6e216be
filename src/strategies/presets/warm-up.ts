import { CAPACITY_TENTH } from '../strategy-params.ts';
import { presetSpec } from './preset.ts';

/**
 * Warm-up after a restart or a loss: an LRU cache that demand-fills, and right after the event
 * backfills the keys the event lost from its selection (paced by rateLimit). The selection is
 * source-order until the `hottest` selection lands (issue 13), then hottest.
 */
export default presetSpec({
  name: 'warm-up',
  summary: 'LRU that demand-fills and, after a restart or a loss, backfills the keys lost (on-event trigger, paced by rateLimit)',
  traits: ['bounded', 'backfill'],
  capacity: CAPACITY_TENTH,
  trigger: 'on-event',
});
