// Demand fill only: no backfill, ever (`none`).
import { NeverTrigger, type TriggerSpec } from './trigger.ts';

const never: TriggerSpec = {
  name: 'never',
  summary: 'never backfill: demand fill only',
  backfills: false,
  params: [],
  create: () => ({ request: new NeverTrigger(), intervalMs: Infinity }),
};

export default never;
