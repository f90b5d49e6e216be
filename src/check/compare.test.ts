import { describe, expect, it } from 'vitest';
import { METRICS, metric } from '../runner/metrics.ts';
import { behaviourChanged, classify, compareCpu, compareDeterministic, confirmSlowdowns, instability, quantile, relativeSpread } from './compare.ts';

const values = (over: Record<string, number> = {}) => ({ ...Object.fromEntries(METRICS.map((m, i) => [m.id, i + 0.5])), ...over });

describe('deterministic comparison', () => {
  it('equal metrics: no change', () => {
    const d = compareDeterministic(['a', 'b'], { a: values(), b: values() }, { a: values(), b: values() });
    expect(d.changes).toEqual([]);
    expect(behaviourChanged(d)).toBe(false);
  });

  it('exact: the smallest difference counts', () => {
    const d = compareDeterministic(['a'], { a: values({ hitRatio: 0.5 - Number.EPSILON / 4 }) }, { a: values({ hitRatio: 0.5 }) });
    expect(d.changes.map((c) => [c.metric.id, c.change])).toEqual([['hitRatio', 'worse']]);
  });

  it('better or worse comes from each metric\'s declared direction; neutral metrics are "changed"', () => {
    const d = compareDeterministic(
      ['a'],
      { a: values({ hitRatio: 0.9, sourceReads: 10, latencyP99Ms: 5, evictions: 3 }) },
      { a: values({ hitRatio: 0.8, sourceReads: 20, latencyP99Ms: 4, evictions: 2 }) },
    );
    const got = Object.fromEntries(d.changes.map((c) => [c.metric.id, c.change]));
    expect(got).toEqual({ hitRatio: 'better', sourceReads: 'better', latencyP99Ms: 'worse', evictions: 'changed' });
    for (const c of d.changes) expect(c.metric).toBe(metric(c.metric.id));
    expect(behaviourChanged(d)).toBe(true);
  });

  it('every declared metric is compared, including ones added to METRICS later', () => {
    for (const m of METRICS) {
      const d = compareDeterministic(['a'], { a: values({ [m.id]: -1 }) }, { a: values() });
      expect(d.changes.map((c) => c.metric.id)).toEqual([m.id]);
    }
  });

  it('added, removed and redefined cells are behaviour changes', () => {
    const d = compareDeterministic(['a', 'new'], { a: values(), new: values() }, { a: values(), old: values() }, { redefined: ['a'] });
    expect(d.added).toEqual(['new']);
    expect(d.removed).toEqual(['old']);
    expect(d.redefined).toEqual(['a']);
    expect(behaviourChanged(d)).toBe(true);
  });

  it('a metric one reference cell lacks (and another has) is a change with no before value', () => {
    const { hitRatio: _, ...without } = values();
    const d = compareDeterministic(['a', 'b'], { a: values(), b: values() }, { a: without, b: values() });
    expect(d.changes).toHaveLength(1);
    expect(d.changes[0]!.before).toBeUndefined();
    expect(d.changes[0]!.change).toBe('changed');
    expect(d.newMetrics).toEqual([]);
  });

  it('a metric no reference cell has (declared since it was recorded) is listed as new, not compared', () => {
    const { hitRatio: _, ...without } = values();
    const d = compareDeterministic(['a', 'b'], { a: values(), b: values() }, { a: without, b: without });
    expect(d.changes).toEqual([]);
    expect(d.newMetrics).toEqual(['hitRatio']);
    expect(behaviourChanged(d)).toBe(false);
  });

  it('classify', () => {
    expect(classify({ direction: 'higher' }, 1, 2)).toBe('better');
    expect(classify({ direction: 'lower' }, 1, 2)).toBe('worse');
    expect(classify({ direction: 'neutral' }, 1, 2)).toBe('changed');
    expect(classify({ direction: 'lower' }, NaN, 2)).toBe('changed');
  });
});

describe('CPU comparison rows', () => {
  it('compares where there is a reference, and reports the rest as uncompared', () => {
    const rows = compareCpu(
      ['x', 'y'],
      { x: { samples: [2, 2.1, 1.9, 2, 2.05, 1.95], nsPerRequest: 20 }, y: { samples: [1, 1, 1], nsPerRequest: 9 } },
      { x: { samples: [1, 1.05, 0.95, 1, 1.02, 0.98], nsPerRequest: 10 }, y: undefined },
      { minEffect: 0.1, maxP: 0.01 },
    );
    expect(rows[0]!.comparison?.verdict).toBe('slower');
    expect(rows[0]!.comparison!.ratio).toBeCloseTo(2, 1);
    expect(rows[1]!.comparison).toBeUndefined();
  });

  it("quantile is numpy's linear interpolation", () => {
    // numpy.quantile([1, 2, 3, 4], [0.25, 0.5, 0.75]) = 1.75, 2.5, 3.25
    expect([0.25, 0.5, 0.75].map((q) => quantile([4, 1, 3, 2], q))).toEqual([1.75, 2.5, 3.25]);
  });

  const T = { minEffect: 0.1, maxP: 0.01 };
  const REF = [98.909, 98.041, 100.28, 99.184, 98.565, 98.651, 109.02, 99.827, 97.775, 103.01];
  // A real run on this 2-core machine while other jobs ran: lru-backfill's samples (x calibration).
  const BUSY = [343.1, 307.46, 177.58, 368.74, 152.82, 153.61, 123.94, 120.51, 100.77, 113];
  const rows = (cur: number[]) => compareCpu(['c'], { c: { samples: cur, nsPerRequest: 1 } }, { c: { samples: REF, nsPerRequest: 1 } }, T);

  it('a busy machine scatters timings; a slower build shifts them', () => {
    expect(relativeSpread(REF)).toBeLessThan(0.05);
    expect(instability(BUSY, REF)).toMatch(/the machine was busy/);
    expect(
      instability(
        REF.map((v) => v * 2),
        REF,
      ),
    ).toBeUndefined();
  });

  it('a slowdown fails only when a second set of samples shows it again, and is stable', () => {
    const first = rows(BUSY);
    expect(first[0]!.verdict).toBe('slower');
    const confirmed = confirmSlowdowns(first, rows(REF.map((v) => v * 2.01)));
    expect(confirmed[0]!.verdict).toBe('slower');
    expect(confirmed[0]!.first).toBe(first[0]!.comparison);
    expect(confirmed[0]!.note).toMatch(/confirmed by a second set/);
    const noise = confirmSlowdowns(first, rows(REF.map((v) => v * 1.01)));
    expect(noise[0]!.verdict).toBe('not reproduced');
    expect(noise[0]!.note).toMatch(/not reproduced, taken as noise/);
    const stillBusy = confirmSlowdowns(first, rows([...BUSY].reverse()));
    expect(stillBusy[0]!.verdict).toBe('unstable');
    expect(stillBusy[0]!.note).toMatch(/--against REF/);
    // Cells that did not look slower keep their first verdict.
    const fine = rows(REF);
    expect(confirmSlowdowns(fine, rows(BUSY))).toEqual(fine);
  });
});
