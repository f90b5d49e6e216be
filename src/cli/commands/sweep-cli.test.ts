// `sweep`, `sweep merge` and `mrc` through the CLI: bad input exits 2 with one line, Ctrl-C (SIGINT)
// on a real process keeps the finished cells and exits 130, and the rerun resumes and reports.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main.ts';
import { captureStdio, resetCaptured, stderr, stdout } from '../../../test/helpers/cli.ts';

/** Output folders, numbered (names need not be random, only distinct). */
let outs = 0;

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'sweep-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

captureStdio();

const SMALL = ['--workload', 'zipf', '--keys', '2000', '--requests', '20000', '--workers', '0'];

describe('sweep: bad input exits 2 with one line naming the problem', () => {
  const cases: [string[], RegExp][] = [
    [['--target', 'hitRatio>>0.9'], /^backfill-bench: --target: ">0.9" in "hitRatio>>0.9" is not a finite number/],
    [['--target', 'hitRatio'], /^backfill-bench: --target: .*METRIC OP NUMBER/],
    [['--budget', 'bogus<=1'], /^backfill-bench: --budget: unknown metric "bogus"/],
    [['--param', 'threshold=0.1:0.9'], /^backfill-bench: --param threshold: .*not a range/],
    [['--param', 'threshold=0:0.5:0.1', '--strategies', 'lru-backfill'], /^backfill-bench: --param threshold=0 \(strategy lru-backfill\)/],
    [['--param', 'interval=10', '--strategies', 'none'], /applies to none of the selected strategies/],
    [['--shard', '3/2'], /^backfill-bench: --shard: "3\/2" is not I\/N/],
    [['--workers', '-1'], /^backfill-bench: --workers: /],
    [['--heatmap', 'threshold'], /^backfill-bench: --heatmap: /],
    [['--capacity', '10', '--param', 'capacity=1,2'], /--capacity and --param capacity=... both given/],
  ];
  for (const [args, msg] of cases) {
    it(args.join(' '), async () => {
      const out = join(tmp, `bad-${outs++}`);
      const base = args.includes('--workers') ? SMALL.slice(0, -2) : SMALL;
      expect(await main(['sweep', ...base, '--out', out, ...args])).toBe(2);
      expect(stderr).toMatch(msg);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('merge of a folder that is not a sweep', async () => {
    const dir = join(tmp, 'not-a-sweep');
    mkdirSync(dir);
    expect(await main(['sweep', 'merge', dir])).toBe(2);
    expect(stderr).toMatch(/not a sweep folder/);
  });
});

describe('sweep and mrc commands', () => {
  it('one command writes the report: table, frontier, recommendation and charts', async () => {
    const out = join(tmp, 'ok');
    const code = await main(['sweep', ...SMALL, '--strategies', 'none,lru-backfill', '--param', 'capacity=100,400', '--param', 'threshold=0.2:0.6:0.2', '--target', 'hitRatio>=0.5', '--out', out]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('## Recommendation');
    const md = readFileSync(join(out, 'sweep.md'), 'utf8');
    expect(md).toContain('## Pareto frontier');
    expect(readdirSync(join(out, 'charts')).sort()).toEqual(['heatmap-hit-ratio.svg', 'heatmap-source-reads.svg', 'latency-percentiles.svg', 'miss-ratio-curve.svg', 'source-load.svg']);
    // Rerunning the same command computes nothing and rewrites the same report.
    resetCaptured();
    expect(await main(['sweep', ...SMALL, '--strategies', 'none,lru-backfill', '--param', 'capacity=100,400', '--param', 'threshold=0.2:0.6:0.2', '--target', 'hitRatio>=0.5', '--out', out])).toBe(0);
    expect(stderr).toMatch(new RegExp(`0 cells computed, ${readdirSync(join(out, 'cells')).length} reused`));
    expect(readFileSync(join(out, 'sweep.md'), 'utf8')).toBe(md);
  });

  it('mrc prints the curve and charts it; a bad sample rate exits 2', async () => {
    const out = join(tmp, 'mrc');
    expect(await main(['mrc', '--workload', 'zipf', '--requests', '20000', '--out', out])).toBe(0);
    expect(stdout).toMatch(/\| capacity \(keys\) \| hit ratio \| miss ratio \|/);
    expect(stdout).toMatch(/\|\s+unbounded \|/);
    expect(readFileSync(join(out, 'miss-ratio-curve.svg'), 'utf8')).toMatch(/^<svg/);
    resetCaptured();
    expect(await main(['mrc', '--workload', 'zipf', '--sample-rate', '2'])).toBe(2);
    expect(stderr).toMatch(/^backfill-bench: --sample-rate: /);
  });
});

describe('Ctrl-C on a running sweep', () => {
  it('keeps finished cells, exits 130, and the rerun resumes from them', async () => {
    const out = join(tmp, 'sigint');
    const args = [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'sweep',
      '--workload',
      'zipf',
      '--keys',
      '10000',
      '--requests',
      '100000',
      '--strategies',
      'lru-backfill',
      '--param',
      'capacity=100,1000',
      '--param',
      'threshold=0.2:0.8:0.2',
      '--param',
      'batch=10,50',
      '--workers',
      '1',
      '--out',
      out,
    ];
    const run = () => {
      const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      let outText = '';
      child.stderr.on('data', (d: Buffer) => (err += String(d)));
      child.stdout.on('data', (d: Buffer) => (outText += String(d)));
      const done = new Promise<{ code: number | null; err: string; out: string }>((resolve) => child.on('close', (code) => resolve({ code, err, out: outText })));
      return { child, done };
    };
    const cells = () => (existsSync(join(out, 'cells')) ? readdirSync(join(out, 'cells')).filter((f) => f.endsWith('.json')).length : 0);
    const first = run();
    const started = Date.now();
    while (cells() < 2 && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 50));
    first.child.kill('SIGINT');
    const r1 = await first.done;
    expect(r1.code, r1.err).toBe(130);
    expect(r1.err).toMatch(/interrupted .*rerun the same command to resume/);
    const kept = cells();
    expect(kept).toBeGreaterThanOrEqual(2);
    expect(existsSync(join(out, 'sweep.md'))).toBe(false);
    const r2 = await run().done;
    expect(r2.code, r2.err).toBe(0);
    expect(r2.err).toMatch(new RegExp(`cells computed, ${kept} reused`));
    expect(r2.out).toContain('## Recommendation');
  }, 120_000);
});
