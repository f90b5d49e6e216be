// One unit of sweep work, run on a worker thread (or in the main thread with --workers 0): simulate
// one cell, or derive every `none` cell and the LRU miss-ratio curve from one pass (the MRC task).
// A task is a pure function of its input: the same task gives the same result on any thread, which
// is what makes a sweep's results independent of the number of workers.
import { ArrayStream, ChunkCollector, createChunk } from '../core/chunks.ts';
import type { ObjectSizes, RequestStream } from '../core/types.ts';
import { noneResultsFromStream } from '../mrc/none-results.ts';
import type { MissRatioCurve } from '../mrc/stack-distance.ts';
import { simulatePolicyPoint, type PolicyPoint } from '../mrc/policy-curve.ts';
import type { StrategyResult } from '../runner/result.ts';
import { runStrategies } from '../runner/run.ts';
import { resolveEvents } from '../events/parse-event.ts';
import type { LatencyModel } from '../source/source-model.ts';
import type { SourceParams } from '../source/queue/source-params.ts';
import { loadedKey, rememberDecoded, type DecodedTrace } from '../traces/decoded-trace.ts';
import { openStream, readsRequests } from '../workloads/stream.ts';
import type { ResolvedWorkload } from '../workloads/workload-config.ts';
import { resolveCell, type CellSpec } from './grid.ts';
import { cellSource, splitGrid } from './cell-source.ts';

export interface TaskBase {
  readonly workload: ResolvedWorkload;
  readonly seed: number;
  readonly latency: LatencyModel;
  /** The source model when it is not today's (simulated cells run the queued loop). */
  readonly source?: SourceParams | undefined;
  readonly loadSeriesPoints: number;
  /** The time series' window and the warm epsilon (runs with events: the warm-up metrics). */
  readonly windowMs?: number | undefined;
  readonly warmEpsilon?: number | undefined;
  /** A trace workload's decoded requests (shared memory: every worker reads the same arrays). */
  readonly trace?: DecodedTrace | undefined;
}

export interface SimulateTask extends TaskBase {
  readonly kind: 'simulate';
  readonly cell: CellSpec;
}

export interface MrcTask extends TaskBase {
  readonly kind: 'mrc';
  /** `none` capacities to derive (null = unbounded); may be empty when only the curve is wanted. */
  readonly capacities: readonly (number | null)[];
  /** Capacities the curve must include exactly (besides its log-spaced points). */
  readonly curveCapacities: readonly number[];
}

/** `mrc --eviction P` for a policy that is not a stack algorithm: one simulation per capacity. */
export interface PolicyPointTask extends TaskBase {
  readonly kind: 'policy-point';
  readonly policy: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly capacity: number;
  readonly sampleRate: number;
}

export type SweepTask = SimulateTask | MrcTask;

/** The LRU (demand-fill) miss-ratio curve as stored and charted. */
export interface CurveData {
  readonly requests: number;
  readonly absent: number;
  readonly distinctKeys: number;
  /** Hit ratio of an unbounded cache (only compulsory misses and absent keys miss). */
  readonly unboundedHitRatio: number;
  readonly points: readonly { readonly capacity: number; readonly hitRatio: number }[];
}

/** `seconds`: the task's wall time on its thread (for run.json only; never stored with a cell). */
export type SweepTaskResult =
  | { readonly kind: 'simulate'; readonly result: StrategyResult; readonly seconds: number }
  | { readonly kind: 'mrc'; readonly results: readonly StrategyResult[]; readonly curve: CurveData; readonly seconds: number };

export interface PolicyPointResult {
  readonly kind: 'policy-point';
  readonly point: PolicyPoint;
  readonly seconds: number;
}

/** Streams at most this long are kept in memory by a worker and replayed for every cell (12 bytes a request). */
export const MATERIALIZE_MAX_REQUESTS = 8_000_000;

let cached: { id: string; keys: Uint32Array; times: Float64Array; sourceKeys: number; keySpace: number; objectSizes: ObjectSizes | undefined; popularity: RequestStream['popularity'] } | undefined;

/** The cached requests as a stream (with the generator's popularity order, for the write process). */
function cachedStream(c: NonNullable<typeof cached>): RequestStream {
  const s = new ArrayStream(c.keys, c.times, c.sourceKeys, c.keySpace, c.objectSizes);
  s.popularity = c.popularity;
  return s;
}

/** The task's stream: generated once per worker and kept when small enough, else generated afresh. */
function streamFor(t: TaskBase): RequestStream {
  if (readsRequests(t.workload)) {
    // A trace is already in memory (this thread loaded it, or the task brought it).
    if (t.trace) rememberDecoded(loadedKey(t.workload.params, t.workload.requests), t.trace);
    return openStream(t.workload, t.seed);
  }
  const id = JSON.stringify([t.workload, t.seed]);
  if (cached?.id === id) return cachedStream(cached);
  const stream = openStream(t.workload, t.seed);
  if (t.workload.requests > MATERIALIZE_MAX_REQUESTS) return stream;
  const c = new ChunkCollector(t.workload.requests);
  const chunk = createChunk();
  while (stream.nextChunk(chunk)) c.add(chunk);
  cached = {
    id,
    keys: c.keys.subarray(0, c.length),
    times: c.times!.subarray(0, c.length),
    sourceKeys: stream.sourceKeys,
    keySpace: stream.keySpace,
    objectSizes: stream.objectSizes,
    popularity: stream.popularity,
  };
  return cachedStream(cached);
}

export function curveData(curve: MissRatioCurve, extraCapacities: readonly number[] = []): CurveData {
  return {
    requests: curve.requests,
    absent: curve.absent,
    distinctKeys: curve.distinctKeys,
    unboundedHitRatio: curve.hitRatioAt(undefined),
    points: curve.capacities(24, extraCapacities).map((capacity) => ({ capacity, hitRatio: curve.hitRatioAt(capacity) })),
  };
}

export async function runSweepTask(task: SweepTask): Promise<SweepTaskResult>;
export async function runSweepTask(task: PolicyPointTask): Promise<PolicyPointResult>;
export async function runSweepTask(task: SweepTask | PolicyPointTask): Promise<SweepTaskResult | PolicyPointResult> {
  const t0 = performance.now();
  const seconds = () => (performance.now() - t0) / 1000;
  const stream = streamFor(task);
  if (task.kind === 'simulate') {
    const resolved = resolveCell(task.cell, stream.sourceKeys);
    // A clairvoyant strategy (opt) reads the keys to come from a second copy of the same stream.
    const events = task.workload.events === undefined ? undefined : resolveEvents(task.workload.events, stream.sourceKeys);
    // Cells keep their figures, not their time series (the sweep's load chart has loadSeries).
    const [result] = await runStrategies(stream, [resolved], {
      seed: task.seed,
      latency: task.latency,
      loadSeriesPoints: task.loadSeriesPoints,
      windowMs: task.windowMs,
      warmEpsilon: task.warmEpsilon,
      keepSeries: false,
      reopen: () => streamFor(task),
      events,
      source: cellSource(task.source, task.cell.grid),
      writes: task.workload.writes,
    });
    // A source axis of the grid shows in the cell's parameters (the strategy's own do not hold it).
    const sourceGrid = splitGrid(task.cell.grid).source;
    const shown = Object.keys(sourceGrid).length === 0 ? result! : { ...result!, params: { ...result!.params, ...sourceGrid } };
    return { kind: 'simulate', result: shown, seconds: seconds() };
  }
  if (task.kind === 'policy-point') {
    return { kind: 'policy-point', point: await simulatePolicyPoint(stream, task.policy, task.params, task.capacity, task.sampleRate), seconds: seconds() };
  }
  const capacities = task.capacities.map((c) => (c === null ? undefined : c));
  const { curve, results } = await noneResultsFromStream(stream, capacities, { latency: task.latency, loadSeriesPoints: task.loadSeriesPoints });
  return { kind: 'mrc', results, curve: curveData(curve, task.curveCapacities), seconds: seconds() };
}

export default runSweepTask;
