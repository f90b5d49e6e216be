// A timer: backfill every intervalMs of virtual time, whether or not traffic arrives, off the request
// path (timer backfills add source load, not request latency). The reference's rejected alternative.
import { INTERVAL } from '../strategy-params.ts';
import { NeverTrigger, type TriggerSpec } from './trigger.ts';

const timer: TriggerSpec<{ intervalMs: number }> = {
  name: 'timer',
  summary: 'backfill every intervalMs of virtual time, off the request path',
  backfills: true,
  params: [INTERVAL],
  create: (p) => ({ request: new NeverTrigger(), intervalMs: p.intervalMs }),
};

export default timer;
