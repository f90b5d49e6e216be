// The load report: live and simulator rows side by side, partial results marked with their causes,
// CSV rows for both, JSON with the overall status.
import { describe, expect, it } from 'vitest';
import { resolveStrategies } from '../runner/strategy-config.ts';
import type { LatencyModel } from '../source/source-model.ts';
import { resolveWorkload } from '../workloads/workload-config.ts';
import { runLive } from './live-run.ts';
import { CAPACITY_TRACKED, isPartial, loadDocument, renderLoadCsv, renderLoadMarkdown, type LoadReport } from './load-report.ts';
import { StandInCache, StandInSource } from './stand-ins.ts';

const latency: LatencyModel = { hitMs: 0, callMs: 0, perKeyMs: 0, jitter: 0 };

async function report(failCacheAfterMs: number | undefined): Promise<LoadReport> {
  const workload = resolveWorkload('zipf', { keys: 1000, rate: 500, requests: 1000 });
  const strategies = resolveStrategies(['none', 'lru-backfill'], {}, 1000);
  const cache = new StandInCache(0);
  const source = new StandInSource(latency);
  await source.checkKeySpace(1000);
  const runs = [];
  for (const resolved of strategies) {
    if (failCacheAfterMs !== undefined) setTimeout(() => cache.faults.set('fail'), failCacheAfterMs);
    runs.push(await runLive({ resolved, workload, seed: 1, latency, durationMs: 300, concurrency: 16, timeoutMs: 200, singleFlight: false }, cache, source));
    cache.faults.set('none');
  }
  return {
    workload,
    seed: 1,
    latency,
    durationMs: 300,
    settings: { concurrency: 16, timeoutMs: 200, singleFlight: false, pgPool: 16, redisConnections: 1, table: 'bb_source', spin: false },
    cache: { kind: cache.kind, label: cache.label, capacity: CAPACITY_TRACKED },
    source: { kind: source.kind, label: source.label },
    runs,
    skipped: [],
    interrupted: false,
  };
}

describe('load report', () => {
  it('puts a live row and a simulator row per strategy, with the same columns', async () => {
    const r = await report(undefined);
    const md = renderLoadMarkdown(r);
    expect(isPartial(r)).toBe(false);
    const rows = md.split('\n').filter((l) => /^\| (none|lru-backfill|) +\| (live|simulator)/.test(l));
    expect(rows).toHaveLength(4);
    expect(rows.map((l) => l.split('|').length)).toEqual([18, 18, 18, 18]);
    expect(md).toMatch(/Capacity: tracked by the strategy/);
    expect(md).toMatch(/Stand-ins are in-process fakes/);
    expect(md).toMatch(/All runs complete\./);
    const csv = renderLoadCsv(r).trim().split('\n');
    expect(csv).toHaveLength(5);
    expect(csv[1]).toMatch(/^zipf,1,none,live,complete,/);
    expect(csv[2]).toMatch(/^zipf,1,none,simulator,modeled,/);
    expect(loadDocument(r).status).toBe('complete');
  });

  it('marks partial runs, in the table and under it, with their causes', async () => {
    const r = await report(120);
    expect(isPartial(r)).toBe(true);
    const md = renderLoadMarkdown(r);
    expect(md).toMatch(/\| PARTIAL +\|/);
    expect(md).toMatch(/\*\*PARTIAL RESULTS\*\*/);
    expect(md).toMatch(/- none: [\d,]+ requests failed.*Causes: [\d,]+ x stand-in cache: connect ECONNREFUSED/);
    expect(loadDocument(r).status).toBe('partial');
  });
});
