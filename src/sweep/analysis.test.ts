// The Pareto frontier against its definition, and the recommendation's "cheapest" rule.
import { allSelectionSpecs } from '../strategies/selection/registry.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StrategyResult } from '../runner/result.ts';
import { allStrategySpecs } from '../strategies/registry.ts';
import { bestFirst, cheaperFirst, dominates, isDeployable, paretoFlags, recommend, worstViolation, type SweepRow } from './analysis.ts';
import { parseConstraints } from './constraints.ts';

function row(key: string, hitRatio: number, sourceReads: number, p99: number, extra: { capacity?: number | string; sourceCalls?: number; strategy?: string; peak?: number } = {}): SweepRow {
  const result = { hitRatio, sourceReads, sourceCalls: extra.sourceCalls ?? sourceReads, latencyMs: { p99 }, peakSourceKeysPerSec: extra.peak ?? 0 } as unknown as StrategyResult;
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

  it('never recommends a clairvoyant strategy: opt stays a reference even when it is best and cheapest', () => {
    const rows = [row('opt1', 0.97, 100, 1, { strategy: 'opt' }), row('opt2', 0.96, 150, 1, { strategy: 'opt' }), row('a', 0.93, 900, 2), row('b', 0.91, 700, 2, { strategy: 'none' })];
    const rec = recommend(rows, parseConstraints('target', 'hitRatio>=0.9'));
    expect([rec.pick?.key, rec.runnerUp?.key]).toEqual(['b', 'a']);
    expect(rec.meeting.map((r) => r.key)).toEqual(['b', 'a']);
    expect(rec.references.map((r) => r.key)).toEqual(['opt1', 'opt2']);
    // The default target comes from deployable rows only (opt's 0.97 would make it unreachable).
    const defaulted = recommend(rows, []);
    expect(defaulted.constraints[0]!.text).toBe('hitRatio >= 0.92');
    expect(defaulted.pick?.key).toBe('a');
    // Nothing deployable meets the target: opt is not the closest either.
    const none = recommend(rows, parseConstraints('target', 'hitRatio>=0.95'));
    expect(none.pick).toBeUndefined();
    expect(none.closest?.key).toBe('a');
  });

  it("deployability is the strategy spec's clairvoyant trait, not its name", () => {
    const clairvoyant = allStrategySpecs()
      .filter((s) => (s.traits as readonly string[]).includes('clairvoyant'))
      .map((s) => s.name);
    expect(clairvoyant).toContain('opt');
    for (const s of allStrategySpecs()) expect(isDeployable(s.name)).toBe(!clairvoyant.includes(s.name));
    // recommend follows whatever the capability says: here lru-backfill is declared not deployable.
    const rows = [row('a', 0.95, 100, 1), row('b', 0.92, 500, 1, { strategy: 'none' })];
    const rec = recommend(rows, parseConstraints('target', 'hitRatio>=0.9'), (s) => s !== 'lru-backfill');
    expect(rec.pick?.key).toBe('b');
    expect(rec.references.map((r) => r.key)).toEqual(['a']);
  });

  it('a backfilling strategy with the clairvoyant selection is a reference, never recommended; with any other selection it is deployable', () => {
    for (const sel of allSelectionSpecs()) expect(isDeployable('lru-backfill', { selection: sel.name })).toBe(sel.clairvoyant !== true);
    expect(
      allSelectionSpecs()
        .filter((s) => s.clairvoyant === true)
        .map((s) => s.name),
    ).toEqual(['clairvoyant']);
    // The best row is clairvoyant: the pick is the best deployable one, the clairvoyant row a reference.
    const seer = { ...row('seer', 0.99, 10, 1), params: { capacity: 1000, selection: 'clairvoyant' } };
    const hot = { ...row('hot', 0.93, 200, 1), params: { capacity: 1000, selection: 'hottest' } };
    const rec = recommend([seer, hot], parseConstraints('target', 'hitRatio>=0.9'));
    expect(rec.pick?.key).toBe('hot');
    expect(rec.references.map((r) => r.key)).toEqual(['seer']);
  });

  it('closest ranks by the largest relative violation of any constraint: 5x over a budget loses to a near miss within it', () => {
    const cs = [...parseConstraints('target', 'hitRatio>=0.9'), ...parseConstraints('budget', 'peakSourceKeysPerSec<=1000')];
    const rows = [
      row('over-budget', 0.95, 100, 1, { peak: 5000 }), // best hit ratio, 5x over the budget: violation 4
      row('near-miss', 0.88, 900, 1, { peak: 800 }), // within budget, 0.02 under the target: violation 0.022
      row('both', 0.8, 50, 1, { peak: 1100 }), // 0.11 and 0.1
    ];
    expect(worstViolation(rows[0]!.result, cs)).toBeCloseTo(4, 12);
    expect(worstViolation(rows[1]!.result, cs)).toBeCloseTo(0.02 / 0.9, 12);
    const rec = recommend(rows, cs);
    expect(rec.pick).toBeUndefined();
    expect(rec.closest?.key).toBe('near-miss');
  });

  it('the closest has the smallest worst violation of every deployable row (property)', () => {
    fc.assert(
      fc.property(rowsArb, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }), (rows, h, s) => {
        const cs = [...parseConstraints('target', `hitRatio>=${h / 10 + 0.05}`), ...parseConstraints('budget', `sourceReads<=${s * 1000 + 1}`)];
        const rec = recommend(rows, cs);
        if (rec.pick || rows.length === 0) return;
        for (const r of rows) expect(worstViolation(rec.closest!.result, cs)).toBeLessThanOrEqual(worstViolation(r.result, cs));
      }),
    );
  });
});
