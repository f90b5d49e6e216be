// `load` through the real CLI entry point, on the in-process stand-ins (no servers): the report in
// bench's formats with live and simulator rows, and one-line refusals (exit 2) before any load.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../cli/main.ts';
import { captureStdio, resetCaptured, stderr, stdout } from '../../test/helpers/cli.ts';
import { StandInCache, StandInSource } from './stand-ins.ts';
import { fixture } from '../../test/helpers/traces.ts';

/** Output folders, numbered (names need not be random, only distinct). */
let outs = 0;

const tmp = mkdtempSync(join(tmpdir(), 'load-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

captureStdio();
afterEach(() => vi.restoreAllMocks());

describe('load (stand-ins)', () => {
  it('runs each strategy and writes the report: live and simulator rows, CSV, JSON, run.json', async () => {
    const out = join(tmp, 'run');
    const code = await main(['load', '--duration', '300ms', '--rate', '400', '--keys', '1000', '--out', out, '--no-progress']);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/in-process stand-ins/);
    expect(stdout).toMatch(/^Live load test, workload zipf/);
    expect(stdout).toMatch(/Cache: in-process stand-in .*not Redis/);
    expect(stdout).toMatch(/\| none +\| live \(stand-in \+ stand-in\) \|/);
    expect(stdout.match(/\| simulator /g)).toHaveLength(2);
    expect(stdout).toMatch(/All runs complete\./);
    const doc = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(doc.kind).toBe('load');
    expect(doc.status).toBe('complete');
    expect(doc.results.map((r: { strategy: string }) => r.strategy)).toEqual(['none', 'lru-backfill']);
    for (const r of doc.results) {
      expect(r.decisionsMatchSimulator).toBe(true);
      expect(r.live.ok).toBe(r.simulator.requests);
    }
    const csv = readFileSync(join(out, 'summary.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(5);
    // The stand-in source has no pool unless --pg-pool gives it one: no pool table.
    expect(stdout).not.toMatch(/Source pool/);
    expect(csv[0]).toMatch(/^workload,seed,strategy,run,status,capacity/);
    expect(existsSync(join(out, 'summary.md'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).load.redis).toBe('stand-in');
  });

  it('--pg-pool gives the stand-in source a pool: the pool table, live beside the model and the simulator', async () => {
    const out = join(tmp, 'pool');
    const code = await main(['load', '--duration', '300ms', '--rate', '400', '--keys', '1000', '--strategies', 'none', '--pg-pool', '2', '--out', out, '--no-progress', '--wide']);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/Source pool \(per source call/);
    expect(stdout).toMatch(/\| none +\| stand-in pool +\| +2 \|/);
    expect(stdout).toMatch(/\| simulator, same c and service +\| +2 \|/);
    const doc = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const r = doc.results[0];
    expect(r.live.pool.calls).toBe(r.live.sourceQueries);
    expect(r.simulatorQueuedSource.sourceConcurrency).toBe(2);
  });

  it.each([
    [['--redis', 'redis://10.0.0.9:6379'], /--redis: .*not a loopback address/],
    [['--postgres', 'http://127.0.0.1/x'], /--postgres: .*scheme http:/],
    [['--requests', '10'], /--requests does not apply to load/],
    [['--duration', 'forever'], /--duration: "forever" is not a duration/],
    [['--concurrency', '0'], /--concurrency: 0 is not allowed/],
    [['--strategies', 'nope'], /unknown strategy "nope"/],
    [['--table', 'Robert); DROP'], /--table: .* is not allowed/],
    [['--source-concurrency', '4'], /--source-concurrency does not apply to load: .*--pg-pool/],
    [['--service-ms', '2'], /--service-ms does not apply to load/],
  ])('refuses %j with one line and exit 2, before any load', async (args, message) => {
    const out = join(tmp, `bad-${outs++}`);
    const code = await main(['load', ...(args.includes('--duration') ? [] : ['--duration', '1s']), '--out', out, ...args]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^backfill-bench: [^\n]+\n$/);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('PostgreSQL stopping mid-run with two strategies: the partial report of what ran, exit 1 (no internal error)', async () => {
    // The source goes down once the first strategy is under way; the second's pool cannot start.
    let sourceOf: StandInSource | undefined;
    const open = StandInSource.prototype.open;
    vi.spyOn(StandInSource.prototype, 'open').mockImplementation(async function (this: StandInSource) {
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- the test needs the instance the CLI opened
      sourceOf = this;
      await open.call(this);
    });
    const startPool = StandInSource.prototype.startPool;
    let pools = 0;
    vi.spyOn(StandInSource.prototype, 'startPool').mockImplementation(async function (this: StandInSource) {
      if (++pools === 1) setTimeout(() => sourceOf!.faults.set('fail'), 100);
      await startPool.call(this);
    });
    const out = join(tmp, 'pg-stops');
    const code = await main(['load', '--strategies', 'none,lru-backfill', '--duration', '300ms', '--rate', '400', '--keys', '1000', '--timeout', '200ms', '--out', out, '--no-progress']);
    expect(code).toBe(1);
    expect(stderr).not.toMatch(/internal error/);
    expect(stdout).toMatch(/\*\*PARTIAL RESULTS\*\*/);
    expect(stdout).toMatch(/- lru-backfill: not run to the end: .*ECONNREFUSED/);
    const doc = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(doc.status).toBe('partial');
    expect(doc.results.map((r: { strategy: string }) => r.strategy)).toEqual(['none']);
    expect(doc.results[0].live.errors).toBeGreaterThan(0);
    expect(doc.failed).toEqual([{ strategy: 'lru-backfill', reason: expect.stringMatching(/connection pool did not start: .*ECONNREFUSED/) }]);
  });

  it('a cross-check mismatch (the cache ends with fewer keys than the strategy) fails the run: exit 1, the check named', async () => {
    const countKeys = StandInCache.prototype.countKeys;
    vi.spyOn(StandInCache.prototype, 'countKeys').mockImplementation(async function (this: StandInCache) {
      return (await countKeys.call(this)) - 2;
    });
    const out = join(tmp, 'check-fails');
    const code = await main(['load', '--strategies', 'lru-backfill', '--duration', '200ms', '--rate', '400', '--keys', '1000', '--out', out, '--no-progress']);
    expect(code).toBe(1);
    expect(stdout).not.toMatch(/All runs complete/);
    expect(stdout).toMatch(/\*\*CROSS-CHECK FAILED\*\*:\n- lru-backfill: the cache holds [\d,]+ keys at the end, the strategy [\d,]+/);
    expect(stderr).toMatch(/CROSS-CHECK FAILED/);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).status).toBe('checks-failed');
  });

  it('load seed needs --postgres and --keys', async () => {
    expect(await main(['load', 'seed', '--keys', '10'])).toBe(2);
    expect(stderr).toMatch(/--postgres: required/);
    resetCaptured();
    expect(await main(['load', 'seed', '--postgres', 'postgres://u:p@127.0.0.1/db'])).toBe(2);
    expect(stderr).toMatch(/--keys: required/);
  });
});

describe('load with writes or TTLs (stand-ins)', () => {
  const tiny = fixture('twitter-tiny.trace');

  it("a Twitter trace's writes, deletes and TTLs go out live (its first 3 s: a read, a hit, a write with TTL 5 s), beside the simulator", async () => {
    resetCaptured();
    const out = join(tmp, `fresh-${outs++}`);
    const code = await main(['load', '--trace', tiny, '--strategies', 'none', '--capacity', 'unbounded', '--duration', '3s', '--out', out, '--no-progress']);
    expect(code, stderr).toBe(0);
    const r = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).results[0];
    expect(r.live.failedChecks).toEqual([]);
    expect(r.live.freshness).toMatchObject({ writes: 1, dels: 1, staleReads: 0, decidedStaleReads: 0 });
    expect([r.live.clientHits, r.live.clientMisses]).toEqual([1, 1]);
    expect(r.simulator.freshness.writes).toBe(1);
    expect(stdout).toMatch(/Freshness \(source writes as UPDATE/);
  });

  it.each([
    [['--strategies', 'refresh-ahead'], /--strategies: refresh-ahead refreshes in the background \(refresh refresh-ahead\); load does not mirror background reloads/],
    [['--strategies', 'ttl', '--tti', '5s'], /--strategies: ttl expires idle entries \(tti 5000 ms\); Redis's PX counts from the write/],
  ])('%j is refused before any load (one line, exit 2)', async (args, message) => {
    resetCaptured();
    const code = await main(['load', '--workload', 'zipf', '--keys', '1000', '--writes', '100/s', ...args, '--duration', '300ms', '--out', join(tmp, `fresh-${outs++}`), '--no-progress']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
});
