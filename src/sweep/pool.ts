// The worker-thread pool that runs sweep tasks (tinypool), or the main thread itself (workers 0, for
// debugging). Tasks are independent and deterministic, so the pool only changes how fast they run.
// tinypool loads with the first pool, not with this module (`sweep --help` stays fast).
import { availableParallelism } from 'node:os';
import { FROM_SOURCES } from '../core/module-url.ts';
import { ConfigError } from '../core/errors.ts';
import { runSweepTask, type PolicyPointResult, type PolicyPointTask, type SweepTask, type SweepTaskResult } from './cell-task.ts';

export interface TaskPool {
  readonly workers: number;
  run(task: SweepTask, signal?: AbortSignal): Promise<SweepTaskResult>;
  /** `mrc --eviction P`: one policy at one capacity. */
  run(task: PolicyPointTask, signal?: AbortSignal): Promise<PolicyPointResult>;
  destroy(): Promise<void>;
}

type AnyTask = SweepTask | PolicyPointTask;
const runAny = runSweepTask as (task: AnyTask) => Promise<SweepTaskResult | PolicyPointResult>;

export const defaultWorkers = (): number => Math.max(1, availableParallelism());

export function createPool(workers: number): TaskPool {
  if (workers === 0) {
    // One task at a time: a task awaits inside, and interleaved tasks would each count the others'
    // time as their own (a sweep reported "13.03 at once" in one thread).
    let queue: Promise<unknown> = Promise.resolve();
    return {
      workers: 0,
      run: ((task: AnyTask, signal?: AbortSignal) => {
        const next = queue.then(() => {
          signal?.throwIfAborted();
          return runAny(task);
        });
        queue = next.catch(() => undefined);
        return next;
      }) as TaskPool['run'],
      destroy: async () => {},
    };
  }
  const pool = import('tinypool').then(
    ({ Tinypool }) =>
      new Tinypool({
        // From the sources a worker must register tsx before it can load TypeScript.
        filename: new URL(FROM_SOURCES ? './worker-tsx.mjs' : './worker.js', import.meta.url).href,
        runtime: 'worker_threads',
        minThreads: workers,
        maxThreads: workers,
        // A worker keeps its generated stream between tasks; never recycle it between tasks.
        isolateWorkers: false,
        idleTimeout: 60_000,
      }),
  );
  return {
    workers,
    run: (async (task: AnyTask, signal?: AbortSignal) => {
      try {
        return await (await pool).run(task, signal ? { signal } : {});
      } catch (e) {
        throw fromWorker(e);
      }
    }) as TaskPool['run'],
    destroy: async () => (await pool).destroy(),
  };
}

/** Marks a worker's ConfigError in its message: a thread boundary keeps an error's message, not its class. */
export const CONFIG_ERROR_MARK = 'ConfigError: ';

/** A ConfigError a worker threw (bad input its cell met: exit 2) back as one; any other error as it came. */
function fromWorker(e: unknown): unknown {
  if (e instanceof Error && !(e instanceof ConfigError) && e.message.startsWith(CONFIG_ERROR_MARK)) return new ConfigError(e.message.slice(CONFIG_ERROR_MARK.length));
  return e;
}
