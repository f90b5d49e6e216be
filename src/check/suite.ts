// The pinned regression suite (bench/regression.json): named workloads, cells (workload x strategy x
// parameters; lists expand to every combination), and the CPU settings. Everything is validated up
// front, and every error names file:line:col and what is allowed (exit 2).
import { traitsOf } from '../core/types.ts';
import { relative, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, show } from '../core/errors.ts';
import { readJsonObjectFile, type JsonDocument } from '../core/json-file.ts';
import { integerParam, isPlainObject, numberParam, rejectUnknownFields } from '../core/params.ts';
import { metric, METRICS, TABLE_METRICS, type MetricColumn } from '../runner/metrics.ts';
import { LATENCY_PARAMS, validateLatency, type LatencyModel } from '../source/source-model.ts';
import { checkSourceWithLatency, isTodaysModel, SOURCE_PARAMS, validateSourceParams, type SourceParams } from '../source/queue/source-params.ts';
import { strategySpec } from '../strategies/registry.ts';
import { elementPath, validateWorkload } from '../workloads/workload-config.ts';
import { validateCells, type CellSpec } from './engine.ts';
import { didYouMean } from '../core/suggest.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_SUITE = `${REPO_ROOT}bench/regression.json`;

export interface CpuSettings {
  /** Ids of the cells that are timed. */
  readonly cells: readonly string[];
  /** CPU samples per tree, each taken in a fresh process. */
  readonly samples: number;
  /** tinybench rounds per sample; the sample is their median. */
  readonly roundsPerSample: number;
  readonly timeMs: number;
  readonly bufferRequests: number;
  readonly minEffect: number;
  readonly maxP: number;
}

export interface Suite {
  readonly path: string;
  /** Path relative to the repository root when inside it (for reports), else absolute. */
  readonly displayPath: string;
  readonly description: string;
  readonly seed: number;
  readonly latency: LatencyModel;
  /** The source model, when it is not today's: every cell runs the queued loop. */
  readonly source?: SourceParams | undefined;
  readonly workloads: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly cells: readonly CellSpec[];
  readonly cpu: CpuSettings;
  /** Metrics exported to github-action-benchmark and Bencher files. */
  readonly exportMetrics: readonly MetricColumn[];
}

export const CPU_DEFAULTS: Omit<CpuSettings, 'cells'> = Object.freeze({ samples: 10, roundsPerSample: 2, timeMs: 30, bufferRequests: 1 << 17, minEffect: 0.1, maxP: 0.01 });

/** By default: the compact table's metrics that have a direction. */
export const DEFAULT_EXPORT_METRICS: readonly string[] = TABLE_METRICS.filter((id) => metric(id).direction !== 'neutral');

/** "zipf/none", or "zipf/threshold(threshold=0.3,batch=50)", or "zipf/LABEL". */
export function cellId(workload: string, strategy: string, params: Readonly<Record<string, unknown>>, label?: string): string {
  if (label !== undefined) return `${workload}/${label}`;
  const p = Object.entries(params).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return `${workload}/${strategy}${p.length ? `(${p.join(',')})` : ''}`;
}

/** A path relative to the repository root when inside it, else as given. */
export function displayPath(path: string): string {
  const rel = relative(REPO_ROOT, path);
  return rel.startsWith('..') || rel.startsWith('/') ? path : rel;
}

function names(v: unknown, at: string, field: string): string[] {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0 || list.some((x) => typeof x !== 'string' || x === '')) {
    throw new ConfigError(`${at}: "${field}" is ${show(v)}; allowed: a name or a non-empty list of names`);
  }
  return list as string[];
}

export function loadSuite(path: string): Suite {
  const { doc, value: raw } = readJsonObjectFile(path, 'regression suite');
  const at = (...p: (string | number)[]) => doc.locate(p);
  return parseSuite(doc, raw, at, path);
}

function parseSuite(doc: JsonDocument, raw: Record<string, unknown>, at: (...p: (string | number)[]) => string, path: string): Suite {
  const where = doc.path;
  try {
    rejectUnknownFields(raw, ['description', 'seed', 'latency', 'source', 'workloads', 'cells', 'cpu', 'export'], where);
  } catch (e) {
    throw e instanceof ConfigError && e.field ? new ConfigError(`${at(e.field)}: unknown field "${e.field}"; allowed: description, seed, latency, source, workloads, cells, cpu, export`) : e;
  }
  const relocate = (e: unknown, ...p: (string | number)[]): never => {
    if (e instanceof ConfigError) {
      const loc = e.field ? at(...p, e.field) : at(...p);
      throw e.relocated(loc);
    }
    throw e;
  };

  const description = raw.description === undefined ? '' : raw.description;
  if (typeof description !== 'string') throw new ConfigError(`${at('description')}: "description" must be a string`);
  let seed = 1;
  if (raw.seed !== undefined) {
    try {
      seed = integerParam(raw, 'seed', { min: 0 }, where);
    } catch (e) {
      relocate(e);
    }
  }
  if (raw.latency !== undefined && !isPlainObject(raw.latency)) throw new ConfigError(`${at('latency')}: "latency" must be an object of ${LATENCY_PARAMS.map((d) => d.name).join(', ')}`);
  let latency: LatencyModel;
  try {
    const l = (raw.latency ?? {}) as Record<string, unknown>;
    rejectUnknownFields(
      l,
      LATENCY_PARAMS.map((d) => d.name),
      'latency',
    );
    latency = validateLatency(l, 'latency');
  } catch (e) {
    return relocate(e, 'latency');
  }

  // The source model (issue 15), for every cell; today's model (the default) leaves the suite as it was.
  if (raw.source !== undefined && !isPlainObject(raw.source)) throw new ConfigError(`${at('source')}: "source" must be an object of ${SOURCE_PARAMS.map((d) => d.name).join(', ')}`);
  let source: SourceParams | undefined;
  try {
    const s = (raw.source ?? {}) as Record<string, unknown>;
    rejectUnknownFields(
      s,
      SOURCE_PARAMS.map((d) => d.name),
      'source',
    );
    const p = validateSourceParams(s, 'source');
    source = isTodaysModel(p) ? undefined : p;
    checkSourceWithLatency(source, latency, 'source');
  } catch (e) {
    return relocate(e, 'source');
  }

  if (!isPlainObject(raw.workloads) || Object.keys(raw.workloads).length === 0) {
    throw new ConfigError(`${at('workloads')}: "workloads" must be an object of named workloads, e.g. {"zipf": {"workload": "zipf", ...}}`);
  }
  const workloads: Record<string, Readonly<Record<string, unknown>>> = {};
  for (const [name, w] of Object.entries(raw.workloads)) {
    if (!isPlainObject(w)) throw new ConfigError(`${at('workloads', name)}: workload ${JSON.stringify(name)} must be an object like workloads/zipf.json`);
    if (name.includes('/')) throw new ConfigError(`${at('workloads', name)}: workload name ${JSON.stringify(name)} must not contain "/"`);
    validateWorkload(name, { ...w }, `workload ${name}`, (field) => at('workloads', name, ...elementPath(field)));
    // A trace's path is relative to the current folder, as in workload files; made absolute so that
    // `--against REF` workers, which run in another tree, read the same file.
    const path = w.workload === 'trace' && typeof w.path === 'string' ? { path: resolvePath(w.path) } : {};
    workloads[name] = Object.freeze({ ...w, ...path });
  }

  if (!Array.isArray(raw.cells) || raw.cells.length === 0) throw new ConfigError(`${at('cells')}: "cells" must be a non-empty list of {workload, strategy, params?, label?}`);
  const cells: CellSpec[] = [];
  const ids = new Set<string>();
  raw.cells.forEach((entry: unknown, i: number) => {
    const loc = at('cells', i);
    if (!isPlainObject(entry)) throw new ConfigError(`${loc}: a cell must be an object {workload, strategy, params?, label?}`);
    try {
      rejectUnknownFields(entry, ['workload', 'strategy', 'params', 'label'], 'cell');
    } catch (e) {
      relocate(e, 'cells', i);
    }
    const ws = names(entry.workload, at('cells', i, 'workload'), 'workload');
    const ss = names(entry.strategy, at('cells', i, 'strategy'), 'strategy');
    for (const w of ws)
      if (!(w in workloads))
        throw new ConfigError(`${at('cells', i, 'workload')}: unknown workload ${JSON.stringify(w)}${didYouMean(w, Object.keys(workloads))}; the suite defines: ${Object.keys(workloads).join(', ')}`);
    const params = entry.params === undefined ? {} : entry.params;
    if (!isPlainObject(params)) throw new ConfigError(`${at('cells', i, 'params')}: "params" must be an object of strategy parameters`);
    const label = entry.label;
    if (label !== undefined && (typeof label !== 'string' || label === '' || label.includes('/'))) throw new ConfigError(`${at('cells', i, 'label')}: "label" must be a non-empty string without "/"`);
    if (label !== undefined && ss.length > 1) throw new ConfigError(`${at('cells', i, 'label')}: "label" needs a single strategy, not a list`);
    for (const w of ws) {
      for (const s of ss) {
        const id = cellId(w, s, params, label as string | undefined);
        if (ids.has(id)) throw new ConfigError(`${loc}: cell ${JSON.stringify(id)} is defined twice`);
        ids.add(id);
        const cell: CellSpec = Object.freeze({ id, workloadName: w, workload: workloads[w]!, strategy: s, params: Object.freeze({ ...params }) });
        try {
          validateCells({ seed, latency: { ...latency }, cells: [cell] });
        } catch (e) {
          if (e instanceof ConfigError) throw e.within(loc);
          throw e;
        }
        cells.push(cell);
      }
    }
  });

  const cpuRaw = raw.cpu === undefined ? {} : raw.cpu;
  if (!isPlainObject(cpuRaw)) throw new ConfigError(`${at('cpu')}: "cpu" must be an object {cells, samples, roundsPerSample, timeMs, bufferRequests, minEffect, maxP}`);
  let cpu: CpuSettings;
  try {
    rejectUnknownFields(cpuRaw, ['cells', 'samples', 'roundsPerSample', 'timeMs', 'bufferRequests', 'minEffect', 'maxP'], 'cpu');
    const c = { ...CPU_DEFAULTS, cells: [], ...cpuRaw } as Record<string, unknown>;
    if (!Array.isArray(c.cells) || c.cells.some((x) => typeof x !== 'string')) throw ConfigError.at('cpu', `"cells" must be a list of cell ids`, 'cells');
    // CPU cells are timed on today's loop; a source that saturates runs another (bench/queued-kernel.ts).
    if (source !== undefined && c.cells.length > 0)
      throw ConfigError.at('cpu', `"cells" must be empty in a suite with a source model ("source"): CPU cells are timed on today's source model`, 'cells');
    for (const id of c.cells as string[]) {
      if (!ids.has(id)) throw ConfigError.at('cpu', `"cells" names ${JSON.stringify(id)}, which is not a cell; cells: ${[...ids].slice(0, 8).join(', ')}${ids.size > 8 ? ', ...' : ''}`, 'cells');
      const { strategy, params } = cells.find((x) => x.id === id)!;
      if (traitsOf(strategySpec(strategy), params).includes('clairvoyant')) {
        throw ConfigError.at('cpu', `"cells" names ${JSON.stringify(id)}, but ${strategy} is clairvoyant (it reads the whole stream ahead) and is not timed`, 'cells');
      }
    }
    cpu = Object.freeze({
      cells: Object.freeze([...new Set(c.cells as string[])]),
      samples: integerParam(c, 'samples', { min: 2, max: 1000 }, 'cpu'),
      roundsPerSample: integerParam(c, 'roundsPerSample', { min: 1, max: 100 }, 'cpu'),
      timeMs: numberParam(c, 'timeMs', { min: 1, max: 60_000 }, 'cpu'),
      bufferRequests: integerParam(c, 'bufferRequests', { min: 4096, max: 1 << 24 }, 'cpu'),
      minEffect: numberParam(c, 'minEffect', { min: 0, max: 10 }, 'cpu'),
      maxP: numberParam(c, 'maxP', { min: 0, minExclusive: true, max: 0.5 }, 'cpu'),
    });
  } catch (e) {
    return relocate(e, 'cpu');
  }

  let exportMetrics: MetricColumn[] = DEFAULT_EXPORT_METRICS.map(metric);
  if (raw.export !== undefined) {
    const ex = raw.export;
    if (!isPlainObject(ex) || Object.keys(ex).some((k) => k !== 'metrics') || !Array.isArray(ex.metrics) || ex.metrics.some((m) => typeof m !== 'string')) {
      throw new ConfigError(`${at('export')}: "export" must be {"metrics": [metric ids]}`);
    }
    exportMetrics = (ex.metrics as string[]).map((id) => {
      const m = METRICS.find((c) => c.id === id);
      if (!m)
        throw new ConfigError(
          `${at('export', 'metrics')}: unknown metric ${JSON.stringify(id)}${didYouMean(
            id,
            METRICS.map((c) => c.id),
          )}; metrics: ${METRICS.map((c) => c.id).join(', ')}`,
        );
      if (m.direction === 'neutral')
        throw new ConfigError(`${at('export', 'metrics')}: metric ${JSON.stringify(id)} has no better direction, so it cannot be exported as bigger- or smaller-is-better`);
      return m;
    });
  }

  return Object.freeze({
    path,
    displayPath: displayPath(path),
    description,
    seed,
    latency,
    ...(source !== undefined ? { source } : {}),
    workloads,
    cells: Object.freeze(cells),
    cpu,
    exportMetrics: Object.freeze(exportMetrics),
  });
}
