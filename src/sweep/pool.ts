// The worker-thread pool that runs sweep tasks (tinypool), or the main thread itself (workers 0, for
// debugging). Tasks are independent and deterministic, so the pool only changes how fast they run.
import { availableParallelism } from 'node:os';
import { Tinypool } from 'tinypool';
import { runSweepTask, type SweepTask, type SweepTaskResult } from './cell-task.ts';

export interface TaskPool {
  readonly workers: number;
  run(task: SweepTask, signal?: AbortSignal): Promise<SweepTaskResult>;
  destroy(): Promise<void>;
}

export const defaultWorkers = (): number => Math.max(1, availableParallelism());

export function createPool(workers: number): TaskPool {
  if (workers === 0) {
    return {
      workers: 0,
      run: async (task, signal) => {
        signal?.throwIfAborted();
        return runSweepTask(task);
      },
      destroy: async () => {},
    };
  }
  const pool = new Tinypool({
    filename: new URL('./worker.mjs', import.meta.url).href,
    runtime: 'worker_threads',
    minThreads: workers,
    maxThreads: workers,
    // A worker keeps its generated stream between tasks; never recycle it between tasks.
    isolateWorkers: false,
    idleTimeout: 60_000,
  });
  return {
    workers,
    run: (task, signal) => pool.run(task, signal ? { signal } : {}) as Promise<SweepTaskResult>,
    destroy: () => pool.destroy(),
  };
}
