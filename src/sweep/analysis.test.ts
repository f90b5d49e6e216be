// The Pareto frontier against its definition, and the recommendation's "cheapest" rule.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StrategyResult } from '../runner/result.ts';
import { bestFirst, cheaperFirst, dominates, paretoFlags, recommend, type SweepRow } from './analysis.ts';
import { parseConstraints } from './constraints.ts';

function row(key: string, hitRatio: number, sourceReads: number, p99: number, extra: { capacity?: number | string; sourceCalls?: number; strategy?: string } = {}): SweepRow {
  const result = { hitRatio, sourceReads, sourceCalls: extra.sourceCalls ?? sourceReads, latencyMs: { p99 } } as unknown as StrategyResult;
  return { key, strategy: extra.strategy ?? 'lru-backfill', params: { capacity: extra.capacity ?? 1000 }, method: 'simulation', result };
}

const rowsArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 4 })), { maxLength: 40 })
  .map((ts) => ts.map(([h, s, p, c], i) => row(`k${String(i).padStart(3, '0')}`, h / 10, s * 1000, p / 2, { capacity: c * 1000 })));

describe('Pareto frontier', () => {
  it('is exactly the rows no other row dominates (brute force)', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const flags = paretoFlags(rows);
        rows.forEach((r, i) => expect(flags[i]).toBe(!rows.some((o) => o !== r && dominates(o.result, r.result))));
        if (rows.length > 0) expect(flags.some(Boolean)).toBe(true);
      }),
    );
  });

  it('best first puts frontier rows first, then by hit ratio', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const flags = paretoFlags(rows);
        const order = bestFirst(rows, flags);
        const firstOff = order.findIndex((i) => !flags[i]);
        if (firstOff >= 0) expect(order.slice(firstOff).every((i) => !flags[i])).toBe(true);
        expect([...order].sort((a, b) => a - b)).toEqual(rows.map((_, i) => i));
      }),
    );
  });
});

describe('recommendation', () => {
  it('picks the cheapest row meeting every constraint: fewest source reads, then calls, then capacity', () => {
    const rows = [
      row('a', 0.95, 900, 2, { capacity: 10_000 }),
      row('b', 0.92, 500, 4, { capacity: 100_000 }),
      row('c', 0.91, 500, 2, { capacity: 50_000 }), // ties b on reads and calls: smaller capacity wins
      row('d', 0.85, 100, 2, { capacity: 1_000 }), // cheapest, but misses the target
      row('e', 0.99, 3_000_000, 2, { capacity: 'unbounded' }), // over budget
    ];
    const rec = recommend(rows, [...parseConstraints('target', 'hitRatio>=0.9'), ...parseConstraints('budget', 'sourceReads<=2e6')]);
    expect(rec.pick?.key).toBe('c');
    expect(rec.runnerUp?.key).toBe('b');
    expect(rec.meeting.map((r) => r.key)).toEqual(['c', 'b', 'a']);
    const none = recommend(rows, parseConstraints('target', 'hitRatio>=0.999'));
    expect(none.pick).toBeUndefined();
    expect(none.closest?.key).toBe('e');
  });

  it('without constraints targets one point below the best hit ratio', () => {
    const rows = [row('a', 0.95, 900, 2), row('b', 0.945, 500, 2), row('c', 0.9, 100, 2)];
    const rec = recommend(rows, []);
    expect(rec.defaulted).toBe(true);
    expect(rec.constraints[0]!.text).toBe('hitRatio >= 0.94');
    expect(rec.pick?.key).toBe('b');
  });

  it('the pick is never costlier than any row meeting the constraints (property)', () => {
    fc.assert(
      fc.property(rowsArb, fc.integer({ min: 0, max: 10 }), (rows, h) => {
        const rec = recommend(rows, parseConstraints('target', `hitRatio>=${h / 10}`));
        for (const r of rec.meeting) expect(cheaperFirst(rec.pick!, r)).toBeLessThanOrEqual(0);
        expect(rec.meeting.every((r) => r.result.hitRatio >= h / 10)).toBe(true);
      }),
    );
  });
});
