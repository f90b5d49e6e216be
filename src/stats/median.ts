// The median, defined once: the middle value, or the mean of the two middle values; NaN when empty.

/** Median of values already sorted ascending. */
export function medianOfSorted(sorted: readonly number[]): number {
  const k = sorted.length;
  if (k === 0) return NaN;
  return k % 2 === 1 ? sorted[(k - 1) / 2]! : (sorted[k / 2 - 1]! + sorted[k / 2]!) / 2;
}

/** Median of values in any order (the input is not modified). */
export function median(values: readonly number[]): number {
  return medianOfSorted([...values].sort((a, b) => a - b));
}
