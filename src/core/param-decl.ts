// One declaration per parameter: name, kind, default value, range, unit and a one-line doc. Defaults,
// validation (with file:line messages), `list`, CLI flags, CSV columns, sweep grids, chart labels and
// test arbitraries all derive from these; no parameter name is listed by hand anywhere else.
import { ConfigError, show } from './errors.ts';
import { booleanParam, choiceParam, integerParam, numberParam, rejectUnknownFields } from './params.ts';
import { parseSize, SIZE_ALLOWED } from './size.ts';

/** What a default may depend on: the workload the parameter is used with. */
export interface DeriveContext {
  /** Keys the workload's source holds. */
  readonly sourceKeys: number;
}

/** Parameters validated before this one (declarations are validated in order). */
export type Earlier = Readonly<Record<string, unknown>>;

/** null is a valid value of the parameter, with a stated meaning. */
export interface Nullable {
  /** What null means, one phrase: "unbounded", "cumulative: every lookup so far". */
  readonly means: string;
  /** A word accepted (and shown in reports) for null, e.g. "unbounded". */
  readonly word?: string;
  /** Other words the CLI and sweep grids accept for null ("cumulative"); reports show null. */
  readonly aliases?: readonly string[];
  /**
   * What null becomes once validated; null when not given. A value derived from earlier parameters
   * (scan's `length`: all keys), or undefined where the engine reads "none" as undefined.
   */
  readonly resolve?: (earlier: Earlier) => unknown;
}

interface DeclBase<V> {
  readonly name: string;
  /** One line: what the parameter does. */
  readonly doc: string;
  /** Unit shown in tables and chart labels ("keys", "ms", "lookups"); none for ratios. */
  readonly unit?: string;
  /** The CLI flag, when it is not the name in kebab-case (intervalMs is --interval). */
  readonly flag?: string;
  /** The default: a value, null (see `nullable`), or a function of the workload (10% of its keys). */
  readonly default: V | null | ((ctx: DeriveContext) => V | null);
  /** How `list` shows a default that is not a plain value ("10% of the workload keys"). */
  readonly defaultText?: string;
  readonly nullable?: Nullable;
}

/** An integer bound: a number, or one computed from earlier parameters (scan's start < keys). */
export type Bound = number | ((earlier: Earlier) => number);

export interface IntegerDecl extends DeclBase<number> {
  readonly kind: 'integer';
  readonly min: number;
  /** Largest allowed; Number.MAX_SAFE_INTEGER for none. */
  readonly max: Bound;
  /** How `list` shows a computed max ("keys"). */
  readonly maxText?: string;
  /** Values tests and examples draw from when the declared range is huge: [lo, hi]. */
  readonly typical?: readonly [number, number];
}

export interface NumberDecl extends DeclBase<number> {
  readonly kind: 'number';
  readonly min: number;
  readonly max: number;
  /** min itself is not allowed. */
  readonly minExclusive?: boolean;
  readonly typical?: readonly [number, number];
}

export interface BooleanDecl extends DeclBase<boolean> {
  readonly kind: 'boolean';
}

export interface ChoiceDecl extends DeclBase<string> {
  readonly kind: 'choice';
  readonly choices: readonly string[];
}

/**
 * A size: a count (4096), bytes with a unit (64MiB, 1.5GB) or a share of the working set (10%); see
 * size.ts. Validated values are a number for a count and the trimmed text otherwise; whoever uses the
 * parameter resolves it against the workload with parseSize.
 */
export interface SizeDecl extends DeclBase<number | string> {
  readonly kind: 'size';
  /** Smallest count (and byte size). */
  readonly min: number;
  /** Largest count (and byte size, unless maxBytes says otherwise). */
  readonly max: number;
  /** Largest byte size, when it differs from the largest count (a cache holds at most 2^30 objects, but more bytes). */
  readonly maxBytes?: number;
  /** No share of the working set ("10%"): counts and bytes only (a backfill batch). */
  readonly noShare?: boolean;
  readonly typical?: readonly [number, number];
}

/**
 * A duration in virtual time: milliseconds as a number (500), or text with a unit: "500ms", "30s",
 * "1.5m", "2h". Validated values are milliseconds. "inf" (declare it as the nullable word) for none.
 */
export interface DurationDecl extends DeclBase<number> {
  readonly kind: 'duration';
  /** Smallest allowed, ms. */
  readonly min: number;
  /** Largest allowed, ms. */
  readonly max: number;
  /** min itself is not allowed. */
  readonly minExclusive?: boolean;
  readonly typical?: readonly [number, number];
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a duration value (a number of ms, or "30s", "500ms", "1.5m", "2h"); undefined when it is neither. */
export function durationMs(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)?$/.exec(v.trim());
  return m ? Number(m[1]) * DURATION_UNITS[m[2] ?? 'ms']! : undefined;
}

/** A structured or free-form field (a trace's path, a mix's components) with its own check; not sweepable. */
export interface CustomDecl extends DeclBase<unknown> {
  readonly kind: 'custom';
  /** Shown by `list`: "string", "array". */
  readonly type: string;
  /** What is allowed, for `list`. */
  readonly allowed: string;
  /** Validates the raw value (undefined when absent); throws ConfigError at `where`. */
  readonly parse: (raw: Readonly<Record<string, unknown>>, where: string, earlier: Earlier) => unknown;
}

export type ParamDecl = IntegerDecl | NumberDecl | BooleanDecl | ChoiceDecl | SizeDecl | DurationDecl | CustomDecl;
/** A parameter a sweep grid, the CLI and the arbitraries can take: every kind but custom. */
export type ScalarDecl = Exclude<ParamDecl, CustomDecl>;

export const isScalar = (d: ParamDecl): d is ScalarDecl => d.kind !== 'custom';

/** The declared defaults, as a params object; defaults that depend on the workload need `ctx` (null without). */
export function declaredDefaults(decls: readonly ParamDecl[], ctx?: DeriveContext): Record<string, unknown> {
  return Object.fromEntries(decls.map((d) => [d.name, defaultOf(d, ctx)]));
}

export function defaultOf(d: ParamDecl, ctx?: DeriveContext): unknown {
  return typeof d.default === 'function' ? (ctx === undefined ? null : (d.default as (c: DeriveContext) => unknown)(ctx)) : d.default;
}

const isNullWord = (d: ParamDecl, v: unknown) => v === null || (d.nullable?.word !== undefined && v === d.nullable.word);
const boundOf = (b: Bound, earlier: Earlier) => (typeof b === 'function' ? b(earlier) : b);

/** One parameter of `raw` (undefined takes the default); throws ConfigError at `where` naming what is allowed. */
export function validateOne(d: ParamDecl, raw: Readonly<Record<string, unknown>>, where: string, earlier: Earlier = {}): unknown {
  const r = raw[d.name] === undefined ? { ...raw, [d.name]: defaultOf(d) } : raw;
  const v = r[d.name];
  if (d.kind === 'custom') return d.parse(r, where, earlier);
  if (d.nullable !== undefined && (v === undefined || isNullWord(d, v))) return d.nullable.resolve ? d.nullable.resolve(earlier) : null;
  // A word other than the null word is named with the whole allowed text ("..., or null").
  if (d.nullable?.word !== undefined && typeof v === 'string' && d.kind !== 'size' && d.kind !== 'duration')
    throw ConfigError.at(where, `"${d.name}" is ${show(v)}; allowed: ${allowedText(d)}`, d.name);
  switch (d.kind) {
    case 'integer':
      return integerParam(r, d.name, { min: d.min, max: boundOf(d.max, earlier) }, where);
    case 'number':
      return numberParam(r, d.name, { min: d.min, max: d.max, minExclusive: d.minExclusive ?? false }, where);
    case 'boolean':
      return booleanParam(r, d.name, where);
    case 'choice':
      return choiceParam(r, d.name, d.choices, where);
    case 'size':
      return sizeParam(d, v, where);
    case 'duration': {
      const ms = durationMs(v);
      if (ms === undefined || (d.minExclusive ? ms <= d.min : ms < d.min) || ms > d.max) throw ConfigError.at(where, `"${d.name}" is ${show(v)}; allowed: ${allowedText(d)}`, d.name);
      return ms;
    }
  }
}

function sizeParam(d: SizeDecl, v: unknown, where: string): number | string {
  let s;
  try {
    s = parseSize(v, `"${d.name}"`);
  } catch (e) {
    if (e instanceof ConfigError) throw ConfigError.at(where, `${e.detail}${d.nullable ? ', or null' : ''}`, d.name);
    throw e;
  }
  const n = s.unit === 'count' ? s.count : s.unit === 'bytes' ? s.bytes : undefined;
  const max = s.unit === 'bytes' ? (d.maxBytes ?? d.max) : d.max;
  if ((s.unit === 'percent' && d.noShare) || (n !== undefined && (n < d.min || n > max))) throw ConfigError.at(where, `"${d.name}" is ${show(v)}; allowed: ${allowedText(d)}`, d.name);
  return s.unit === 'count' ? s.count : String(v).trim();
}

/** Validates the declared fields of `raw` in order (missing ones take their default); throws ConfigError naming where and what is allowed. */
export function validateDeclared(decls: readonly ParamDecl[], raw: Readonly<Record<string, unknown>>, where: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of decls) out[d.name] = validateOne(d, raw, where, out);
  return out;
}

/** Refuses fields no declaration has (naming the closest), then validates the rest. */
export function validateStrict(decls: readonly ParamDecl[], raw: Readonly<Record<string, unknown>>, where: string): Record<string, unknown> {
  rejectUnknownFields(
    raw,
    decls.map((d) => d.name),
    where,
  );
  return validateDeclared(decls, raw, where);
}

const plain = (n: number) => (n >= Number.MAX_SAFE_INTEGER ? '2^53-1' : n >= 1e12 && Number.isInteger(Math.log10(n)) ? `1e${Math.log10(n)}` : String(n));

/** What is allowed, as `list` shows it and messages quote it: "integer 1 .. 1073741824, or null". */
export function allowedText(d: ParamDecl): string {
  const orNull = d.nullable ? ', or null' : '';
  switch (d.kind) {
    case 'integer': {
      const max = typeof d.max === 'function' ? (d.maxText ?? 'a computed bound') : d.max;
      return `${max === Number.MAX_SAFE_INTEGER ? `integer >= ${d.min}` : `integer ${d.min} .. ${typeof max === 'number' ? plain(max) : max}`}${orNull}`;
    }
    case 'number':
      return `${d.minExclusive ? `number > ${d.min} and <= ${plain(d.max)}` : `number ${d.min} .. ${plain(d.max)}`}${orNull}`;
    case 'boolean':
      return `true or false${orNull}`;
    case 'choice':
      return `${d.choices.map((c) => `"${c}"`).join(', ')}${orNull}`;
    case 'size': {
      const what = d.noShare ? 'a count (10) or bytes with a unit (64KiB, 1MB)' : SIZE_ALLOWED;
      return d.maxBytes === undefined
        ? `${what}; counts and bytes ${d.min} .. ${plain(d.max)}${orNull}`
        : `${what}; counts ${d.min} .. ${plain(d.max)}, bytes ${d.min} .. ${plain(d.maxBytes)}${orNull}`;
    }
    case 'duration':
      return `a duration ${d.minExclusive ? '>' : '>='} ${d.min} ms and <= ${plain(d.max)} ms: ms (500) or with a unit (500ms, 30s, 1.5m, 2h)${d.nullable?.word !== undefined ? `, or "${d.nullable.word}" (${d.nullable.means})` : orNull}`;
    case 'custom':
      return d.allowed;
  }
}

/** The default as `list` shows it. */
export function defaultText(d: ParamDecl): string {
  if (d.defaultText !== undefined) return d.defaultText;
  const v = defaultOf(d);
  if (v === null) return d.nullable ? `null (${d.nullable.means})` : 'null';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The CLI flag of a parameter, without dashes: intervalMs -> interval (declared), hitMs -> hit-ms. */
export function flagOf(d: ParamDecl): string {
  return d.flag ?? d.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** A validated value as reports show it: the null word ("unbounded") or null for none. */
export function shownValue(d: ParamDecl | undefined, v: unknown): unknown {
  return v === undefined || v === null ? (d?.nullable?.word ?? null) : v;
}

/** Words a flag or grid value may use for null: "null", "none", the declared word and aliases. */
export function nullWords(d: ParamDecl): string[] {
  return ['null', 'none', ...(d.nullable?.word === undefined ? [] : [d.nullable.word]), ...(d.nullable?.aliases ?? [])];
}

/** How a chart labels null: the declared word ("unbounded"), else the first alias ("cumulative"), else "null". */
export function nullLabel(d: ParamDecl | undefined): string {
  return d?.nullable?.word ?? d?.nullable?.aliases?.[0] ?? 'null';
}

/** A chart or table title: "capacity (keys)", "interval (ms)". */
export function paramTitle(d: ParamDecl): string {
  return d.unit === undefined ? flagOf(d) : `${flagOf(d)} (${d.unit})`;
}

/** The declaration list as plain data (`list --format json`): functions become their texts. */
export function declData(d: ParamDecl): Record<string, unknown> {
  return {
    name: d.name,
    kind: d.kind === 'custom' ? d.type : d.kind,
    flag: `--${flagOf(d)}`,
    unit: d.unit ?? null,
    default: defaultText(d),
    allowed: allowedText(d),
    ...(d.nullable ? { null: d.nullable.means } : {}),
    ...(d.kind === 'choice' ? { choices: d.choices } : {}),
    description: d.doc,
  };
}
