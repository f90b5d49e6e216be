// Byte-level parsing of numbers in text traces, without making a string for the common case.
// Integer keys are signed 64-bit values handed back as two int32 halves (hi, lo).

export const NOT_INTEGER = 0;
/** The canonical decimal form: optional '-', no leading zeros, not "-0". */
export const CANONICAL = 1;
/** An integer, but written otherwise ("007", "+7", "-0"). */
export const NON_CANONICAL = 2;
/** Digits only, but outside the signed 64-bit range. */
export const OUT_OF_RANGE = 3;

const TWO32 = 4294967296;
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** Whether byte c is a space, a tab or a carriage return. */
export function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

export function latin1(buf: Uint8Array, start: number, end: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1');
}

/** Holds the halves of the last integer parsed. */
export class IntParser {
  hi = 0;
  lo = 0;

  /** Parses buf[start, end) (already trimmed) as a decimal integer; returns one of the codes above. */
  parse(buf: Uint8Array, start: number, end: number): number {
    let i = start;
    let neg = false;
    let plus = false;
    if (i < end && (buf[i] === 45 || buf[i] === 43)) {
      neg = buf[i] === 45;
      plus = !neg;
      i++;
    }
    const digits = end - i;
    if (digits <= 0) return NOT_INTEGER;
    let v = 0;
    for (let j = i; j < end; j++) {
      const d = buf[j]! - 48;
      if (d < 0 || d > 9) return NOT_INTEGER;
      if (digits <= 15) v = v * 10 + d;
    }
    const canonical = !plus && (buf[i] !== 48 || digits === 1) && !(neg && digits === 1 && buf[i] === 48);
    if (digits <= 15) {
      if (neg) v = -v;
      this.hi = Math.floor(v / TWO32) | 0;
      this.lo = v | 0;
    } else {
      let big = BigInt(latin1(buf, i, end));
      if (neg) big = -big;
      if (big > INT64_MAX || big < INT64_MIN) return OUT_OF_RANGE;
      this.hi = Number(BigInt.asIntN(32, big >> 32n));
      this.lo = Number(BigInt.asIntN(32, big));
    }
    return canonical ? CANONICAL : NON_CANONICAL;
  }
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number (integer, fraction or exponent form) in buf[start, end), or NaN. */
export function parseDecimal(buf: Uint8Array, start: number, end: number): number {
  let v = 0;
  if (end > start && end - start <= 15) {
    let i = start;
    for (; i < end; i++) {
      const d = buf[i]! - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (i === end) return v;
  }
  const s = latin1(buf, start, end);
  return DECIMAL.test(s) ? Number(s) : NaN;
}

/** Shows a record's text in an error message: at most 40 characters, quoted. */
export function showBytes(buf: Uint8Array, start: number, end: number): string {
  const s = new TextDecoder('utf-8').decode(buf.subarray(start, Math.min(end, start + 40)));
  return JSON.stringify(end - start > 40 ? `${s}...` : s);
}
