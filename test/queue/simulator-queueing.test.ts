// The queueing checks of issue 15 through the simulator itself: the kernel's queued loop, the
// QueuedSource and a real strategy (`none`), not the queue library alone (erlang-c.test.ts and
// pollaczek-khinchine.test.ts check that). Fixed seeds: deterministic.
//
// Means of waits come with a 99.9 % batch-means interval (batch-means.ts: 40 batches after a
// one-batch warm-up); the last column of each case is the largest relative half-width accepted, so
// the test would catch any bias larger than about that. Call counts are kept small (about 3 M
// requests in all, ~2 s on a loaded machine): the library's own tests cover heavy traffic.
import { describe, expect, it } from 'vitest';
import { aggregateDelayPerMiss, delayedHitsPerMiss, md1MeanWait, mmcMeanResponse } from '../../src/source/queue/formulas.ts';
import { openStream } from '../../src/workloads/stream.ts';
import { resolveWorkload } from '../../src/workloads/workload-config.ts';
import { resolveStrategies } from '../../src/runner/strategy-config.ts';
import { runStrategiesSync } from '../../src/runner/run.ts';
import { validateSourceParams } from '../../src/source/queue/source-params.ts';
import { DEFAULT_LATENCY } from '../../src/source/source-model.ts';
import { missResponse, oneKeyStreams, runOneStrategy } from './simulator.ts';
import { ArrayStream } from '../../src/core/chunks.ts';

const SEED = 20261130;
const MU = 1; // service rate: mean service time 1 ms

// [rho, c, calls, largest relative half-width]
const MMC: readonly (readonly [number, number, number, number])[] = [
  [0.5, 1, 400_000, 0.025],
  [0.8, 1, 1_000_000, 0.045],
  [0.5, 8, 400_000, 0.01],
  [0.8, 8, 1_000_000, 0.025],
];

describe('through the simulator: every request misses, Poisson arrivals', () => {
  for (const [rho, c, calls, maxRel] of MMC) {
    it(`M/M/${c} at rho ${rho}: mean miss latency equals Erlang C (${calls.toLocaleString('en-US')} requests)`, () => {
      const lambda = rho * c * MU;
      const expected = mmcMeanResponse(lambda, MU, c);
      const est = missResponse({ lambda, source: { sourceConcurrency: c, serviceMs: 1 / MU, servicePerKeyMs: 0, serviceDistribution: 'exponential' }, calls, seed: SEED });
      expect(est.halfWidth / expected, 'the interval is narrow enough to be a test').toBeLessThan(maxRel);
      expect(Math.abs(est.mean - expected), `mean ${est.mean} vs Erlang C ${expected} (half-width ${est.halfWidth})`).toBeLessThanOrEqual(est.halfWidth);
    });
  }

  it('M/D/1 at rho 0.8: mean wait equals Pollaczek-Khinchine rho / (2 mu (1 - rho))', () => {
    const rho = 0.8;
    const expected = md1MeanWait(rho * MU, MU) + 1 / MU; // response = wait + the fixed service
    const est = missResponse({ lambda: rho * MU, source: { sourceConcurrency: 1, serviceMs: 1 / MU, servicePerKeyMs: 0 }, calls: 1_000_000, seed: SEED });
    expect(est.halfWidth / expected, 'the interval is narrow enough to be a test').toBeLessThan(0.04);
    expect(Math.abs(est.mean - expected), `mean ${est.mean} vs P-K + service ${expected} (half-width ${est.halfWidth})`).toBeLessThanOrEqual(est.halfWidth);
  });
});

describe('through the runner: fetches in flight (one key at a time, Poisson requests, fetch time z)', () => {
  // K keys, each with its own Poisson requests at lambda per ms: the first misses and fetches for z ms
  // (enough connections that nothing waits: the fetch takes exactly z), the requests in between are
  // delayed hits. Per miss they are Poisson(lambda z) (mean and variance lambda z), and the aggregate
  // delay is z + the sum of their waits, a compound Poisson sum with variance lambda z E[W^2] =
  // lambda z^3 / 3 (W uniform on (0, z)). The keys are independent, so the means over K misses are
  // within 3.29 standard errors (99.9 %, CLT) of lambda z and z + lambda z^2 / 2.
  const K = 20_000;
  const lambda = 1;
  const z = 2;
  const stream = () => oneKeyStreams({ keys: K, lambda, z, seed: SEED });
  const source = (coalesce: boolean) => ({ sourceConcurrency: K, serviceMs: z, servicePerKeyMs: 0, coalesce });
  const latency = { hitMs: 0, callMs: 1, perKeyMs: 0, jitter: 0 };
  const on = runOneStrategy(stream(), 'none', { capacity: 'unbounded' }, latency, source(true), SEED);
  const off = runOneStrategy(stream(), 'none', { capacity: 'unbounded' }, latency, source(false), SEED);

  it('coalescing: lambda z delayed hits per miss, aggregate delay z + lambda z^2 / 2 per miss', () => {
    const q = on.sourceQueue!;
    expect(on.misses).toBe(K); // one miss per key: the rest are delayed hits or hits
    const perMiss = q.delayedHits / on.misses;
    expect(Math.abs(perMiss - delayedHitsPerMiss(lambda, z))).toBeLessThanOrEqual(3.29 * Math.sqrt((lambda * z) / K));
    const delay = (on.misses * z + q.delayedHits * q.meanDelayedWaitMs) / on.misses;
    expect(aggregateDelayPerMiss(lambda, z)).toBe(z + (lambda * z * z) / 2);
    expect(Math.abs(delay - aggregateDelayPerMiss(lambda, z))).toBeLessThanOrEqual(3.29 * Math.sqrt((lambda * z ** 3) / 3 / K));
    expect(q.duplicateReads).toBe(0);
    // Nothing waits for a connection: every miss takes exactly z (HdrHistogram: 3 significant digits).
    expect(q.missLatencyMs.p50).toBeCloseTo(z, 2);
    expect(q.missLatencyMs.max).toBeCloseTo(z, 2);
    // The stampede of a key: its miss and every delayed hit of it.
    expect(q.stampedeMax).toBeGreaterThan(1);
  });

  it('coalescing off: duplicate reads per miss equal the delayed hits with it on, on the same stream', () => {
    const q = off.sourceQueue!;
    expect(q.delayedHits).toBe(0);
    expect(q.duplicateReads).toBe(on.sourceQueue!.delayedHits);
    // Each duplicate is a demand read of its own: a miss, a call to the source.
    expect(off.misses).toBe(K + q.duplicateReads);
    expect(off.sourceCalls).toBe(off.misses);
    expect(q.missLatencyMs.max).toBeCloseTo(z, 2); // a duplicate's own read: z as well
    expect(off.hits + off.misses).toBe(on.requests);
  });
});

describe("today's model", () => {
  const w = resolveWorkload('zipf', { requests: 30_000, keys: 5_000 });
  const strategies = () => resolveStrategies(['none', 'lru-backfill', 'time-based'], { capacity: 500 }, 5_000);

  it('unbounded concurrency with a fixed service time (the default) is the run of today, byte for byte', () => {
    const plain = runStrategiesSync(openStream(w, 3), strategies(), { seed: 3, latency: DEFAULT_LATENCY });
    for (const raw of [{}, { sourceConcurrency: 'unbounded', queueLimit: 4, timeoutMs: 5, backfillPriority: 'low', coalesce: false }]) {
      const source = validateSourceParams(raw, 'test');
      const same = runStrategiesSync(openStream(w, 3), strategies(), { seed: 3, latency: DEFAULT_LATENCY, source });
      expect(JSON.stringify(same)).toBe(JSON.stringify(plain));
    }
  });

  it("the queued loop with nothing in flight (zero service time, ample connections) gives today's results", () => {
    const instant = { hitMs: 0.2, callMs: 0, perKeyMs: 0, jitter: 0 };
    const plain = runStrategiesSync(openStream(w, 4), strategies(), { seed: 4, latency: instant });
    const queued = runStrategiesSync(openStream(w, 4), strategies(), { seed: 4, latency: instant, source: validateSourceParams({ sourceConcurrency: 64 }, 'test') });
    expect(queued.map((r) => r.sourceQueue!.delayedHits + r.sourceQueue!.duplicateReads + r.sourceQueue!.sourceErrors)).toEqual([0, 0, 0]);
    // (Without their source parts: sourceQueue, and the series' busy time and waiting line, all zero here.)
    const withoutQueue = queued.map(({ sourceQueue: _, series, ...r }) => {
      const { sourceServers: _c, sourceBusyMs: _b, queueAreaMs: area, ...rest } = series!;
      expect(area!.every((x) => x === 0)).toBe(true);
      return { ...r, series: rest };
    });
    expect(JSON.stringify(withoutQueue)).toBe(JSON.stringify(plain));
  });
});

describe('source errors through the runner (scripted: one connection, 1 ms calls, no hit latency)', () => {
  const latency = { hitMs: 0, callMs: 1, perKeyMs: 0, jitter: 0 };
  // key 0 at 0 takes the connection until 1; keys 1 and 2 come while it is busy; 0 again at 5; 1 again at 6.
  const stream = () => new ArrayStream(Uint32Array.from([0, 1, 2, 0, 1]), Float64Array.from([0, 0.1, 0.2, 5, 6]), 10, 10);
  const run = (source: Record<string, unknown>) => runOneStrategy(stream(), 'none', { capacity: 'unbounded' }, latency, { sourceConcurrency: 1, servicePerKeyMs: 0, ...source }, 1);

  it('a full line (queueLimit 0) fails the reads at once: source errors, nothing cached, the key misses again', () => {
    const r = run({ queueLimit: 0 });
    expect(r.sourceQueue).toMatchObject({ sourceErrors: 2, sourceTimeouts: 0, failedDemandReads: 2 });
    expect([r.hits, r.misses]).toEqual([1, 4]); // 0 hits at 5; 1 misses again at 6 (its failed read cached nothing)
    expect(r.sourceQueue!.missLatencyMs.max).toBeCloseTo(1, 2);
    expect(r.sourceQueue!.missLatencyMs.p50).toBe(0); // the failed reads learned it at once
  });

  it("the time series carries the source's busy time and the waiting line per window", () => {
    // Unbounded line: key 1 waits 0.1 .. 1, key 2 waits 0.2 .. 2 (2.7 call-ms of waiting); 3 calls of 1 ms.
    // One more request (a hit) in the next window, so the first window closes as windows do mid-run.
    const longer = new ArrayStream(Uint32Array.from([0, 1, 2, 0, 1, 0]), Float64Array.from([0, 0.1, 0.2, 5, 6, 1500]), 10, 10);
    const r = runOneStrategy(longer, 'none', { capacity: 'unbounded' }, latency, { sourceConcurrency: 1, servicePerKeyMs: 0 }, 1);
    const s = r.series!;
    expect(s.sourceServers).toBe(1);
    expect(s.sourceBusyMs!.reduce((a, b) => a + b, 0)).toBeCloseTo(3, 12);
    expect(s.queueAreaMs!.reduce((a, b) => a + b, 0)).toBeCloseTo(2.7, 12);
    expect(s.queueAreaMs![0]).toBeCloseTo(2.7, 12); // all in the first 1-second window
  });

  it('a timeout fails a read that would wait longer, when it expires', () => {
    const r = run({ timeoutMs: 0.5 });
    expect(r.sourceQueue).toMatchObject({ sourceErrors: 2, sourceTimeouts: 2, failedDemandReads: 2 });
    expect(r.latencyMs.p50).toBeCloseTo(0.5, 2); // two of the five waited 0.5 ms and failed
  });
});

describe('backfillPriority low through the runner', () => {
  it('demand reads wait less than with one FIFO line, backfills more; every count still balances', () => {
    const w = resolveWorkload('zipf', { requests: 60_000, keys: 5_000, rate: 2_000 });
    const run = (backfillPriority: string) =>
      runStrategiesSync(openStream(w, 5), resolveStrategies(['lru-backfill'], { capacity: 500, batch: 20 }, 5_000), {
        seed: 5,
        latency: DEFAULT_LATENCY,
        source: validateSourceParams({ sourceConcurrency: 2, serviceMs: 1, backfillPriority }, 'test'),
      })[0]!.sourceQueue!;
    const same = run('same');
    const low = run('low');
    expect(same.meanBackfillWaitMs).toBeGreaterThan(0); // the line is busy enough for the order to matter
    expect(low.meanQueueWaitMs).toBeLessThan(same.meanQueueWaitMs);
    expect(low.meanBackfillWaitMs).toBeGreaterThan(same.meanBackfillWaitMs);
  });
});
