// "Did you mean": the closest known name to a typo, by Damerau-Levenshtein distance (optimal string
// alignment: insert, delete, substitute, swap two neighbours), compared case-insensitively and with
// "-"/"_" ignored so `--absent_ratio`, `absentratio` and `absent-ratio` meet.

function normalise(s: string): string {
  return s.toLowerCase().replace(/[-_]/g, '');
}

/** Optimal-string-alignment distance; stops early (returns limit + 1) once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/**
 * The known name closest to `input`, or undefined when none is close enough (at most a third of the
 * longer name's letters edited, and at least one letter kept). A known name that starts with, or
 * differs only in case or separators from, the input wins outright.
 */
export function closest(input: string, known: Iterable<string>): string | undefined {
  const q = normalise(input);
  if (q === '') return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const c = normalise(k);
    if (c === q) return k;
    const limit = Math.max(1, Math.floor(Math.max(c.length, q.length) / 3));
    let d = editDistance(q, c, limit);
    // "hit" for "hitRatio": a unique-enough prefix is a good guess too.
    if (d > limit && q.length >= 3 && c.startsWith(q)) d = limit;
    // Equally close: a name that continues what was typed ("of" -> "off", not "on") wins.
    if (d <= limit && (d < bestD || (d === bestD && c.startsWith(q) && !normalise(best!).startsWith(q)))) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

/** `; did you mean "x"?` (with the given prefix/quote), or '' when nothing is close. */
export function didYouMean(input: string, known: Iterable<string>, show: (name: string) => string = (s) => JSON.stringify(s)): string {
  const c = closest(input, known);
  return c === undefined ? '' : `; did you mean ${show(c)}?`;
}
