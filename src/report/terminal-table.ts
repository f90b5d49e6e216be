// What a report looks like on a terminal: the same Markdown, made to fit 120 columns. A table wider
// than that keeps its first columns (the row names) and then the key columns in priority order, as
// many as fit, in their original order; a note says how many were left out and where to find them
// (the files always hold the full table; --wide prints it). Long prose lines are wrapped at spaces.

export const TERMINAL_WIDTH = 120;

/** Headers in the order a compact table keeps them; headers not listed come last, left to right. */
export const KEY_COLUMNS: readonly string[] = [
  // bench, load, sweep
  'hit ratio',
  // runs with events: the warm-up figures come right after the hit ratio
  'time to warm s',
  'warm-up debt',
  'peak keys/s after',
  'byte hit ratio',
  'source reads',
  'p99 ms',
  // runs whose source saturates: the source's side of the latency
  'miss p99 ms',
  'duplicate reads',
  'delayed hits',
  'src util',
  'queue wait ms',
  'source errors',
  'backfills',
  'source bytes',
  'peak src keys/s',
  'expired misses',
  'wasted refreshes',
  'peak expiries/s',
  'source calls',
  'misses',
  'p50 ms',
  'backfill waste',
  'p99.9 ms',
  'status',
  'run',
  // CPU cost
  'ns/req',
  'req/s',
  '± %',
  'x calibration',
  'x lru-cache',
];

/**
 * A table of a run with freshness (writes, ttl, refresh: it has a "stale ratio" column) keeps these
 * five side by side before anything else, the params column included: hit ratio, how stale the hits
 * were, what refreshing read and the source's peak load.
 */
export const FRESHNESS_KEY_COLUMNS: readonly string[] = ['hit ratio', 'stale ratio', 'staleness p99 ms', 'refresh reads', 'peak src keys/s'];
const FRESHNESS_PRIORITY: readonly string[] = [...FRESHNESS_KEY_COLUMNS, 'expired misses', 'wasted refreshes', ...KEY_COLUMNS.filter((h) => !FRESHNESS_KEY_COLUMNS.includes(h))];

export interface TerminalOptions {
  readonly width?: number;
  /** Leading columns always kept (row names). Default 2 when the second header is "params" or "run", else 1. */
  readonly keep?: number;
  readonly priority?: readonly string[];
  /** How many of the top-ranked figures must fit beside a params column for it to stay (default 3; 5 in freshness tables). */
  readonly keyFigures?: number;
}

/** Splits a Markdown table row into its cells (an escaped \| stays inside its cell). */
function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim());
}

function render(rows: readonly (readonly string[])[], right: readonly boolean[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(3, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => `| ${r.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (right[i] ? `${'-'.repeat(w + 1)}:` : `:${'-'.repeat(w + 1)}`)).join('|')}|`;
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)];
}

/** One Markdown table (its lines), narrowed to `width` when it is wider. */
export function fitTable(lines: readonly string[], o: TerminalOptions = {}): string[] {
  const width = o.width ?? TERMINAL_WIDTH;
  if (lines.length < 2 || Math.max(...lines.map((l) => l.length)) <= width) return [...lines];
  const header = cells(lines[0]!);
  const right = cells(lines[1]!).map((c) => c.endsWith(':') && !c.startsWith(':'));
  const body = lines.slice(2).map(cells);
  const all = [header, ...body];
  const fresh = header.includes('stale ratio');
  const priority = o.priority ?? (fresh ? FRESHNESS_PRIORITY : KEY_COLUMNS);
  const keyFigures = o.keyFigures ?? (fresh ? FRESHNESS_KEY_COLUMNS.length : 3);
  const widthOf = (cols: readonly number[]) => 1 + cols.reduce((t, i) => t + 3 + Math.max(3, ...all.map((r) => (r[i] ?? '').length)), 0);
  const rank = (i: number) => {
    const p = priority.indexOf(header[i]!);
    return p === -1 ? priority.length + i : p;
  };
  // A second name column ("params") is kept only while the three (freshness tables: five) most
  // important figures still fit beside it: composed strategies have long parameter lists, and the
  // figures matter more.
  const topFigures = header
    .map((_, i) => i)
    .filter((i) => i >= 2)
    .sort((a, b) => rank(a) - rank(b))
    .slice(0, keyFigures);
  const keep = o.keep ?? (['params', 'run'].includes(header[1] ?? '') && widthOf([0, 1, ...topFigures]) <= width ? 2 : 1);
  const candidates = header
    .map((_, i) => i)
    .filter((i) => i >= keep)
    .sort((a, b) => rank(a) - rank(b));
  let chosen = header.map((_, i) => i).filter((i) => i < keep);
  for (const i of candidates) {
    const next = [...chosen, i].sort((a, b) => a - b);
    if (widthOf(next) <= width) chosen = next;
  }
  const pick = (r: readonly string[]) => chosen.map((i) => r[i] ?? '');
  const out = render(
    all.map(pick),
    pick(right.map(String)).map((s) => s === 'true'),
  );
  const left = header.length - chosen.length;
  if (left > 0) out.push('', ...wrapLine(`(${left} more column${left === 1 ? '' : 's'} with --wide and in the result files: ${header.filter((_, i) => !chosen.includes(i)).join(', ')})`, width));
  return out;
}

/** Wraps one prose line at spaces to `width` (a word longer than that stays whole). */
export function wrapLine(line: string, width = TERMINAL_WIDTH): string[] {
  if (line.length <= width) return [line];
  const out: string[] = [];
  let cur = '';
  for (const word of line.split(' ')) {
    if (cur !== '' && cur.length + 1 + word.length > width) {
      out.push(cur);
      cur = word;
    } else cur = cur === '' ? word : `${cur} ${word}`;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** A Markdown report made to fit the terminal: tables narrowed, prose wrapped; `wide` leaves it as is. */
export function forTerminal(markdown: string, wide = false, o: TerminalOptions = {}): string {
  if (wide) return markdown;
  const width = o.width ?? TERMINAL_WIDTH;
  const lines = markdown.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length;) {
    if (lines[i]!.startsWith('|')) {
      let j = i;
      while (j < lines.length && lines[j]!.startsWith('|')) j++;
      out.push(...fitTable(lines.slice(i, j), o));
      i = j;
    } else {
      out.push(...wrapLine(lines[i]!, width));
      i++;
    }
  }
  return out.join('\n');
}
