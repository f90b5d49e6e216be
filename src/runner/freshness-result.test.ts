// Freshness results (issue 14): built from the strategy's stats and the source's counters, present
// only for strategies with freshness (results of every other run keep their exact shape), reported
// as the "freshness" column group in every format, usable as sweep constraints, and per window in
// the time series, summing exactly to the totals. Strategies here are synthetic (a plain strategy
// wrapped to count some hits as stale and some misses as expired), so the figures are known.
import { describe, expect, it } from 'vitest';
import type { FreshnessCounters, FreshnessStats, Strategy, StrategyStats } from '../core/types.ts';
import { DEFAULT_LATENCY } from '../source/source-model.ts';
import { openStream } from '../workloads/stream.ts';
import { resolveWorkload } from '../workloads/workload-config.ts';
import { renderCsv } from '../report/csv.ts';
import { renderJson } from '../report/json.ts';
import { renderMarkdown } from '../report/markdown.ts';
import { renderSeriesCsv, seriesChartSpec } from '../report/series-report.ts';
import { forTerminal } from '../report/terminal-table.ts';
import type { BenchReport } from '../report/report-data.ts';
import { meetsAll, parseConstraints } from '../sweep/constraints.ts';
import { freshnessResult } from './freshness-result.ts';
import { ALL_METRICS, FRESHNESS_METRICS, metric, metricsFor, tableMetricsFor } from './metrics.ts';
import { runStrategiesSync } from './run.ts';
import { resolveStrategies, type ResolvedStrategy } from './strategy-config.ts';
import { seriesSum } from './time-series.ts';
import type { StrategyResult } from './result.ts';

const STATS: FreshnessStats = {
  staleReads: 120,
  stalenessMs: { p50: 410, p99: 2950, max: 3100 },
  expiredMisses: 300,
  revalidations: 40,
  refreshReads: 900,
  refreshCalls: 880,
  wastedRefreshes: 75,
  peakExpiriesPerSec: 37,
  expiries: 1200,
};
const SOURCE = { writes: 5000, refreshKeys: 900, refreshCalls: 880 };

describe('freshnessResult', () => {
  it('takes the counts from the strategy and writes from the source; the ratio is over reads', () => {
    const f = freshnessResult('ttl', STATS, SOURCE, { requests: 24_000, hits: 18_000 });
    expect(f).toEqual({
      writes: 5000,
      staleReads: 120,
      staleReadRatio: 120 / 24_000,
      stalenessMs: { p50: 410, p99: 2950, max: 3100 },
      expiredMisses: 300,
      revalidations: 40,
      refreshReads: 900,
      refreshCalls: 880,
      wastedRefreshes: 75,
      peakExpiriesPerSec: 37,
    });
    const none = { ...STATS, staleReads: 0, stalenessMs: { p50: 0, p99: 0, max: 0 }, expiredMisses: 0, revalidations: 0 };
    expect(freshnessResult('ttl', none, SOURCE, { requests: 0, hits: 0 }).staleReadRatio).toBe(0);
  });

  it('throws when the strategy and the source disagree, or the counts cannot be (a bug, like the runner end checks)', () => {
    const reads = { requests: 24_000, hits: 18_000 };
    expect(() => freshnessResult('swr', STATS, { ...SOURCE, refreshKeys: 899 }, reads)).toThrow(/swr: the strategy counted 900 refresh reads, the source 899 refresh keys/);
    expect(() => freshnessResult('swr', STATS, { ...SOURCE, refreshCalls: 1 }, reads)).toThrow(/880 refresh calls, the source 1/);
    expect(() => freshnessResult('swr', STATS, SOURCE, { requests: 24_000, hits: 100 })).toThrow(/120 stale reads but 100 hits/);
    expect(() => freshnessResult('swr', STATS, SOURCE, { requests: 24_000, hits: 23_800 })).toThrow(/300 expired misses but 200 misses/);
    expect(() => freshnessResult('swr', { ...STATS, staleReads: 0 }, SOURCE, reads)).toThrow(/no stale reads but a staleness max of 3100 ms/);
  });
});

/**
 * A plain strategy counted as if it had freshness: a hit of a key divisible by 7 is "stale" (age:
 * the request's time mod 1,000 ms), a miss of a key divisible by 5 is "expired". Each event is
 * also logged with its time, the model the series is checked against.
 */
class SyntheticFresh implements Strategy {
  readonly freshCounters: FreshnessCounters = { staleReads: 0, expiredMisses: 0, refreshReads: 0, revalidations: 0 };
  readonly log: { t: number; stale: boolean; expired: boolean }[] = [];
  private maxAge = 0;
  constructor(private readonly inner: Strategy) {}
  access(key: number, now: number, size?: number): boolean {
    const hit = size === undefined ? this.inner.access(key, now) : this.inner.access(key, now, size);
    const stale = hit && key % 7 === 0;
    const expired = !hit && key % 5 === 0;
    if (stale) {
      this.freshCounters.staleReads++;
      this.maxAge = Math.max(this.maxAge, now % 1000);
    }
    if (expired) this.freshCounters.expiredMisses++;
    this.log.push({ t: now, stale, expired });
    return hit;
  }
  get lastValue(): number {
    return this.inner.lastValue;
  }
  get nextTimerAt(): number {
    return this.inner.nextTimerAt;
  }
  onTimer(now: number): void {
    this.inner.onTimer(now);
  }
  stats(): StrategyStats {
    const c = this.freshCounters;
    const st = this.inner.stats();
    return {
      ...st,
      freshness: {
        ...STATS,
        staleReads: c.staleReads,
        expiredMisses: c.expiredMisses,
        revalidations: 0,
        refreshReads: 0,
        refreshCalls: 0,
        stalenessMs: { p50: 0, p99: this.maxAge, max: this.maxAge },
      },
    };
  }
  finish(): void {
    this.inner.finish();
  }
}

const made: SyntheticFresh[] = [];
function synthetic(r: ResolvedStrategy): ResolvedStrategy {
  return {
    ...r,
    spec: {
      ...r.spec,
      create: (ctx, p) => {
        const s = new SyntheticFresh(r.spec.create(ctx, p as never));
        made.push(s);
        return s;
      },
    },
  } as ResolvedStrategy;
}

const workload = resolveWorkload('zipf', { keys: 2000, requests: 20_000, rate: 2000, arrival: 'poisson' });
function run(fresh: boolean, windowMs = 1000): StrategyResult[] {
  const stream = openStream(workload, 3);
  const resolved = resolveStrategies(['none', 'lru-backfill'], { capacity: 300 }, stream.sourceKeys);
  return runStrategiesSync(stream, fresh ? resolved.map(synthetic) : resolved, { seed: 3, latency: DEFAULT_LATENCY, windowMs });
}

describe('a run with freshness', () => {
  it('results carry freshness only when the strategy has it; other results keep their exact shape and series', () => {
    const plain = run(false);
    made.length = 0;
    const fresh = run(true, 700);
    for (const r of plain) {
      expect('freshness' in r).toBe(false);
      expect(r.series!.staleReads).toBeUndefined();
    }
    expect(metricsFor(plain).some((m) => m.group === 'freshness')).toBe(false);
    expect(tableMetricsFor(plain)).not.toContain('staleReadRatio');
    fresh.forEach((r, i) => {
      const s = made[i]!;
      const stale = s.log.filter((x) => x.stale).length;
      const expired = s.log.filter((x) => x.expired).length;
      expect(stale).toBeGreaterThan(0);
      expect(expired).toBeGreaterThan(0);
      expect(r.freshness).toMatchObject({ writes: 0, staleReads: stale, staleReadRatio: stale / 20_000, expiredMisses: expired, refreshReads: 0 });
      // The series sums to the totals and each window holds what the strategy logged in it.
      const series = r.series!;
      expect(seriesSum(series, 'staleReads')).toBe(stale);
      expect(seriesSum(series, 'expiredMisses')).toBe(expired);
      expect(seriesSum(series, 'refreshReads')).toBe(0);
      const perWindow = (pick: (x: { stale: boolean; expired: boolean }) => boolean) => {
        const rows = new Array<number>(series.requests.length).fill(0);
        for (const x of s.log) if (pick(x)) rows[Math.floor(x.t / series.windowMs)]!++;
        return rows;
      };
      expect(series.staleReads).toEqual(perWindow((x) => x.stale));
      expect(series.expiredMisses).toEqual(perWindow((x) => x.expired));
      // Freshness changes nothing else measured.
      const { freshness: _f, series: _s, ...rest } = r;
      const { series: _p, ...plainRest } = plain[i]!;
      expect(rest).toEqual(plainRest);
    });
  });

  it('every format shows the freshness group: CSV and JSON all of it, the tables the key columns within 120 columns', () => {
    const results = run(true);
    const report: BenchReport = { workload, seed: 3, latency: DEFAULT_LATENCY, results };
    const csv = renderCsv(report).split('\n');
    const head = csv[0]!.split(',');
    for (const m of FRESHNESS_METRICS) expect(head).toContain(m.id);
    const row = Object.fromEntries(csv[1]!.split(',').map((v, i) => [head[i]!, v]));
    expect(Number(row.staleReads)).toBe(results[0]!.freshness!.staleReads);
    expect(Number(row.staleReadRatio)).toBe(results[0]!.freshness!.staleReadRatio);
    const doc = JSON.parse(renderJson(report)) as { results: StrategyResult[] };
    expect(doc.results[1]!.freshness).toEqual(results[1]!.freshness);
    const md = renderMarkdown(report);
    for (const h of ['hit ratio', 'stale ratio', 'staleness p99 ms', 'refresh reads', 'peak src keys/s']) expect(md).toContain(`| ${h} `);
    const series = renderSeriesCsv(report).split('\n')[0]!;
    expect(series.endsWith(',staleReads,staleReadRatio,expiredMisses,refreshReads')).toBe(true);
    // The chart gets a third panel, the share of each window's requests served stale.
    const panels = (r: BenchReport) => (seriesChartSpec(r) as unknown as { vconcat: { layer: { encoding: { y: { field: string } } }[] }[] }).vconcat.map((v) => v.layer[0]!.encoding.y.field);
    expect(panels(report)).toEqual(['hitRatio', 'keysPerSec', 'staleRatio']);
    expect(panels({ ...report, results: run(false) })).toEqual(['hitRatio', 'keysPerSec']);
  });

  it("the Done command's table (four strategies with their parameters) keeps hit ratio, stale ratio, staleness p99, refresh reads and peak source load within 120 columns", () => {
    const results = run(true);
    const named = ['ttl', 'refresh-ahead', 'swr', 'xfetch'].map((strategy, i) => ({
      ...results[i % 2]!,
      strategy,
      params: { capacity: 10_000, ttl: 30_000, ...(i === 1 ? { refreshAfter: 15_000 } : i === 2 ? { swr: 15_000 } : i === 3 ? { xfetchBeta: 1 } : {}) },
      freshness: { ...results[i % 2]!.freshness!, refreshReads: 123_456, stalenessMs: { p50: 12_345, p99: 29_876, max: 30_000 } },
    }));
    const text = forTerminal(renderMarkdown({ workload, seed: 3, latency: DEFAULT_LATENCY, results: named }));
    const lines = text.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(120);
    const head = lines.find((l) => l.startsWith('| strategy'))!;
    for (const h of ['hit ratio', 'stale ratio', 'staleness p99 ms', 'refresh reads', 'peak src keys/s']) expect(head).toContain(` ${h} `);
    expect(text).toContain('29,876');
  });

  it('freshness metrics are sweep constraints; a result without freshness had none of it happen (0)', () => {
    const [r] = run(true);
    const ratio = r!.freshness!.staleReadRatio;
    expect(meetsAll(r!, parseConstraints('target', `staleReadRatio<=${ratio}`))).toBe(true);
    expect(meetsAll(r!, parseConstraints('target', `staleReadRatio<${ratio}`))).toBe(false);
    expect(meetsAll(r!, parseConstraints('budget', 'refreshReads<=0 and expiredMisses>=1'))).toBe(true);
    const [plain] = run(false);
    for (const m of FRESHNESS_METRICS) expect(m.get(plain!)).toBe(0);
    expect(ALL_METRICS.filter((m) => m.group === 'freshness')).toEqual(FRESHNESS_METRICS);
    expect(metric('stalenessP99Ms').get(r!)).toBe(r!.freshness!.stalenessMs.p99);
  });
});
