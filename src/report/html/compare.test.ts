// `report A B`: rows matched by their key, each change better or worse by the metric's direction,
// rows on one side only listed; --open only where there is a display.
import { describe, expect, it } from 'vitest';
import { changeDirection, compareTables } from './compare.ts';
import { opener } from './open-page.ts';
import type { SummaryTable, TableColumn } from './report-model.ts';

const col = (id: string, direction: TableColumn['direction'], kind: TableColumn['kind'] = 'number'): TableColumn => ({ id, header: id, unit: '', direction, digits: 2, description: '', kind });

describe('changeDirection', () => {
  it.each([
    ['higher', 0.7, 0.8, 'better'],
    ['higher', 0.8, 0.7, 'worse'],
    ['lower', 100, 90, 'better'],
    ['lower', 90, 100, 'worse'],
    ['neutral', 1, 2, 'changed'],
    ['lower', 5, 5, 'same'],
    ['higher', NaN, 1, 'changed'], // measured on one side only
    ['lower', NaN, NaN, 'same'],
    ['lower', 3, Infinity, 'worse'], // a time to warm that never came
  ] as const)('%s: %d -> %d is %s', (direction, a, b, change) => {
    expect(changeDirection(direction, a, b)).toBe(change);
  });
});

describe('compareTables', () => {
  const table = (rows: (string | number | null)[][], keyColumns?: string[]): SummaryTable => ({
    id: 'summary',
    title: '',
    caption: '',
    groups: [
      { name: 'configuration', columns: [col('strategy', 'neutral', 'text'), col('params', 'neutral', 'text')] },
      { name: 'metrics', columns: [col('hitRatio', 'higher'), col('sourceReads', 'lower'), col('evictions', 'neutral')] },
    ],
    rows: rows.map((values) => ({ colourKey: String(values[0]), values })),
    markBest: true,
    ...(keyColumns ? { keyColumns } : {}),
  });

  it('matches rows by strategy; lists each changed metric with its direction, counts the equal ones, names one-sided rows', () => {
    const a = table([
      ['none', 'capacity=1000', 0.7, 5000, 10],
      ['lru-backfill', 'capacity=1000', 0.6, 9000, 12],
      ['time-based', '', 0.65, 6000, 10],
    ]);
    const b = table([
      ['lru-backfill', 'capacity=2000', 0.75, 9500, 12],
      ['none', 'capacity=1000', 0.7, 4000, 11],
      ['s3fifo+lru-backfill', '', 0.8, 3000, 1],
    ]);
    const c = compareTables(a, b);
    expect(c.deltas.map((d) => [d.key, d.column.id, d.a, d.b, d.change])).toEqual([
      ['none', 'sourceReads', 5000, 4000, 'better'],
      ['none', 'evictions', 10, 11, 'changed'],
      ['lru-backfill', 'hitRatio', 0.6, 0.75, 'better'],
      ['lru-backfill', 'sourceReads', 9000, 9500, 'worse'],
    ]);
    expect(c.unchanged).toBe(2); // none's hit ratio, lru-backfill's evictions
    expect(c.onlyA).toEqual(['time-based']);
    expect(c.onlyB).toEqual(['s3fifo+lru-backfill']);
    expect(c.textChanges).toEqual(['lru-backfill: params capacity=1000 → capacity=2000']);
  });

  it('with key columns (a sweep: strategy and its parameters), a configuration matches only itself', () => {
    const a = table([['none', 'capacity=1000', 0.7, 5000, 10]], ['strategy', 'params']);
    const b = table([['none', 'capacity=2000', 0.8, 4000, 10]], ['strategy', 'params']);
    const c = compareTables(a, b);
    expect(c.matched).toHaveLength(0);
    expect(c.onlyA).toEqual(['none capacity=1000']);
    expect(c.onlyB).toEqual(['none capacity=2000']);
  });
});

describe('--open', () => {
  it('xdg-open on Linux with a display; without one, why not', () => {
    expect(opener('/r/report.html', 'linux', { DISPLAY: ':0' })).toEqual({ command: 'xdg-open', args: ['/r/report.html'] });
    expect(opener('/r/report.html', 'linux', { WAYLAND_DISPLAY: 'wayland-0' })).toEqual({ command: 'xdg-open', args: ['/r/report.html'] });
    expect(opener('/r/report.html', 'linux', {})).toEqual({ whyNot: 'no display ($DISPLAY and $WAYLAND_DISPLAY are unset)' });
    expect(opener('/r/report.html', 'darwin', {})).toEqual({ command: 'open', args: ['/r/report.html'] });
  });
});
