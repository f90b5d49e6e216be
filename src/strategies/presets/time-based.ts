import { CAPACITY_TENTH } from '../strategy-params.ts';
import { presetSpec } from './preset.ts';

/**
 * The reference's rejected alternative: every `intervalMs` of virtual time, backfill a batch,
 * whether or not traffic arrives. Timer backfills run off the request path: they add source load,
 * not request latency.
 */
export default presetSpec({
  name: 'time-based',
  summary: 'backfill a batch every intervalMs of virtual time, off the request path',
  traits: ['bounded', 'backfill', 'timer'],
  capacity: CAPACITY_TENTH,
  trigger: 'timer',
  defaults: { batch: 100 },
});
