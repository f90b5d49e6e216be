// A sweep's plan: the cells of a parameter grid, each keyed by the hash of its configuration (so the
// same sweep has the same id wherever and however it runs). `none` cells come from one pass of the
// miss-ratio curve (identical to simulating them); a reference LRU curve (and `opt` at each capacity,
// when that strategy exists) feeds the miss-ratio chart. `--shard I/N` picks a deterministic 1/N.
import { CAPACITY_UNBOUNDED } from '../strategies/strategy-params.ts';
import { ConfigError } from '../core/errors.ts';
import { formatEvent } from '../events/parse-event.ts';
import { traitsOf } from '../core/types.ts';
import type { LatencyModel } from '../source/source-model.ts';
import { checkSourceWithLatency, type SourceParams } from '../source/queue/source-params.ts';
import { isStackDemandFill } from '../strategies/presets/preset.ts';
import { allStrategySpecs, strategySpec } from '../strategies/registry.ts';
import { createHash } from 'node:crypto';
import { loadedTrace, streamShape } from '../workloads/stream.ts';
import { sizesGiven } from '../core/object-sizes.ts';
import type { ResolvedWorkload } from '../workloads/workload-config.ts';
import { CELL_FORMAT } from './cell-store.ts';
import { cellParams, configHash, expandGrid, resolveCell, type CellSpec, type GridParam, type GridValue } from './grid.ts';
import { cellSource, splitGrid } from './cell-source.ts';

export const SWEEP_FORMAT = 1;

export interface SweepConfig {
  readonly workload: ResolvedWorkload;
  readonly seed: number;
  readonly latency: LatencyModel;
  /**
   * The source model of the flags, when it is not today's or the grid has a source axis (a cell's
   * own: cell-source.ts; a cell on today's model keeps its identity and may come from the curve).
   */
  readonly source?: SourceParams | undefined;
  readonly strategies: readonly string[];
  readonly grid: readonly GridParam[];
  /** Points kept of each cell's source-load series (for the load-over-time chart). */
  readonly loadSeriesPoints: number;
  /** The time series' window (--series-window) and warm epsilon (--warm-epsilon), when given: they change the warm-up metrics. */
  readonly windowMs?: number | undefined;
  readonly warmEpsilon?: number | undefined;
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

/**
 * The fields of a workload that determine its stream (not its name or description); for a trace, the
 * digest of its decoded requests too, so that cells of a trace file that changed are not reused.
 */
function workloadIdentity(w: ResolvedWorkload): Record<string, unknown> {
  // Events join the identity only when present: sweeps without events keep their ids (and resume).
  const identity = {
    generator: w.generator,
    requests: w.requests,
    absentRatio: w.absentRatio,
    arrival: w.arrival,
    rate: w.rate,
    params: w.params,
    ...(w.events ? { events: w.events.map(formatEvent) } : {}),
    // Writes likewise: a sweep without them keeps its cell ids.
    ...(w.writes ? { writes: { rate: w.writes.rate ?? null, weights: w.writes.weights, mode: w.writes.mode } } : {}),
  };
  const trace = loadedTrace(w);
  if (!trace) return identity;
  const h = createHash('sha256').update(trace.ids);
  if (trace.times) h.update(trace.times);
  return { ...identity, requestsDigest: h.digest('hex') };
}

/** Strategies used as reference lines on the miss-ratio chart when they are registered. */
export const REFERENCE_STRATEGIES: readonly string[] = ['opt'];

export function planSweep(config: SweepConfig): SweepPlan {
  const { sourceKeys, keySpace } = streamShape(config.workload);
  // A one-value parameter that only a reference strategy takes (e.g. opt's maxRequests) is for it alone.
  // opt models no writes (it refuses them): a sweep with writes draws no opt reference rather than logging its refusal per capacity.
  const refSpecs = config.workload.writes !== undefined ? [] : allStrategySpecs().filter((s) => REFERENCE_STRATEGIES.includes(s.name) && !config.strategies.includes(s.name));
  const selectedTake = (name: string) => config.strategies.some((s) => strategySpec(s, '--strategies').params.some((p) => p.name === name));
  const refOnly = config.grid.filter((g) => g.values.length === 1 && !selectedTake(g.name) && refSpecs.some((s) => s.params.some((p) => p.name === g.name)));
  const specs = expandGrid(
    config.strategies,
    config.grid.filter((g) => !refOnly.includes(g)),
  );
  const base = { format: CELL_FORMAT, workload: workloadIdentity(config.workload), seed: config.seed, latency: config.latency };
  // With events, `none` cells are simulated (the one-pass curve knows no timeline), and so they are
  // with a source that saturates (latency depends on the queue).
  // So are they with writes (the curve knows no versions) or a trace with operations.
  const mrcNone = config.latency.jitter === 0 && config.workload.events === undefined && config.workload.writes === undefined;
  const shift = config.workload.events?.find((e) => e.kind === 'shift');
  const cells: PlannedCell[] = [];
  const seen = new Set<string>();
  const add = (spec: CellSpec, role: PlannedCell['role']) => {
    const resolved = resolveCell(spec, sourceKeys);
    if (shift !== undefined && traitsOf(resolved.spec, resolved.params).includes('clairvoyant')) {
      throw new ConfigError(`strategy ${spec.strategy} reads the stream ahead and cannot follow a shift of popularity (event ${formatEvent(shift)}); leave one of them out`);
    }
    resolved.spec.checkStream?.(resolved.params, { requests: config.workload.requests, keySpace }, `strategy ${spec.strategy}`);
    // The cell's source model joins its identity (and its shown parameters) only when it is not today's.
    const source = cellSource(config.source, spec.grid);
    checkSourceWithLatency(source, config.latency, '--jitter');
    const params = { ...cellParams(resolved), ...splitGrid(spec.grid).source };
    // One pass gives every capacity's result only for demand fill on a stack algorithm (LRU), counting
    // objects: a FIFO or S3-FIFO `none` cell is simulated, never read off the LRU stack distances, and
    // so is a capacity in bytes or a share (resolved per run), or sizes in play (the byte metrics).
    const capacity = resolved.params[CAPACITY_UNBOUNDED.name];
    const countsObjects = (capacity === undefined || typeof capacity === 'number') && !sizesGiven(config.workload.sizes);
    const method: CellMethod = mrcNone && source === undefined && countsObjects && isStackDemandFill(resolved.spec, resolved.params) ? 'mrc' : 'simulation';
    // The series' window and the warm epsilon join the identity only when given: other sweeps keep their ids.
    const timeline = { ...(config.windowMs !== undefined ? { windowMs: config.windowMs } : {}), ...(config.warmEpsilon !== undefined ? { warmEpsilon: config.warmEpsilon } : {}) };
    const key = configHash({ ...base, ...(source !== undefined ? { source } : {}), strategy: spec.strategy, params, loadSeriesPoints: config.loadSeriesPoints, ...timeline });
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
    const fixed = Object.fromEntries(
      config.grid.filter((g) => g.values.length === 1 && g.name !== CAPACITY_UNBOUNDED.name && spec.params.some((p) => p.name === g.name)).map((g) => [g.name, g.values[0]!]),
    );
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
