// Parsing the sweep's grid, ranges and constraints: exact decimal steps, no crossing of parameters a
// strategy does not take, and every bad input a ConfigError (exit 2) naming the flag.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.ts';
import { parseConstraints, satisfies } from './constraints.ts';
import { expandRange, strictNumber } from './decimal.ts';
import { expandGrid, parseGrid, parseGridItem, resolveCell } from './grid.ts';
import type { ScalarDecl } from '../core/param-decl.ts';
import type { StrategyResult } from '../runner/result.ts';

describe('start:end:step ranges', () => {
  it('0.1:0.9:0.1 gives the nine values as typed, no float drift', () => {
    expect(expandRange('0.1:0.9:0.1', '--param threshold')).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(expandRange('1000:5000:1000', 'x')).toEqual([1000, 2000, 3000, 4000, 5000]);
    expect(expandRange('1e3:3e3:1e3', 'x')).toEqual([1000, 2000, 3000]);
    expect(expandRange('0.05:0.2:0.05', 'x')).toEqual([0.05, 0.1, 0.15, 0.2]);
    expect(expandRange('1:2:0.3', 'x')).toEqual([1, 1.3, 1.6, 1.9]); // end not on a step: stops before it
    expect(expandRange('5:5:1', 'x')).toEqual([5]);
  });

  it('every value equals the decimal it stands for (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5000, max: 5000 }), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 4 }), (a, step, n, scale) => {
        const d = (v: number) => (v / 10 ** scale).toFixed(scale);
        const values = expandRange(`${d(a)}:${d(a + step * n)}:${d(step)}`, 'x');
        expect(values).toEqual(Array.from({ length: n + 1 }, (_, i) => Number(d(a + step * i))));
      }),
    );
  });

  it('rejects malformed ranges with a ConfigError naming the flag', () => {
    for (const bad of ['0.1:0.9', '0.1:0.9:0', '0.9:0.1:0.1', 'a:1:1', '1:2:-1', '1:1e9:1', '0x1:2:1', '1:2:1:3']) {
      expect(() => expandRange(bad, '--param threshold')).toThrow(ConfigError);
      expect(() => expandRange(bad, '--param threshold')).toThrow(/--param threshold/);
    }
    expect(strictNumber('1e6')).toBe(1e6);
    expect(strictNumber('Infinity')).toBeUndefined();
    expect(strictNumber('0x10')).toBeUndefined();
    expect(strictNumber('')).toBeUndefined();
  });
});

describe('the grid', () => {
  it("the issue's example: 81 lru-backfill cells, 9 time-based cells (threshold not crossed with time-based)", () => {
    const grid = parseGrid(['capacity=1000,10000,100000', 'threshold=0.1:0.9:0.1', 'batch=10,100,1000']);
    const cells = expandGrid(['lru-backfill', 'time-based'], grid);
    expect(cells.filter((c) => c.strategy === 'lru-backfill')).toHaveLength(81);
    const tb = cells.filter((c) => c.strategy === 'time-based');
    expect(tb).toHaveLength(9);
    expect(tb.every((c) => !('threshold' in c.grid))).toBe(true);
    expect(cells[0]).toEqual({ strategy: 'lru-backfill', grid: { capacity: 1000, threshold: 0.1, batch: 10 } });
  });

  it('accepts unbounded, flag aliases (interval) and a strategy with no grid parameter', () => {
    const grid = parseGrid(['capacity=unbounded,500', 'interval=100:300:100']);
    expect(grid.map((g) => g.name)).toEqual(['capacity', 'intervalMs']);
    const cells = expandGrid(['none', 'time-based', 'threshold'], grid);
    expect(cells.filter((c) => c.strategy === 'time-based')).toHaveLength(6);
    expect(resolveCell(cells[0]!, 1000).params.capacity).toBeUndefined();
    expect(expandGrid(['none'], [])).toEqual([{ strategy: 'none', grid: {} }]);
  });

  it('bad grids are ConfigErrors naming the flag', () => {
    const bad: [unknown, RegExp][] = [
      ['capacity', /not name=values/],
      ['colour=1,2', /unknown strategy parameter "colour"/],
      [['batch=1', 'batch=2'], /given twice/],
      ['batch=1,1', /listed twice/],
      ['batch=1,,2', /empty item/],
      ['threshold=ten', /not a number/],
    ];
    for (const [raw, msg] of bad) expect(() => parseGrid(raw)).toThrow(msg);
    expect(() => expandGrid(['none'], parseGrid('threshold=0.5'))).toThrow(/applies to none of the selected strategies/);
    const cell = expandGrid(['lru-backfill'], parseGrid('threshold=0:0.2:0.1'))[0]!;
    expect(() => resolveCell(cell, 1000)).toThrow(/--param threshold=0 \(strategy lru-backfill\)/);
    // A size (batch: keys or bytes) is read as text and checked with its cell.
    expect(() => resolveCell(expandGrid(['lru-backfill'], parseGrid('batch=ten'))[0]!, 1000)).toThrow(/--param batch="ten" \(strategy lru-backfill\).*not a number/);
  });
});

describe('grid values read by the declared kind', () => {
  const eviction: ScalarDecl = { name: 'eviction', kind: 'choice', doc: 'x', default: 'lru', choices: ['lru', 'sieve', 'none'] };
  const flag: ScalarDecl = { name: 'bypass', kind: 'boolean', doc: 'x', default: false };
  const size: ScalarDecl = { name: 'capacity', kind: 'size', doc: 'x', default: 10, min: 1, max: 2 ** 40, nullable: { means: 'unbounded', word: 'unbounded' } };
  const window: ScalarDecl = { name: 'window', kind: 'integer', doc: 'x', default: null, min: 1, max: 100, nullable: { means: 'cumulative', aliases: ['cumulative'] } };

  it('categorical values stay names, "none" included (a choice is null only by a declared null word)', () => {
    expect(['lru', 'sieve', 'none'].flatMap((v) => parseGridItem(eviction, v, '--param eviction'))).toEqual(['lru', 'sieve', 'none']);
  });

  it('booleans, sizes with units, null words and ranges', () => {
    expect(parseGridItem(flag, 'true', 'x')).toEqual([true]);
    expect(() => parseGridItem(flag, 'yes', '--param bypass')).toThrow(/--param bypass: "yes" is not true or false/);
    expect(['4096', '64MiB', '10%', 'unbounded'].flatMap((v) => parseGridItem(size, v, 'x'))).toEqual([4096, '64MiB', '10%', null]);
    expect(['cumulative', 'null', '10:30:10'].flatMap((v) => parseGridItem(window, v, 'x'))).toEqual([null, null, 10, 20, 30]);
    expect(() => parseGridItem(window, 'lots', '--param window')).toThrow(/--param window: "lots" is not a number \(or null\), nor a start:end:step range/);
  });
});

describe('--target / --budget', () => {
  const r = { hitRatio: 0.91, sourceReads: 1_500_000, latencyMs: { p99: 2 } } as unknown as StrategyResult;

  it('parses METRIC OP NUMBER, joined by commas or "and"', () => {
    const cs = [...parseConstraints('target', 'hitRatio>=0.9'), ...parseConstraints('budget', ['sourceReads <= 2e6 and latencyP99Ms<3'])];
    expect(cs.map((c) => c.text)).toEqual(['hitRatio >= 0.9', 'sourceReads <= 2e6', 'latencyP99Ms < 3']);
    expect(cs.every((c) => satisfies(r, c))).toBe(true);
    expect(satisfies(r, parseConstraints('target', 'hitRatio>0.95')[0]!)).toBe(false);
  });

  it('rejects anything else with a ConfigError naming the flag (never evaluates code)', () => {
    for (const bad of ['hitRatio', 'hitRatio>=', 'hitRatio=>0.9', 'hitRatio==0.9', 'hits>=0.9; process.exit(1)', 'speed>=1', 'hitRatio>=0.9,', 'hitRatio>=NaN', 'hitRatio>=1e999', '(hitRatio>=0.9)']) {
      expect(() => parseConstraints('target', bad), bad).toThrow(ConfigError);
      expect(() => parseConstraints('target', bad), bad).toThrow(/^--target: /);
    }
  });

  it('any string either parses or is a ConfigError (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        try {
          parseConstraints('budget', s);
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError);
        }
      }),
    );
  });
});
