// Strict parsing of flag values: yargs hands us strings, we say exactly what was wrong.
import { ConfigError } from '../core/errors.ts';
import { didYouMean } from '../core/suggest.ts';
import { OVERRIDE_FLAGS } from '../workloads/override-flags.ts';

/** A finite number from a flag ("1e6", "0.5"); undefined when the flag is absent. */
export function numberFlag(flag: string, raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw new ConfigError(`--${flag} was given ${raw.length} times; give it once`);
  const s = String(raw).trim();
  const v = s === '' ? NaN : Number(s);
  if (!Number.isFinite(v)) throw new ConfigError(`--${flag}: ${JSON.stringify(String(raw))} is not a finite number`);
  return v;
}

export function booleanFlag(flag: string, raw: unknown): boolean | undefined {
  if (raw === undefined) return undefined;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw new ConfigError(`--${flag}: ${JSON.stringify(String(raw))} is not true or false`);
}

export function stringFlag(flag: string, raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw new ConfigError(`--${flag} was given ${raw.length} times; give it once`);
  return String(raw);
}

/** One of a few words (--format, --gen-thread, --to): anything else is an error with a suggestion. */
export function choiceFlag<T extends string>(flag: string, raw: unknown, choices: readonly T[]): T | undefined {
  const s = stringFlag(flag, raw);
  if (s === undefined || (choices as readonly string[]).includes(s)) return s as T | undefined;
  throw new ConfigError(`--${flag}: ${JSON.stringify(s)} is not allowed${didYouMean(s, choices)}; use ${choices.slice(0, -1).join(', ')}${choices.length > 1 ? ' or ' : ''}${choices.at(-1)}`);
}

/** Comma-separated list, e.g. --strategies none,threshold. */
export function listFlag(flag: string, raw: unknown): string[] | undefined {
  const s = stringFlag(flag, raw);
  if (s === undefined) return undefined;
  const items = s.split(',').map((x) => x.trim());
  if (items.some((x) => x === '')) throw new ConfigError(`--${flag}: ${JSON.stringify(s)} has an empty item; give a comma-separated list`);
  return items;
}

/** Names that would reach an object's prototype rather than a field: never a workload field. */
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/** --param name=value (repeatable): value parsed as JSON when it parses, else kept as a string. */
export function paramFlags(raw: unknown, flag = 'param'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (raw === undefined) return out;
  for (const item of (Array.isArray(raw) ? raw : [raw]).map(String)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new ConfigError(`--${flag}: ${JSON.stringify(item)} is not name=value`);
    const name = item.slice(0, eq).trim();
    if (FORBIDDEN_NAMES.has(name)) throw new ConfigError(`--${flag}: ${JSON.stringify(name)} is not a workload field`);
    if (Object.hasOwn(out, name)) throw new ConfigError(`--${flag}: ${name} is given twice; give it once`);
    const text = item.slice(eq + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      /* a bare string */
    }
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * The named workload flags (--keys, --alpha, ...) added to the --param fields: an absent flag leaves
 * the --param value alone (it used to overwrite it with undefined), and giving both is an error.
 */
export function withNamedFlags(params: Readonly<Record<string, unknown>>, named: Readonly<Record<string, unknown>>, paramFlag = 'param'): Record<string, unknown> {
  const out: Record<string, unknown> = { ...params };
  const flags: Record<string, string> = {};
  for (const field of Object.keys(params)) flags[field] = `--${paramFlag} ${field}`;
  for (const [field, v] of Object.entries(named)) {
    if (v === undefined) continue;
    const flag = `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    if (Object.hasOwn(params, field)) throw new ConfigError(`--${paramFlag} ${field}=... and ${flag} are both given; use one`);
    out[field] = v;
    flags[field] = flag;
  }
  Object.defineProperty(out, OVERRIDE_FLAGS, { value: flags, enumerable: false });
  return out;
}

/** A seed: an integer 0 .. 2^53-1. */
export function seedFlag(raw: unknown): number | undefined {
  const v = numberFlag('seed', raw);
  if (v === undefined) return undefined;
  if (!Number.isSafeInteger(v) || v < 0) throw new ConfigError(`--seed: ${v} is not allowed; use an integer 0 .. ${Number.MAX_SAFE_INTEGER}`);
  return v;
}
