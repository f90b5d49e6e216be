// The source model as a sweep axis (issue 15): `--param sourceConcurrency=4,8,16` or
// `--param service-ms=1,2` crosses every strategy (the source is not a strategy's parameter). A cell's
// source model is the one of the flags (--source-concurrency ...) with the cell's grid values over it;
// today's model (unbounded concurrency, fixed service) is `undefined`: the cell runs today's loop and
// its identity is what it always was.
import { flagOf, isScalar, type ScalarDecl } from '../core/param-decl.ts';
import { isTodaysModel, SOURCE_PARAMS, validateSourceParams, type SourceParams } from '../source/queue/source-params.ts';

const DECLS: readonly ScalarDecl[] = SOURCE_PARAMS.filter(isScalar);

/** The source model parameter a grid name or flag (without dashes) refers to. */
export function sourceParamByFlagOrName(given: string): ScalarDecl | undefined {
  return DECLS.find((d) => flagOf(d) === given) ?? DECLS.find((d) => d.name === given);
}

export function isSourceParam(name: string): boolean {
  return DECLS.some((d) => d.name === name);
}

/** A cell's grid split: the strategy's parameters, and the source model's. */
export function splitGrid<T>(grid: Readonly<Record<string, T>>): { strategy: Record<string, T>; source: Record<string, T> } {
  const strategy: Record<string, T> = {};
  const source: Record<string, T> = {};
  for (const [k, v] of Object.entries(grid)) (isSourceParam(k) ? source : strategy)[k] = v;
  return { strategy, source };
}

/** The cell's source model: `base` (the flags) with the cell's source grid values; undefined for today's model. */
export function cellSource(base: SourceParams | undefined, grid: Readonly<Record<string, unknown>>): SourceParams | undefined {
  const over = splitGrid(grid).source;
  const p = Object.keys(over).length === 0 ? base : validateSourceParams({ ...(base ?? {}), ...over }, '--param');
  return p === undefined || isTodaysModel(p) ? undefined : p;
}
