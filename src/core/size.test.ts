// Sizes as users write them: counts, bytes with decimal or binary units, shares of the working set;
// anything else a ConfigError naming the value and what is allowed.
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.ts';
import { parseSize } from './size.ts';

describe('parseSize', () => {
  it('reads counts, byte units (decimal and binary) and percentages', () => {
    expect(parseSize(4096, '--capacity')).toEqual({ unit: 'count', count: 4096 });
    expect(parseSize('4096', '--capacity')).toEqual({ unit: 'count', count: 4096 });
    expect(parseSize('64MiB', '--capacity')).toEqual({ unit: 'bytes', bytes: 64 * 1024 * 1024 });
    expect(parseSize('1.5GB', '--capacity')).toEqual({ unit: 'bytes', bytes: 1_500_000_000 });
    expect(parseSize('512B', '--capacity')).toEqual({ unit: 'bytes', bytes: 512 });
    expect(parseSize(' 2 KiB ', '--capacity')).toEqual({ unit: 'bytes', bytes: 2048 });
    expect(parseSize('16mib', '--capacity')).toEqual({ unit: 'bytes', bytes: 16 * 2 ** 20 });
    expect(parseSize('1e3kB', '--capacity')).toEqual({ unit: 'bytes', bytes: 1_000_000 });
    expect(parseSize('10%', '--capacity')).toEqual({ unit: 'percent', fraction: 0.1 });
    expect(parseSize('0.5%', '--capacity')).toEqual({ unit: 'percent', fraction: 0.005 });
    expect(parseSize('100%', '--capacity')).toEqual({ unit: 'percent', fraction: 1 });
  });

  it('refuses anything else with one line: the flag, the value, why, and what is allowed', () => {
    const cases: [unknown, RegExp][] = [
      ['64XB', /unknown unit "XB"/],
      ['ten', /not a number with an optional unit/],
      ['', /not a number with an optional unit/],
      ['-5', /not a number with an optional unit/],
      ['1.5', /a count must be a whole number/],
      [2.5, /not a whole count/],
      [-1, /not a whole count/],
      ['0%', /a share must be > 0% and <= 100%/],
      ['150%', /a share must be > 0% and <= 100%/],
      ['0.3B', /not a whole number of bytes/],
      [true, /not a size/],
      [null, /not a size/],
    ];
    for (const [value, why] of cases) {
      let err: unknown;
      try {
        parseSize(value, '--capacity');
      } catch (e) {
        err = e;
      }
      expect(err, String(value)).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toMatch(why);
      expect(msg).toMatch(/^--capacity is /);
      expect(msg).toContain('allowed: a count (4096), bytes with a unit');
      expect(msg).not.toContain('\n');
    }
  });
});
