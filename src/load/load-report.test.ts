// The load report: live and simulator rows side by side, partial results marked with their causes,
// CSV rows for both, JSON with the overall status.
import { describe, expect, it } from 'vitest';
import { resolveStrategies } from '../runner/strategy-config.ts';
import type { LatencyModel } from '../source/source-model.ts';
import { resolveWorkload } from '../workloads/workload-config.ts';
import { runLive } from './live-run.ts';
import { CAPACITY_TRACKED, isPartial, loadDocument, renderLoadCsv, renderLoadMarkdown, reportStatus, type LoadReport } from './load-report.ts';
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
    failed: [],
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

  it('a cross-check that disagrees fails the report and says which check', async () => {
    const ok = await report(undefined);
    const [first, ...rest] = ok.runs;
    const bad = { ...first!, live: { ...first!.live, failedChecks: ['the cache holds 9,998 keys at the end, the strategy 10,000'] } };
    const r = { ...ok, runs: [bad, ...rest] };
    expect(isPartial(r)).toBe(false);
    expect(reportStatus(r)).toBe('checks-failed');
    const md = renderLoadMarkdown(r);
    expect(md).not.toMatch(/All runs complete/);
    expect(md).toMatch(/\*\*CROSS-CHECK FAILED\*\*:\n- none: the cache holds 9,998 keys at the end, the strategy 10,000/);
    expect(loadDocument(r).status).toBe('checks-failed');
  });

  it('a strategy that could not run (a server gone) makes the report partial and names it', async () => {
    const r = { ...(await report(undefined)), failed: [{ strategy: 'time-based', reason: 'connect ECONNREFUSED' }] };
    expect(reportStatus(r)).toBe('partial');
    expect(renderLoadMarkdown(r)).toMatch(/- time-based: not run to the end: connect ECONNREFUSED/);
    expect(loadDocument(r).failed).toEqual([{ strategy: 'time-based', reason: 'connect ECONNREFUSED' }]);
  });
});
