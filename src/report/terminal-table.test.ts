// Terminal tables fit 120 columns: key columns kept in priority order, the rest named in a note.
import { describe, expect, it } from 'vitest';
import { markdownTable } from './markdown.ts';
import { fitTable, forTerminal, wrapLine } from './terminal-table.ts';

const width = (text: string) => Math.max(...text.split('\n').map((l) => l.length));

describe('fitTable', () => {
  const header = [
    'strategy',
    'params',
    'hit ratio',
    'misses',
    'source misses',
    'backfills',
    'backfilled keys',
    'backfill waste',
    'source reads',
    'source calls',
    'peak src keys/s',
    'p50 ms',
    'p99 ms',
    'p99.9 ms',
  ];
  const rows = [
    ['lru-backfill', 'capacity=10000 threshold=0.5 batch=10', '0.6996', '30,041', '0', '1,874', '18,740', '18,181', '48,781', '31,915', '22,990', '0.200', '4.420', '4.420'],
    ['none', 'capacity=10000 \\| x', '0.6994', '30,058', '0', '0', '0', '0', '30,058', '30,058', '4,314', '0.200', '2.220', '2.220'],
  ];
  const table = markdownTable(header, rows, [false, false, ...header.slice(2).map(() => true)]);

  it('a wide table is narrowed to 120 columns, keeping row names and the key columns in their order', () => {
    expect(width(table)).toBeGreaterThan(120);
    const fitted = fitTable(table.split('\n')).join('\n');
    expect(width(fitted)).toBeLessThanOrEqual(120);
    const head = fitted.split('\n')[0]!;
    expect(head).toMatch(/^\| strategy +\| params +\| hit ratio \|.*\| source reads \|.*\| p99 ms \|$/);
    expect(head.indexOf('hit ratio')).toBeLessThan(head.indexOf('source reads'));
    expect(fitted).toContain('capacity=10000 \\| x'); // an escaped pipe stays in its cell
    expect(fitted).toMatch(/more columns with --wide and in the result files: .*source misses/);
    // Numbers stay right-aligned.
    expect(fitted.split('\n')[1]).toMatch(/^\|:-+\|:-+\|-+:\|/);
  });
  it('a table that fits is left alone, and --wide leaves everything alone', () => {
    const small = markdownTable(['a', 'b'], [['1', '2']], [false, true]);
    expect(fitTable(small.split('\n')).join('\n')).toBe(small);
    expect(forTerminal(table, true)).toBe(table);
  });
  it('a params column too wide for the three key figures beside it gives way to the figures', () => {
    const long = rows.map((r) => [r[0]!, `${r[1]} eviction=s3fifo smallRatio=0.1 ghostRatio=0.9 moveToMainHits=2 admission=always`, ...r.slice(2)]);
    const fitted = fitTable(markdownTable(header, long, [false, false, ...header.slice(2).map(() => true)]).split('\n')).join('\n');
    expect(width(fitted)).toBeLessThanOrEqual(120);
    const head = fitted.split('\n')[0]!;
    expect(head).toMatch(/^\| strategy +\| hit ratio \|.*\| source reads \|.*\| p99 ms \|/);
    expect(fitted).toMatch(/more columns with --wide and in the result files: params/);
  });
  it('a narrower terminal keeps fewer columns', () => {
    const fitted = fitTable(table.split('\n'), { width: 80 }).join('\n');
    expect(width(fitted)).toBeLessThanOrEqual(80);
    expect(fitted.split('\n')[0]).toContain('hit ratio');
  });
});

describe('forTerminal', () => {
  it('wraps prose at 120 columns and keeps every word', () => {
    const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const out = forTerminal(`${long}\n\n| a | b |\n|:--|--:|\n| 1 | 2 |`);
    expect(width(out)).toBeLessThanOrEqual(120);
    expect(out.replace(/\n/g, ' ')).toContain(long);
    expect(wrapLine('x'.repeat(130))).toEqual(['x'.repeat(130)]);
  });
});
