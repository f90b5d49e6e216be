// The regression check end to end: the committed baseline matches this tree; a one-line change that
// worsens a strategy's hit ratio fails with a table naming the metric (against the baseline and,
// with --against, against the commit before it); --update-baseline accepts it; a strategy slowed
// down 2x is caught by the CPU comparison while an unchanged one is not; bad usage exits 2.
// (The CPU tests here time in-process, to stay quick; the check itself takes each CPU sample in a
// fresh process. The README reports a full run with a busy loop added to a strategy.)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BASELINE, readBaseline } from '../src/check/baseline.ts';
import { compareCpu } from '../src/check/compare.ts';
import { resolveCell, type CellSpec } from '../src/check/engine.ts';
import { measureCpu, runCheck } from '../src/check/run-check.ts';
import { InProcessSampler } from '../src/check/runners.ts';
import { DEFAULT_SUITE, loadSuite, REPO_ROOT } from '../src/check/suite.ts';
import type { Strategy } from '../src/core/types.ts';
import { runCli } from './helpers/cli.ts';

describe('check on this tree', () => {
  it('the unchanged tree passes: the committed baseline is what this tree computes', async () => {
    const o = await runCheck({ suitePath: DEFAULT_SUITE, baselinePath: DEFAULT_BASELINE, cpu: false });
    const changes = o.deterministic!.changes.map((c) => `${c.cell} ${c.metric.id}: ${c.before} -> ${c.after}`);
    expect(changes).toEqual([]);
    expect([o.deterministic!.added, o.deterministic!.removed, o.deterministic!.redefined]).toEqual([[], [], []]);
    expect(o.exitCode).toBe(0);
    const b = readBaseline(DEFAULT_BASELINE);
    expect(b.recorded.node).toMatch(/^v\d+\./);
    expect(b.recorded.commit).toMatch(/^[0-9a-f]{40}|unknown/);
    expect(Number.isNaN(Date.parse(b.recorded.date))).toBe(false);
  });

  it('bad usage and bad input exit 2 with one line', async () => {
    const out = mkdtempSync(join(tmpdir(), 'check-usage-'));
    const cases: [string[], RegExp][] = [
      [['--suite', join(out, 'missing.json')], /cannot read regression suite: no such file/],
      [['--baseline', join(out, 'missing.json')], /no baseline at .*missing\.json; create it with: npm run bench:check -- --update-baseline/],
      [['--cpu-gate', 'maybe'], /--cpu-gate: "maybe" is not allowed/],
      [['--max-p', '0'], /--max-p: 0 is not allowed/],
      [['--samples', '1'], /--samples: 1 is not allowed/],
      [['--deterministic-only', '--cpu-only'], /exclude each other/],
      [['--against', 'HEAD', '--update-baseline'], /cannot be combined with --against/],
      [['--against', 'no-such-ref-xyz'], /--against: "no-such-ref-xyz" does not name a commit/],
      [['--no-such-flag'], /Unknown argument/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['check', '--out', join(out, 'o'), ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    writeFileSync(join(out, 'bad.json'), '{\n  "schema": 1,\n  "recorded": 3\n}\n');
    const r = await runCli(['check', '--deterministic-only', '--baseline', join(out, 'bad.json'), '--out', join(out, 'o')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json:3:3: "recorded" must hold commit/);
    rmSync(out, { recursive: true, force: true });
  });
});

describe('CPU comparison on real timings', () => {
  const suite = loadSuite(DEFAULT_SUITE);
  const cell = suite.cells.find((c) => c.id === 'zipf/none')!;
  // 30 ms a sample, 10 samples a side: enough that another test file running beside this one on
  // the second core does not decide the verdict.
  const spec = { seed: suite.seed, latency: { ...suite.latency }, cells: [cell], timeMs: 30, bufferRequests: 1 << 15, rounds: 1 };

  /**
   * The cell's strategy behind a wrapper that also feeds every request to `extra` more instances of
   * it: with extra = 1, exactly twice the strategy's work per request (a 2x slowdown).
   */
  function doingExtra(extra: number) {
    return (c: CellSpec, sourceKeys: number) => {
      const r = resolveCell(c, sourceKeys);
      return {
        ...r,
        spec: {
          ...r.spec,
          create(ctx: Parameters<typeof r.spec.create>[0], p: unknown): Strategy {
            const s = r.spec.create(ctx, p);
            const shadows = Array.from({ length: extra }, () => r.spec.create(ctx, p));
            return {
              access(key: number, now: number) {
                for (const sh of shadows) sh.access(key, now);
                return s.access(key, now);
              },
              get lastValue() {
                return s.lastValue;
              },
              get nextTimerAt() {
                return s.nextTimerAt;
              },
              onTimer: (t: number) => s.onTimer(t),
              stats: () => s.stats(),
              finish: () => s.finish(),
            };
          },
        },
      };
    };
  }

  it('a strategy slowed down 2x (every request served twice) is caught: estimate, confidence interval, p', async () => {
    const m = await measureCpu([new InProcessSampler('before', doingExtra(0)), new InProcessSampler('after', doingExtra(1))], spec, 10);
    const [row] = compareCpu(['zipf/none'], m.perSide[1]!, m.perSide[0]!, { minEffect: 0.1, maxP: 0.01 });
    const c = row!.comparison!;
    const seen = `estimate ${c.ratio}, CI ${c.ratioLow} .. ${c.ratioHigh}, p ${c.p}`;
    expect(c.verdict, seen).toBe('slower');
    expect(c.ratio, seen).toBeGreaterThan(1.6);
    expect(c.ratio, seen).toBeLessThan(2.6);
    expect(c.ratioLow, seen).toBeGreaterThan(1.1);
    expect(c.p, seen).toBeLessThan(0.01);
  });

  it('the same code timed twice raises no alarm', async () => {
    const m = await measureCpu([new InProcessSampler('A', doingExtra(0)), new InProcessSampler('B', doingExtra(0))], spec, 10);
    const [row] = compareCpu(['zipf/none'], m.perSide[1]!, m.perSide[0]!, { minEffect: 0.1, maxP: 0.01 });
    const c = row!.comparison!;
    expect(c.verdict, `estimate ${c.ratio}, p ${c.p}`).not.toBe('slower');
  });
});

describe('check in a copy of the tree, as a user runs it', () => {
  let root = '';
  const run = (...args: string[]) => {
    const env = { ...process.env };
    delete env.GITHUB_STEP_SUMMARY;
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'check', '--quiet', ...args], { cwd: root, encoding: 'utf8', env });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const git = (...args: string[]) => {
    const r = spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  const NONE = 'src/strategies/presets/none.ts';
  const LINE = 'defaults: (sourceKeys) => ({ capacity: tenthOfKeys(sourceKeys) }),';

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'check-tree-'));
    for (const p of ['src', 'workloads', 'bench', 'package.json', 'package-lock.json', 'tsconfig.json', '.gitignore']) {
      if (existsSync(join(REPO_ROOT, p))) cpSync(join(REPO_ROOT, p), join(root, p), { recursive: true });
    }
    mkdirSync(join(root, 'results'));
    cpSync(DEFAULT_BASELINE, join(root, 'results/baseline.json'));
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    git('init', '-q');
    writeFileSync(join(root, '.git/info/exclude'), 'node_modules\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
  });
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('passes unchanged; a one-line change that worsens hit ratio fails with a table naming the metric; --update-baseline then passes', () => {
    const ok = run('--deterministic-only');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout.split('\n')[0]).toBe('## ✅ Regression check passed');

    // The one-line change: `none` caches half as many keys by default.
    const text = readFileSync(join(root, NONE), 'utf8');
    expect(text).toContain(LINE);
    writeFileSync(join(root, NONE), text.replace(LINE, 'defaults: (sourceKeys) => ({ capacity: Math.round(tenthOfKeys(sourceKeys) / 2) }),'));

    const bad = run('--deterministic-only', '--out', join(root, 'out'));
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stdout.split('\n')[0]).toMatch(/^## ❌ Regression check failed: behaviour changed: \d+ metrics in \d+ cells/);
    const table = bad.stdout.slice(bad.stdout.indexOf('### Behaviour changed'), bad.stdout.indexOf('<details>'));
    expect(table).toMatch(/\| cell +\| metric +\| +before \| +after \| +delta \|/);
    expect(table).toMatch(/\| zipf\/none +\| hit ratio +\| +0\.\d{4} \| +0\.\d{4} \| +−0\.\d+ \(−\d+\.\d %\) \| \*\*worse\*\* \|/);
    expect(table).not.toContain('zipf/threshold '); // other strategies did not change
    for (const f of ['summary.md', 'check.json', 'benchmark-bigger.json', 'benchmark-smaller.json', 'bencher.json']) expect(existsSync(join(root, 'out', f)), f).toBe(true);
    const bigger = JSON.parse(readFileSync(join(root, 'out/benchmark-bigger.json'), 'utf8')) as { name: string; value: number }[];
    expect(bigger.find((e) => e.name === 'zipf/none: hit ratio')!.value).toBeLessThan(0.68);

    // The same change seen by --against: the committed tree, checked out and run side by side.
    const against = run('--against', 'HEAD', '--deterministic-only');
    expect(against.code, against.stderr).toBe(1);
    expect(against.stdout).toMatch(/compared exactly with HEAD \([0-9a-f]{7}\)/);
    expect(against.stdout).toMatch(/\| zipf\/none +\| hit ratio .*\*\*worse\*\* \|/);
    expect(git('worktree', 'list').split('\n')).toHaveLength(1); // the temporary worktree is gone

    const update = run('--deterministic-only', '--update-baseline');
    expect(update.code, update.stderr).toBe(0);
    expect(update.stdout.split('\n')[0]).toBe('## 📝 Baseline updated');
    const b = readBaseline(join(root, 'results/baseline.json'));
    expect(b.recorded.commit).toMatch(/-dirty$/);
    expect(b.recorded.node).toBe(process.version);
    // Timings of cells whose definition did not change are kept.
    expect(b.cells.find((c) => c.id === 'zipf/threshold')!.cpu).toEqual(readBaseline(DEFAULT_BASELINE).cells.find((c) => c.id === 'zipf/threshold')!.cpu);

    const after = run('--deterministic-only');
    expect(after.code, after.stdout).toBe(0);
  });
});
