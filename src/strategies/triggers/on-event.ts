// `on-event`: start backfilling right after a restart or a loss, from the strategy's selection, until
// `eventKeys` keys were loaded (by default the keys the event lost) or the selection has nothing
// left; paced by the rateLimit token bucket (all at the event's time when unlimited). No backfill
// on the request path and no interval timer: in a run without events it is demand fill.
import { EVENT_KEYS } from '../strategy-params.ts';
import { NeverTrigger, type TriggerSpec } from './trigger.ts';

const onEvent: TriggerSpec<{ eventKeys: number | null }> = {
  name: 'on-event',
  summary: 'after a restart or a loss, backfill eventKeys keys from the selection (paced by rateLimit)',
  backfills: true,
  params: [EVENT_KEYS],
  create: (p) => ({ request: new NeverTrigger(), intervalMs: Infinity, onEvent: { eventKeys: p.eventKeys ?? null } }),
};

export default onEvent;
