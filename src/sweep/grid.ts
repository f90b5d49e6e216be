// The parameter grid of a sweep: `--param name=LIST|RANGE` (repeatable), e.g. capacity=1000,10000
// or threshold=0.1:0.9:0.1, crossed per strategy over the parameters that strategy takes only (a
// parameter that does not apply to a strategy is not crossed with it). Every cell's parameters are
// validated up front, so a bad value stops the sweep before any work, naming the flag.
import { createHash } from 'node:crypto';
import { ConfigError, show } from '../core/errors.ts';
import { displayParams, FLAG_FOR_PARAM, type ResolvedStrategy } from '../runner/strategy-config.ts';
import { allStrategySpecs, strategySpec } from '../strategies/registry.ts';
import { expandRange, strictNumber } from './decimal.ts';
import { didYouMean } from '../core/suggest.ts';

/** A grid value as given: a number, or null for "unbounded" capacity / cumulative window. */
export type GridValue = number | null;

export interface GridParam {
  /** The strategy parameter (intervalMs for --param interval=...). */
  readonly name: string;
  readonly values: readonly GridValue[];
  /** As typed, for reports. */
  readonly text: string;
}

/** One configuration to run: a strategy and the grid values that apply to it. */
export interface CellSpec {
  readonly strategy: string;
  readonly grid: Readonly<Record<string, GridValue>>;
}

export const MAX_CELLS = 100_000;
const NULL_WORDS = new Set(['unbounded', 'null', 'none', 'cumulative']);
const PARAM_FOR_FLAG: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(FLAG_FOR_PARAM).map(([p, f]) => [f, p]));

function knownParams(): Set<string> {
  return new Set(allStrategySpecs().flatMap((s) => s.params.map((p) => p.name)));
}

/** Parses every `--param name=spec` of a sweep. */
export function parseGrid(raw: unknown, flag = '--param'): GridParam[] {
  if (raw === undefined) return [];
  const items = (Array.isArray(raw) ? raw : [raw]).map(String);
  const out: GridParam[] = [];
  const known = knownParams();
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new ConfigError(`${flag}: ${JSON.stringify(item)} is not name=values (e.g. capacity=1000,10000 or threshold=0.1:0.9:0.1)`);
    const given = item.slice(0, eq).trim();
    const name = PARAM_FOR_FLAG[given] ?? given;
    if (!known.has(name)) {
      const flags = [...known].map((p) => FLAG_FOR_PARAM[p] ?? p).sort();
      throw new ConfigError(`${flag}: unknown strategy parameter ${JSON.stringify(given)}${didYouMean(given, flags)}; known: ${flags.join(', ')}`);
    }
    if (out.some((g) => g.name === name)) throw new ConfigError(`${flag}: ${given} is given twice; give all its values in one --param (e.g. ${given}=1,2,3)`);
    const text = item.slice(eq + 1);
    const values: GridValue[] = [];
    for (const part of text.split(',').map((s) => s.trim())) {
      if (part === '') throw new ConfigError(`${flag} ${given}: ${JSON.stringify(text)} has an empty item`);
      if (part.includes(':')) {
        values.push(...expandRange(part, `${flag} ${given}`));
      } else if (NULL_WORDS.has(part.toLowerCase())) {
        values.push(null);
      } else {
        const v = strictNumber(part);
        if (v === undefined) throw new ConfigError(`${flag} ${given}: ${JSON.stringify(part)} is not a number (or "unbounded"), nor a start:end:step range`);
        values.push(v);
      }
    }
    const seen = new Set<GridValue>();
    for (const v of values) {
      if (seen.has(v)) throw new ConfigError(`${flag} ${given}: value ${v === null ? 'unbounded' : v} is listed twice`);
      seen.add(v);
    }
    out.push({ name, values, text });
  }
  return out;
}

/** The cells: for each strategy, the cross product of the grid parameters it takes, first param outermost. */
export function expandGrid(strategies: readonly string[], grid: readonly GridParam[], flag = '--param'): CellSpec[] {
  const specs = strategies.map((s) => strategySpec(s, '--strategies'));
  for (const g of grid) {
    if (!specs.some((s) => s.params.some((p) => p.name === g.name))) {
      const takers = allStrategySpecs()
        .filter((s) => s.params.some((p) => p.name === g.name))
        .map((s) => s.name);
      throw new ConfigError(`${flag} ${FLAG_FOR_PARAM[g.name] ?? g.name} applies to none of the selected strategies (${strategies.join(', ')}); it applies to: ${takers.join(', ')}`);
    }
  }
  const cells: CellSpec[] = [];
  for (const spec of specs) {
    const applies = grid.filter((g) => spec.params.some((p) => p.name === g.name));
    let combos: Record<string, GridValue>[] = [{}];
    for (const g of applies) {
      combos = combos.flatMap((c) => g.values.map((v) => ({ ...c, [g.name]: v })));
      if (cells.length + combos.length > MAX_CELLS) throw new ConfigError(`${flag}: the grid has more than ${MAX_CELLS.toLocaleString('en-US')} cells; narrow it`);
    }
    for (const c of combos) cells.push({ strategy: spec.name, grid: c });
  }
  return cells;
}

/** Validates a cell's parameters over the strategy's defaults; errors name the --param. */
export function resolveCell(cell: CellSpec, sourceKeys: number, flag = '--param'): ResolvedStrategy {
  const spec = strategySpec(cell.strategy, '--strategies');
  const raw: Record<string, unknown> = { ...spec.defaults(sourceKeys), ...cell.grid };
  try {
    const params = Object.freeze(spec.validate(raw, `strategy ${spec.name}`) as Record<string, unknown>);
    return Object.freeze({ name: spec.name, spec, params });
  } catch (e) {
    if (e instanceof ConfigError && e.field !== undefined && e.field in cell.grid) {
      const given = FLAG_FOR_PARAM[e.field] ?? e.field;
      throw e.relocated(`${flag} ${given}=${show(cell.grid[e.field])} (strategy ${spec.name})`);
    }
    throw e;
  }
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/** A short, stable hash of a configuration (hex). */
export function configHash(value: unknown, length = 16): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, length);
}

/** The parameters shown for a cell: every validated parameter, "unbounded" for no capacity. */
export function cellParams(resolved: ResolvedStrategy): Record<string, unknown> {
  return displayParams(resolved.params);
}
