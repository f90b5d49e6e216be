import { describe, expect, it } from 'vitest';
import { validateSourceParams } from '../source/queue/source-params.ts';
import { DEFAULT_LATENCY } from '../source/source-model.ts';
import { resolveWorkload } from '../workloads/workload-config.ts';
import { cellSource } from './cell-source.ts';
import { expandGrid, parseGrid, resolveCell } from './grid.ts';
import { planSweep } from './plan.ts';

describe('the source model as a sweep axis', () => {
  it('--param source-concurrency crosses every strategy; the strategy never sees it', () => {
    const grid = parseGrid(['source-concurrency=unbounded,8', 'batch=10,100']);
    expect(grid.map((g) => [g.name, g.values])).toEqual([
      ['sourceConcurrency', [null, 8]],
      ['batch', [10, 100]],
    ]);
    const cells = expandGrid(['none', 'lru-backfill'], grid);
    expect(cells.filter((c) => c.strategy === 'none').map((c) => c.grid)).toEqual([{ sourceConcurrency: null }, { sourceConcurrency: 8 }]);
    expect(cells.filter((c) => c.strategy === 'lru-backfill')).toHaveLength(4);
    const resolved = resolveCell(
      cells.find((c) => c.strategy === 'lru-backfill')!,
      1000,
    );
    expect(Object.keys(resolved.params)).not.toContain('sourceConcurrency');
  });

  it("a cell's source: the flags' model with its grid values over it; today's model is undefined", () => {
    const base = validateSourceParams({ serviceMs: 3 }, 'test');
    expect(cellSource(base, { sourceConcurrency: null })).toBeUndefined();
    expect(cellSource(base, { sourceConcurrency: 8, batch: 10 })).toMatchObject({ sourceConcurrency: 8, serviceMs: 3 });
    expect(cellSource(undefined, {})).toBeUndefined();
    expect(() => cellSource(undefined, { sourceConcurrency: 0 })).toThrow(/--param: "sourceConcurrency" is 0/);
  });

  it("cells on today's model keep their identity (and may come from the one-pass curve); queued cells are simulated", () => {
    const workload = resolveWorkload('zipf', { requests: 1000 });
    const plan = (grid: string[]) =>
      planSweep({
        workload,
        seed: 1,
        latency: DEFAULT_LATENCY,
        strategies: ['none'],
        grid: parseGrid(grid),
        loadSeriesPoints: 10,
        source: grid.length > 0 ? validateSourceParams({}, 'test') : undefined,
      });
    const plain = plan([]).cells.find((c) => c.role === 'cell')!;
    const crossed = plan(['source-concurrency=unbounded,8']).cells.filter((c) => c.role === 'cell');
    expect(crossed).toHaveLength(2);
    expect(crossed[0]!.method).toBe(plain.method);
    expect(crossed[1]!.method).toBe('simulation');
    expect(crossed[1]!.key).not.toBe(crossed[0]!.key);
  });

  it("jitter (today's model's randomness) with a source that saturates is refused, not ignored", () => {
    const workload = resolveWorkload('zipf', { requests: 1000 });
    const config = { workload, seed: 1, latency: { ...DEFAULT_LATENCY, jitter: 0.1 }, strategies: ['none'], loadSeriesPoints: 10, source: validateSourceParams({}, 'test') };
    expect(() => planSweep({ ...config, grid: parseGrid(['source-concurrency=unbounded,8']) })).toThrow(/--jitter: jitter 0.1 applies to today's source model only/);
    expect(planSweep({ ...config, grid: parseGrid(['source-concurrency=unbounded']) }).cells.length).toBeGreaterThan(0);
  });
});
