// Strict parsing of flag values: yargs hands us strings, we say exactly what was wrong.
import { ConfigError } from '../core/errors.ts';

/** A finite number from a flag ("1e6", "0.5"); undefined when the flag is absent. */
export function numberFlag(flag: string, raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw new ConfigError(`--${flag} was given ${raw.length} times; give it once`);
  const s = String(raw).trim();
  const v = s === '' ? NaN : Number(s);
  if (!Number.isFinite(v)) throw new ConfigError(`--${flag}: ${JSON.stringify(String(raw))} is not a finite number`);
  return v;
}

/** A number, or the word "unbounded" (kept as is). */
export function capacityFlag(raw: unknown): number | 'unbounded' | undefined {
  if (raw === 'unbounded') return 'unbounded';
  return numberFlag('capacity', raw);
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

/** Comma-separated list, e.g. --strategies none,threshold. */
export function listFlag(flag: string, raw: unknown): string[] | undefined {
  const s = stringFlag(flag, raw);
  if (s === undefined) return undefined;
  const items = s.split(',').map((x) => x.trim());
  if (items.some((x) => x === '')) throw new ConfigError(`--${flag}: ${JSON.stringify(s)} has an empty item; give a comma-separated list`);
  return items;
}

/** --param name=value (repeatable): value parsed as JSON when it parses, else kept as a string. */
export function paramFlags(raw: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (raw === undefined) return out;
  for (const item of (Array.isArray(raw) ? raw : [raw]).map(String)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new ConfigError(`--param: ${JSON.stringify(item)} is not name=value`);
    const name = item.slice(0, eq);
    const text = item.slice(eq + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      /* a bare string */
    }
    out[name] = value;
  }
  return out;
}

/** A seed: an integer 0 .. 2^53-1. */
export function seedFlag(raw: unknown): number | undefined {
  const v = numberFlag('seed', raw);
  if (v === undefined) return undefined;
  if (!Number.isSafeInteger(v) || v < 0) throw new ConfigError(`--seed: ${v} is not allowed; use an integer 0 .. ${Number.MAX_SAFE_INTEGER}`);
  return v;
}
