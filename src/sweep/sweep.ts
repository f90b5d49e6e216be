// A sweep: plan the cells of a parameter grid (each keyed by the hash of its configuration), run the
// ones not yet on disk on a worker pool, store each the moment it finishes. `none` cells come from one
// pass of the miss-ratio curve (identical to simulating them); a reference LRU curve (and `opt` at
// each capacity, when that strategy exists) feeds the miss-ratio chart. `--shard I/N` runs a
// deterministic 1/N of the cells; `merge` unions the folders.
import { setMaxListeners } from 'node:events';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.ts';
import type { LatencyModel } from '../source/source-model.ts';
import { allStrategySpecs } from '../strategies/registry.ts';
import { streamShape } from '../workloads/stream.ts';
import type { ResolvedWorkload } from '../workloads/workload-config.ts';
import type { SweepTask, SweepTaskResult } from './cell-task.ts';
import { CELL_FORMAT, CellStore, type CellRecord } from './cell-store.ts';
import { writeFileAtomic } from '../report/write-results.ts';
import { cellParams, configHash, expandGrid, resolveCell, type CellSpec, type GridParam, type GridValue } from './grid.ts';
import { createPool } from './pool.ts';

export const SWEEP_FORMAT = 1;
export const MANIFEST = 'sweep.json';

export interface SweepConfig {
  readonly workload: ResolvedWorkload;
  readonly seed: number;
  readonly latency: LatencyModel;
  readonly strategies: readonly string[];
  readonly grid: readonly GridParam[];
  /** Points kept of each cell's source-load series (for the load-over-time chart). */
  readonly loadSeriesPoints: number;
}

export type CellMethod = 'simulation' | 'mrc' | 'curve';

export interface PlannedCell {
  readonly key: string;
  /** "cell": a row of the table; "reference": only for charts (the LRU curve, opt). */
  readonly role: 'cell' | 'reference';
  /** The strategy, or "lru-curve" for the reference curve. */
  readonly strategy: string;
  readonly grid: Readonly<Record<string, GridValue>>;
  /** Every parameter, validated (display form). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly method: CellMethod;
}

export interface SweepPlan {
  readonly format: number;
  /** Hash of every cell key in order: the same sweep has the same id wherever and however it runs. */
  readonly id: string;
  readonly config: SweepConfig;
  readonly cells: readonly PlannedCell[];
}

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/** The fields of a workload that determine its stream (not its name or description). */
function workloadIdentity(w: ResolvedWorkload): Record<string, unknown> {
  return { generator: w.generator, requests: w.requests, absentRatio: w.absentRatio, arrival: w.arrival, rate: w.rate, params: w.params };
}

/** Strategies used as reference lines on the miss-ratio chart when they are registered. */
export const REFERENCE_STRATEGIES: readonly string[] = ['opt'];

export function planSweep(config: SweepConfig): SweepPlan {
  const { sourceKeys, keySpace } = streamShape(config.workload);
  // A one-value parameter that only a reference strategy takes (e.g. opt's maxRequests) is for it alone.
  const refSpecs = allStrategySpecs().filter((s) => REFERENCE_STRATEGIES.includes(s.name) && !config.strategies.includes(s.name));
  const selectedTake = (name: string) => config.strategies.some((s) => allStrategySpecs().find((x) => x.name === s)?.params.some((p) => p.name === name));
  const refOnly = config.grid.filter((g) => g.values.length === 1 && !selectedTake(g.name) && refSpecs.some((s) => s.params.some((p) => p.name === g.name)));
  const specs = expandGrid(config.strategies, config.grid.filter((g) => !refOnly.includes(g)));
  const base = { format: CELL_FORMAT, workload: workloadIdentity(config.workload), seed: config.seed, latency: config.latency };
  const mrcNone = config.latency.jitter === 0;
  const cells: PlannedCell[] = [];
  const seen = new Set<string>();
  const add = (spec: CellSpec, role: PlannedCell['role']) => {
    const resolved = resolveCell(spec, sourceKeys);
    resolved.spec.checkStream?.(resolved.params, { requests: config.workload.requests, keySpace }, `strategy ${spec.strategy}`);
    const params = cellParams(resolved);
    const method: CellMethod = spec.strategy === 'none' && mrcNone ? 'mrc' : 'simulation';
    const key = configHash({ ...base, strategy: spec.strategy, params, loadSeriesPoints: config.loadSeriesPoints });
    if (seen.has(key)) return;
    seen.add(key);
    cells.push({ key, role, strategy: spec.strategy, grid: spec.grid, params, method });
  };
  for (const spec of specs) add(spec, 'cell');
  // Reference lines: the LRU curve always; opt at every finite capacity of the grid, when it exists.
  const capacities = [...new Set(cells.map((c) => c.params.capacity).filter((c): c is number => typeof c === 'number'))].sort((a, b) => a - b);
  cells.push({
    key: configHash({ ...base, reference: 'lru-curve', capacities }),
    role: 'reference',
    strategy: 'lru-curve',
    grid: {},
    params: { capacities },
    method: 'curve',
  });
  for (const spec of refSpecs) {
    const fixed = Object.fromEntries(config.grid.filter((g) => g.values.length === 1 && g.name !== 'capacity' && spec.params.some((p) => p.name === g.name)).map((g) => [g.name, g.values[0]!]));
    for (const capacity of capacities) {
      try {
        add({ strategy: spec.name, grid: { ...fixed, capacity } }, 'reference');
      } catch {
        /* a reference it cannot run at this capacity is left out */
      }
    }
  }
  const id = configHash({ format: SWEEP_FORMAT, cells: cells.map((c) => c.key) });
  return { format: SWEEP_FORMAT, id, config, cells };
}

/** The cells of shard I/N: every N-th cell in key order, so shards are disjoint, cover all, and balance. */
export function shardCells(plan: SweepPlan, shard: Shard | undefined): PlannedCell[] {
  if (!shard || shard.count === 1) return [...plan.cells];
  const byKey = [...plan.cells].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const mine = new Set(byKey.filter((_, i) => i % shard.count === shard.index - 1).map((c) => c.key));
  return plan.cells.filter((c) => mine.has(c.key));
}

export function parseShard(raw: string | undefined): Shard | undefined {
  if (raw === undefined) return undefined;
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count || count > 100_000) {
    throw new ConfigError(`--shard: ${JSON.stringify(raw)} is not I/N with 1 <= I <= N (e.g. 2/4: the second of four shards)`);
  }
  return { index, count };
}

// ---- the manifest (sweep.json): the plan, so `merge` and the report need nothing else ----

export interface Manifest {
  readonly format: number;
  readonly id: string;
  readonly workload: ResolvedWorkload;
  readonly seed: number;
  readonly latency: LatencyModel;
  readonly strategies: readonly string[];
  readonly grid: readonly GridParam[];
  readonly loadSeriesPoints: number;
  readonly cells: readonly PlannedCell[];
}

export function manifestOf(plan: SweepPlan): Manifest {
  const c = plan.config;
  return { format: plan.format, id: plan.id, workload: c.workload, seed: c.seed, latency: c.latency, strategies: c.strategies, grid: c.grid, loadSeriesPoints: c.loadSeriesPoints, cells: plan.cells };
}

export function writeManifest(dir: string, m: Manifest): void {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, MANIFEST), `${JSON.stringify(m, null, 1)}\n`);
}

export function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) throw new ConfigError(`${dir}: not a sweep folder (no ${MANIFEST})`);
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (e) {
    throw new ConfigError(`${path}: unreadable sweep manifest: ${(e as Error).message}`);
  }
  if (m.format !== SWEEP_FORMAT || typeof m.id !== 'string' || !Array.isArray(m.cells)) throw new ConfigError(`${path}: not a sweep manifest of format ${SWEEP_FORMAT}`);
  return m;
}

// ---- running ----

export interface RunSweepOptions {
  /** Worker threads; 0 runs tasks in the main thread. */
  readonly workers: number;
  readonly shard?: Shard | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Cells of this shard done (finished before or now) out of all of this shard's cells. */
  readonly onProgress?: (done: number, total: number) => void;
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
  const pending = mine.filter((c) => !onDisk.has(c.key) || store.read(c.key) === undefined);
  const reused = mine.length - pending.length;
  let done = reused;
  opts.onProgress?.(done, mine.length);
  const config = plan.config;
  const base = { workload: config.workload, seed: config.seed, latency: config.latency, loadSeriesPoints: config.loadSeriesPoints };

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
      mrc.forEach((c, i) => store.write({ format: CELL_FORMAT, key: c.key, kind: 'result', strategy: c.strategy, params: c.params, method: c.method, result: out.results[i]! }));
      for (const c of job.cells.filter((c) => c.method === 'curve')) store.write({ format: CELL_FORMAT, key: c.key, kind: 'curve', curve: out.curve });
    }
    computed += job.cells.length;
    done += job.cells.length;
    opts.onProgress?.(done, mine.length);
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
            opts.onProgress?.(done, mine.length);
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

// ---- reading the results back ----

export interface LoadedSweep {
  readonly manifest: Manifest;
  /** Records of the manifest's cells found on disk, by key. */
  readonly records: ReadonlyMap<string, CellRecord>;
  /** Manifest cells with no record (another shard's, or not yet run). */
  readonly missing: readonly PlannedCell[];
}

export function loadSweep(dir: string, manifest = readManifest(dir)): LoadedSweep {
  const store = new CellStore(dir);
  const records = new Map<string, CellRecord>();
  const missing: PlannedCell[] = [];
  for (const c of manifest.cells) {
    const r = store.read(c.key);
    if (r) records.set(c.key, r);
    else missing.push(c);
  }
  return { manifest, records, missing };
}

/** Copies the cells of every shard folder into `out` (they must all be the same sweep). */
export function mergeSweeps(dirs: readonly string[], out: string): LoadedSweep {
  if (dirs.length === 0) throw new ConfigError('sweep merge: give at least one sweep folder');
  const manifests = dirs.map((d) => readManifest(d));
  const first = manifests[0]!;
  manifests.forEach((m, i) => {
    if (m.id !== first.id) throw new ConfigError(`sweep merge: ${dirs[i]} is sweep ${m.id}, ${dirs[0]} is sweep ${first.id}: shards must come from the same command`);
  });
  const target = new CellStore(out);
  const have = target.keys();
  for (const d of dirs) {
    const store = new CellStore(d);
    for (const c of first.cells) {
      if (have.has(c.key)) continue;
      const r = store.read(c.key);
      if (r) {
        target.write(r);
        have.add(c.key);
      }
    }
  }
  writeManifest(out, first);
  return loadSweep(out, first);
}
