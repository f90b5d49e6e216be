// Miss-ratio curves of any eviction policy (`mrc --eviction P`). A stack algorithm (LRU: the
// capability stackAlgorithm) gets every capacity from one pass of stack distances (stack-distance.ts);
// any other policy (FIFO, CLOCK, S3-FIFO, ...) needs one simulation per capacity, which this file
// runs: demand fill in object mode (a miss caches the key unless the source lacks it), the policy
// straight from the registry with its declared parameters.
//
// With a sample rate R < 1 the simulation is spatially sampled as in SHARDS / MINISIM (Waldspurger et
// al., FAST 2015 and ATC 2017): only keys whose hash falls under R x 2^24 are replayed (every request
// of a sampled key, none of the others: the same hash as the LRU profile), into a cache scaled to
// round(R x capacity) keys (at least 1), and the counts are scaled back by 1/R. Misses are what gets
// scaled (SHARDS_adj's reasoning): when the sample holds fewer requests than R x present requests it
// is because hot keys fell outside it, and hot keys hit at almost any capacity; scaling the ratio
// instead would charge their absence to the miss ratio (10 points too high on zipf at R = 0.1).
// Requests for keys the source lacks are counted exactly.
import type { AnyRequestStream } from '../core/types.ts';
import { NOT_CACHED } from '../strategies/eviction/eviction-policy.ts';
import { policySpec } from '../strategies/eviction/registry.ts';
import { createChunk } from '../workloads/stream.ts';
import { keyHash, SHARDS_MODULUS, shardsThreshold } from './stack-distance.ts';

export interface PolicyPoint {
  /** The capacity asked for, keys. */
  readonly capacity: number;
  /** The cache actually simulated: capacity, or round(R x capacity) when sampled. */
  readonly simulatedCapacity: number;
  readonly sampleRate: number;
  readonly requests: number;
  /** Requests for keys the source lacks (always misses). */
  readonly absent: number;
  /** Requests replayed (present keys under the sampling threshold; all present requests when exact). */
  readonly sampledRequests: number;
  readonly sampledHits: number;
}

/**
 * The smallest sampled cache `mrc` simulates by default: policies with proportional parts degenerate
 * in tiny caches (w-tinylfu's 1 % window is empty below 100 keys and nothing is ever admitted, in
 * libCacheSim too; s3fifo's 10 % queue holds a key or two), so a sampled cache of fewer keys would
 * measure the degenerate policy, not the full-size one.
 */
export const MIN_SAMPLED_CACHE = 100;

/** The sampled cache size for capacity `c` at rate R. */
export function scaledCapacity(capacity: number, sampleRate: number): number {
  return sampleRate === 1 ? capacity : Math.max(1, Math.round(capacity * sampleRate));
}

/** Replays the stream through policy `name` at `capacity` keys; sampled when sampleRate < 1. */
export async function simulatePolicyPoint(stream: AnyRequestStream, name: string, params: Readonly<Record<string, unknown>>, capacity: number, sampleRate = 1): Promise<PolicyPoint> {
  const spec = policySpec(name);
  const simulatedCapacity = scaledCapacity(capacity, sampleRate);
  const policy = spec.create(simulatedCapacity, stream.keySpace, params);
  const sourceKeys = stream.sourceKeys;
  const threshold = shardsThreshold(sampleRate);
  const mask = SHARDS_MODULUS - 1;
  const chunk = createChunk();
  let requests = 0;
  let absent = 0;
  let sampled = 0;
  let hits = 0;
  try {
    for (;;) {
      const filled = stream.nextChunk(chunk);
      if (!(typeof filled === 'boolean' ? filled : await filled)) break;
      const keys = chunk.keys;
      const n = chunk.length;
      requests += n;
      for (let i = 0; i < n; i++) {
        const key = keys[i]!;
        if (key >= sourceKeys) {
          absent++;
          continue;
        }
        if (sampleRate !== 1 && (keyHash(key) & mask) >= threshold) continue;
        sampled++;
        if (policy.find(key) !== NOT_CACHED) hits++;
        else policy.insert(key, 1);
      }
    }
  } finally {
    if ('close' in stream && stream.close) await stream.close();
  }
  return { capacity, simulatedCapacity, sampleRate, requests, absent, sampledRequests: sampled, sampledHits: hits };
}

/** Estimated hits of the full stream: present requests less the sampled misses scaled by 1/R (exact when not sampled). */
export function estimatedHits(p: PolicyPoint): number {
  const present = p.requests - p.absent;
  if (p.sampleRate === 1) return p.sampledHits;
  return Math.min(present, Math.max(0, present - (p.sampledRequests - p.sampledHits) / p.sampleRate));
}

export function pointMissRatio(p: PolicyPoint): number {
  return p.requests === 0 ? 0 : 1 - estimatedHits(p) / p.requests;
}
