// The regression check end to end: the committed baseline matches this tree; a one-line change that
// worsens a strategy's hit ratio fails with a table naming the metric (against the baseline and,
// with --against, against the commit before it); --update-baseline accepts it; a strategy slowed
// down 2x is caught by the CPU comparison while an unchanged one is not (from synthetic samples here;
// on real timings in bench/cpu-detect.ts); bad usage exits 2. The README reports a full run with a
// busy loop added to a strategy.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BASELINE, readBaseline } from '../src/check/baseline.ts';
import { compareCpu } from '../src/check/compare.ts';
import { measureCpu, runCheck } from '../src/check/run-check.ts';
import type { CpuSampler } from '../src/check/runners.ts';
import { DEFAULT_SUITE, loadSuite, REPO_ROOT } from '../src/check/suite.ts';
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
      [['--no-such-flag'], /unknown flag/],
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

describe('CPU comparison of two trees, from synthetic samples', () => {
  // The same check on real timings (a strategy slowed down exactly 2x) is bench/cpu-detect.ts: wall-clock
  // statistics have no place in `npm test`. Here each side returns given ratios, with a fixed 5 % wobble.
  const suite = loadSuite(DEFAULT_SUITE);
  const cell = suite.cells.find((c) => c.id === 'zipf/none')!;
  const spec = { seed: suite.seed, latency: { ...suite.latency }, cells: [cell], timeMs: 30, bufferRequests: 1 << 15, rounds: 1 };
  const calls: string[] = [];
  const sampler = (label: string, factor: number): CpuSampler => {
    let n = 0;
    return {
      label,
      sample: async () => {
        calls.push(label);
        const ratio = factor * (1 + 0.05 * Math.sin(++n * 2.1));
        return { ratios: { [cell.id]: ratio }, nsPerRequest: { [cell.id]: 10 * ratio }, samples: { [cell.id]: 40 } };
      },
    };
  };

  it('samples both sides interleaved (ABBA), keeps every sample, and a 2x slower side is caught: estimate, confidence interval, p', async () => {
    calls.length = 0;
    const m = await measureCpu([sampler('before', 1), sampler('after', 2)], spec, 10);
    expect(calls.slice(0, 8)).toEqual(['before', 'after', 'after', 'before', 'before', 'after', 'after', 'before']);
    expect(m.perSide.map((side) => side[cell.id]!.samples.length)).toEqual([10, 10]);
    const [row] = compareCpu([cell.id], m.perSide[1]!, m.perSide[0]!, { minEffect: 0.1, maxP: 0.01 });
    const c = row!.comparison!;
    const seen = `estimate ${c.ratio}, CI ${c.ratioLow} .. ${c.ratioHigh}, p ${c.p}`;
    expect(c.verdict, seen).toBe('slower');
    expect(c.ratio, seen).toBeGreaterThan(1.8);
    expect(c.ratio, seen).toBeLessThan(2.2);
    expect(c.ratioLow, seen).toBeGreaterThan(1.6);
    expect(c.p, seen).toBeLessThan(0.01);
  });

  it('the same timings on both sides raise no alarm', async () => {
    const m = await measureCpu([sampler('A', 1), sampler('B', 1)], spec, 10);
    const [row] = compareCpu([cell.id], m.perSide[1]!, m.perSide[0]!, { minEffect: 0.1, maxP: 0.01 });
    expect(row!.comparison!.verdict, `estimate ${row!.comparison!.ratio}, p ${row!.comparison!.p}`).not.toBe('slower');
  });

  it('a side that returns no timing for a cell is an error, not a silent gap', async () => {
    const empty: CpuSampler = { label: 'broken', sample: async () => ({ ratios: {}, nsPerRequest: {}, samples: {} }) };
    await expect(measureCpu([sampler('before', 1), empty], spec, 2)).rejects.toThrow(/broken: no CPU timing for zipf\/none/);
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
  // The line of none.ts that names its capacity declaration (`params: [CAPACITY_TENTH]`, or
  // `capacity: CAPACITY_TENTH` in a bundle): the one-line change gives it a default half as large.
  const LINE = /(params: \[|capacity: )CAPACITY_TENTH\b/;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'check-tree-'));
    for (const p of ['src', 'workloads', 'bench', 'package.json', 'package-lock.json', 'tsconfig.json', '.gitignore']) {
      if (existsSync(join(REPO_ROOT, p))) cpSync(join(REPO_ROOT, p), join(root, p), { recursive: true });
    }
    // The pinned suite cut down to the two zipf cells this test looks at (and their baseline
    // entries, unchanged): every run below replays 2 cells, not the suite's 38.
    const KEEP = ['zipf/none', 'zipf/threshold'];
    const suite = JSON.parse(readFileSync(DEFAULT_SUITE, 'utf8')) as { workloads: Record<string, unknown>; cells: unknown[]; cpu: { cells: string[] } };
    suite.workloads = { zipf: suite.workloads.zipf };
    suite.cells = [{ workload: 'zipf', strategy: ['none', 'threshold'] }];
    suite.cpu.cells = KEEP;
    writeFileSync(join(root, 'bench/regression.json'), JSON.stringify(suite, null, 2));
    const baseline = JSON.parse(readFileSync(DEFAULT_BASELINE, 'utf8')) as { cells: { id: string }[] };
    baseline.cells = baseline.cells.filter((c) => KEEP.includes(c.id));
    expect(baseline.cells).toHaveLength(KEEP.length);
    mkdirSync(join(root, 'results'));
    writeFileSync(join(root, 'results/baseline.json'), JSON.stringify(baseline, null, 2) + '\n');
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
    expect(text).toMatch(LINE);
    writeFileSync(join(root, NONE), text.replace(LINE, '$1{ ...CAPACITY_TENTH, default: ({ sourceKeys }) => Math.max(1, Math.round(sourceKeys * 0.05)) }'));

    const bad = run('--deterministic-only', '--out', join(root, 'out'));
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stdout.split('\n')[0]).toMatch(/^## ❌ Regression check failed: behaviour changed: \d+ metrics in 1 cell \(/);
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
