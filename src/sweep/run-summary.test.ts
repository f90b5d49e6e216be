// The sweep's closing line says where cells ran and how many ran at once, honestly (regression:
// "0 workers ... 13.03 at once" for a sweep run in the main thread).
import { describe, expect, it, vi } from 'vitest';

const events: string[] = [];
vi.mock('./cell-task.ts', () => ({
  runSweepTask: async (task: { id: number }) => {
    events.push(`start ${task.id}`);
    await new Promise((r) => setImmediate(r));
    events.push(`end ${task.id}`);
    if (task.id === 1) throw new Error('cell 1 failed');
    return { kind: 'simulate', seconds: 0 };
  },
}));
import { createPool } from './pool.ts';
import { sweepSummary } from './run-summary.ts';

describe('sweepSummary', () => {
  it('--workers 0 says "in the main thread" and claims no parallelism', () => {
    const s = sweepSummary({ computed: 9, reused: 0, workers: 0, taskSeconds: 13.03 }, 1.2, 1.0);
    expect(s).toBe('9 cells computed, 0 reused, in the main thread, 1.2 s, 13.0 s of cell time');
  });
  it('several workers: cell time over the run time, never above the worker count', () => {
    expect(sweepSummary({ computed: 8, reused: 1, workers: 4, taskSeconds: 6 }, 3.5, 2)).toBe('8 cells computed, 1 reused, 4 workers, 3.5 s, 6.0 s of cell time (3.00 at once on average)');
    expect(sweepSummary({ computed: 8, reused: 0, workers: 2, taskSeconds: 9 }, 3, 2)).toContain('(2.00 at once on average)');
    expect(sweepSummary({ computed: 0, reused: 5, workers: 1, taskSeconds: 0 }, 0.1, 0.1)).toBe('0 cells computed, 5 reused, 1 worker, 0.1 s');
  });
});

describe('the main-thread pool', () => {
  it('runs one task at a time, in order, and goes on after a failure', async () => {
    const pool = createPool(0);
    const runs = [0, 1, 2].map((id) => pool.run({ id } as never).catch(() => 'failed'));
    expect((await Promise.all(runs))[1]).toBe('failed');
    expect(events).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
    const aborted = new AbortController();
    aborted.abort();
    await expect(pool.run({ id: 3 } as never, aborted.signal)).rejects.toThrow();
    expect(events).not.toContain('start 3');
  });
});
