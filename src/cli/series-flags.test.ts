// --series-window and --warm-epsilon: checked at the edge (one-line usage errors), refused where they
// would change nothing, and part of a sweep cell's identity only when given (other sweeps keep their ids).
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/helpers/cli.ts';
import { DEFAULT_LATENCY } from '../source/source-model.ts';
import { parseGrid } from '../sweep/grid.ts';
import { planSweep } from '../sweep/plan.ts';
import { resolveWorkload } from '../workloads/workload-config.ts';
import { parseConstraints } from '../sweep/constraints.ts';
import { checkWarmupConstraints, seriesWindowFlag, warmEpsilonFlag } from './series-flags.ts';

describe('time series flags', () => {
  it('--series-window takes durations (a bare number is seconds) and refuses anything else, naming what is allowed', () => {
    expect(seriesWindowFlag({ 'series-window': '250ms' })).toBe(250);
    expect(seriesWindowFlag({ 'series-window': '2' })).toBe(2000);
    expect(seriesWindowFlag({ 'series-window': '1m' })).toBe(60_000);
    expect(seriesWindowFlag({})).toBeUndefined();
    expect(() => seriesWindowFlag({ 'series-window': '0s' })).toThrow('--series-window: 0s is out of range; allowed: 1ms .. ');
    expect(() => seriesWindowFlag({ 'series-window': ['1s', '2s'] })).toThrow('--series-window was given 2 times; give it once');
  });

  it('--warm-epsilon is a hit-ratio difference in (0, 1], only for runs with events', () => {
    expect(warmEpsilonFlag({ 'warm-epsilon': '0.05' }, true)).toBe(0.05);
    expect(warmEpsilonFlag({}, false)).toBeUndefined();
    expect(() => warmEpsilonFlag({ 'warm-epsilon': '0' }, true)).toThrow('--warm-epsilon: 0 is out of range');
    expect(() => warmEpsilonFlag({ 'warm-epsilon': '1.5' }, true)).toThrow('--warm-epsilon: 1.5 is out of range');
    expect(() => warmEpsilonFlag({ 'warm-epsilon': '0.02' }, false)).toThrow('--warm-epsilon applies to runs with events');
  });

  it('bench without events refuses --warm-epsilon with exit 2', async () => {
    const r = await runCli(['bench', '--workload', 'zipf', '--requests', '1000', '--no-progress', '--warm-epsilon', '0.02']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--warm-epsilon applies to runs with events');
  });

  it("a sweep's cells change identity with a given window or epsilon, and keep it without", () => {
    const config = {
      workload: resolveWorkload('zipf', { keys: 2000, requests: 20_000 }),
      seed: 7,
      latency: DEFAULT_LATENCY,
      strategies: ['lru-backfill'],
      grid: parseGrid(['capacity=100,500']),
      loadSeriesPoints: 50,
    };
    const keys = (extra: object) => planSweep({ ...config, ...extra }).cells.map((c) => c.key);
    const plain = keys({});
    expect(keys({ windowMs: undefined, warmEpsilon: undefined })).toEqual(plain);
    expect(keys({ warmEpsilon: 0.02 })).not.toEqual(plain);
    expect(keys({ windowMs: 500 })).not.toEqual(plain);
    expect(keys({ windowMs: 500 })).not.toEqual(keys({ warmEpsilon: 0.02 }));
  });

  it('a sweep constraint on a warm-up metric needs events; others do not', () => {
    const warm = parseConstraints('target', 'timeToWarmS<=60');
    expect(() => checkWarmupConstraints(warm, false)).toThrow('--target "timeToWarmS <= 60": timeToWarmS is measured only in runs with events');
    expect(() => checkWarmupConstraints(parseConstraints('budget', 'peakSourceKeysPerSecAfter<=2e4'), false)).toThrow('--budget');
    expect(() => checkWarmupConstraints(warm, true)).not.toThrow();
    expect(() => checkWarmupConstraints(parseConstraints('target', 'hitRatio>=0.5'), false)).not.toThrow();
  });
});
