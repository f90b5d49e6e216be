// The summary table: numbers right-aligned with thousands separators at the column's digits, the best
// value per column marked by direction (ties all marked; nothing when all rows tie), grouped header.
import { describe, expect, it } from 'vitest';
import type { SummaryTable, TableColumn } from './report-model.ts';
import { bestRows, escapeHtml, formatCell, renderTable } from './table.ts';

const num = (id: string, direction: TableColumn['direction'], digits = 0, extra = false): TableColumn => ({
  id,
  header: id,
  unit: 'keys',
  direction,
  digits,
  description: `${id} <desc>`,
  kind: 'number',
  extra,
});
const text: TableColumn = { id: 'strategy', header: 'strategy', unit: '', direction: 'neutral', digits: 0, description: '', kind: 'text' };

function table(rows: (number | string | null)[][], columns: TableColumn[], markBest = true): SummaryTable {
  return {
    id: 'summary',
    title: 'Summary',
    caption: 'caption',
    groups: [
      { name: 'configuration', columns: [text] },
      { name: 'metrics', columns },
    ],
    rows: rows.map((values) => ({ colourKey: String(values[0]), values })),
    markBest,
  };
}

describe('formatCell', () => {
  it.each([
    [0, 1234567, '1,234,567'],
    [4, 0.71300512, '0.7130'],
    [1, 2869.95, '2,870.0'],
    [3, -0.0001, '0.000'], // no "-0.000"
    [3, -12.5, '−12.500'], // a true minus sign
    [0, null, '—'],
    [2, NaN, '—'],
  ])('digits %i: %s -> %s', (digits, v, shown) => {
    expect(formatCell({ digits }, v)).toBe(shown);
  });

  it('infinity reads as the column says ("never"), else ∞', () => {
    expect(formatCell({ digits: 1, infinite: 'never' }, Infinity)).toBe('never');
    expect(formatCell({ digits: 1 }, Infinity)).toBe('∞');
  });
});

describe('best marks', () => {
  const cols = [num('hits', 'higher'), num('misses', 'lower'), num('evictions', 'neutral')];
  it('by direction: highest of a "higher" column, lowest of a "lower" one, none for neutral or text', () => {
    const best = bestRows(
      table(
        [
          ['a', 10, 5, 1],
          ['b', 30, 7, 2],
          ['c', 20, 3, 3],
        ],
        cols,
      ),
    );
    expect(best.map((s) => [...s])).toEqual([[], [1], [2], []]);
  });

  it('ties are all marked; a column where every row ties, or fewer than two rows have a value, has none', () => {
    const best = bestRows(
      table(
        [
          ['a', 30, 4, 1],
          ['b', 30, 4, 2],
          ['c', 20, null, 3],
        ],
        cols,
      ),
    );
    expect([...best[1]!]).toEqual([0, 1]);
    expect([...best[2]!]).toEqual([]); // 4 and 4: all that have a value tie
    expect([...bestRows(table([['a', 1, 2, 3]], cols))[1]!]).toEqual([]);
  });

  it('the page marks them (★ and a class) only when the table asks', () => {
    const rows = [
      ['a', 10, 5, 1],
      ['b', 30, 7, 2],
    ];
    const html = renderTable(table(rows, cols));
    expect(html.match(/class="num best"/g)).toHaveLength(2);
    expect(html).toContain('<td class="num best" data-v="30"><span class="star" title="best in this column (highest)">★</span>30</td>');
    expect(renderTable(table(rows, cols, false))).not.toContain('best');
  });
});

describe('renderTable', () => {
  it('a grouped header row, sortable column headers with their direction, one body row per result', () => {
    const html = renderTable(
      table(
        [
          ['none', 1234567, 0.5, 3],
          ['<b>x</b>', 2, 0.25, 4],
        ],
        [num('hits', 'higher'), num('ratio', 'lower', 4), num('extra', 'neutral', 0, true)],
      ),
      (k) => (k === 'none' ? '#4c78a8' : undefined),
    );
    expect(html).toContain('<table id="summary" class="summary marked" data-rows="2">');
    expect(html).toContain('<th colspan="1" data-span="1" data-shown="1" scope="colgroup">configuration</th>');
    // The group's extra column is hidden by default: it spans 2 of its 3 columns until "all columns".
    expect(html).toContain('<th colspan="2" data-span="3" data-shown="2" scope="colgroup">metrics</th>');
    expect(html).toContain('<th class="num" data-col="1" data-type="number" title="hits &lt;desc&gt;; unit: keys; higher is better" aria-sort="none" tabindex="0">hits ↑</th>');
    expect(html).toContain('<th class="num extra" data-col="3"');
    expect(html).toContain('<input type="checkbox" class="all-columns" data-table="summary"> all 4 columns');
    expect(html).toContain('<td class="num best" data-v="1234567"><span class="star" title="best in this column (highest)">★</span>1,234,567</td>');
    expect(html).toContain('<td class="num" data-v="0.5">0.5000</td>');
    expect(html).toContain('<span class="swatch" style="background:#4c78a8"></span>none');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;'); // escaped
    expect(html.match(/<tr data-key=/g)).toHaveLength(2);
  });

  it('escapeHtml escapes the five characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
