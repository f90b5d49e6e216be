import { describe, expect, it } from 'vitest';
import { floatRepr, pyDumps, pyNumberFromLiteral, stringRepr, type PyValue } from './python-json.ts';

// Expected strings are what CPython 3.11 prints for repr(x) / json.dumps(x).
describe('floatRepr prints floats as Python repr does', () => {
  const cases: [number, string][] = [
    [1, '1.0'],
    [0, '0.0'],
    [-0, '-0.0'],
    [0.0312, '0.0312'],
    [100, '100.0'],
    [123.456, '123.456'],
    [1e15, '1000000000000000.0'],
    [1e16, '1e+16'],
    [-1e22, '-1e+22'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [3e-4, '0.0003'],
    [1e-4 * 3, '0.00030000000000000003'],
    [0.1 + 0.2, '0.30000000000000004'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    // eslint-disable-next-line no-loss-of-precision -- on purpose: the double nearest this literal
    [12345678901234567890, '1.2345678901234567e+19'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ];
  it.each(cases)('%s -> %s', (x, expected) => {
    expect(floatRepr(x)).toBe(expected);
  });
});

describe('stringRepr escapes as json.dumps(ensure_ascii=True)', () => {
  it('escapes non-ASCII per UTF-16 unit (surrogate pairs), DEL and controls, lowercase hex', () => {
    expect(stringRepr('é😀\u007f\u0000\b\f\n\r\t"\\/\ud800 ~')).toBe('"\\u00e9\\ud83d\\ude00\\u007f\\u0000\\b\\f\\n\\r\\t\\"\\\\/\\ud800 ~"');
  });
  it('leaves printable ASCII alone', () => {
    expect(stringRepr('abc XYZ 0123 {}[]:,')).toBe('"abc XYZ 0123 {}[]:,"');
  });
});

describe('pyDumps(value, 2) matches json.dumps(value, indent=2)', () => {
  it('prints empty containers inline and nests with "," + newline and ": "', () => {
    const v: PyValue = new Map<string, PyValue>([
      ['a', []],
      ['b', new Map()],
      ['c', [new Map()]],
      ['d', [1n, [2n]]],
      ['e', [true, false, null, 1.5, 'x']],
    ]);
    expect(pyDumps(v)).toBe(
      '{\n  "a": [],\n  "b": {},\n  "c": [\n    {}\n  ],\n  "d": [\n    1,\n    [\n      2\n    ]\n  ],\n' + '  "e": [\n    true,\n    false,\n    null,\n    1.5,\n    "x"\n  ]\n}',
    );
  });
  it('prints ints exactly, however large', () => {
    expect(pyDumps([123456789012345678901234567890n, -5n, 0n])).toBe('[\n  123456789012345678901234567890,\n  -5,\n  0\n]');
  });
});

describe('pyNumberFromLiteral follows json.loads: int without fraction or exponent, else float', () => {
  it.each([
    ['1', 1n],
    ['-0', 0n],
    ['98765432109876543210', 98765432109876543210n],
    ['1.0', 1],
    ['1e2', 100],
    ['-0.0', -0],
    ['1e400', Infinity],
  ] as const)('%s', (literal, expected) => {
    expect(Object.is(pyNumberFromLiteral(literal), expected)).toBe(true);
  });
});
