// Regression: the one-pass miss-ratio curve is LRU's. A sweep may read a cell off it only when the
// cell is demand fill on a stack algorithm, asked of the policy's capability (stackAlgorithm), never
// of the strategy's name: a FIFO `none` cell must be simulated, and its results must be FIFO's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runStrategiesSync } from '../runner/run.ts';
import { resolveStrategies } from '../runner/strategy-config.ts';
import { DEFAULT_LATENCY } from '../source/source-model.ts';
import { openStream } from '../workloads/stream.ts';
import { resolveWorkload } from '../workloads/workload-config.ts';
import { CellStore } from './cell-store.ts';
import { parseGrid } from './grid.ts';
import { planSweep, runSweep } from './sweep.ts';

const workload = resolveWorkload('zipf', { keys: 500, requests: 6000 });
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('one-pass miss-ratio curve only for stack algorithms', () => {
  const plan = planSweep({
    workload,
    seed: 3,
    latency: DEFAULT_LATENCY,
    strategies: ['none', 'fifo+none'],
    grid: parseGrid(['capacity=20,80', 'eviction=lru,fifo,sieve']),
    loadSeriesPoints: 2,
  });
  const cells = plan.cells.filter((c) => c.role === 'cell');
  const methodOf = (strategy: string, eviction: string, capacity: number) => cells.find((c) => c.strategy === strategy && c.params.eviction === eviction && c.params.capacity === capacity)?.method;

  it('plans LRU `none` cells from the curve and every other policy by simulation, whatever the name says', () => {
    for (const capacity of [20, 80]) {
      expect(methodOf('none', 'lru', capacity)).toBe('mrc');
      expect(methodOf('none', 'fifo', capacity)).toBe('simulation');
      expect(methodOf('none', 'sieve', capacity)).toBe('simulation');
      expect(methodOf('fifo+none', 'fifo', capacity)).toBe('simulation');
      expect(methodOf('fifo+none', 'lru', capacity)).toBe('mrc');
    }
  });

  it("a FIFO `none` cell's results are FIFO's (as a direct run gives), not LRU's", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bb-stack-'));
    dirs.push(dir);
    await runSweep(plan, dir, { workers: 0 });
    const stored = new CellStore(dir);
    const hitsOf = (eviction: string) => {
      const cell = cells.find((c) => c.strategy === 'none' && c.params.eviction === eviction && c.params.capacity === 20)!;
      const r = stored.read(cell.key);
      if (r?.kind !== 'result') throw new Error(`no result for ${eviction}`);
      return r.result.hits;
    };
    const direct = (eviction: string) => runStrategiesSync(openStream(workload, 3), resolveStrategies(['none'], { capacity: 20, eviction }, 500), { seed: 3, latency: DEFAULT_LATENCY })[0]!.hits;
    expect(hitsOf('fifo')).toBe(direct('fifo'));
    expect(hitsOf('lru')).toBe(direct('lru'));
    // The two differ on this stream, so reading FIFO off the LRU curve could not go unnoticed.
    expect(direct('fifo')).not.toBe(direct('lru'));
  });
});
