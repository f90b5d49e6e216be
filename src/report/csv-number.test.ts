// CSV numbers: full precision, no binary floating-point noise (regression: 0.30000000000000004).
import { describe, expect, it } from 'vitest';
import { csvNumber } from './csv-number.ts';

describe('csvNumber', () => {
  it('drops float noise and keeps real digits', () => {
    expect(csvNumber(0.1 + 0.2)).toBe('0.3');
    expect(csvNumber(1.1 * 3)).toBe('3.3');
    expect(csvNumber(1 / 7)).toBe('0.142857142857143');
    expect(csvNumber(2.221)).toBe('2.221');
    expect(csvNumber(1e-7 / 3)).toBe('3.33333333333333e-8');
  });
  it('prints integers and non-finite values as they are', () => {
    expect(csvNumber(1_000_000)).toBe('1000000');
    expect(csvNumber(2 ** 53)).toBe('9007199254740992');
    expect(csvNumber(Number.NaN)).toBe('NaN');
  });
  it('agrees with the Markdown figure', () => {
    for (const v of [0.30000000000000004, 0.6666666666666666, 4.423000000000001, 0.99995]) {
      expect(Number(csvNumber(v)).toFixed(3)).toBe(v.toFixed(3));
    }
  });
});
