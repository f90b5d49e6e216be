// Numbers in every CSV the project writes: full precision without binary floating-point noise.
// 15 significant digits is the most a double always keeps exactly, so 0.1 + 0.2 prints as 0.3 (not
// 0.30000000000000004) and 1/7 keeps 15 digits; integers print whole. A value rounded here and then
// to the Markdown's digits shows the same figure as the Markdown.

export function csvNumber(v: number): string {
  if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(15)));
}

/** csv-stringify's `cast` option for the project's CSV files. */
export const CSV_CAST = { number: csvNumber } as const;
