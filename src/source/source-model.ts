// The authoritative store being cached: keys [0, sourceKeys), a deterministic value per key, and a
// latency model for round trips. Values are numbers so the hot path never allocates.
import { numberParam } from '../core/params.ts';
import type { Key, ParamDoc } from '../core/types.ts';
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

export const DEFAULT_LATENCY: LatencyModel = Object.freeze({ hitMs: 0.2, callMs: 2, perKeyMs: 0.02, jitter: 0 });

export const LATENCY_PARAMS: readonly ParamDoc[] = [
  { name: 'hitMs', kind: 'number', description: 'latency of a cache hit (ms)', default: '0.2', allowed: 'number 0 .. 60000' },
  { name: 'callMs', kind: 'number', description: 'latency of one source round trip (ms)', default: '2', allowed: 'number 0 .. 60000' },
  { name: 'perKeyMs', kind: 'number', description: 'added latency per key read in a round trip (ms)', default: '0.02', allowed: 'number 0 .. 60000' },
  { name: 'jitter', kind: 'number', description: 'seeded jitter on source calls, as a fraction', default: '0', allowed: 'number 0 .. 1' },
];

export function validateLatency(raw: Record<string, unknown>, where: string): LatencyModel {
  const r = { ...DEFAULT_LATENCY, ...raw };
  return Object.freeze({
    hitMs: numberParam(r, 'hitMs', { min: 0, max: 60_000 }, where),
    callMs: numberParam(r, 'callMs', { min: 0, max: 60_000 }, where),
    perKeyMs: numberParam(r, 'perKeyMs', { min: 0, max: 60_000 }, where),
    jitter: numberParam(r, 'jitter', { min: 0, max: 1 }, where),
  });
}

/** The value the source holds for a key: a fixed 32-bit mix of the key, or ABSENT. */
export function sourceValue(key: Key, sourceKeys: number): number {
  if (key >= sourceKeys) return ABSENT;
  let h = Math.imul(key ^ 0x5bd1e995, 0x9e3779b1);
  h ^= h >>> 15;
  return (Math.imul(h, 0x85ebca6b) >>> 0) & 0x7fffffff;
}
