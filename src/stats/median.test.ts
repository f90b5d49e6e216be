import { describe, expect, it } from 'vitest';
import { median, medianOfSorted } from './median.ts';

describe('median', () => {
  it('is the middle value, or the mean of the two middle values, whatever the order; NaN when empty', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(medianOfSorted([1, 2, 10, 11])).toBe(6);
  });

  it('leaves its input as it was', () => {
    const v = [3, 1, 2];
    median(v);
    expect(v).toEqual([3, 1, 2]);
  });
});
