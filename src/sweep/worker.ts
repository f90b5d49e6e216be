// Worker-thread entry of the sweep pool (tinypool loads it in each worker and calls the default
// export once per task). From the sources it is loaded through worker-tsx.mjs, which registers tsx.
// A ConfigError (bad input a cell met, e.g. a strategy that cannot take the workload's writes) keeps
// its kind across the thread boundary through a mark in its message (pool.ts turns it back).
import { ConfigError } from '../core/errors.ts';
import { runSweepTask } from './cell-task.ts';
import { CONFIG_ERROR_MARK } from './pool.ts';

export default async function runMarked(task: Parameters<typeof runSweepTask>[0]): ReturnType<typeof runSweepTask> {
  try {
    return await runSweepTask(task);
  } catch (e) {
    if (e instanceof ConfigError) throw new Error(`${CONFIG_ERROR_MARK}${e.message}`, { cause: e });
    throw e;
  }
}
