// --max-memory and --force-resources, and the up-front checks of bench, sweep and load: one design
// for every command (src/core/resources.ts holds the limits, src/runner/resource-estimate.ts the model).
import { traitsOf } from '../core/types.ts';
import type { Argv } from 'yargs';
import { checkResources, DEFAULT_MAX_TIMER_FIRINGS, DEFAULT_MEMORY_SHARE, defaultLimits, parseSize, type ResourceLimits } from '../core/resources.ts';
import type { ResolvedStrategy } from '../runner/strategy-config.ts';
import { estimateLoad, estimateRun, estimateSweep, syntheticDurationMs, type StrategyShape, type WorkloadShape } from '../runner/resource-estimate.ts';
import { strategySpec } from '../strategies/registry.ts';
import { MATERIALIZE_MAX_REQUESTS } from '../sweep/cell-task.ts';
import { readsRequests, streamShape } from '../workloads/stream.ts';
import type { ResolvedWorkload } from '../workloads/workload-config.ts';
import { booleanFlag, stringFlag } from './flags.ts';

export function resourceFlagOptions<T>(y: Argv<T>) {
  return y
    .option('max-memory', { type: 'string', describe: `refuse runs estimated to need more memory than this, e.g. 20GB (default ${DEFAULT_MEMORY_SHARE * 100}% of this machine's)` })
    .option('force-resources', { type: 'boolean', describe: `run even when the memory estimate or the timer firings (limit ${DEFAULT_MAX_TIMER_FIRINGS.toExponential(0)}) are over the limits` });
}

export function readLimits(a: Record<string, unknown>): ResourceLimits {
  const d = defaultLimits();
  const mem = stringFlag('max-memory', a['max-memory']);
  return {
    maxMemoryBytes: mem === undefined ? d.maxMemoryBytes : parseSize(mem, '--max-memory'),
    maxTimerFirings: d.maxTimerFirings,
    force: booleanFlag('force-resources', a['force-resources']) ?? false,
  };
}

/** The workload's shape; its virtual duration when arrivals are synthetic (a trace's clock is its own). */
export function workloadShape(w: ResolvedWorkload, shape: { readonly sourceKeys: number; readonly keySpace: number; readonly requests?: number }, durationMs?: number): WorkloadShape {
  const requests = shape.requests ?? w.requests;
  return { requests, sourceKeys: shape.sourceKeys, keySpace: shape.keySpace, durationMs: durationMs ?? (w.clock ? undefined : syntheticDurationMs(requests, w.rate)) };
}

const shapeOf = (s: ResolvedStrategy): StrategyShape => ({ name: s.name, traits: traitsOf(s.spec, s.params), params: s.params });
const ADVICE = '--requests, --keys or --capacity';

export function checkRunResources(a: Record<string, unknown>, w: WorkloadShape, strategies: readonly ResolvedStrategy[]): void {
  checkResources(estimateRun(w, strategies.map(shapeOf)), readLimits(a), ADVICE);
}

export function checkSweepResources(
  a: Record<string, unknown>,
  workload: ResolvedWorkload,
  cells: readonly { readonly strategy: string; readonly params: Readonly<Record<string, unknown>> }[],
  workers: number,
): void {
  const w = workloadShape(workload, streamShape(workload));
  const shapes = cells.map((c) => ({ name: c.strategy, traits: traitsOf(strategySpec(c.strategy), c.params), params: c.params }));
  // A worker keeps a generated stream it can hold; a trace is decoded once and shared.
  const cached = !readsRequests(workload) && w.requests <= MATERIALIZE_MAX_REQUESTS ? w.requests : 0;
  // With timeline events each cell runs beside its twin.
  checkResources(estimateSweep(w, shapes, workers, cached, workload.events === undefined ? 1 : 2), readLimits(a), `${ADVICE} (or --workers)`);
}

export function checkLoadResources(a: Record<string, unknown>, w: WorkloadShape, strategies: readonly ResolvedStrategy[], expectedRequests: number): void {
  checkResources(estimateLoad(w, strategies.map(shapeOf), expectedRequests), readLimits(a), '--rate or --duration (or --keys, --capacity)');
}
