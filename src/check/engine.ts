// What a regression check runs, for one tree: the deterministic replay of every cell, and one round
// of CPU timing of the CPU cells. Cells arrive fully described (plain JSON), so the same code can
// run here, in the check's own process, or in a worker process inside another git tree (--against),
// where this file is copied in. It therefore imports only the engine's long-standing entry points
// and nothing else from src/check/.
import { measureCpuCosts } from '../cpu/cpu-cost.ts';
import type { StrategyResult } from '../runner/result.ts';
import { runStrategiesSync } from '../runner/run.ts';
import type { ResolvedStrategy } from '../runner/strategy-config.ts';
import { validateLatency } from '../source/source-model.ts';
import { strategySpec } from '../strategies/registry.ts';
import { loadWorkload, openStream, readsRequests } from '../workloads/stream.ts';
import { validateWorkload, type ResolvedWorkload } from '../workloads/workload-config.ts';
import { median } from '../stats/median.ts';

/** One workload x strategy x parameters cell, as plain JSON. */
export interface CellSpec {
  readonly id: string;
  /** The workload's name in the suite. */
  readonly workloadName: string;
  /** The workload object (the shape of a workloads/*.json file). */
  readonly workload: Readonly<Record<string, unknown>>;
  readonly strategy: string;
  /** Parameter overrides on the strategy's defaults. */
  readonly params: Readonly<Record<string, unknown>>;
}

export interface RunSpec {
  readonly seed: number;
  readonly latency: Readonly<Record<string, unknown>>;
  /** The source model (a suite's "source"; absent: today's). Trees from before it ignore it (--against). */
  readonly source?: Readonly<Record<string, unknown>> | undefined;
  readonly cells: readonly CellSpec[];
}

export interface CpuRoundSpec extends RunSpec {
  /** tinybench time budget per task (ms). */
  readonly timeMs: number;
  /** Requests pre-generated per workload and cycled through by the timed slices. */
  readonly bufferRequests: number;
}

export interface CpuRoundResult {
  /** Per cell: median ns per request / the calibration loop's median, same round and workload. */
  readonly ratios: Record<string, number>;
  /** Per cell: median ns per request. */
  readonly nsPerRequest: Record<string, number>;
  /** Per cell: tinybench samples behind the median. */
  readonly samples: Record<string, number>;
}

interface Group {
  readonly workload: ResolvedWorkload;
  readonly cells: CellSpec[];
}

function groups(cells: readonly CellSpec[]): Group[] {
  const out = new Map<string, Group>();
  for (const c of cells) {
    let g = out.get(c.workloadName);
    if (!g) {
      g = { workload: validateWorkload(c.workloadName, { ...c.workload }, `workload ${c.workloadName}`), cells: [] };
      out.set(c.workloadName, g);
    }
    g.cells.push(c);
  }
  return [...out.values()];
}

/** The cell's strategy with validated parameters; its name is the cell id (reports show it). */
export function resolveCell(c: CellSpec, sourceKeys: number): ResolvedStrategy {
  const spec = strategySpec(c.strategy, `cell ${c.id}`);
  const params = Object.freeze(spec.validate({ ...spec.defaults(sourceKeys), ...c.params }, `cell ${c.id}`) as Record<string, unknown>);
  return Object.freeze({ name: c.id, spec, params });
}

/** Reads the suite's trace workloads, once per process (synthetic workloads need nothing). */
async function loadTraces(spec: RunSpec): Promise<void> {
  for (const g of groups(spec.cells)) await loadWorkload(g.workload, spec.seed);
}

/**
 * Validates every cell (workload, strategy, parameters, latency) without running anything. The
 * strategies of a trace workload are checked when the trace is read (their defaults depend on its keys).
 */
export function validateCells(spec: RunSpec): void {
  validateLatency({ ...spec.latency }, 'latency');
  for (const g of groups(spec.cells)) {
    if (readsRequests(g.workload)) continue;
    const keys = openStream(g.workload, spec.seed).sourceKeys;
    for (const c of g.cells) resolveCell(c, keys);
  }
}

/** Replays every cell; one stream per workload, fanned out to that workload's cells. */
export async function runDeterministic(spec: RunSpec): Promise<Record<string, StrategyResult>> {
  const latency = validateLatency({ ...spec.latency }, 'latency');
  // Imported only for suites with a source model, so this file still runs inside older trees (--against).
  const source = spec.source === undefined ? undefined : (await import('../source/queue/source-params.ts')).validateSourceParams({ ...spec.source }, 'source');
  await loadTraces(spec);
  const out: Record<string, StrategyResult> = {};
  for (const g of groups(spec.cells)) {
    const stream = openStream(g.workload, spec.seed);
    const resolved = g.cells.map((c) => resolveCell(c, stream.sourceKeys));
    // A suite workload may carry timeline events (its "events" field): the cells run with them. The
    // parser is imported only then, so this file still runs inside trees older than events (--against).
    const events = g.workload.events === undefined ? undefined : (await import('../events/parse-event.ts')).resolveEvents(g.workload.events, stream.sourceKeys);
    // A suite workload may carry writes (its "writes" fields): the cells run with them.
    const writes = g.workload.writes;
    const results = runStrategiesSync(stream, resolved, { seed: spec.seed, latency, events, ...(source !== undefined ? { source } : {}), ...(writes !== undefined ? { writes } : {}) });
    g.cells.forEach((c, i) => (out[c.id] = { ...results[i]!, strategy: c.strategy }));
  }
  return out;
}

/** One round of CPU timing: per workload, the calibration loop and that workload's cells. */
export async function runCpuRound(spec: CpuRoundSpec, resolve: (c: CellSpec, sourceKeys: number) => ResolvedStrategy = resolveCell): Promise<CpuRoundResult> {
  const latency = validateLatency({ ...spec.latency }, 'latency');
  const ratios: Record<string, number> = {};
  const nsPerRequest: Record<string, number> = {};
  const samples: Record<string, number> = {};
  await loadTraces(spec);
  for (const g of groups(spec.cells)) {
    const open = () => openStream(g.workload, spec.seed);
    const resolved = g.cells.map((c) => resolve(c, open().sourceKeys));
    const report = await measureCpuCosts(open, resolved, {
      latency,
      timeMs: spec.timeMs,
      bufferRequests: spec.bufferRequests,
      warmRequests: Math.min(spec.bufferRequests, 1 << 16),
    });
    const calibration = report.calibration.nsPerRequest.p50;
    for (const c of g.cells) {
      const cost = report.strategies.get(c.id);
      if (!cost) throw new Error(`no CPU cost measured for ${c.id}`);
      ratios[c.id] = cost.nsPerRequest.p50 / calibration;
      nsPerRequest[c.id] = cost.nsPerRequest.p50;
      samples[c.id] = cost.samples;
    }
  }
  return { ratios, nsPerRequest, samples };
}

/**
 * One CPU sample: `rounds` rounds in this process, and per cell the median of their ratios. The
 * check takes each sample in a fresh process, so that the samples also vary as processes do (the
 * JIT's choices differ from one process to the next), which keeps its p-values honest.
 */
export async function runCpuSample(spec: CpuRoundSpec & { readonly rounds: number }, resolve?: (c: CellSpec, sourceKeys: number) => ResolvedStrategy): Promise<CpuRoundResult> {
  const rounds: CpuRoundResult[] = [];
  for (let r = 0; r < Math.max(1, spec.rounds); r++) rounds.push(await runCpuRound(spec, resolve));
  const pick = (f: (r: CpuRoundResult) => Record<string, number>) => Object.fromEntries(spec.cells.map((c) => [c.id, median(rounds.map((r) => f(r)[c.id]!))]));
  return { ratios: pick((r) => r.ratios), nsPerRequest: pick((r) => r.nsPerRequest), samples: pick((r) => r.samples) };
}
