// The live runner on the in-process stand-ins (no servers needed): the strategy's decisions are the
// simulator's, client counters agree with the stand-ins' own, faults end in partial results on
// schedule, and single-flight coalesces concurrent misses.
import { describe, expect, it } from 'vitest';
import { resolveStrategies } from '../runner/strategy-config.ts';
import type { LatencyModel } from '../source/source-model.ts';
import { resolveWorkload } from '../workloads/workload-config.ts';
import { runLive, type LiveRunOptions } from './live-run.ts';
import { StandInCache, StandInSource } from './stand-ins.ts';

const ZERO: LatencyModel = { hitMs: 0, callMs: 0, perKeyMs: 0, jitter: 0 };

function options(o: {
  strategy: string;
  keys?: number;
  alpha?: number;
  rate?: number;
  durationMs?: number;
  timeoutMs?: number;
  singleFlight?: boolean;
  latency?: LatencyModel;
  capacity?: number;
  concurrency?: number;
}): LiveRunOptions {
  const rate = o.rate ?? 1000;
  const durationMs = o.durationMs ?? 400;
  const workload = resolveWorkload('zipf', { keys: o.keys ?? 2000, alpha: o.alpha, rate, requests: Math.ceil((rate * durationMs) / 1000) * 2 + 100 });
  const [resolved] = resolveStrategies([o.strategy], { capacity: o.capacity, intervalMs: o.strategy === 'time-based' ? 50 : undefined }, o.keys ?? 2000);
  return {
    resolved: resolved!,
    workload,
    seed: 3,
    latency: o.latency ?? ZERO,
    durationMs,
    concurrency: o.concurrency ?? 64,
    timeoutMs: o.timeoutMs ?? 1000,
    singleFlight: o.singleFlight ?? false,
  };
}

async function standIns(latency: LatencyModel, sourceKeys: number) {
  const cache = new StandInCache(latency.hitMs);
  const source = new StandInSource(latency);
  await cache.open();
  await source.open();
  await source.checkKeySpace(sourceKeys);
  return { cache, source };
}

describe('runLive on stand-ins', () => {
  it.each(['none', 'threshold', 'lru-backfill', 'time-based'])("%s: decisions equal the simulator, counters agree with the stand-ins', the run completes", async (strategy) => {
    const o = options({ strategy, capacity: strategy === 'threshold' ? undefined : 200 });
    const { cache, source } = await standIns(ZERO, 2000);
    const { live, simulator, decisionsMatchSimulator } = await runLive(o, cache, source);
    expect(live.status, live.partialReasons.join('; ')).toBe('complete');
    expect(decisionsMatchSimulator).toBe(true);
    expect(live.scheduled).toBe(simulator.requests);
    expect(live.ok).toBe(live.scheduled);
    expect(live.decidedHits).toBe(simulator.hits);
    expect(live.clientHits + live.clientMisses).toBe(live.ok);
    // How many decided hits find their fill still in flight depends on scheduling (a starved process
    // sends a burst of due requests at once): exact only one request at a time, checked below.
    expect(live.sourceRows).toBe(live.server.source!.rowsFetched);
    expect(live.sourceQueries).toBe(live.server.source!.transactions);
    expect(live.sourceKeysRequested).toBe(live.server.source!.indexScans);
    expect(live.cacheCommandsTotal).toBe(live.server.cacheCommandsTotal);
    expect(live.wrongValues).toBe(0);
    expect(live.cacheKeysAtEnd).toBeGreaterThan(0);
    // Writes land in decision order, key by key: the cache holds exactly what the strategy holds.
    expect(live.cacheKeysAtEnd).toBe(live.strategyStats.finalSize);
    expect(live.failedChecks).toEqual([]);
    if (strategy !== 'none') expect(live.strategyStats.backfills).toBeGreaterThan(0);
    if (strategy === 'time-based') expect(live.timerBackfills).toBe(live.strategyStats.backfills);
    // The achieved rate is wall-clock timing: scripts/load-integration.sh checks it on real servers.
  });

  it.each(['none', 'threshold', 'lru-backfill'])('%s, one request at a time: clients see exactly the decided hits (no fill in flight)', async (strategy) => {
    const { cache, source } = await standIns(ZERO, 2000);
    const { live, simulator } = await runLive(options({ strategy, capacity: strategy === 'threshold' ? undefined : 200, concurrency: 1, durationMs: 200 }), cache, source);
    expect(live.status, live.partialReasons.join('; ')).toBe('complete');
    expect(simulator.hits).toBeGreaterThan(0);
    expect(live.clientHits).toBe(simulator.hits);
    expect([live.staleMirror, live.unexpectedHits]).toEqual([0, 0]);
  });

  it("writes that complete out of order still leave the cache holding exactly the strategy's keys (a SET never overtaken by an earlier UNLINK)", async () => {
    // Each write lands after 0 - 15 turns of the event loop, varying from one write to the next, so
    // that a later request's SET of a key would often land before an earlier request's UNLINK of it.
    class UnevenCache extends StandInCache {
      private writes = 0;
      override async write(keys: ArrayLike<number>, values: ArrayLike<number>, n: number, remove: readonly number[]): Promise<void> {
        const turns = Math.imul(++this.writes, 0x9e3779b1) >>> 28;
        for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
        return super.write(keys, values, n, remove);
      }
    }
    for (const strategy of ['none', 'lru-backfill']) {
      const o = options({ strategy, keys: 400, capacity: 40, rate: 2000, durationMs: 300 });
      const cache = new UnevenCache(0);
      const source = new StandInSource(ZERO);
      await source.checkKeySpace(400);
      const { live } = await runLive(o, cache, source);
      expect(live.status, live.partialReasons.join('; ')).toBe('complete');
      expect(live.strategyStats.evictions).toBeGreaterThan(100);
      expect(live.cacheKeysAtEnd).toBe(live.strategyStats.finalSize);
      expect(live.failedChecks).toEqual([]);
    }
  });

  it('a cache that fails mid-run: errors counted, partial results, the run completes as partial', async () => {
    const o = options({ strategy: 'lru-backfill', durationMs: 500 });
    const { cache, source } = await standIns(ZERO, 2000);
    setTimeout(() => cache.faults.set('fail'), 200);
    // Ending on schedule is wall-clock timing: scripts/load-integration.sh checks it (Redis killed mid-run).
    const { live } = await runLive(o, cache, source);
    expect(live.status).toBe('partial');
    expect(live.errors).toBeGreaterThan(10);
    expect(live.ok).toBeGreaterThan(10);
    expect(live.ok + live.errors + live.timeouts).toBe(live.scheduled);
    expect(live.partialReasons.join(' ')).toMatch(/requests failed/);
    expect(live.errorCauses[0]!.message).toMatch(/ECONNREFUSED/);
  });

  it('a source that stalls: requests time out at the deadline, the run ends partial', async () => {
    const o = options({ strategy: 'none', durationMs: 400, timeoutMs: 150 });
    const { cache, source } = await standIns(ZERO, 2000);
    setTimeout(() => source.faults.set('stall'), 150);
    const { live } = await runLive(o, cache, source);
    source.faults.set('none');
    expect(live.status).toBe('partial');
    expect(live.timeouts).toBeGreaterThan(20);
    expect(live.partialReasons.join(' ')).toMatch(/timed out/);
    expect(live.partialReasons.join(' ')).toMatch(/source server counters unavailable/);
  });

  it('single-flight: concurrent misses of a hot key share one source read', async () => {
    // Few keys, very skewed, slow source: many requests for a key arrive while its fill is in flight.
    const latency: LatencyModel = { hitMs: 0.1, callMs: 20, perKeyMs: 0, jitter: 0 };
    const run = async (singleFlight: boolean) => {
      const { cache, source } = await standIns(latency, 50);
      return (await runLive(options({ strategy: 'none', keys: 50, alpha: 1.5, rate: 1000, durationMs: 300, singleFlight, latency }), cache, source)).live;
    };
    const off = await run(false);
    const on = await run(true);
    expect(off.coalesced).toBe(0);
    expect(on.coalesced).toBeGreaterThan(10);
    expect(on.demandQueries).toBeLessThan(off.demandQueries);
    expect(on.staleMirror).toBeGreaterThan(0);
    expect(on.status).toBe('complete');
  });
});
