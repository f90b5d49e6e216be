// The manifest (sweep.json): the plan, so `merge` and the report need nothing else.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.ts';
import { writeFileAtomic } from '../core/atomic-write.ts';
import type { LatencyModel } from '../source/source-model.ts';
import type { SourceParams } from '../source/queue/source-params.ts';
import type { ResolvedWorkload } from '../workloads/workload-config.ts';
import type { GridParam } from './grid.ts';
import { SWEEP_FORMAT, type PlannedCell, type SweepPlan } from './plan.ts';

export const MANIFEST = 'sweep.json';

export interface Manifest {
  readonly format: number;
  readonly id: string;
  readonly workload: ResolvedWorkload;
  readonly seed: number;
  readonly latency: LatencyModel;
  readonly source?: SourceParams | undefined;
  readonly strategies: readonly string[];
  readonly grid: readonly GridParam[];
  readonly loadSeriesPoints: number;
  readonly windowMs?: number | undefined;
  readonly warmEpsilon?: number | undefined;
  readonly cells: readonly PlannedCell[];
}

export function manifestOf(plan: SweepPlan): Manifest {
  const c = plan.config;
  return {
    format: plan.format,
    id: plan.id,
    workload: c.workload,
    seed: c.seed,
    latency: c.latency,
    ...(c.source !== undefined ? { source: c.source } : {}),
    strategies: c.strategies,
    grid: c.grid,
    loadSeriesPoints: c.loadSeriesPoints,
    ...(c.windowMs !== undefined ? { windowMs: c.windowMs } : {}),
    ...(c.warmEpsilon !== undefined ? { warmEpsilon: c.warmEpsilon } : {}),
    cells: plan.cells,
  };
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
