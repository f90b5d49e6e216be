// Warm-up metrics on hand-made series, against plain models: time to warm by trying every suffix of
// windows (the HotCloud'20 rule, one-sided: the first window from which no later one is below the
// twin's hit ratio by more than epsilon), with exact rational comparisons; the debt by summing per-request hits from the event on.
// Then the columns: shown only for runs with events, a never-warm run fails a timeToWarmS target and
// reads "never" in tables and CSV.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConstraints, satisfies } from '../sweep/constraints.ts';
import { formatMetric } from '../report/markdown.ts';
import { metric, metricsFor, tableMetricsFor, WARMUP_METRICS } from './metrics.ts';
import { renderMarkdown } from '../report/markdown.ts';
import { forTerminal, TERMINAL_WIDTH } from '../report/terminal-table.ts';
import { DEFAULT_LATENCY } from '../source/source-model.ts';
import { openStream } from '../workloads/stream.ts';
import { resolveWorkload } from '../workloads/workload-config.ts';
import { runStrategiesSync } from './run.ts';
import { resolveStrategies } from './strategy-config.ts';
import type { StrategyResult } from './result.ts';
import type { SeriesData } from './time-series.ts';
import { timeToWarmS, warmupMetrics, type WarmupMetrics } from './warmup-metrics.ts';

/** A series with only requests and hits per window (what time to warm reads), and source keys. */
function series(windowMs: number, requests: number[], hits: number[], sourceKeys = requests.map(() => 0)): SeriesData {
  const zeros = requests.map(() => 0);
  return { windowMs, requests, hits, sourceKeys, sourceCalls: sourceKeys.map((k) => Math.ceil(k / 10)), backfilledKeys: zeros, evictions: zeros, p50Ms: zeros, p99Ms: zeros };
}

/**
 * The rule as written: the first window s (from the one holding T) such that some window from s on
 * has requests and every window from s on with requests is at most eps = epsPct / 100 below the twin;
 * the answer is s's start minus T (0 if before T), null if no such s; 0 when no window from T on has requests.
 */
function modelTimeToWarm(run: SeriesData, twin: SeriesData, eventAtMs: number, epsPct: number): number | null {
  const w = run.windowMs;
  const n = run.requests.length;
  const within = (j: number) => {
    const [h1, n1, h2, n2] = [run.hits[j]!, run.requests[j]!, twin.hits[j]!, twin.requests[j]!];
    return (h2 * n1 - h1 * n2) * 100 <= epsPct * n1 * n2; // h2/n2 - h1/n1 <= epsPct/100, in integers
  };
  const counted = (j: number) => run.requests[j]! > 0 && twin.requests[j]! > 0;
  // No request from the event on: nothing was cold (the debt is 0 too).
  if (![...Array(n).keys()].some((j) => j >= Math.floor(eventAtMs / w) && counted(j))) return 0;
  for (let s = Math.floor(eventAtMs / w); s < n; s++) {
    const later = [...Array(n - s).keys()].map((k) => k + s).filter(counted);
    if (later.length > 0 && later.every(within)) return Math.max(0, s * w - eventAtMs) / 1000;
  }
  return null;
}

describe('time to warm', () => {
  it('is the first window from which no later one is more than epsilon below the twin (the rule, tried suffix by suffix)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }).chain((n) =>
          fc.record({
            windowMs: fc.constantFrom(250, 1000, 2000),
            requests: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200 })), { minLength: n, maxLength: n }),
            runShare: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
            drift: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: n, maxLength: n }),
            eventAt: fc.integer({ min: 0, max: n * 2000 }),
            epsPct: fc.constantFrom(1, 2, 5, 10),
          }),
        ),
        ({ windowMs, requests, runShare, drift, eventAt, epsPct }) => {
          const twinHits = requests.map((r, i) => Math.round(r * runShare[i]!));
          // The run's hits: the twin's, moved by a few (so many windows sit right at the epsilon edge).
          const runHits = requests.map((r, i) => Math.min(r, Math.max(0, twinHits[i]! + drift[i]!)));
          const run = series(windowMs, requests, runHits);
          const twin = series(windowMs, requests, twinHits);
          expect(timeToWarmS(run, twin, eventAt, epsPct / 100)).toBe(modelTimeToWarm(run, twin, eventAt, epsPct));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('worked examples: 0 when within from the event, the end of the last window out of epsilon, never when the last is out', () => {
    const twin = series(1000, [100, 100, 100, 100, 100], [90, 90, 90, 90, 90]);
    // Event at 2 s; windows 2, 3, 4 count.
    expect(timeToWarmS(series(1000, [100, 100, 100, 100, 100], [0, 0, 89, 90, 91]), twin, 2000, 0.01)).toBe(0); // 1 of 100 off: within (<=)
    expect(timeToWarmS(series(1000, [100, 100, 100, 100, 100], [90, 90, 50, 88, 90]), twin, 2000, 0.01)).toBe(2); // out until the end of window 3
    expect(timeToWarmS(series(1000, [100, 100, 100, 100, 100], [90, 90, 90, 90, 70]), twin, 2000, 0.01)).toBeNull();
    // Above the twin is warm, however far (one-sided): only falling short by more than epsilon is cold.
    expect(timeToWarmS(series(1000, [100, 100, 100, 100, 100], [0, 0, 99, 100, 97]), twin, 2000, 0.01)).toBe(0);
    expect(timeToWarmS(series(1000, [100, 100, 100, 100, 100], [0, 0, 88, 100, 99]), twin, 2000, 0.01)).toBe(1); // 2 below in window 2: cold until its end
    // An event inside a window: that window counts (it ends after the event), the time is from the event.
    expect(timeToWarmS(series(1000, [100, 100, 100, 100, 100], [90, 90, 50, 90, 90]), twin, 2500, 0.01)).toBe(0.5);
  });
});

describe('warm-up metrics', () => {
  it('debt is the twin hits minus the run hits of the requests from the event on, per request; peaks are per second from the window holding the event', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 700 }), run: fc.boolean(), twin: fc.boolean() }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 0, max: 20_000 }),
        (reqs, eventAt) => {
          const w = 1000;
          let t = 0;
          const times = reqs.map((r) => (t += r.gap));
          const windows = Math.floor(times[times.length - 1]! / w) + 1;
          const per = (hit: (i: number) => boolean) => {
            const requests = new Array<number>(windows).fill(0);
            const hits = new Array<number>(windows).fill(0);
            const keys = new Array<number>(windows).fill(0);
            times.forEach((x, i) => {
              const j = Math.floor(x / w);
              requests[j]!++;
              if (hit(i)) hits[j]!++;
              else keys[j]!++;
            });
            return series(w, requests, hits, keys);
          };
          const side = (hit: (i: number) => boolean) => ({
            series: per(hit),
            hits: times.filter((_, i) => hit(i)).length,
            hitsBefore: times.filter((x, i) => x < eventAt && hit(i)).length,
          });
          const m = warmupMetrics({ eventAtMs: eventAt, run: side((i) => reqs[i]!.run), twin: side((i) => reqs[i]!.twin), warmupSourceReads: 7 });
          let debt = 0;
          times.forEach((x, i) => {
            if (x >= eventAt) debt += Number(reqs[i]!.twin) - Number(reqs[i]!.run);
          });
          expect(m.warmupDebt).toBe(debt);
          const misses = per((i) => reqs[i]!.run).sourceKeys;
          expect(m.peakSourceKeysPerSecAfter).toBe(Math.max(0, ...misses.slice(Math.floor(eventAt / w))));
          expect(m.warmupSourceReads).toBe(7);
          expect(m.epsilon).toBe(0.01);
        },
      ),
      { numRuns: 60 },
    );
  });
});

const base = { strategy: 'lru', params: {}, requests: 10, hits: 5, latencyMs: { p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 } } as unknown as StrategyResult;
const warm = (timeToWarmS: number | null): WarmupMetrics => ({
  eventAtMs: 60_000,
  epsilon: 0.01,
  timeToWarmS,
  warmupDebt: 12,
  peakSourceKeysPerSecAfter: 3000,
  peakSourceCallsPerSecAfter: 40,
  warmupSourceReads: 500,
  twinHits: [],
});

describe('warm-up columns', () => {
  it('appear only for runs with events, in the files and the compact table', () => {
    expect(metricsFor([base]).some((m) => m.id === 'timeToWarmS')).toBe(false);
    expect(tableMetricsFor([base])).not.toContain('timeToWarmS');
    const withEvents = [{ ...base, warmup: warm(3) }];
    expect(
      metricsFor(withEvents)
        .slice(-WARMUP_METRICS.length)
        .map((m) => m.id),
    ).toEqual(['timeToWarmS', 'warmupDebt', 'peakSourceKeysPerSecAfter', 'peakSourceCallsPerSecAfter', 'warmupSourceReads']);
    expect(tableMetricsFor(withEvents).slice(0, 5)).toEqual(['hitRatio', 'timeToWarmS', 'warmupDebt', 'peakSourceKeysPerSecAfter', 'warmupSourceReads']);
  });

  it('a run that never warms fails a timeToWarmS target and reads "never"; one that warmed in time meets it', () => {
    const [target] = parseConstraints('target', 'timeToWarmS<=60');
    const [budget] = parseConstraints('budget', 'peakSourceKeysPerSecAfter<=20000');
    expect(satisfies({ ...base, warmup: warm(null) }, target!)).toBe(false);
    expect(satisfies({ ...base, warmup: warm(59.5) }, target!)).toBe(true);
    expect(satisfies({ ...base, warmup: warm(60.5) }, target!)).toBe(false);
    expect(satisfies({ ...base, warmup: warm(1) }, budget!)).toBe(true);
    expect(satisfies(base, target!)).toBe(false); // no events: no time to warm to meet a target with
    expect(formatMetric(metric('timeToWarmS'), metric('timeToWarmS').get({ ...base, warmup: warm(null) }))).toBe('never');
    expect(formatMetric(metric('timeToWarmS'), metric('timeToWarmS').get({ ...base, warmup: warm(2.25) }))).toBe('2.3');
  });

  it('the terminal table keeps the warm-up figures within 120 columns', () => {
    const w = resolveWorkload('zipf', { keys: 1000, requests: 3000 });
    const stream = openStream(w, 1);
    const results = runStrategiesSync(stream, resolveStrategies(['none', 'lru-backfill', 's3fifo+threshold'], { capacity: 100 }, stream.sourceKeys), { seed: 1, latency: DEFAULT_LATENCY }).map(
      (r, i) => ({ ...r, warmup: warm(i === 0 ? null : 12.5) }),
    );
    const text = forTerminal(renderMarkdown({ workload: w, seed: 1, latency: DEFAULT_LATENCY, results }), false);
    const table = text.split('\n').filter((l) => l.startsWith('|'));
    expect(Math.max(...table.map((l) => l.length))).toBeLessThanOrEqual(TERMINAL_WIDTH);
    for (const h of ['hit ratio', 'time to warm s', 'warm-up debt']) expect(table[0]).toContain(h); // the three key figures beside the long params
    expect(table[2]).toContain('never');
  });
});
