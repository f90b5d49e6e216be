// The opt-in per-window load series: bounded, totals preserved by coarsening, consistent with the
// run's counters, and without effect on any other result.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrayStream } from '../../test/helpers/streams.ts';
import { runStrategiesSync } from '../runner/run.ts';
import { resolveStrategies } from '../runner/strategy-config.ts';
import { createChunk } from '../workloads/stream.ts';
import { LoadSeries } from './load-series.ts';
import { DEFAULT_LATENCY } from './source-model.ts';

describe('LoadSeries', () => {
  it('keeps at most maxPoints points and every total, whatever the windows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 20 }), fc.array(fc.tuple(fc.nat({ max: 5000 }), fc.nat({ max: 100 })), { maxLength: 200 }), (max, raw) => {
        const adds = [...raw].sort((a, b) => a[0] - b[0]);
        const s = new LoadSeries(max);
        for (const [w, k] of adds) s.add(w, k, 1);
        const d = s.data();
        expect(d.keys.length).toBeLessThanOrEqual(max);
        expect(d.keys.reduce((a, b) => a + b, 0)).toBe(adds.reduce((a, [, k]) => a + k, 0));
        expect(d.calls.reduce((a, b) => a + b, 0)).toBe(adds.length);
        // Each add lands in the point covering its window.
        if (adds.length > 0) expect(d.keys.length).toBe(Math.floor(adds[adds.length - 1]![0] / (d.windowMs / 1000)) + 1);
      }),
    );
  });
});

describe('runner load series (opt-in)', () => {
  it('sums to sourceReads and sourceCalls and changes no other result', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 300);
    const times = keys.map((_, i) => i * 3.7);
    for (const name of ['none', 'lru-backfill', 'time-based', 'threshold']) {
      const run = (points?: number) =>
        runStrategiesSync(arrayStream(keys, 200, times, 300), resolveStrategies([name], { capacity: 50 }, 200), {
          seed: 1,
          latency: DEFAULT_LATENCY,
          chunk: createChunk(333),
          ...(points ? { loadSeriesPoints: points } : {}),
        })[0]!;
      const plain = run();
      const withSeries = run(4);
      const { loadSeries, ...rest } = withSeries;
      expect(rest).toEqual(plain);
      expect(loadSeries!.keys.reduce((a, b) => a + b, 0)).toBe(plain.sourceReads);
      expect(loadSeries!.calls.reduce((a, b) => a + b, 0)).toBe(plain.sourceCalls);
      expect(loadSeries!.keys.length).toBeLessThanOrEqual(4);
      expect(Math.max(...run(1000).loadSeries!.keys)).toBe(plain.peakSourceKeysPerSec);
    }
  });
});
