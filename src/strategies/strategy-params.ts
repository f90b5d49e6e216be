// Parameters shared by the strategy presets, validated as the reference's pitfalls table says:
// threshold in [0.01, 1.0], batch >= 1, capacity >= 1, interval > 0.
import { ConfigError, show } from '../core/errors.ts';
import { integerParam, numberParam, optionalIntegerParam } from '../core/params.ts';
import type { ParamDoc } from '../core/types.ts';
import { LRU_MAX_CAPACITY } from './stores/lru-store.ts';

export const MAX_BATCH = 10_000_000;
/** The declared range is the store's own: a capacity that validates is one the LRU can hold. */
export const MAX_CAPACITY = LRU_MAX_CAPACITY;

export const CAPACITY_UNBOUNDED_DOC: ParamDoc = {
  name: 'capacity',
  kind: 'integer',
  description: 'cache capacity in keys (LRU eviction); null / "unbounded" for a cache that only grows',
  default: 'unbounded',
  allowed: `integer 1 .. ${MAX_CAPACITY}, or null`,
};

export const CAPACITY_TENTH_DOC: ParamDoc = { ...CAPACITY_UNBOUNDED_DOC, default: '10% of the workload keys' };

export const THRESHOLD_DOC: ParamDoc = {
  name: 'threshold',
  kind: 'number',
  description: 'backfill when round(miss rate, 4) >= threshold, checked on a miss once 3 lookups were seen',
  default: '0.5',
  allowed: 'number 0.01 .. 1',
};

export const BATCH_DOC: ParamDoc = {
  name: 'batch',
  kind: 'integer',
  description: 'at most this many uncached keys loaded per backfill, in source order',
  default: '10',
  allowed: `integer 1 .. ${MAX_BATCH}`,
};

export const WINDOW_DOC: ParamDoc = {
  name: 'window',
  kind: 'integer',
  description: 'miss rate over the last N lookups instead of all lookups so far',
  default: 'null (cumulative, as the reference)',
  allowed: 'integer 1 .. 100000000, or null',
};

export const INTERVAL_DOC: ParamDoc = {
  name: 'intervalMs',
  kind: 'number',
  description: 'virtual milliseconds between timer backfills (off the request path)',
  default: '1000',
  allowed: 'number > 0 and <= 1e12',
};

/** 10% of the workload's keys, at least 1. */
export function tenthOfKeys(sourceKeys: number): number {
  return Math.max(1, Math.round(sourceKeys * 0.1));
}

export function capacityParam(raw: Record<string, unknown>, where: string): number | undefined {
  const v = raw.capacity;
  if (v === null || v === undefined || v === 'unbounded') return undefined;
  if (typeof v === 'string') throw ConfigError.at(where, `"capacity" is ${show(v)}; allowed: ${CAPACITY_UNBOUNDED_DOC.allowed}`, 'capacity');
  return integerParam(raw, 'capacity', { min: 1, max: MAX_CAPACITY }, where);
}

export function thresholdParam(raw: Record<string, unknown>, where: string): number {
  return numberParam(raw, 'threshold', { min: 0.01, max: 1 }, where);
}

export function batchParam(raw: Record<string, unknown>, where: string): number {
  return integerParam(raw, 'batch', { min: 1, max: MAX_BATCH }, where);
}

export function windowParam(raw: Record<string, unknown>, where: string): number | undefined {
  return optionalIntegerParam(raw, 'window', { min: 1, max: 100_000_000 }, where);
}

export function intervalParam(raw: Record<string, unknown>, where: string): number {
  return numberParam(raw, 'intervalMs', { min: 0, minExclusive: true, max: 1e12 }, where);
}
