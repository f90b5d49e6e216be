// The source pool, measured and modelled: the stand-in's pool on a virtual clock with scripted
// service times, so every wait is known exactly; the queue model fed the same calls must give the
// same figures (a FIFO pool with fixed service times is exactly the model); the live runner and the
// report carry both.
import { describe, expect, it } from 'vitest';
import { resolveStrategies } from '../runner/strategy-config.ts';
import type { LatencyModel } from '../source/source-model.ts';
import { BACKFILL, DEMAND } from '../source/queue/call-class.ts';
import { resolveWorkload } from '../workloads/workload-config.ts';
import { runLive } from './live-run.ts';
import { CAPACITY_TRACKED, poolTable, renderLoadCsv, renderLoadMarkdown, type LoadReport } from './load-report.ts';
import { PoolMeter, spread, type PoolCall } from './pool-meter.ts';
import { fitService, poolVerdict, predictPool } from './pool-model.ts';
import { StandInCache, StandInSource, type Waits } from './stand-ins.ts';

/** Virtual time: waits resolve only when the clock jumps to them, once everything runnable has run. */
class VirtualClock implements Waits {
  t = 0;
  private pending: { at: number; resolve: () => void }[] = [];
  readonly now = () => this.t;

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => this.pending.push({ at: this.t + ms, resolve }));
  }

  /** Runs until nothing is pending: settle, jump to the earliest wake-up, wake everything due then. */
  async run(): Promise<void> {
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (this.pending.length === 0) return;
      const at = Math.min(...this.pending.map((p) => p.at));
      this.t = at;
      const due = this.pending.filter((p) => p.at === at);
      this.pending = this.pending.filter((p) => p.at !== at);
      for (const d of due) d.resolve();
    }
  }
}

async function pooled(poolSize: number, callMs: number, perKeyMs: number) {
  const clock = new VirtualClock();
  const source = new StandInSource({ hitMs: 0, callMs, perKeyMs, jitter: 0 }, { poolSize, waits: clock });
  await source.checkKeySpace(1000);
  const meter = new PoolMeter(poolSize, clock.now);
  await source.startPool(meter);
  return { clock, source, meter };
}

describe('the pool meter on the stand-in pool (virtual clock, exact waits)', () => {
  it('5 calls at once on 2 connections of 10 ms: waits 0, 0, 10, 10, 20; line 3, 1, 0 for 10 ms each', async () => {
    const { clock, source, meter } = await pooled(2, 10, 0);
    const reads = [1, 2, 3, 4, 5].map((k) => source.readOne(k));
    await clock.run();
    await Promise.all(reads);
    expect(meter.calls.map((c) => c.gotAt - c.askedAt)).toEqual([0, 0, 10, 10, 20]);
    const f = meter.figures();
    expect(meter.maxInUse).toBe(2);
    // Derived by hand: 50 ms of service on 2 connections over 30 ms; the line holds 3 calls for
    // [0, 10), 1 for [10, 20), none for [20, 30): mean 40 / 30, p99 and max 3.
    expect(f).toMatchObject({ poolSize: 2, calls: 5, demandCalls: 5, backfillCalls: 0, spanMs: 30, errors: 0, waitTimeouts: 0 });
    expect(f.waitMs).toEqual({ mean: 8, p99: 20, max: 20 });
    expect(f.serviceMs).toEqual({ mean: 10, p99: 10, max: 10 });
    expect(f.utilisation).toBeCloseTo(50 / 60, 12);
    expect(f.queueMean).toBeCloseTo(40 / 30, 12);
    expect([f.queueP99, f.queueMax]).toEqual([3, 3]);
    // The queue model on the same calls, c = 2, service fitted (10 ms): the same figures, all of them.
    const model = predictPool(meter.calls, 2, null);
    expect(model.fit).toEqual({ fixedMs: 10, perKeyMs: 0, calls: 5 });
    expect(model.figures).toEqual(f);
    expect(poolVerdict(f, model.figures)).toBe('fits (mean wait 8.000 / 8.000 ms)');
    expect(predictPool(meter.calls, 2, null, 'measured').figures).toEqual(f);
  });

  it('staggered calls, a batch among them, one connection of 4 ms + 1 ms per key: waits 0, 9, 13; the fit finds 4 + 1/key', async () => {
    const { clock, source, meter } = await pooled(1, 4, 1);
    const done: Promise<unknown>[] = [source.readMany(Uint32Array.from([1, 2, 3, 4, 5, 6]), 6)];
    done.push(clock.wait(1).then(() => source.readOne(7)));
    done.push(clock.wait(2).then(() => source.readOne(8)));
    await clock.run();
    await Promise.all(done);
    expect(meter.calls.map((c) => [c.cls, c.keys, c.askedAt, c.gotAt, c.doneAt])).toEqual([
      [BACKFILL, 6, 0, 0, 10],
      [DEMAND, 1, 1, 10, 15],
      [DEMAND, 1, 2, 15, 20],
    ]);
    const f = meter.figures();
    expect(f.waitMs).toEqual({ mean: 22 / 3, p99: 13, max: 13 });
    expect([f.demandWaitMeanMs, f.backfillWaitMeanMs]).toEqual([22 / 2, 0]);
    expect(f.utilisation).toBe(1);
    // Line: 1 call for [1, 2), 2 for [2, 10), 1 for [10, 15), 0 for [15, 20): 22 call-ms over 20 ms.
    expect(f.queueMean).toBeCloseTo(22 / 20, 12);
    const model = predictPool(meter.calls, 1, null);
    expect(model.fit.fixedMs).toBeCloseTo(4, 12);
    expect(model.fit.perKeyMs).toBeCloseTo(1, 12);
    expect(model.figures.waitMs.max).toBeCloseTo(13, 9);
    expect(model.figures.queueMean).toBeCloseTo(f.queueMean, 9);
    expect(model.figures.utilisation).toBeCloseTo(1, 9);
    expect(predictPool(meter.calls, 1, null, 'measured').figures).toEqual(f);
  });

  it('replaying the measured services: a slow call delays the ones behind it, which the fitted (mean) service does not', () => {
    // One connection; calls at 0, 1, 2 with measured services 10, 1, 1 (mean 4).
    const at = (askedAt: number, service: number): PoolCall => ({ cls: DEMAND, keys: 1, askedAt, gotAt: 0, doneAt: service, outcome: 'ok' });
    const calls = [at(0, 10), at(1, 1), at(2, 1)];
    // Measured: the 2nd starts at 10 (waits 9), the 3rd at 11 (waits 9). Fitted 4 ms: at 4 (3) and 8 (6).
    expect(predictPool(calls, 1, null, 'measured').figures.waitMs).toEqual({ mean: 6, p99: 9, max: 9 });
    expect(predictPool(calls, 1, null, 'fitted').figures.waitMs).toEqual({ mean: 3, p99: 6, max: 6 });
  });

  it('the model with fewer connections than the pool had predicts waits the pool did not have', async () => {
    const { clock, source, meter } = await pooled(4, 10, 0);
    const reads = [1, 2, 3, 4].map((k) => source.readOne(k));
    await clock.run();
    await Promise.all(reads);
    expect(meter.figures().waitMs.max).toBe(0);
    // c = 1 on the same four calls: they queue behind each other, 0 + 10 + 20 + 30 ms; a 15 ms wait limit fails the last two.
    expect(predictPool(meter.calls, 1, null).figures.waitMs).toEqual({ mean: 15, p99: 30, max: 30 });
    expect(predictPool(meter.calls, 1, 15).figures).toMatchObject({ waitTimeouts: 2, waitMs: { mean: 5, p99: 10, max: 10 } });
  });

  it('a failed call counts as an error and frees its connection', async () => {
    const { clock, source, meter } = await pooled(1, 10, 0);
    source.faults.set('fail');
    await expect(source.readOne(1)).rejects.toThrow(/ECONNREFUSED/);
    source.faults.set('none');
    const r = source.readOne(2);
    await clock.run();
    expect(await r).not.toBeNull();
    expect(meter.figures()).toMatchObject({ calls: 2, errors: 1 });
    expect(meter.inUse).toBe(0);
  });
});

describe('fitService and spread', () => {
  const call = (keys: number, service: number): PoolCall => ({ cls: DEMAND, keys, askedAt: 0, gotAt: 0, doneAt: service, outcome: 'ok' });
  it('one key count: the mean, no per-key part; a falling line: clamped to the mean; failed calls left out', () => {
    expect(fitService([call(1, 1), call(1, 3)])).toEqual({ fixedMs: 2, perKeyMs: 0, calls: 2 });
    expect(fitService([call(1, 5), call(10, 1)])).toEqual({ fixedMs: 3, perKeyMs: 0, calls: 2 });
    expect(fitService([call(1, 2), { ...call(5, 100), outcome: 'error' }])).toEqual({ fixedMs: 2, perKeyMs: 0, calls: 1 });
  });
  it('nearest-rank p99', () => {
    expect(spread(Array.from({ length: 200 }, (_, i) => 200 - i))).toEqual({ mean: 100.5, p99: 198, max: 200 });
    expect(spread([])).toEqual({ mean: 0, p99: 0, max: 0 });
  });
  it('the verdict says which way the model is off', () => {
    const f = (mean: number) => ({ ...predictPool([], 1, null).figures, waitMs: { mean, p99: mean, max: mean } });
    expect(poolVerdict(f(1), f(0.9))).toMatch(/^fits/);
    expect(poolVerdict(f(0.15), f(0.1))).toMatch(/^fits/); // within 0.1 ms
    expect(poolVerdict(f(2), f(1))).toBe("model under: the pool's mean wait 2.00x the model's (2.000 / 1.000 ms)");
    expect(poolVerdict(f(1), f(2))).toBe("model over: the pool's mean wait 0.50x the model's (1.000 / 2.000 ms)");
  });
});

describe('the live runner and the report with a source pool', () => {
  it('measures every source call, checks them against the calls sent, and reports the pool beside the model', async () => {
    const latency: LatencyModel = { hitMs: 0, callMs: 1, perKeyMs: 0.05, jitter: 0 };
    const workload = resolveWorkload('zipf', { keys: 1000, rate: 500, requests: 1000 });
    const cache = new StandInCache(0);
    const source = new StandInSource(latency, { poolSize: 2 });
    await source.checkKeySpace(1000);
    const runs = [];
    for (const resolved of resolveStrategies(['none', 'lru-backfill'], {}, 1000)) {
      runs.push(await runLive({ resolved, workload, seed: 1, latency, durationMs: 300, concurrency: 16, timeoutMs: 500, singleFlight: false }, cache, source));
    }
    for (const x of runs) {
      expect(x.live.failedChecks).toEqual([]);
      expect(x.live.pool!.calls).toBe(x.live.sourceQueries);
      expect(x.live.poolMaxInUse).toBeLessThanOrEqual(2);
      expect(x.poolModel!.figures.calls).toBe(x.live.sourceQueries);
      // The stand-in's service is 1 ms + 0.05 ms/key plus the event loop's delay: never less.
      expect(x.poolModel!.fit.fixedMs + x.poolModel!.fit.perKeyMs).toBeGreaterThanOrEqual(1);
      expect(x.poolVerdict).toMatch(/^(fits|model under|model over)/);
      // The simulator with the fitted source model: c = 2, the fitted service, on the same requests.
      expect(x.simulatorQueuedSource).toMatchObject({ sourceConcurrency: 2, serviceMs: x.poolModel!.fit.fixedMs, servicePerKeyMs: x.poolModel!.fit.perKeyMs, coalesce: false, timeoutMs: null });
      expect(x.simulatorQueued!.requests).toBe(x.simulator.requests);
      expect(x.simulatorQueued!.sourceQueue!.utilisation).toBeGreaterThan(0);
    }
    const r: LoadReport = {
      workload,
      seed: 1,
      latency,
      durationMs: 300,
      settings: { concurrency: 16, timeoutMs: 500, singleFlight: false, pgPool: 2, redisConnections: 1, table: 'bb_source', spin: false },
      failed: [],
      cache: { kind: cache.kind, label: cache.label, capacity: CAPACITY_TRACKED },
      source: { kind: source.kind, label: source.label },
      runs,
      skipped: [],
      interrupted: false,
    };
    const md = renderLoadMarkdown(r);
    expect(md).toMatch(/Source pool \(per source call/);
    const rows = poolTable(r)!.split('\n').slice(2);
    expect(rows).toHaveLength(8);
    expect(rows[0]).toMatch(/^\| none +\| stand-in pool +\| +2 \|/);
    expect(rows[1]).toMatch(/^\| +\| model, service [\d.]+ \+ [\d.]+\/key ms +\| +2 \|.*\| (fits|model under|model over)/);
    expect(rows[2]).toMatch(/^\| +\| model, measured services +\| +2 \|.*\| (fits|model under|model over)/);
    expect(rows[3]).toMatch(/^\| +\| simulator, same c and service +\| +2 \|.*\| (fits \(|model (under|over): the pool's )demand wait/);
    const csv = renderLoadCsv(r).trim().split('\n');
    const header = csv[0]!.split(',');
    const col = header.indexOf('poolCalls');
    expect(col).toBeGreaterThan(0);
    expect(csv[1]!.split(',')[col]).toBe(String(runs[0]!.live.sourceQueries));
    expect(csv[2]!.split(',')[col]).toBe(String(runs[0]!.live.sourceQueries));
    // Without a pool: no pool table, no pool columns.
    const noPool = {
      ...r,
      runs: runs.map((x) => ({
        ...x,
        live: { ...x.live, pool: undefined },
        poolModel: undefined,
        poolVerdict: undefined,
        poolReplay: undefined,
        poolReplayVerdict: undefined,
        simulatorQueued: undefined,
        simulatorQueuedSource: undefined,
        simulatorQueuedVerdict: undefined,
      })),
    };
    expect(renderLoadMarkdown(noPool)).not.toMatch(/Source pool/);
    expect(renderLoadCsv(noPool)).not.toMatch(/poolCalls/);
  });
});
