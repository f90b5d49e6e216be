// Python's json.dumps(value, indent=2), byte for byte, for the values json.loads produces.
// A PyValue mirrors what Python holds after json.loads: int (arbitrary precision, here a bigint),
// float (a JS number), str, bool, None, list, and dict (insertion-ordered, here a Map).

export type PyValue = null | boolean | bigint | number | string | readonly PyValue[] | PyDict;
export type PyDict = ReadonlyMap<string, PyValue>;

/** repr(float) as Python prints it: shortest round-trip digits, "1.0", "1e-05", "1e+16", "Infinity". */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without an argument gives the shortest digits that round-trip, as Python's repr.
  const [mantissa = '', expText = '0'] = Math.abs(x).toExponential().split('e');
  const exp = Number(expText);
  const digits = mantissa.replace('.', '');
  // Python (float_repr_style 'short', mode 'r'): fixed notation for 1e-4 <= |x| < 1e16.
  if (exp >= -4 && exp < 16) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const intLen = exp + 1;
    if (digits.length <= intLen) return `${sign}${digits}${'0'.repeat(intLen - digits.length)}.0`;
    return `${sign}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
  }
  const abs = Math.abs(exp);
  return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  0x22: '\\"',
  0x5c: '\\\\',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x08: '\\b',
  0x0c: '\\f',
};

/**
 * A string as json.dumps(ensure_ascii=True) writes it: printable ASCII (space .. "~") as is, the
 * short escapes, everything else as \uXXXX in lowercase hex. JS strings are UTF-16 code units, so a
 * character above U+FFFF comes out as its surrogate pair, exactly as Python writes it.
 */
export function stringRepr(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x5c) continue;
    if (i > start) out += s.slice(start, i);
    out += SHORT_ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, '0')}`;
    start = i + 1;
  }
  if (start < s.length) out += s.slice(start);
  return out + '"';
}

/**
 * json.dumps(value, indent=indent) with Python's default separators ("," and ": " once indented).
 * `level` > 0 prints the value as it appears nested that deep (its inner lines indented further).
 */
export function pyDumps(value: PyValue, indent = 2, level = 0): string {
  const parts: string[] = [];
  write(value, level, indent, parts);
  return parts.join('');
}

function write(value: PyValue, level: number, indent: number, out: string[]): void {
  if (value === null) out.push('null');
  else if (value === true) out.push('true');
  else if (value === false) out.push('false');
  else if (typeof value === 'bigint') out.push(value.toString());
  else if (typeof value === 'number') out.push(floatRepr(value));
  else if (typeof value === 'string') out.push(stringRepr(value));
  else if (isList(value)) {
    if (value.length === 0) {
      out.push('[]');
      return;
    }
    const inner = '\n' + ' '.repeat(indent * (level + 1));
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      out.push(i === 0 ? inner : ',' + inner);
      write(value[i]!, level + 1, indent, out);
    }
    out.push('\n' + ' '.repeat(indent * level) + ']');
  } else {
    if (value.size === 0) {
      out.push('{}');
      return;
    }
    const inner = '\n' + ' '.repeat(indent * (level + 1));
    out.push('{');
    let first = true;
    for (const [k, v] of value) {
      out.push(first ? inner : ',' + inner, stringRepr(k), ': ');
      first = false;
      write(v, level + 1, indent, out);
    }
    out.push('\n' + ' '.repeat(indent * level) + '}');
  }
}

function isList(v: readonly PyValue[] | PyDict): v is readonly PyValue[] {
  return Array.isArray(v);
}

/** Python's int() limit on decimal digits (sys.get_int_max_str_digits(), 4300 by default). */
export const PY_INT_MAX_STR_DIGITS = 4300;

/**
 * What json.loads makes of a JSON number literal: an int when it has no fraction and no exponent,
 * else a float (correctly rounded, overflowing to inf as Python's float() does).
 */
export function pyNumberFromLiteral(literal: string): bigint | number {
  return /^-?\d+$/.test(literal) ? BigInt(literal) : Number(literal);
}
