// Every flag and name the CLI takes is checked, and a typo gets a "did you mean": exit 2, one line,
// nothing written.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/helpers/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'validation-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const out = () => join(tmp, `o${n++}`);

const SMALL = ['--keys', '200', '--requests', '2000'];
const SWEEP = ['sweep', '--workload', 'zipf', ...SMALL, '--workers', '0', '--strategies', 'none,lru-backfill', '--param', 'capacity=50,100', '--param', 'threshold=0.2,0.4'];

async function refused(argv: string[], message: RegExp): Promise<void> {
  const dir = out();
  const r = await runCli([...argv, '--out', dir]);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(existsSync(dir)).toBe(false);
}

describe('did you mean', () => {
  it('an unknown flag names the closest flag of the command', async () => {
    await refused(['bench', '--capcity', '5'], /^backfill-bench: unknown flag --capcity \(did you mean --capacity\?\)/);
    await refused(['sweep', '--worker', '2'], /unknown flag --worker \(did you mean --workers\?\)/);
    await refused(['bench', '--absent_ratio', '0.1', '--zzzzzz'], /unknown flags --absent_ratio \(did you mean --absent-ratio\?\), --zzzzzz;/);
  });
  it('an unknown command names the closest command', async () => {
    await refused(['benhc'], /unknown argument "benhc" \(did you mean the command bench\?\)/);
  });
  it('workload fields, strategies, workloads and metrics', async () => {
    await refused(['bench', '--param', 'alhpa=1'], /^backfill-bench: --param alhpa: unknown field "alhpa"; did you mean "alpha"\?/);
    await refused(['bench', '--strategies', 'none,threshhold'], /unknown strategy "threshhold"; did you mean "threshold"\?/);
    await refused(['bench', '--workload', 'zpif'], /unknown workload "zpif"; did you mean "zipf"\?/);
    await refused([...SWEEP, '--target', 'hit_ratio>=0.9'], /--target: unknown metric "hit_ratio"; did you mean "hitRatio"\?; metrics: requests, hits, /);
    await refused([...SWEEP, '--budget', 'sourceRead<=10'], /--budget: unknown metric "sourceRead"; did you mean "sourceReads"\?/);
    await refused(['sweep', '--workload', 'zipf', ...SMALL, '--param', 'treshold=0.1'], /--param: unknown strategy parameter "treshold"; did you mean "threshold"\?/);
    await refused(['sweep', '--workload', 'zipf', ...SMALL, '--workload-param', 'alhpa=1'], /^backfill-bench: --workload-param alhpa: unknown field "alhpa"; did you mean "alpha"\?/);
  });
  it('one-word flag values and workload choices', async () => {
    await refused(['bench', ...SMALL, '--format', 'jsno'], /^backfill-bench: --format: "jsno" is not allowed; did you mean "json"\?; use table, json or csv$/m);
    await refused(['bench', ...SMALL, '--gen-thread', 'of'], /--gen-thread: "of" is not allowed; did you mean "off"\?; use auto, on or off/);
    await refused(['bench', ...SMALL, '--arrival', 'poison'], /--arrival: "arrival" is "poison"; allowed: "constant", "poisson" \(did you mean "poisson"\?\)/);
  });
});

describe('heatmap names are checked before the sweep runs', () => {
  it('a parameter that is not in the grid', async () => {
    await refused(
      [...SWEEP, '--heatmap', 'capacity,treshold'],
      /--heatmap: "treshold" is not a parameter of this grid; did you mean "threshold"\?; parameters with two or more values: capacity, threshold/,
    );
  });
  it('a parameter with one value', async () => {
    await refused([...SWEEP, '--param', 'batch=10', '--heatmap', 'capacity,batch'], /--heatmap: batch has a single value in this grid/);
  });
  it('a strategy that the sweep does not run, or that cannot give the heatmap', async () => {
    await refused([...SWEEP, '--heatmap-strategy', 'lru-bakfill'], /--heatmap-strategy: "lru-bakfill" is not a strategy of this sweep; did you mean "lru-backfill"\?/);
    await refused([...SWEEP, '--heatmap-strategy', 'none'], /--heatmap: strategy none cannot give a heatmap/);
  });
  it('sweep merge checks them before copying anything', async () => {
    const shard = out();
    const first = await runCli([...SWEEP, '--shard', '1/2', '--out', shard]);
    expect(first.code, first.stderr).toBe(0);
    const merged = out();
    const r = await runCli(['sweep', 'merge', shard, '--heatmap', 'capacity,treshold', '--out', merged]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--heatmap: "treshold" is not a parameter of this grid; did you mean "threshold"\?/);
    expect(existsSync(merged)).toBe(false);
  });
  it('a valid request gives the heatmaps it names', async () => {
    const dir = out();
    const r = await runCli([...SWEEP, '--heatmap', 'threshold,capacity', '--heatmap-strategy', 'lru-backfill', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'sweep.md'), 'utf8')).toContain('`lru-backfill` over threshold and capacity');
  });
});

describe('--param on bench (regressions)', () => {
  it('--param values are not overwritten by absent named flags', async () => {
    const r = await runCli(['bench', '--param', 'keys=50', '--param', 'requests=77', '--strategies', 'none', '--format', 'json', '--out', out()]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { workload: { requests: number; params: { keys: number } }; results: { requests: number }[] };
    expect(j.workload.requests).toBe(77);
    expect(j.results[0]!.requests).toBe(77);
    expect(JSON.stringify(j.workload)).toContain('"keys":50');
  });
  it('a bad --param value is an error naming --param', async () => {
    await refused(['bench', '--param', 'keys=50', '--param', 'requests=77', '--param', 'alpha=abc'], /^backfill-bench: --param alpha: "alpha" is "abc"; allowed: a finite number/);
  });
  it('__proto__, constructor and prototype are refused', async () => {
    for (const name of ['__proto__', 'constructor', 'prototype']) await refused(['bench', '--param', `${name}={"keys":5}`], new RegExp(`--param: "${name}" is not a workload field`));
  });
  it('the same field from --param and its flag is an error', async () => {
    await refused(['bench', '--param', 'keys=50', '--keys', '60'], /--param keys=\.\.\. and --keys are both given/);
  });
});

describe('a preset description follows the overrides', () => {
  it('--requests regenerates the description', async () => {
    const r = await runCli(['bench', '--workload', 'zipf', '--requests', '500', '--strategies', 'none', '--format', 'json', '--out', out()]);
    expect(r.code, r.stderr).toBe(0);
    const d = (JSON.parse(r.stdout) as { workload: { description: string } }).workload.description;
    expect(d).toContain('500 requests');
    expect(d).not.toContain('1,000,000');
  });
});

describe('capacity: the declared range is the store’s (regression: 2^31-1 validated, then the LRU failed)', () => {
  it('bench refuses 2147483647 up front with the range', async () => {
    await refused(['bench', ...SMALL, '--capacity', '2147483647'], /^backfill-bench: --capacity: "capacity" is 2147483647; allowed: .*; counts 1 \.\. 1073741824, bytes 1 \.\. 2\^53-1/);
  });
  it('a sweep refuses the cell before writing anything', async () => {
    await refused(['sweep', '--workload', 'zipf', ...SMALL, '--workers', '0', '--param', 'capacity=10,2147483647'], /--param capacity=2147483647 \(strategy none\)/);
  });
});

describe('terminal tables fit 120 columns', () => {
  it('bench prints a compact table; --wide prints them all; the file keeps them all', async () => {
    const dir = out();
    const r = await runCli(['bench', ...SMALL, '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(120);
    expect(r.stdout).toContain('| hit ratio |');
    expect(r.stdout).toMatch(/more columns? with --wide/);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('| p99.9 ms |');
    const wide = await runCli(['bench', ...SMALL, '--wide', '--out', out()]);
    expect(wide.stdout).toContain('| p99.9 ms |');
    expect(Math.max(...wide.stdout.split('\n').map((l) => l.length))).toBeGreaterThan(120);
  });
});

describe('resource limits are checked up front', () => {
  it('bench --requests 1e9 --keys 1e9 is refused with the figure and the limit', async () => {
    await refused(
      ['bench', '--requests', '1e9', '--keys', '1e9', '--max-memory', '24GB'],
      /^backfill-bench: this run needs about [\d.]+ GB of memory \(.*\), above the limit of 24\.0 GB .*--force-resources$/m,
    );
  });
  it('time-based with --interval 0.000001 or --rate 1e-300 is refused with the count', async () => {
    await refused(['bench', ...SMALL, '--strategies', 'time-based', '--interval', '0.000001'], /time-based would fire its timer 200,000,000 times/);
    await refused(['bench', ...SMALL, '--strategies', 'time-based', '--rate', '1e-300'], /time-based would fire its timer 2\.0e\+303 times \(2\.00e\+303 s of virtual time/);
  });
  it('load --rate 1e9 is refused before it starts', async () => {
    await refused(['load', '--rate', '1e9', '--duration', '60s'], /^backfill-bench: this run needs about [\d.]+ TB of memory \(the send queue/);
  });
  it('a sweep is refused before its folder is made', async () => {
    await refused(
      ['sweep', '--workload', 'zipf', '--requests', '1e9', '--keys', '1e9', '--workers', '2', '--strategies', 'threshold', '--param', 'batch=10,20', '--max-memory', '10GB'],
      /this run needs about .* \(2 threads x the largest cell \(threshold\)/,
    );
  });
  it('--force-resources lets a run over the limit go; --keys 1e9 --requests 1000 is cheap', async () => {
    const r = await runCli(['bench', '--keys', '1e9', '--requests', '1000', '--strategies', 'none', '--max-memory', '1MB', '--force-resources', '--out', out()]);
    expect(r.code, r.stderr).toBe(0);
    const ok = await runCli(['bench', '--keys', '1e9', '--requests', '1000', '--strategies', 'none,lru-backfill', '--max-memory', '1GB', '--out', out()]);
    expect(ok.code, ok.stderr).toBe(0);
  });
});
