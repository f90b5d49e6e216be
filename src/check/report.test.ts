import { describe, expect, it } from 'vitest';
import { METRICS, metric } from '../runner/metrics.ts';
import { compareCpu, compareDeterministic } from './compare.ts';
import { bencherMetricFormat, checkJson, deltaText, githubActionBenchmark, renderSummary, slug } from './report.ts';
import type { CheckOutcome } from './run-check.ts';
import { CPU_DEFAULTS, DEFAULT_EXPORT_METRICS } from './suite.ts';

const values = (over: Record<string, number> = {}) => ({ ...Object.fromEntries(METRICS.map((m) => [m.id, 100])), hitRatio: 0.75, ...over });
const exportMetrics = DEFAULT_EXPORT_METRICS.map(metric);

function outcome(changed: boolean, cpuSlower = false): CheckOutcome {
  const det = compareDeterministic(
    ['zipf/none', 'zipf/threshold'],
    { 'zipf/none': values(changed ? { hitRatio: 0.7, misses: 120 } : {}), 'zipf/threshold': values() },
    { 'zipf/none': values(), 'zipf/threshold': values() },
  );
  const rows = compareCpu(
    ['zipf/none'],
    { 'zipf/none': { samples: cpuSlower ? [16, 16.2, 15.9, 16.1, 16, 16.3] : [8, 8.1, 7.9, 8, 8.05, 7.95], nsPerRequest: 18 } },
    { 'zipf/none': { samples: [8, 8.1, 7.9, 8, 8.05, 7.95], nsPerRequest: 18 } },
    CPU_DEFAULTS,
  );
  return {
    mode: 'baseline',
    updated: false,
    suite: 'bench/regression.json',
    seed: 1,
    referenceLabel: 'results/baseline.json',
    referenceDetail: 'recorded at abc1234 on 2026-11-24 with Node v20.20.2 (AMD EPYC)',
    current: { commit: 'abcdef1234567890', machine: { node: 'v20.20.2', platform: 'linux x64', cpu: 'AMD EPYC', cores: 2 } },
    deterministic: det,
    cpu: { rows, settings: { ...CPU_DEFAULTS, cells: ['zipf/none'] }, gated: true, tinybenchSamples: { 'zipf/none': 400 } },
    behaviourChanged: changed,
    cpuRegressions: cpuSlower ? ['zipf/none'] : [],
    cpuWarnings: [],
    exitCode: changed || cpuSlower ? 1 : 0,
    seconds: 12.3,
  };
}

describe('Markdown summary', () => {
  it('unchanged: the verdict first, no change tables, everything collapsed', () => {
    const md = renderSummary(outcome(false));
    expect(md.split('\n')[0]).toBe('## ✅ Regression check passed');
    expect(md).not.toContain('### Behaviour changed');
    expect(md).not.toContain('### CPU cost changed');
    expect(md).toMatch(/<details><summary>All metrics \(2 cells\)<\/summary>/);
    // The table of everything has a column per declared metric.
    const header = md.split('\n').find((l) => l.startsWith('| cell ') && l.includes('hit ratio'))!;
    expect(
      header
        .split('|')
        .slice(2, -1)
        .map((c) => c.trim()),
    ).toEqual(METRICS.map((m) => m.header));
  });

  it('behaviour changed: the verdict, then only the changed metrics with before, after, delta and direction', () => {
    const md = renderSummary(outcome(true));
    expect(md.split('\n')[0]).toBe('## ❌ Regression check failed: behaviour changed: 2 metrics in 1 cell (2 worse, 0 better)');
    const section = md.slice(md.indexOf('### Behaviour changed'), md.indexOf('<details>'));
    expect(section).toMatch(/\| zipf\/none \| hit ratio +\| +0\.7500 \| +0\.7000 \| +−0\.0500 \(−6\.7 %\) \| \*\*worse\*\* \|/);
    expect(section).toMatch(/\| zipf\/none \| misses/);
    expect(section).not.toContain('zipf/threshold');
    expect(section).toContain('--update-baseline');
    expect(md.indexOf('### Behaviour changed')).toBeLessThan(md.indexOf('<details>'));
    expect(md).toContain('0.7500 → **0.7000**');
  });

  it('CPU regression: estimate, confidence interval and p', () => {
    const md = renderSummary(outcome(false, true));
    expect(md.split('\n')[0]).toBe('## ❌ Regression check failed: CPU cost regressed in zipf/none');
    const section = md.slice(md.indexOf('### CPU cost changed'), md.indexOf('<details>'));
    expect(section).toMatch(/99 % CI/);
    expect(section).toMatch(/\| zipf\/none \| +8\.00 \| +16\.05 \| +18\.0 \| +\+10\d\.\d % \| \+\d+\.\d % … \+\d+\.\d % \| 0\.00\d+ \| \*\*slower\*\* \|/);
  });

  it('delta of a change below the display precision still shows', () => {
    expect(deltaText({ metric: metric('hitRatio'), before: 0.5, after: 0.50000001 })).toMatch(/^\+0\.000000 \(\+0\.0 %\)$/);
    expect(deltaText({ metric: metric('misses'), before: 10, after: 12 })).toBe('+2 (+20.0 %)');
    expect(deltaText({ metric: metric('misses'), before: undefined, after: 12 })).toBe('new');
  });
});

describe('machine-readable outputs', () => {
  it('github-action-benchmark: bigger-is-better and smaller-is-better files by metric direction', () => {
    const { bigger, smaller } = githubActionBenchmark(outcome(true), exportMetrics);
    expect(bigger.map((e) => e.name)).toEqual(['zipf/none: hit ratio', 'zipf/threshold: hit ratio']);
    expect(bigger[0]).toEqual({ name: 'zipf/none: hit ratio', unit: 'ratio', value: 0.7, extra: 'reference 0.75' });
    expect(smaller.some((e) => e.name === 'zipf/none: p99 ms' && e.unit === 'ms')).toBe(true);
    expect(smaller.some((e) => e.name === 'zipf/none: source reads')).toBe(true);
    const cpu = smaller.find((e) => e.name === 'zipf/none: CPU cost')!;
    expect(cpu.unit).toBe('x calibration');
    expect(cpu.range).toMatch(/^± /);
    for (const e of [...bigger, ...smaller]) expect(Object.keys(e).every((k) => ['name', 'unit', 'value', 'range', 'extra'].includes(k))).toBe(true);
  });

  it('Bencher Metric Format: benchmark -> measure slug -> value (with bounds for timings)', () => {
    const bmf = bencherMetricFormat(outcome(false), exportMetrics);
    expect(bmf['zipf/none']!['hit-ratio']).toEqual({ value: 0.75 });
    expect(bmf['zipf/none']!['latency-p99-ms']).toEqual({ value: 100 });
    const cpu = bmf['zipf/none']!['cpu-x-calibration']!;
    expect(cpu.lower_value!).toBeLessThanOrEqual(cpu.value);
    expect(cpu.upper_value!).toBeGreaterThanOrEqual(cpu.value);
    expect(slug('peakSourceKeysPerSec')).toBe('peak-source-keys-per-sec');
  });

  it('check.json', () => {
    const j = checkJson(outcome(true));
    expect(j.verdict).toBe('fail');
    expect((j.deterministic as { changes: unknown[] }).changes[0]).toEqual({ cell: 'zipf/none', metric: 'misses', direction: 'lower', before: 100, after: 120, change: 'worse' });
  });
});
