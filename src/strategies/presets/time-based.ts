import { declaredDefaults, validateStrict } from '../../core/param-decl.ts';
import type { StrategySpec } from '../../core/types.ts';
import { createCacheStrategy } from '../cache-strategy.ts';
import { BATCH, CAPACITY_TENTH, INTERVAL } from '../strategy-params.ts';

export interface TimeBasedParams {
  readonly capacity: number | undefined;
  readonly intervalMs: number;
  readonly batch: number;
}

/**
 * The reference's rejected alternative: every `intervalMs` of virtual time, backfill a batch,
 * whether or not traffic arrives. Timer backfills run off the request path: they add source load,
 * not request latency.
 */
const timeBased: StrategySpec<TimeBasedParams> = {
  name: 'time-based',
  summary: 'backfill a batch every intervalMs of virtual time, off the request path',
  traits: ['bounded', 'backfill', 'timer'],
  params: [CAPACITY_TENTH, INTERVAL, { ...BATCH, default: 100 }],
  defaults(sourceKeys) {
    return declaredDefaults(this.params, { sourceKeys }) as unknown as TimeBasedParams;
  },
  validate(raw, where) {
    return validateStrict(this.params, raw, where) as unknown as TimeBasedParams;
  },
  create: (ctx, p) => createCacheStrategy(ctx, p),
};

export default timeBased;
