// Worker-thread entry of the sweep pool (tinypool loads it in each worker). The project runs its
// TypeScript sources through tsx with no build step, so each worker registers tsx first, then loads
// the task module; tinypool calls the default export once per task.
import { register } from 'tsx/esm/api';

register();
const { runSweepTask } = await import('./cell-task.ts');

export default runSweepTask;
