// Worker-thread entry of the sweep pool (tinypool loads it in each worker and calls the default
// export once per task). From the sources it is loaded through worker-tsx.mjs, which registers tsx.
import { runSweepTask } from './cell-task.ts';

export default runSweepTask;
