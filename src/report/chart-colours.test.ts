// One colour per strategy across every chart of a report, assigned by name.
import { describe, expect, it } from 'vitest';
import type { StrategyResult } from '../runner/result.ts';
import type { SweepRow } from '../sweep/analysis.ts';
import { latencySpec, missRatioCurveSpec, sourceLoadSpec } from '../sweep/charts.ts';
import { ChartColours, PALETTE } from './chart-colours.ts';

function row(strategy: string, capacity: number, hitRatio: number, extra: Record<string, unknown> = {}): SweepRow {
  const result = {
    hitRatio,
    backfills: 1,
    loadSeries: { windowMs: 1000, keys: [5, 3, 2] },
    latencyMs: { p50: 0.2, p90: 1, p99: 2, p999: 3, max: 4 },
  } as unknown as StrategyResult;
  return { key: `${strategy}-${capacity}-${JSON.stringify(extra)}`, strategy, params: { capacity, ...extra }, method: 'simulation', result };
}

/** The colour each series' strategy gets in a spec: series -> colour, from its colour scale. */
function seriesColours(spec: unknown): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      const c = o.color as { field?: string; scale?: { domain: string[]; range: string[] } } | undefined;
      if (c?.field === 'series' && c.scale) c.scale.domain.forEach((d, i) => found.set(d, c.scale!.range[i]!));
      Object.values(o).forEach(walk);
    }
  };
  walk(spec);
  return found;
}

describe('chart colours', () => {
  it('a registered name has the same colour whatever else the report holds', () => {
    const a = new ChartColours(['none', 'lru-backfill']);
    const b = new ChartColours(['time-based', 'none', 's3fifo+threshold', 'lru-backfill', 'opt']);
    expect(a.of('none')).toBe(b.of('none'));
    expect(a.of('lru-backfill')).toBe(b.of('lru-backfill'));
  });

  it('every name of a report gets its own colour (up to the palette size), unknown names included', () => {
    const names = ['none', 'threshold', 'lru-backfill', 'time-based', 'opt', 'fifo+threshold', 'sieve+lru-backfill', 'zzz'];
    const c = new ChartColours(names);
    expect(new Set(names.map((n) => c.of(n))).size).toBe(names.length);
    for (const n of names) expect(PALETTE).toContain(c.of(n));
    expect(() => c.of('not in the report')).toThrow(/not among/);
  });

  it('a strategy keeps its colour in every chart of a sweep report (series labels differ from chart to chart)', () => {
    const rows = [row('none', 10, 0.5), row('none', 100, 0.7), row('lru-backfill', 10, 0.52, { threshold: 0.3 }), row('lru-backfill', 100, 0.71, { threshold: 0.3 })];
    const colours = new ChartColours(['none', 'lru-backfill', 'opt']);
    const reps = [rows[1]!, rows[3]!];
    const specs = [
      missRatioCurveSpec({ workloadName: 'w', rows, curve: undefined, opt: [] }, colours),
      sourceLoadSpec(reps, [rows[2]!], ['capacity'], colours),
      latencySpec(reps, ['capacity'], colours),
    ];
    for (const spec of specs) {
      const byLabel = seriesColours(spec);
      expect(byLabel.size).toBeGreaterThan(0);
      for (const [label, colour] of byLabel) expect(colour, label).toBe(colours.of(label.replace(/^highest peak: /, '').split(' ')[0]!));
    }
    // The two strategies differ.
    expect(colours.of('none')).not.toBe(colours.of('lru-backfill'));
  });
});
