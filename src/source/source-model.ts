// The authoritative store being cached: keys [0, sourceKeys), a deterministic value per key, and a
// latency model for round trips. Values are numbers so the hot path never allocates.
import { declaredDefaults, validateDeclared, type NumberDecl } from '../core/param-decl.ts';
import type { Key } from '../core/types.ts';
import { ABSENT } from '../core/types.ts';

export interface LatencyModel {
  /** Cost of serving a request from the cache (ms). */
  readonly hitMs: number;
  /** Fixed cost of one source round trip (ms), demand read or batch. */
  readonly callMs: number;
  /** Added cost per key read in a round trip (ms). */
  readonly perKeyMs: number;
  /** Seeded multiplicative jitter on each source call: cost x U(1 - jitter, 1 + jitter). */
  readonly jitter: number;
}

export const LATENCY_PARAMS: readonly NumberDecl[] = [
  { name: 'hitMs', kind: 'number', doc: 'latency of a cache hit', unit: 'ms', default: 0.2, min: 0, max: 60_000 },
  { name: 'callMs', kind: 'number', doc: 'latency of one source round trip', unit: 'ms', default: 2, min: 0, max: 60_000 },
  { name: 'perKeyMs', kind: 'number', doc: 'added latency per key read in a round trip', unit: 'ms', default: 0.02, min: 0, max: 60_000 },
  { name: 'jitter', kind: 'number', doc: 'seeded multiplicative jitter on source calls, as a fraction', default: 0, min: 0, max: 1 },
];

export const DEFAULT_LATENCY: LatencyModel = Object.freeze(declaredDefaults(LATENCY_PARAMS) as unknown as LatencyModel);

export function validateLatency(raw: Record<string, unknown>, where: string): LatencyModel {
  return Object.freeze(validateDeclared(LATENCY_PARAMS, raw, where) as unknown as LatencyModel);
}

/** The value the source holds for a key (never written): a fixed 31-bit mix of the key, or ABSENT. */
export function sourceValue(key: Key, sourceKeys: number): number {
  if (key >= sourceKeys) return ABSENT;
  let h = Math.imul(key ^ 0x5bd1e995, 0x9e3779b1);
  h ^= h >>> 15;
  return (Math.imul(h, 0x85ebca6b) >>> 0) & 0x7fffffff;
}

/**
 * The value of version `version` of a key (the source's writes move a key's version on: see
 * CountingSource.write): version 0 is sourceValue exactly; a later version mixes the version in, so
 * a value served from an older version differs from the current one (but for 31-bit collisions).
 */
export function sourceValueAt(key: Key, version: number, sourceKeys: number): number {
  if (version === 0) return sourceValue(key, sourceKeys);
  if (key >= sourceKeys) return ABSENT;
  let h = Math.imul(key ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(version, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (Math.imul(h, 0xc2b2ae35) >>> 0) & 0x7fffffff;
}
