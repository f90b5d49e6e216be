// Exact decimal ranges for parameter grids: "0.1:0.9:0.1" is 0.1, 0.2, ..., 0.9 (nine values, each
// the double nearest its decimal, as if typed), never 0.30000000000000004. Values are integers scaled
// by a power of ten (BigInt), so stepping never accumulates floating-point error.
import { ConfigError } from '../core/errors.ts';

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$|^([+-]?)\.(\d+)(?:[eE]([+-]?\d+))?$/;

interface Scaled {
  /** value = digits x 10^-scale */
  readonly digits: bigint;
  readonly scale: number;
}

/** Parses a finite decimal number ("0.1", "1e6", "-2.5E-3"); undefined if it is not one. */
function parseDecimal(text: string): Scaled | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  const sign = m[1] ?? m[5] ?? '';
  const intPart = m[2] ?? '0';
  const frac = m[3] ?? m[6] ?? '';
  const exp = Number(m[4] ?? m[7] ?? '0');
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 400) return undefined;
  let digits = BigInt(`${intPart}${frac}`);
  let scale = frac.length - exp;
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { digits: sign === '-' ? -digits : digits, scale };
}

function rescale(x: Scaled, scale: number): bigint {
  return x.digits * 10n ** BigInt(scale - x.scale);
}

function format(digits: bigint, scale: number): string {
  const neg = digits < 0n;
  const s = (neg ? -digits : digits).toString().padStart(scale + 1, '0');
  const body = scale === 0 ? s : `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
  return `${neg ? '-' : ''}${body}`;
}

/** A strict finite number ("0.1", "1e6"); undefined if the text is not one. */
export function strictNumber(text: string): number | undefined {
  if (parseDecimal(text) === undefined) return undefined;
  const v = Number(text.trim());
  return Number.isFinite(v) ? v : undefined;
}

/**
 * Expands "start:end:step" (inclusive of end when the steps land on it; step > 0; end >= start).
 * `what` names the flag in errors; `maxValues` bounds the expansion.
 */
export function expandRange(text: string, what: string, maxValues = 10_000): number[] {
  const parts = text.split(':');
  if (parts.length !== 3) throw new ConfigError(`${what}: ${JSON.stringify(text)} is not a range; write start:end:step, e.g. 0.1:0.9:0.1`);
  const parsed = parts.map((p) => parseDecimal(p));
  const names = ['start', 'end', 'step'];
  parsed.forEach((p, i) => {
    if (p === undefined) throw new ConfigError(`${what}: the ${names[i]} of range ${JSON.stringify(text)} is ${JSON.stringify(parts[i])}, not a number`);
  });
  const [a, b, s] = parsed as [Scaled, Scaled, Scaled];
  const scale = Math.max(a.scale, b.scale, s.scale);
  const start = rescale(a, scale);
  const end = rescale(b, scale);
  const step = rescale(s, scale);
  if (step <= 0n) throw new ConfigError(`${what}: range ${JSON.stringify(text)} needs a step > 0`);
  if (end < start) throw new ConfigError(`${what}: range ${JSON.stringify(text)} ends before it starts`);
  const count = (end - start) / step + 1n;
  if (count > BigInt(maxValues)) throw new ConfigError(`${what}: range ${JSON.stringify(text)} has ${count} values; at most ${maxValues} are allowed`);
  const out: number[] = [];
  for (let v = start; v <= end; v += step) out.push(Number(format(v, scale)));
  return out;
}
