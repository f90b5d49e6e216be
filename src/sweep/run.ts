// Running a sweep: the cells of this shard not yet on disk go to a worker pool, each stored the moment
// it finishes; an interrupt keeps everything finished.
import { setMaxListeners } from 'node:events';
import { loadedTrace, streamShape } from '../workloads/stream.ts';
import type { SweepTask, SweepTaskResult } from './cell-task.ts';
import { CELL_FORMAT, CellStore } from './cell-store.ts';
import { manifestOf, writeManifest } from './manifest.ts';
import { shardCells, type PlannedCell, type Shard, type SweepPlan } from './plan.ts';
import { createPool } from './pool.ts';

export interface RunSweepOptions {
  /** Worker threads; 0 runs tasks in the main thread. */
  readonly workers: number;
  readonly shard?: Shard | undefined;
  readonly signal?: AbortSignal | undefined;
  /**
   * Cells of this shard done (finished before or now) out of all of this shard's cells; `work`: the
   * estimated relative cost of the cells computed in this run, done and in all (for the ETA).
   */
  readonly onProgress?: (done: number, total: number, work: { done: number; total: number }) => void;
  readonly log?: (line: string) => void;
}

export interface RunSweepOutcome {
  /** Cells of this shard. */
  readonly total: number;
  /** Found on disk from an earlier (interrupted or other) run. */
  readonly reused: number;
  readonly computed: number;
  /** Reference cells that failed (the sweep goes on without their line). */
  readonly failedReferences: readonly { readonly key: string; readonly strategy: string; readonly message: string }[];
  readonly interrupted: boolean;
  readonly workers: number;
  /** Sum of the tasks' wall times on their threads: / wall time = how many ran at once on average. */
  readonly taskSeconds: number;
}

/** A rough relative cost, to start the longest tasks first (results never depend on it). */
function estimatedCost(task: SweepTask, keys: number): number {
  if (task.kind === 'mrc') return 2;
  const p = task.cell.grid;
  const capacity = typeof p.capacity === 'number' ? p.capacity : undefined;
  const missLikely = capacity === undefined ? 0.2 : Math.min(1, Math.max(0.05, 1 - Math.log(capacity) / Math.log(Math.max(2, keys) * 1.5)));
  const batch = typeof p.batch === 'number' ? p.batch : 10;
  const threshold = typeof p.threshold === 'number' ? p.threshold : undefined;
  if (threshold === undefined) return 1;
  return 1 + (batch * missLikely * (threshold <= missLikely ? 1 : 0.05)) / 10;
}

export async function runSweep(plan: SweepPlan, dir: string, opts: RunSweepOptions): Promise<RunSweepOutcome> {
  writeManifest(dir, manifestOf(plan));
  const store = new CellStore(dir);
  const onDisk = store.keys();
  const mine = shardCells(plan, opts.shard);
  // A cell on disk is reused only when its record checks out; anything else is recomputed, and said so.
  const pending = mine.filter((c) => {
    if (!onDisk.has(c.key)) return true;
    const r = store.check(c.key);
    if (r.ok) return false;
    opts.log?.(`cell ${c.key} (${c.strategy} ${JSON.stringify(c.grid)}) on disk ${r.why}: recomputing it`);
    return true;
  });
  const reused = mine.length - pending.length;
  let done = reused;
  const config = plan.config;
  // A trace's requests go to the workers as shared memory: read once, never parsed again per cell.
  const base = {
    workload: config.workload,
    seed: config.seed,
    latency: config.latency,
    source: config.source,
    loadSeriesPoints: config.loadSeriesPoints,
    windowMs: config.windowMs,
    warmEpsilon: config.warmEpsilon,
    trace: loadedTrace(config.workload),
  };

  // The tasks: one MRC pass for every pending `none` cell and the curve; one simulation per other cell.
  const jobs: { task: SweepTask; cells: PlannedCell[] }[] = [];
  const mrcCells = pending.filter((c) => c.method === 'mrc' || c.method === 'curve');
  if (mrcCells.length > 0) {
    const capacities = mrcCells.filter((c) => c.method === 'mrc').map((c) => (typeof c.params.capacity === 'number' ? c.params.capacity : null));
    const curve = plan.cells.find((c) => c.method === 'curve');
    const curveCapacities = (curve?.params.capacities as number[] | undefined) ?? [];
    jobs.push({ task: { ...base, kind: 'mrc', capacities, curveCapacities }, cells: mrcCells });
  }
  for (const c of pending.filter((c) => c.method === 'simulation')) {
    jobs.push({ task: { ...base, kind: 'simulate', cell: { strategy: c.strategy, grid: c.grid } }, cells: [c] });
  }
  const { sourceKeys } = streamShape(config.workload);
  const cost = new Map(jobs.map((j) => [j, estimatedCost(j.task, sourceKeys)]));
  jobs.sort((a, b) => cost.get(b)! - cost.get(a)!);
  const work = { done: 0, total: jobs.reduce((t, j) => t + cost.get(j)!, 0) };
  const progress = (job?: (typeof jobs)[number]) => {
    if (job) work.done += cost.get(job)!;
    opts.onProgress?.(done, mine.length, { ...work });
  };
  progress();

  const workers = opts.workers === 0 ? 0 : Math.max(1, Math.min(opts.workers, jobs.length));
  const failedReferences: { key: string; strategy: string; message: string }[] = [];
  let computed = 0;
  let taskSeconds = 0;
  let interrupted = opts.signal?.aborted ?? false;
  if (jobs.length === 0 || interrupted) return { total: mine.length, reused, computed, failedReferences, interrupted, workers, taskSeconds };

  const pool = createPool(workers);
  const inner = new AbortController();
  setMaxListeners(jobs.length + 10, inner.signal); // one listener per queued task
  const onAbort = () => {
    interrupted = true;
    inner.abort();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  let firstError: unknown;
  const save = (job: (typeof jobs)[number], out: SweepTaskResult) => {
    taskSeconds += out.seconds;
    if (out.kind === 'simulate') {
      const c = job.cells[0]!;
      store.write({ format: CELL_FORMAT, key: c.key, kind: 'result', strategy: c.strategy, params: c.params, method: c.method, result: out.result });
    } else {
      const mrc = job.cells.filter((c) => c.method === 'mrc');
      // The curve's results are demand-fill LRU's; they carry the cell's own name and parameters.
      mrc.forEach((c, i) =>
        store.write({
          format: CELL_FORMAT,
          key: c.key,
          kind: 'result',
          strategy: c.strategy,
          params: c.params,
          method: c.method,
          result: { ...out.results[i]!, strategy: c.strategy, params: c.params },
        }),
      );
      for (const c of job.cells.filter((c) => c.method === 'curve')) store.write({ format: CELL_FORMAT, key: c.key, kind: 'curve', curve: out.curve });
    }
    computed += job.cells.length;
    done += job.cells.length;
    progress(job);
  };
  try {
    await Promise.all(
      jobs.map(async (job) => {
        try {
          // A task that finished is saved even if an interrupt came in meanwhile: nothing finished is lost.
          save(job, await pool.run(job.task, inner.signal));
        } catch (e) {
          if (inner.signal.aborted) return;
          const c = job.cells[0]!;
          if (c.role === 'reference' && job.task.kind === 'simulate') {
            failedReferences.push({ key: c.key, strategy: c.strategy, message: (e as Error).message });
            opts.log?.(`reference ${c.strategy} ${JSON.stringify(c.grid)} failed: ${(e as Error).message}`);
            done += 1;
            progress(job);
            return;
          }
          firstError ??= e;
          inner.abort();
        }
      }),
    );
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await pool.destroy();
  }
  if (firstError !== undefined) throw firstError;
  return { total: mine.length, reused, computed, failedReferences, interrupted, workers, taskSeconds };
}
