// Validation of raw parameter objects: every failure names where, the field, the value and what is
// allowed. Used by workload and strategy specs and by the config loader.
import { ConfigError, show } from './errors.ts';
import { didYouMean } from './suggest.ts';

export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  /** When true, min itself is not allowed (value must be > min). */
  readonly minExclusive?: boolean;
}

function fail(where: string, field: string, value: unknown, allowed: string): never {
  throw ConfigError.at(where, `"${field}" is ${show(value)}; allowed: ${allowed}`, field);
}

function rangeText(kind: string, r: NumberRange): string {
  const lo = r.min === undefined ? '' : `${r.minExclusive ? '>' : '>='} ${r.min}`;
  const hi = r.max === undefined ? '' : `<= ${r.max}`;
  return [kind, [lo, hi].filter(Boolean).join(' and ')].filter(Boolean).join(' ');
}

export function numberParam(raw: Record<string, unknown>, field: string, r: NumberRange, where: string): number {
  const v = raw[field];
  const allowed = rangeText('a finite number', r);
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(where, field, v, allowed);
  if (r.min !== undefined && (r.minExclusive ? v <= r.min : v < r.min)) fail(where, field, v, allowed);
  if (r.max !== undefined && v > r.max) fail(where, field, v, allowed);
  return v;
}

export function integerParam(raw: Record<string, unknown>, field: string, r: NumberRange, where: string): number {
  const v = raw[field];
  const allowed = rangeText('an integer', { ...r, max: Math.min(r.max ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) });
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(where, field, v, allowed);
  if (r.min !== undefined && (r.minExclusive ? v <= r.min : v < r.min)) fail(where, field, v, allowed);
  if (r.max !== undefined && v > r.max) fail(where, field, v, allowed);
  return v;
}

export function booleanParam(raw: Record<string, unknown>, field: string, where: string): boolean {
  const v = raw[field];
  if (typeof v !== 'boolean') fail(where, field, v, 'true or false');
  return v;
}

export function choiceParam<T extends string>(raw: Record<string, unknown>, field: string, choices: readonly T[], where: string): T {
  const v = raw[field];
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v))
    fail(where, field, v, `${choices.map((c) => `"${c}"`).join(', ')}${typeof v === 'string' ? didYouMean(v, choices).replace(/^; /, ' (').replace(/\?$/, '?)') : ''}`);
  return v as T;
}

/** Optional integer: undefined/null stay undefined. */
export function optionalIntegerParam(raw: Record<string, unknown>, field: string, r: NumberRange, where: string): number | undefined {
  const v = raw[field];
  if (v === undefined || v === null) return undefined;
  return integerParam(raw, field, r, where);
}

/** Rejects fields not in `known`, naming the closest allowed ones. */
export function rejectUnknownFields(raw: Record<string, unknown>, known: readonly string[], where: string): void {
  for (const field of Object.keys(raw)) {
    if (!known.includes(field)) {
      throw ConfigError.at(where, `unknown field "${field}"${didYouMean(field, known)}; allowed fields: ${known.join(', ')}`, field);
    }
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
