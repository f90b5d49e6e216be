// results/baseline.json: what the pinned suite measured when the baseline was last accepted: every
// deterministic metric of every cell (exact), the CPU samples of the timed cells, and where they
// were recorded (commit, date, Node, machine). Written atomically; read strictly (exit 2 if bad).
import { cpus } from 'node:os';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../core/errors.ts';
import { readJsonObjectFile } from '../core/json-file.ts';
import { isPlainObject } from '../core/params.ts';
import { gitCommit } from '../report/run-info.ts';
import { writeFileAtomic } from '../core/atomic-write.ts';
import type { LatencyModel } from '../source/source-model.ts';
import type { SourceParams } from '../source/queue/source-params.ts';
import type { CellSpec } from './engine.ts';
import { REPO_ROOT } from './suite.ts';

export const DEFAULT_BASELINE = `${REPO_ROOT}results/baseline.json`;
export const BASELINE_SCHEMA = 1;

/** Where a set of timings was taken: timings compare across runs only on the same machine and Node. */
export interface Machine {
  readonly node: string;
  readonly platform: string;
  readonly cpu: string;
  readonly cores: number;
}

export interface CpuSamples {
  /** One per process: median ns per request / calibration loop median ns (median of its rounds). */
  readonly samples: readonly number[];
  /** Median ns per request over the samples (for people; machine-dependent). */
  readonly nsPerRequest: number;
}

export interface BaselineCell {
  readonly id: string;
  /** What was run: compared with the suite so a redefined cell is reported as such. */
  readonly definition: CellDefinition;
  readonly metrics: Readonly<Record<string, number>>;
  readonly cpu?: CpuSamples | undefined;
}

export interface CellDefinition {
  readonly workload: string;
  readonly workloadSpec: Readonly<Record<string, unknown>>;
  readonly strategy: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly latency: LatencyModel;
  /** The suite's source model, when it is not today's. */
  readonly source?: SourceParams;
}

export interface Baseline {
  readonly schema: number;
  readonly suite: string;
  readonly recorded: { readonly commit: string; readonly date: string } & Machine;
  readonly cpuSettings?: { readonly samples: number; readonly roundsPerSample: number; readonly timeMs: number; readonly bufferRequests: number } | undefined;
  readonly cells: readonly BaselineCell[];
}

export function thisMachine(): Machine {
  const list = cpus();
  return { node: process.version, platform: `${process.platform} ${process.arch}`, cpu: list[0]?.model.trim() ?? 'unknown', cores: list.length };
}

/** Why timings recorded on `a` cannot gate a run on `b`, or undefined when they can. */
export function machineDifference(a: Machine, b: Machine): string | undefined {
  const diffs: string[] = [];
  if (a.cpu !== b.cpu) diffs.push(`CPU ${JSON.stringify(a.cpu)} vs ${JSON.stringify(b.cpu)}`);
  if (a.platform !== b.platform) diffs.push(`platform ${a.platform} vs ${b.platform}`);
  if (a.node !== b.node) diffs.push(`Node ${a.node} vs ${b.node}`);
  return diffs.length ? diffs.join(', ') : undefined;
}

export function cellDefinition(c: CellSpec, seed: number, latency: LatencyModel, source?: SourceParams): CellDefinition {
  // The source model joins a cell's definition only when it is not today's: baselines before it stay valid.
  return { workload: c.workloadName, workloadSpec: c.workload, strategy: c.strategy, params: c.params, seed, latency, ...(source !== undefined ? { source } : {}) };
}

/** A canonical text for comparing definitions: keys sorted at every level. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isPlainObject(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

export function readBaseline(path: string): Baseline {
  const { doc, value } = readJsonObjectFile(path, 'baseline');
  const bad = (p: (string | number)[], what: string): never => {
    throw new ConfigError(`${doc.locate(p)}: ${what}; regenerate it with: npm run bench:check -- --update-baseline`);
  };
  if (value.schema !== BASELINE_SCHEMA) bad(['schema'], `baseline schema ${JSON.stringify(value.schema)} is not ${BASELINE_SCHEMA}`);
  const rec = value.recorded;
  if (
    !isPlainObject(rec) ||
    typeof rec.commit !== 'string' ||
    typeof rec.date !== 'string' ||
    typeof rec.node !== 'string' ||
    typeof rec.platform !== 'string' ||
    typeof rec.cpu !== 'string' ||
    typeof rec.cores !== 'number'
  ) {
    bad(['recorded'], '"recorded" must hold commit, date, node, platform, cpu and cores');
  }
  if (!Array.isArray(value.cells)) bad(['cells'], '"cells" must be a list');
  const seen = new Set<string>();
  (value.cells as unknown[]).forEach((c, i) => {
    if (!isPlainObject(c) || typeof c.id !== 'string' || !isPlainObject(c.definition) || !isPlainObject(c.metrics)) bad(['cells', i], 'a baseline cell needs id, definition and metrics');
    const cell = c as Record<string, unknown> & { id: string; metrics: Record<string, unknown> };
    if (seen.has(cell.id)) bad(['cells', i, 'id'], `cell ${JSON.stringify(cell.id)} appears twice`);
    seen.add(cell.id);
    for (const [k, v] of Object.entries(cell.metrics)) if (typeof v !== 'number') bad(['cells', i, 'metrics', k], `metric ${k} must be a number`);
    if (cell.cpu !== undefined) {
      const cpu = cell.cpu;
      if (!isPlainObject(cpu) || !Array.isArray(cpu.samples) || cpu.samples.some((s) => typeof s !== 'number' || !(s > 0)) || typeof cpu.nsPerRequest !== 'number') {
        bad(['cells', i, 'cpu'], '"cpu" must be {samples: [positive numbers], nsPerRequest}');
      }
    }
  });
  return value as unknown as Baseline;
}

/** JSON with short number lists kept on one line, so the file diffs well. */
export function renderBaseline(b: Baseline): string {
  const text = JSON.stringify(b, null, 2).replace(/\[\s*(-?[\d.eE+-]+(?:,\s*-?[\d.eE+-]+)*)\s*\]/g, (_, list: string) => `[${list.split(/,\s*/).join(', ')}]`);
  return `${text}\n`;
}

export function writeBaseline(path: string, b: Baseline): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, renderBaseline(b));
}

export function recordedNow(): Baseline['recorded'] {
  return { commit: gitCommit(), date: new Date().toISOString(), ...thisMachine() };
}
