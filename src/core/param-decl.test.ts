// One declaration per parameter: defaults, validation messages, list texts and null handling all
// come from it. The messages are the ones users saw before the declarations (regression).
import { describe, expect, it } from 'vitest';
import { allowedText, declaredDefaults, defaultText, flagOf, paramTitle, validateDeclared, validateStrict, type IntegerDecl, type ParamDecl, type SizeDecl } from './param-decl.ts';

const CAPACITY: IntegerDecl = {
  name: 'capacity',
  kind: 'integer',
  doc: 'cache capacity',
  unit: 'keys',
  default: ({ sourceKeys }) => Math.round(sourceKeys / 10),
  defaultText: '10% of the keys',
  min: 1,
  max: 1000,
  nullable: { means: 'unbounded', word: 'unbounded', resolve: () => undefined },
};
const KEYS: IntegerDecl = { name: 'keys', kind: 'integer', doc: 'keys', default: 100, min: 1, max: 1_000_000 };
const START: IntegerDecl = { name: 'start', kind: 'integer', doc: 'first key', default: 0, min: 0, max: (e) => (e.keys as number) - 1, maxText: 'keys-1' };
const LENGTH: IntegerDecl = {
  name: 'length',
  kind: 'integer',
  doc: 'loop length',
  default: null,
  min: 1,
  max: (e) => e.keys as number,
  maxText: 'keys',
  nullable: { means: 'all keys', resolve: (e) => e.keys },
};
const CACHE: SizeDecl = { name: 'cacheSize', kind: 'size', doc: 'cache size', default: '10%', min: 1, max: 2 ** 40 };
const MODE: ParamDecl = { name: 'intervalMs', kind: 'choice', doc: 'x', flag: 'interval', default: 'a', choices: ['a', 'bee'] };

const fails = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('did not throw');
};

describe('ParamDecl', () => {
  it('defaults: plain values, null, and defaults computed from the workload', () => {
    expect(declaredDefaults([CAPACITY, KEYS, LENGTH], { sourceKeys: 5000 })).toEqual({ capacity: 500, keys: 100, length: null });
    expect(declaredDefaults([CAPACITY])).toEqual({ capacity: null }); // no workload known: none
    expect(defaultText(CAPACITY)).toBe('10% of the keys');
    expect(defaultText(LENGTH)).toBe('null (all keys)');
    expect(defaultText(KEYS)).toBe('100');
  });

  it('null: the declared word, null or absent give the resolved value; other words name everything allowed', () => {
    expect(validateDeclared([CAPACITY], { capacity: 'unbounded' }, 'w')).toEqual({ capacity: undefined });
    expect(validateDeclared([CAPACITY], { capacity: null }, 'w')).toEqual({ capacity: undefined });
    expect(validateDeclared([CAPACITY], { capacity: 7 }, 'w')).toEqual({ capacity: 7 });
    // The message users saw before the declarations, word for word.
    expect(fails(() => validateDeclared([CAPACITY], { capacity: 'lots' }, 'strategy none'))).toBe('strategy none: "capacity" is "lots"; allowed: integer 1 .. 1000, or null');
    expect(fails(() => validateDeclared([CAPACITY], { capacity: 0 }, 'strategy none'))).toBe('strategy none: "capacity" is 0; allowed: an integer >= 1 and <= 1000');
  });

  it('bounds computed from parameters declared before (in order), with the bound in the message', () => {
    expect(validateDeclared([KEYS, LENGTH, START], { keys: 50, start: 49 }, 'w')).toEqual({ keys: 50, length: 50, start: 49 });
    expect(fails(() => validateDeclared([KEYS, LENGTH, START], { keys: 50, start: 50 }, 'w'))).toBe('w: "start" is 50; allowed: an integer >= 0 and <= 49');
    expect(fails(() => validateDeclared([KEYS, LENGTH, START], { keys: 50, length: 51 }, 'w'))).toBe('w: "length" is 51; allowed: an integer >= 1 and <= 50');
    expect(allowedText(START)).toBe('integer 0 .. keys-1');
    expect(allowedText(LENGTH)).toBe('integer 1 .. keys, or null');
  });

  it('sizes: counts stay numbers, units and shares stay as written; bad ones are ConfigErrors at the field', () => {
    expect(validateDeclared([CACHE], {}, 'w')).toEqual({ cacheSize: '10%' });
    expect(validateDeclared([CACHE], { cacheSize: '4096' }, 'w')).toEqual({ cacheSize: 4096 });
    expect(validateDeclared([CACHE], { cacheSize: ' 64MiB' }, 'w')).toEqual({ cacheSize: '64MiB' });
    expect(fails(() => validateDeclared([CACHE], { cacheSize: '64 furlongs' }, '--capacity'))).toMatch(/^--capacity: "cacheSize" is "64 furlongs": unknown unit "furlongs"; allowed: a count/);
    expect(fails(() => validateDeclared([CACHE], { cacheSize: '2TiB' }, 'w'))).toMatch(/^w: "cacheSize" is "2TiB"; allowed: .*counts and bytes 1 \.\. 1099511627776$/);
  });

  it('choices, strict validation and flags', () => {
    expect(fails(() => validateDeclared([MODE], { intervalMs: 'be' }, 'w'))).toBe('w: "intervalMs" is "be"; allowed: "a", "bee" (did you mean "bee"?)');
    expect(fails(() => validateStrict([KEYS], { keys: 1, kyes: 2 }, 'w'))).toMatch(/unknown field "kyes"; did you mean "keys"\?/);
    expect(flagOf(MODE)).toBe('interval');
    expect(flagOf({ ...KEYS, name: 'perKeyMs' })).toBe('per-key-ms');
    expect(paramTitle(CAPACITY)).toBe('capacity (keys)');
    expect(paramTitle(MODE)).toBe('interval');
  });
});
