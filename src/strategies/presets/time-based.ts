import { rejectUnknownFields } from '../../core/params.ts';
import type { StrategySpec } from '../../core/types.ts';
import { createCacheStrategy } from '../cache-strategy.ts';
import { BATCH_DOC, batchParam, CAPACITY_TENTH_DOC, capacityParam, INTERVAL_DOC, intervalParam, tenthOfKeys } from '../strategy-params.ts';

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
  params: [CAPACITY_TENTH_DOC, INTERVAL_DOC, { ...BATCH_DOC, default: '100' }],
  defaults: (sourceKeys) => ({ capacity: tenthOfKeys(sourceKeys), intervalMs: 1000, batch: 100 }),
  validate(raw, where) {
    rejectUnknownFields(raw, ['capacity', 'intervalMs', 'batch'], where);
    return { capacity: capacityParam(raw, where), intervalMs: intervalParam(raw, where), batch: batchParam(raw, where) };
  },
  create: (ctx, p) => createCacheStrategy(ctx, p),
};

export default timeBased;
