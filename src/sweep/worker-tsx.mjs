// Worker-thread entry of the sweep pool when it runs from the TypeScript sources (development,
// tests): each worker registers tsx first, then loads the task module. From the compiled dist/, the
// pool loads worker.js directly. Tinypool calls the default export once per task.
import { register } from 'tsx/esm/api';

register();
const { default: runSweepTask } = await import('./worker.ts');

export default runSweepTask;
