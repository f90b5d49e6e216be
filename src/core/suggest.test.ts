// "Did you mean": the closest known name, or none when nothing is close.
import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from './suggest.ts';

describe('editDistance (optimal string alignment)', () => {
  it('counts inserts, deletes, substitutions and neighbour swaps as one edit each', () => {
    expect(editDistance('capacity', 'capacity')).toBe(0);
    expect(editDistance('capcity', 'capacity')).toBe(1); // delete
    expect(editDistance('alhpa', 'alpha')).toBe(1); // swap
    expect(editDistance('batch', 'botch')).toBe(1); // substitute
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
  it('stops early past the limit', () => {
    expect(editDistance('aaaaaaaa', 'bbbbbbbb', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});

describe('closest', () => {
  const flags = ['capacity', 'threshold', 'batch', 'window', 'interval', 'absent-ratio', 'workers', 'progress'];
  it('finds the typo’s target', () => {
    expect(closest('capcity', flags)).toBe('capacity');
    expect(closest('treshold', flags)).toBe('threshold');
    expect(closest('worker', flags)).toBe('workers');
    expect(closest('absent_ratio', flags)).toBe('absent-ratio');
    expect(closest('absentRatio', flags)).toBe('absent-ratio');
    expect(closest('hit_ratio', ['hitRatio', 'missRatio', 'sourceReads'])).toBe('hitRatio');
    expect(closest('alhpa', ['keys', 'alpha', 'scramble'])).toBe('alpha');
    expect(closest('of', ['auto', 'on', 'off'])).toBe('off');
  });
  it('suggests nothing for a word far from every name', () => {
    expect(closest('zzzzzz', flags)).toBeUndefined();
    expect(closest('x', flags)).toBeUndefined();
    expect(closest('', flags)).toBeUndefined();
  });
  it('didYouMean formats the hint or gives nothing', () => {
    expect(didYouMean('zpif', ['zipf', 'uniform'])).toBe('; did you mean "zipf"?');
    expect(didYouMean('qqqq', ['zipf', 'uniform'])).toBe('');
  });
});
