// The parameter grid of a sweep: `--param name=LIST|RANGE` (repeatable), e.g. capacity=1000,10000,
// threshold=0.1:0.9:0.1, eviction=lru,sieve or capacity=64MiB,10%, crossed per strategy over the
// parameters that strategy takes only (a parameter that does not apply to a strategy is not crossed
// with it). Values are read by the parameter's declared kind (numbers and ranges, true/false, choices,
// sizes with units, null words); every cell's parameters are validated up front, so a bad value
// stops the sweep before any work, naming the flag.
import { createHash } from 'node:crypto';
import { ConfigError, show } from '../core/errors.ts';
import { flagOf, nullWords, type ScalarDecl } from '../core/param-decl.ts';
import { displayParams, type ResolvedStrategy } from '../runner/strategy-config.ts';
import { strategySpec } from '../strategies/registry.ts';
import { strategiesTaking, strategyFlag, strategyParamByFlagOrName, strategyParamDecls, takes } from '../strategies/strategy-param-index.ts';
import { expandRange, strictNumber } from './decimal.ts';
import { didYouMean } from '../core/suggest.ts';
import { isSourceParam, sourceParamByFlagOrName, splitGrid } from './cell-source.ts';

/** A grid value as read by the parameter's kind: a number, true/false, a choice or size text, or null ("unbounded" capacity, cumulative window). */
export type GridValue = number | string | boolean | null;

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

/** One item of a --param list, read by the parameter's kind (a range expands to several numbers). */
export function parseGridItem(d: ScalarDecl, part: string, what: string): GridValue[] {
  // A choice may be named "none": for a choice, only a declared null word is null.
  if (nullWords(d).includes(part.toLowerCase()) && (d.kind !== 'choice' || d.nullable !== undefined)) return [null];
  switch (d.kind) {
    case 'integer':
    case 'number': {
      if (part.includes(':')) return expandRange(part, what);
      const v = strictNumber(part);
      if (v === undefined) throw new ConfigError(`${what}: ${JSON.stringify(part)} is not a number${d.nullable ? ` (or ${d.nullable.word ?? 'null'})` : ''}, nor a start:end:step range`);
      return [v];
    }
    case 'boolean':
      if (part === 'true' || part === 'false') return [part === 'true'];
      throw new ConfigError(`${what}: ${JSON.stringify(part)} is not true or false`);
    case 'size':
    case 'duration':
      return [/^[0-9]+$/.test(part) ? Number(part) : part];
    case 'choice':
      return [part];
  }
}

/** Parses every `--param name=spec` of a sweep. */
export function parseGrid(raw: unknown, flag = '--param'): GridParam[] {
  if (raw === undefined) return [];
  const items = (Array.isArray(raw) ? raw : [raw]).map(String);
  const out: GridParam[] = [];
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new ConfigError(`${flag}: ${JSON.stringify(item)} is not name=values (e.g. capacity=1000,10000 or threshold=0.1:0.9:0.1)`);
    const given = item.slice(0, eq).trim();
    // A strategy parameter, or the source model's (an axis of every strategy: cell-source.ts).
    const decl = strategyParamByFlagOrName(given) ?? sourceParamByFlagOrName(given);
    if (decl === undefined) {
      const flags = strategyParamDecls().map(flagOf).sort();
      throw new ConfigError(`${flag}: unknown strategy parameter ${JSON.stringify(given)}${didYouMean(given, flags)}; known: ${flags.join(', ')}`);
    }
    const name = decl.name;
    if (out.some((g) => g.name === name)) throw new ConfigError(`${flag}: ${given} is given twice; give all its values in one --param (e.g. ${given}=1,2,3)`);
    const text = item.slice(eq + 1);
    const values: GridValue[] = [];
    for (const part of text.split(',').map((s) => s.trim())) {
      if (part === '') throw new ConfigError(`${flag} ${given}: ${JSON.stringify(text)} has an empty item`);
      values.push(...parseGridItem(decl, part, `${flag} ${given}`));
    }
    const seen = new Set<GridValue>();
    for (const v of values) {
      if (seen.has(v)) throw new ConfigError(`${flag} ${given}: value ${v === null ? (decl.nullable?.word ?? 'null') : String(v)} is listed twice`);
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
    if (!isSourceParam(g.name) && !specs.some((s) => takes(s, g.name))) {
      throw new ConfigError(`${flag} ${strategyFlag(g.name)} applies to none of the selected strategies (${strategies.join(', ')}); it applies to: ${strategiesTaking(g.name).join(', ')}`);
    }
  }
  const cells: CellSpec[] = [];
  for (const spec of specs) {
    const applies = grid.filter((g) => isSourceParam(g.name) || takes(spec, g.name));
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
  // The source model's grid values are the cell's, not the strategy's (cell-source.ts).
  const raw: Record<string, unknown> = { ...spec.defaults(sourceKeys), ...splitGrid(cell.grid).strategy };
  try {
    const params = Object.freeze(spec.validate(raw, `strategy ${spec.name}`) as Record<string, unknown>);
    return Object.freeze({ name: spec.name, spec, params });
  } catch (e) {
    if (e instanceof ConfigError && e.field !== undefined && e.field in cell.grid) {
      const given = strategyFlag(e.field);
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
