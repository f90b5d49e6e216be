// End to end on a small zipf workload: the same results and report files with 0, 1 and 2 workers;
// an interrupted sweep resumes and ends with the same files; shards merge to the same files as one
// run; `none` cells from the one-pass curve equal simulated ones.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStrategiesSync } from '../runner/run.ts';
import { resolveStrategies } from '../runner/strategy-config.ts';
import { DEFAULT_LATENCY } from '../source/source-model.ts';
import { openStream } from '../workloads/stream.ts';
import { resolveWorkload } from '../workloads/workload-config.ts';
import { CellStore } from './cell-store.ts';
import { parseConstraints } from './constraints.ts';
import { parseGrid } from './grid.ts';
import { buildSweepReport, writeSweepReport } from './report.ts';
import { loadSweep, mergeSweeps, planSweep, runSweep, shardCells, type RunSweepOptions, type SweepPlan } from './sweep.ts';

const tmp = mkdtempSync(join(tmpdir(), 'sweep-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const workload = resolveWorkload('zipf', { keys: 2000, requests: 20_000 });
const plan: SweepPlan = planSweep({
  workload,
  seed: 7,
  latency: DEFAULT_LATENCY,
  strategies: ['none', 'lru-backfill', 'time-based'],
  grid: parseGrid(['capacity=100,500', 'threshold=0.3,0.6', 'batch=10,50']),
  loadSeriesPoints: 50,
});
const reportOpts = { constraints: parseConstraints('target', 'hitRatio>=0.5') };

/** Runs (or resumes) the sweep in `dir`, writes the report when complete, returns every file's text. */
async function sweepTo(dir: string, opts: RunSweepOptions) {
  const outcome = await runSweep(plan, dir, opts);
  const loaded = loadSweep(dir);
  if (loaded.missing.length === 0) writeSweepReport(dir, (await buildSweepReport(loaded, reportOpts)).files);
  return outcome;
}

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const f of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${f.name}` : f.name;
      if (f.isDirectory()) walk(rel);
      else if (!rel.startsWith('run')) out[rel] = readFileSync(join(dir, rel), 'utf8');
    }
  };
  walk('');
  return out;
}

/** Names of the files that differ (or exist on one side only): [] when the folders match. */
function differing(a: Record<string, string>, b: Record<string, string>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();
}

let reference: Record<string, string>;
beforeAll(async () => {
  const dir = join(tmp, 'ref');
  const o = await sweepTo(dir, { workers: 0 });
  expect(o.computed).toBe(plan.cells.length);
  reference = files(dir);
}, 120_000);

describe('a sweep', () => {
  it('plans the grid per strategy, plus the reference curve (and opt when registered)', () => {
    const cells = plan.cells.filter((c) => c.role === 'cell');
    expect(cells.map((c) => c.strategy).filter((s) => s === 'none')).toHaveLength(2);
    expect(cells.filter((c) => c.strategy === 'lru-backfill')).toHaveLength(8);
    expect(cells.filter((c) => c.strategy === 'time-based')).toHaveLength(4);
    expect(cells.filter((c) => c.strategy === 'none').every((c) => c.method === 'mrc')).toBe(true);
    expect(plan.cells.filter((c) => c.method === 'curve')).toHaveLength(1);
    expect(new Set(plan.cells.map((c) => c.key)).size).toBe(plan.cells.length);
  });

  it('writes the table, frontier, recommendation and the charts', () => {
    const md = reference['sweep.md']!;
    for (const s of [
      '## Recommendation',
      '## Pareto frontier',
      '## All cells, best first',
      'charts/miss-ratio-curve.svg',
      'charts/heatmap-hit-ratio.svg',
      'charts/heatmap-source-reads.svg',
      'charts/source-load.svg',
      'charts/latency-percentiles.svg',
    ])
      expect(md).toContain(s);
    for (const c of ['miss-ratio-curve', 'heatmap-hit-ratio', 'heatmap-source-reads', 'source-load', 'latency-percentiles']) expect(reference[`charts/${c}.svg`]).toMatch(/^<svg/);
    expect(reference['sweep.csv']!.trim().split('\n')).toHaveLength(1 + 14);
  });

  it('gives identical files with 1 and 2 worker threads as in the main thread', async () => {
    for (const workers of [1, 2]) {
      const dir = join(tmp, `w${workers}`);
      const o = await sweepTo(dir, { workers });
      expect(o.workers).toBe(workers);
      expect(differing(files(dir), reference)).toEqual([]);
    }
  }, 120_000);

  it('resumes after an interruption, computing only what was missing, to the same files', async () => {
    const dir = join(tmp, 'interrupted');
    const abort = new AbortController();
    let seen = 0;
    const first = await sweepTo(dir, {
      workers: 1,
      signal: abort.signal,
      onProgress: () => {
        if (++seen === 4) abort.abort(); // the initial call plus three finished tasks
      },
    });
    expect(first.interrupted).toBe(true);
    const kept = new CellStore(dir).keys().size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(plan.cells.length);
    expect(existsSync(join(dir, 'sweep.md'))).toBe(false);
    const second = await sweepTo(dir, { workers: 1 });
    expect(second.interrupted).toBe(false);
    expect(second.reused).toBe(kept);
    expect(second.computed).toBe(plan.cells.length - kept);
    expect(differing(files(dir), reference)).toEqual([]);
    const third = await sweepTo(dir, { workers: 1 });
    expect(third.computed).toBe(0);
  }, 120_000);

  it('runs in disjoint shards that merge to the same files as one run', async () => {
    const n = 3;
    const dirs: string[] = [];
    const seen = new Set<string>();
    for (let i = 1; i <= n; i++) {
      const dir = join(tmp, `shard-${i}`);
      dirs.push(dir);
      const mine = shardCells(plan, { index: i, count: n });
      for (const c of mine) {
        expect(seen.has(c.key)).toBe(false);
        seen.add(c.key);
      }
      const o = await sweepTo(dir, { workers: 0, shard: { index: i, count: n } });
      expect(o.total).toBe(mine.length);
      expect(existsSync(join(dir, 'sweep.md'))).toBe(false);
    }
    expect(seen.size).toBe(plan.cells.length);
    const merged = join(tmp, 'merged');
    const loaded = mergeSweeps(dirs, merged);
    expect(loaded.missing).toHaveLength(0);
    writeSweepReport(merged, (await buildSweepReport(loaded, reportOpts)).files);
    expect(differing(files(merged), reference)).toEqual([]);
  }, 120_000);

  it('stores `none` cells from the one-pass curve equal to simulating them', () => {
    const store = new CellStore(join(tmp, 'ref'));
    for (const c of plan.cells.filter((x) => x.strategy === 'none')) {
      const rec = store.read(c.key);
      expect(rec?.kind).toBe('result');
      const stream = openStream(workload, 7);
      const [sim] = runStrategiesSync(stream, resolveStrategies(['none'], { capacity: c.params.capacity }, stream.sourceKeys), {
        seed: 7,
        latency: DEFAULT_LATENCY,
        loadSeriesPoints: 50,
        keepSeries: false,
      });
      expect(rec?.kind === 'result' && rec.result).toEqual(sim);
    }
  });
});
