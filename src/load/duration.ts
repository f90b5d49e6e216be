// Durations on the command line: "30s", "500ms", "2m", "1.5s", or a bare number (seconds for
// --duration, milliseconds for --timeout: the caller says which).
import { ConfigError } from '../core/errors.ts';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds from a duration string; `bareUnit` applies to a number without a unit. */
export function parseDuration(flag: string, raw: unknown, bareUnit: 'ms' | 's', range: { min: number; max: number }): number | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw new ConfigError(`--${flag} was given ${raw.length} times; give it once`);
  const s = String(raw).trim();
  const m = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)?$/.exec(s);
  if (!m) throw new ConfigError(`--${flag}: ${JSON.stringify(s)} is not a duration; use e.g. 30s, 500ms, 2m`);
  const ms = Number(m[1]) * UNITS[m[2] ?? bareUnit]!;
  if (!(ms >= range.min && ms <= range.max)) {
    throw new ConfigError(`--${flag}: ${s} is out of range; allowed: ${showMs(range.min)} .. ${showMs(range.max)}`);
  }
  return ms;
}

export function showMs(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${Number((ms / 1000).toPrecision(6))}s`;
  return `${Number(ms.toPrecision(6))}ms`;
}
