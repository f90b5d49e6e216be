// Freshness, live, on the stand-ins (no servers): writes at the source become versioned UPDATEs, the
// write mode's cache side (DEL, or nothing), stale reads measured live against the versions the
// UPDATEs returned, and the cross-checks (decided stale reads, UPDATEs against the source's updated
// rows). One request at a time, nothing races: the live stale reads equal the strategy's exactly.
// The strategy is the runner's test stub (an unbounded map cache that takes writes).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stubStrategy, type StubMode, type VersionedMapCache } from '../runner/ops-test-support.ts';
import type { LatencyModel } from '../source/source-model.ts';
import { resolveWorkload, validateWorkload } from '../workloads/workload-config.ts';
import { loadWorkload } from '../workloads/stream.ts';
import { renderLoadCsv, renderLoadMarkdown, type LoadReport } from './load-report.ts';
import { runLive, type LiveRunOptions } from './live-run.ts';
import { StandInCache, StandInSource } from './stand-ins.ts';
import { resolveStrategies } from '../runner/strategy-config.ts';
import { tempDir } from '../../test/helpers/traces.ts';

const ZERO: LatencyModel = { hitMs: 0, callMs: 0, perKeyMs: 0, jitter: 0 };

async function standIns(sourceKeys: number) {
  const cache = new StandInCache(0);
  const source = new StandInSource(ZERO);
  await cache.open();
  await source.open();
  await source.checkKeySpace(sourceKeys);
  return { cache, source };
}

function zipfWithWrites(mode: 'invalidate' | 'none', made: VersionedMapCache[], stub: StubMode): LiveRunOptions {
  const workload = resolveWorkload('zipf', { keys: 200, rate: 1000, requests: 1000, writes: '500/s', writeMode: mode });
  return { resolved: stubStrategy(stub, made), workload, seed: 5, latency: ZERO, durationMs: 300, concurrency: 1, timeoutMs: 1000, singleFlight: false };
}

describe('live freshness on stand-ins', () => {
  it('write mode none: cached values go stale; live stale reads = the strategy decided = the stub counted', async () => {
    const made: VersionedMapCache[] = [];
    const { cache, source } = await standIns(200);
    const { live, simulator, decisionsMatchSimulator } = await runLive(zipfWithWrites('none', made, 'none'), cache, source);
    const f = live.freshness!;
    expect(live.status, live.partialReasons.join('; ')).toBe('complete');
    expect(live.failedChecks).toEqual([]);
    expect(decisionsMatchSimulator).toBe(true);
    // ~150 writes in 300 ms at 500/s; every one an UPDATE the stand-in counted, none reaching the cache.
    expect(f.writes).toBeGreaterThan(80);
    expect(f.writeErrors).toBe(0);
    expect(live.server.source!.rowsUpdated).toBe(f.writes);
    expect(f.dels + f.updates).toBe(0);
    // The mirror's stub (made[0]) and the simulator's (made[1]) counted the same stale reads.
    expect(made).toHaveLength(2);
    expect(f.decidedStaleReads).toBe(made[0]!.staleReads);
    expect(made[1]!.staleReads).toBe(made[0]!.staleReads);
    expect(f.decidedStaleReads).toBeGreaterThan(0);
    expect(f.staleReads).toBe(f.decidedStaleReads);
    expect(f.staleReadRatio).toBeCloseTo(f.staleReads / (live.clientHits + live.clientMisses), 12);
    expect(f.racedFills).toBe(0);
    expect(f.versionsAhead).toBe(0);
    expect(live.scheduled).toBe(simulator.requests + f.writes);
    // Every read row's value is the seeded one (writes move the version column only).
    expect(live.wrongValues).toBe(0);
    expect(live.sourceRows + f.writes).toBe(live.server.source!.rowsFetched);
  });

  it('write mode invalidate: every write DELs its key, nothing is served stale, the cache ends as the strategy', async () => {
    const made: VersionedMapCache[] = [];
    const { cache, source } = await standIns(200);
    const { live } = await runLive(zipfWithWrites('invalidate', made, 'invalidate'), cache, source);
    const f = live.freshness!;
    expect(live.failedChecks).toEqual([]);
    expect(f.dels).toBe(f.writes);
    expect(live.cacheCommands.del).toBe(f.writes);
    expect(live.cacheCommandsTotal).toBe(live.server.cacheCommandsTotal);
    expect(f.staleReads).toBe(0);
    expect(f.decidedStaleReads).toBe(0);
    expect(live.cacheKeysAtEnd).toBe(live.strategyStats.finalSize);
  });

  it("a trace's own write and delete records (csv op column, ms times) go out as UPDATEs and DELs in order", async () => {
    const dir = tempDir();
    const p = join(dir, 'ops.csv');
    // key 1 read (miss, fill), written (DEL), read (miss: version 1 read and cached), deleted (DEL), read (miss).
    const rows = ['time_ms,key,op', '0,1,get', '20,1,set', '40,1,get', '60,1,get', '80,1,delete', '100,1,get', '120,2,get'];
    writeFileSync(p, `${rows.join('\n')}\n`);
    const workload = await loadWorkload(validateWorkload(p, { workload: 'trace', path: p }, p), 1);
    const made: VersionedMapCache[] = [];
    const { cache, source } = await standIns(2);
    const o: LiveRunOptions = { resolved: stubStrategy('invalidate', made), workload, seed: 1, latency: ZERO, durationMs: 1000, concurrency: 1, timeoutMs: 1000, singleFlight: false };
    const r = await runLive(o, cache, source);
    const f = r.live.freshness!;
    expect(r.live.failedChecks).toEqual([]);
    expect(f.writes).toBe(2);
    expect(f.dels).toBe(2);
    // Reads: miss, miss, hit, miss, miss (the 5 reads of the trace, by hand).
    expect([r.live.clientHits, r.live.clientMisses]).toEqual([1, 4]);
    expect(r.simulator.requests).toBe(5);
    expect(r.simulator.hits).toBe(1);
    // Key "1" is id 0 (ids follow ascending key order); the write at 20 ms, the delete at 80 ms.
    expect(made[0]!.writesSeen.map((w) => [w.key, w.now, w.op])).toEqual([
      [0, 20, 1],
      [0, 80, 2],
    ]);
    const report: LoadReport = {
      workload,
      seed: 1,
      latency: ZERO,
      durationMs: 1000,
      settings: { concurrency: 1, timeoutMs: 1000, singleFlight: false, pgPool: 1, redisConnections: 1, table: 't', spin: false },
      cache: { kind: 'stand-in', label: 'stand-in', capacity: 'tracked' },
      source: { kind: 'stand-in', label: 'stand-in' },
      runs: [r],
      skipped: [],
      failed: [],
      interrupted: false,
    };
    const md = renderLoadMarkdown(report);
    expect(md).toMatch(/Freshness \(source writes as UPDATE/);
    expect(md).toMatch(/\| stub-invalidate +\| +2 \/ 2 \| +0 \| +2 \/ 0 \|/);
    expect(renderLoadCsv(report).split('\n')[0]).toMatch(/,writes,writeErrors,serverRowsUpdated,cacheDels,cacheUpdates,ttlSets,liveStaleReads,liveStaleReadRatio,decidedStaleReads,racedFills/);
  });

  it("a read record's TTL (a csv ttl column, no ops) sets its key's TTL before the read, live as in the simulator; fills go out with PX", async () => {
    const dir = tempDir();
    const p = join(dir, 'ttl.csv');
    // key 1 read with TTL 50 ms (miss, filled until 50), hit at 20, expired at 80 (an expired miss),
    // key 2 read at 100 without one (the ttl preset's 60 s).
    writeFileSync(p, ['time_ms,key,ttl_ms', '0,1,50', '20,1,0', '80,1,0', '100,2,0'].join('\n') + '\n');
    const workload = await loadWorkload(validateWorkload(p, { workload: 'trace', path: p }, p), 1);
    const [resolved] = resolveStrategies(['ttl'], { capacity: 'unbounded' }, 2);
    const { cache, source } = await standIns(2);
    const r = await runLive({ resolved: resolved!, workload, seed: 1, latency: ZERO, durationMs: 1000, concurrency: 1, timeoutMs: 1000, singleFlight: false }, cache, source);
    expect(r.live.failedChecks).toEqual([]);
    expect(r.decisionsMatchSimulator).toBe(true);
    expect([r.simulator.requests, r.simulator.hits, r.simulator.freshness!.expiredMisses]).toEqual([4, 1, 1]);
    expect([r.live.clientHits, r.live.clientMisses]).toEqual([1, 3]);
    // Three fills, each with its entry's TTL as PX.
    expect(r.live.freshness!.ttlSets).toBe(3);
  });
});
