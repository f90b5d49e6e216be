// Sizes as users write them: "4096" (a count: keys or objects), "64MiB" / "1.5GB" / "512B" (bytes),
// "10%" (a share of the working set). Parsed here, once, for every `size` parameter; resolving a
// share or a byte size against a workload (its keys, its object sizes) is the caller's business.
import { ConfigError, show } from './errors.ts';

/** A parsed size: a plain count, a number of bytes, or a fraction (0, 1] of the working set. */
export type Size = { readonly unit: 'count'; readonly count: number } | { readonly unit: 'bytes'; readonly bytes: number } | { readonly unit: 'percent'; readonly fraction: number };

/** Byte units, decimal (kB, MB, GB, TB, as disks and networks count) and binary (KiB, MiB, ...). */
export const BYTE_UNITS: Readonly<Record<string, number>> = {
  B: 1,
  kB: 1e3,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
};

export const SIZE_ALLOWED = `a count (4096), bytes with a unit (${Object.keys(BYTE_UNITS).join(', ')}: 64MiB, 1.5GB) or a share of the working set (10%)`;

const SIZE_RE = /^([0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?)\s*([A-Za-z]*|%)$/;

/**
 * Parses a size given as a number (a count) or a string; `what` names it in errors (e.g.
 * `--capacity` or `"capacity"`). A count and a byte size must be whole; a share must be in (0, 100] %.
 */
export function parseSize(value: unknown, what: string): Size {
  const bad = (why: string): never => {
    throw new ConfigError(`${what} is ${show(value)}: ${why}; allowed: ${SIZE_ALLOWED}`);
  };
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) bad('not a whole count');
    return { unit: 'count', count: value };
  }
  if (typeof value !== 'string') return bad('not a size');
  const m = SIZE_RE.exec(value.trim());
  if (!m) return bad('not a number with an optional unit');
  const amount = Number(m[1]);
  const unit = m[2]!;
  if (!Number.isFinite(amount)) return bad('not a finite number');
  if (unit === '') {
    if (!Number.isSafeInteger(amount)) bad('a count must be a whole number');
    return { unit: 'count', count: amount };
  }
  if (unit === '%') {
    if (amount <= 0 || amount > 100) bad('a share must be > 0% and <= 100%');
    return { unit: 'percent', fraction: amount / 100 };
  }
  const scale = BYTE_UNITS[unit] ?? BYTE_UNITS[Object.keys(BYTE_UNITS).find((u) => u.toLowerCase() === unit.toLowerCase()) ?? ''];
  if (scale === undefined) return bad(`unknown unit ${JSON.stringify(unit)}`);
  const bytes = amount * scale;
  // 1.5GB is whole; 0.3B or 1.1111111111kB is not a number of bytes.
  if (!Number.isSafeInteger(Math.round(bytes)) || Math.abs(bytes - Math.round(bytes)) > 1e-6 * Math.max(1, scale)) bad('not a whole number of bytes');
  return { unit: 'bytes', bytes: Math.round(bytes) };
}
