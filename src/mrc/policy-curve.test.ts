// `mrc --eviction P`: per-capacity simulations of every registered policy, their SHARDS-style
// sampling, and the one-pass curve used only where the policy says it is a stack algorithm.
import { describe, expect, it } from 'vitest';
import { arrayStream } from '../../test/helpers/streams.ts';
import { allPolicySpecs } from '../strategies/eviction/registry.ts';
import { openStream } from '../workloads/stream.ts';
import { resolveWorkload } from '../workloads/workload-config.ts';
import { declaredDefaults } from '../core/param-decl.ts';
import { estimatedHits, pointMissRatio, simulatePolicyPoint } from './policy-curve.ts';
import { policyCurve, streamCounts } from './policy-curve-run.ts';
import { profileStream } from './stack-distance.ts';

const zipf = resolveWorkload('zipf', { keys: 3000, requests: 30_000, absentRatio: 0.02 });
const defaults = (name: string) => declaredDefaults(allPolicySpecs().find((s) => s.name === name)!.params);

describe('policy miss-ratio curves', () => {
  it('a policy that declares stackAlgorithm has the one-pass LRU-stack curve at every capacity (the capability is what mrc trusts)', async () => {
    const curve = await profileStream(openStream(zipf, 4));
    const stack = allPolicySpecs().filter((s) => s.capabilities.stackAlgorithm);
    expect(stack.map((s) => s.name)).toContain('lru');
    for (const s of stack) {
      for (const c of [1, 7, 100, 1000, 2999]) {
        const p = await simulatePolicyPoint(openStream(zipf, 4), s.name, defaults(s.name), c);
        expect(p.sampledHits, `${s.name} at ${c}`).toBe(curve.hitsAt(c));
      }
    }
  });

  it('a FIFO curve is not the LRU curve (why non-stack policies get one simulation per capacity)', async () => {
    const curve = await profileStream(openStream(zipf, 4));
    const fifo = await simulatePolicyPoint(openStream(zipf, 4), 'fifo', defaults('fifo'), 300);
    expect(fifo.sampledHits).not.toBe(curve.hitsAt(300));
  });

  it('demand fill by hand: hits, absent keys never cached, and counts add up', async () => {
    // FIFO of 2 over 0 1 0 2 0 9(absent) 3 1: 0 miss, 1 miss, 0 hit, 2 miss (evicts 0), 0 miss (evicts 1), 9 absent, 3 miss (evicts 2), 1 miss.
    const p = await simulatePolicyPoint(arrayStream([0, 1, 0, 2, 0, 9, 3, 1], 5), 'fifo', defaults('fifo'), 2);
    expect(p).toEqual({ capacity: 2, simulatedCapacity: 2, sampleRate: 1, requests: 8, absent: 1, sampledRequests: 7, sampledHits: 1 });
    expect(pointMissRatio(p)).toBeCloseTo(7 / 8, 12);
  });

  it('sampling at rate R keeps a spatial subset of the keys, scales the cache by R and the counts back', async () => {
    const full = await simulatePolicyPoint(openStream(zipf, 4), 'sieve', defaults('sieve'), 500);
    const half = await simulatePolicyPoint(openStream(zipf, 4), 'sieve', defaults('sieve'), 500, 0.5);
    expect(half.simulatedCapacity).toBe(250);
    expect(half.requests).toBe(full.requests);
    expect(half.absent).toBe(full.absent);
    // About half the present requests are sampled (the key hash is uniform; zipf puts weight on few keys).
    expect(half.sampledRequests / (full.requests - full.absent)).toBeGreaterThan(0.3);
    expect(half.sampledRequests / (full.requests - full.absent)).toBeLessThan(0.7);
    expect(estimatedHits(half)).toBeCloseTo(half.requests - half.absent - (half.sampledRequests - half.sampledHits) / 0.5, 9);
    // Measured: the sampled estimate is within 3 points of the full simulation here.
    expect(Math.abs(pointMissRatio(half) - pointMissRatio(full))).toBeLessThan(0.03);
  });

  it('the curve is the same on the main thread and on 2 worker threads (tasks are pure)', async () => {
    const o = { workload: zipf, seed: 4, policy: 'clock', capacities: [10, 100, 1000], sampleRate: 1 };
    const main = await policyCurve({ ...o, workers: 0 });
    const pool = await policyCurve({ ...o, workers: 2 });
    expect(pool.workers).toBe(2);
    expect(pool.points).toEqual(main.points);
    for (const [i, c] of o.capacities.entries()) {
      expect(main.points[i]!.sampledHits).toBe((await simulatePolicyPoint(openStream(zipf, 4), 'clock', defaults('clock'), c)).sampledHits);
    }
  }, 60_000);

  it('stream counts: requests, absent requests, distinct present keys', async () => {
    expect(await streamCounts(arrayStream([0, 1, 0, 2, 0, 9, 3, 1], 5))).toEqual({ requests: 8, absent: 1, distinct: 4 });
  });
});
