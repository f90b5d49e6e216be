// The time series of a run: its rows sum exactly to the run's totals, whatever the chunking (window
// boundaries fall inside chunks and between them), in object and byte mode; each row is what a plain
// per-request model counts in that window (a timer's source load goes to the window of its own time);
// rows merge in pairs when a run outgrows the row bound; a run that fits in one window has the run's
// own p50 and p99.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createChunk } from '../core/chunks.ts';
import type { RequestChunk } from '../core/types.ts';
import { CountingSource } from '../source/counting-source.ts';
import { DEFAULT_LATENCY, type LatencyModel } from '../source/source-model.ts';
import { openStream } from '../workloads/stream.ts';
import { resolveWorkload } from '../workloads/workload-config.ts';
import { runParams } from './capacity.ts';
import { RunKernel } from './kernel.ts';
import { LatencyRecorder } from './latency-recorder.ts';
import { countsBytes, runStrategiesSync } from './run.ts';
import { resolveStrategies, type ResolvedStrategy } from './strategy-config.ts';
import { PROBED, seriesSum, WindowSeries, type SeriesData } from './time-series.ts';
import { WindowLatency } from './window-latency.ts';

const STRATEGIES = ['none', 'threshold', 'lru-backfill', 'time-based'] as const;

function workload(rate: number, sized: boolean, requests = 3000) {
  return resolveWorkload('zipf', { keys: 300, requests, rate, arrival: 'poisson', ...(sized ? { sizes: 'uniform', sizeBytes: 100 } : {}) });
}

/** The whole stream in one chunk (with sizes when the run counts bytes). */
function collect(w: ReturnType<typeof workload>, seed: number, sized: boolean): RequestChunk {
  const chunk = createChunk(w.requests, sized);
  openStream(w, seed).nextChunk(chunk);
  return chunk;
}

type ModelRow = Record<'requests' | 'hits' | 'sourceKeys' | 'sourceCalls' | 'backfilledKeys' | 'evictions', number>;

/**
 * The plain model: one request at a time through a kernel without a series; after each request and
 * each timer, the change in the source's and the strategy's counters goes to the window holding
 * that request's or that timer's time.
 */
function modelRows(resolved: ResolvedStrategy, w: ReturnType<typeof workload>, seed: number, windowMs: number, latency: LatencyModel): ModelRow[] {
  const stream = openStream(w, seed);
  const sized = countsBytes(stream, [resolved]);
  const all = collect(w, seed, sized);
  const source = new CountingSource(stream.sourceKeys, latency, undefined, undefined, sized ? stream.objectSizes : undefined);
  const run = runParams(resolved, stream);
  const s = resolved.spec.create({ source, sourceKeys: stream.sourceKeys, keySpace: stream.keySpace, seed, ...run.context }, run.params);
  const rows: ModelRow[] = [];
  const row = (t: number) => (rows[Math.floor(t / windowMs)] ??= { requests: 0, hits: 0, sourceKeys: 0, sourceCalls: 0, backfilledKeys: 0, evictions: 0 });
  let last = { reads: 0, calls: 0, batch: 0, evictions: 0 };
  const attribute = (t: number) => {
    const now = { reads: source.sourceReads, calls: source.sourceCalls, batch: source.batchKeys, evictions: s.stats().evictions };
    const r = row(t);
    r.sourceKeys += now.reads - last.reads;
    r.sourceCalls += now.calls - last.calls;
    r.backfilledKeys += now.batch - last.batch;
    r.evictions += now.evictions - last.evictions;
    last = now;
  };
  const kernel = new RunKernel(s, source, { name: resolved.name, afterTimer: (at) => attribute(at) });
  for (let i = 0; i < all.length; i++) {
    const t = all.times[i]!;
    const hit = sized ? kernel.accessSized(all.keys[i]!, t, all.sizes![i]!, stream.sourceKeys) : kernel.access(all.keys[i]!, t);
    const r = row(t);
    r.requests++;
    if (hit) r.hits++;
    attribute(t);
  }
  for (let i = 0; i < rows.length; i++) rows[i] ??= { requests: 0, hits: 0, sourceKeys: 0, sourceCalls: 0, backfilledKeys: 0, evictions: 0 };
  return rows;
}

const columns = (s: SeriesData) => ({ requests: s.requests, hits: s.hits, sourceKeys: s.sourceKeys, sourceCalls: s.sourceCalls, backfilledKeys: s.backfilledKeys, evictions: s.evictions });

describe('time series', () => {
  it('sums exactly to the run totals for any chunking and window, in object and byte mode, and each row is the per-request model', () => {
    fc.assert(
      fc.property(
        fc.record({
          strategy: fc.constantFrom(...STRATEGIES, 'time-based'), // timers twice as often: their load must land in their own window
          rate: fc.integer({ min: 20, max: 8000 }),
          intervalMs: fc.integer({ min: 3, max: 300 }),
          windowMs: fc.constantFrom(37, 250, 1000, 1500),
          chunk: fc.integer({ min: 1, max: 4000 }),
          sized: fc.boolean(),
          seed: fc.integer({ min: 1, max: 1000 }),
        }),
        ({ strategy, rate, intervalMs, windowMs, chunk, sized, seed }) => {
          const w = workload(rate, sized);
          const stream = openStream(w, seed);
          const resolved = resolveStrategies([strategy], { capacity: 40, ...(strategy === 'time-based' ? { intervalMs } : {}) }, stream.sourceKeys);
          const withBytes = countsBytes(stream, resolved);
          expect(withBytes).toBe(sized);
          const modelStrategy = resolveStrategies([strategy], { capacity: 40, ...(strategy === 'time-based' ? { intervalMs } : {}) }, stream.sourceKeys)[0]!;
          const [r] = runStrategiesSync(stream, resolved, { seed, latency: DEFAULT_LATENCY, windowMs, chunk: createChunk(chunk, withBytes) });
          const s = r!.series!;
          // Long runs at small windows merge rows: the window doubles until the run fits in 2,000 rows.
          const last = collect(w, seed, false).times[w.requests - 1]!;
          let width = windowMs;
          while (Math.floor(last / width) + 1 > 2000) width *= 2;
          expect(s.windowMs).toBe(width);
          expect(s.requests.length).toBe(Math.floor(last / width) + 1);
          expect(seriesSum(s, 'requests')).toBe(r!.requests);
          expect(seriesSum(s, 'hits')).toBe(r!.hits);
          expect(seriesSum(s, 'sourceKeys')).toBe(r!.sourceReads);
          expect(seriesSum(s, 'sourceCalls')).toBe(r!.sourceCalls);
          expect(seriesSum(s, 'backfilledKeys')).toBe(r!.backfilledKeys);
          expect(seriesSum(s, 'evictions')).toBe(r!.evictions);
          if (sized) {
            expect(seriesSum(s, 'requestedBytes')).toBe(r!.bytes!.requestedBytes);
            expect(seriesSum(s, 'hitBytes')).toBe(r!.bytes!.hitBytes);
            expect(seriesSum(s, 'sourceBytes')).toBe(r!.bytes!.sourceBytes);
          } else expect(s.requestedBytes).toBeUndefined();
          expect(s.failedReads).toBeUndefined();
          const model = modelRows(modelStrategy, w, seed, width, DEFAULT_LATENCY);
          expect(columns(s)).toEqual({
            requests: model.map((m) => m.requests),
            hits: model.map((m) => m.hits),
            sourceKeys: model.map((m) => m.sourceKeys),
            sourceCalls: model.map((m) => m.sourceCalls),
            backfilledKeys: model.map((m) => m.backfilledKeys),
            evictions: model.map((m) => m.evictions),
          });
        },
      ),
      { numRuns: 12 },
    );
  });

  it('the series does not change what a run measures: the same totals and latency as a kernel without a series', () => {
    const w = workload(3000, false, 5000);
    for (const name of STRATEGIES) {
      const stream = openStream(w, 4);
      const resolved = resolveStrategies([name], { capacity: 40, ...(name === 'time-based' ? { intervalMs: 70 } : {}) }, stream.sourceKeys);
      const [r] = runStrategiesSync(stream, resolved, { seed: 4, latency: DEFAULT_LATENCY, windowMs: 100, chunk: createChunk(333) });
      const all = collect(w, 4, false);
      const source = new CountingSource(stream.sourceKeys, DEFAULT_LATENCY, undefined);
      const run = runParams(resolved[0]!, stream);
      const s = resolved[0]!.spec.create({ source, sourceKeys: stream.sourceKeys, keySpace: stream.keySpace, seed: 4, ...run.context }, run.params);
      const latency = new LatencyRecorder();
      const hits = new RunKernel(s, source, { name, latency, hitUs: 200 }).replay(all.keys, all.times, 0, all.length, 0);
      latency.recordMany(200, hits);
      expect({ hits: r!.hits, reads: r!.sourceReads, calls: r!.sourceCalls, evictions: r!.evictions, latency: r!.latencyMs }).toEqual({
        hits,
        reads: source.sourceReads,
        calls: source.sourceCalls,
        evictions: s.stats().evictions,
        latency: latency.summary(),
      });
    }
  });

  it("a run inside one window has the run's own p50 and p99 (many distinct latencies; latencies above 65.5 ms)", () => {
    const cases: LatencyModel[] = [
      { ...DEFAULT_LATENCY, jitter: 0.9 },
      { hitMs: 0.05, callMs: 70, perKeyMs: 3, jitter: 0.5 },
      { hitMs: 80, callMs: 200, perKeyMs: 0, jitter: 0.3 },
    ];
    for (const latency of cases) {
      for (const name of ['none', 'lru-backfill']) {
        const w = workload(1e6, false, 2000); // 2,000 requests in about 2 ms
        const stream = openStream(w, 9);
        const [r] = runStrategiesSync(stream, resolveStrategies([name], { capacity: 40 }, stream.sourceKeys), { seed: 9, latency, windowMs: 60_000 });
        expect(r!.series!.requests).toEqual([2000]);
        expect([r!.series!.p50Ms[0], r!.series!.p99Ms[0]]).toEqual([r!.latencyMs.p50, r!.latencyMs.p99]);
      }
    }
  });

  it('merges rows in pairs when a run outgrows the bound: never more than maxRows rows, sums kept', () => {
    // A series driven by hand: window w of 10 ms, requests w + 1 and hits w in window w, one source key per request.
    const drive = (maxRows: number, windows: number): SeriesData => {
      let keys = 0;
      const s = new WindowSeries(new WindowLatency(new LatencyRecorder()), {
        windowMs: 10,
        maxRows,
        bytes: false,
        hitUs: 100,
        probe: (out) => {
          out.fill(0);
          out[PROBED.indexOf('sourceKeys')] = keys;
        },
      });
      for (let w = 0; w < windows; w++) {
        while (s.boundary <= w * 10) s.cross();
        s.served(w + 1, w);
        keys += w + 1;
      }
      return s.finish();
    };
    const fine = drive(1000, 100);
    expect(fine.requests.length).toBe(100);
    expect(fine.percentilesUpperBound).toBeUndefined();
    for (const [maxRows, width] of [
      [64, 20],
      [16, 80],
      [8, 160],
      [2, 640],
    ] as const) {
      const s = drive(maxRows, 100);
      expect(s.windowMs).toBe(width);
      expect(s.requests.length).toBeLessThanOrEqual(maxRows);
      expect(s.percentilesUpperBound).toBe(true);
      const k = width / 10;
      // Row i of the merged series is the sum of the fine rows it covers.
      expect(s.requests).toEqual(Array.from({ length: Math.ceil(100 / k) }, (_, i) => fine.requests.slice(i * k, (i + 1) * k).reduce((a, b) => a + b, 0)));
      expect(seriesSum(s, 'hits')).toBe(seriesSum(fine, 'hits'));
      expect(seriesSum(s, 'sourceKeys')).toBe(seriesSum(fine, 'sourceKeys'));
    }
  });

  it('a run given its expected length starts with windows wide enough: no merged rows', () => {
    const w = workload(10, false, 5000); // about 500 s at 10 requests/s
    const stream = openStream(w, 2);
    const [r] = runStrategiesSync(stream, resolveStrategies(['none'], { capacity: 40 }, stream.sourceKeys), { seed: 2, latency: DEFAULT_LATENCY, windowMs: 100, seriesSpanMs: 500_000 });
    expect(r!.series!.windowMs).toBe(400); // 500,000 / 200 ms = 2,500 rows > 2,000; / 400 = 1,250
    expect(r!.series!.percentilesUpperBound).toBeUndefined();
    const [merged] = runStrategiesSync(openStream(w, 2), resolveStrategies(['none'], { capacity: 40 }, stream.sourceKeys), { seed: 2, latency: DEFAULT_LATENCY, windowMs: 100 });
    expect(merged!.series!.windowMs).toBe(400);
    expect(merged!.series!.requests).toEqual(r!.series!.requests);
    expect(merged!.series!.percentilesUpperBound).toBe(true);
  });

  it('records requests and hits before each mark exactly, wherever the mark falls', () => {
    const w = workload(2000, false, 4000);
    const all = collect(w, 5, false);
    const marks = [all.times[1234]!, 700, all.times[3999]! + 1, 0, all.times[2000]! + 1e-3];
    const stream = openStream(w, 5);
    const resolved = resolveStrategies(['lru-backfill'], { capacity: 40 }, stream.sourceKeys);
    const [r] = runStrategiesSync(stream, resolved, { seed: 5, latency: DEFAULT_LATENCY, chunk: createChunk(100), seriesMarks: marks });
    // The model: per-request hits from a kernel without a series.
    const source = new CountingSource(stream.sourceKeys, DEFAULT_LATENCY, undefined);
    const run = runParams(resolved[0]!, stream);
    const s = resolved[0]!.spec.create({ source, sourceKeys: stream.sourceKeys, keySpace: stream.keySpace, seed: 5, ...run.context }, run.params);
    const kernel = new RunKernel(s, source, { name: 'model' });
    const hit = Array.from(all.keys.subarray(0, all.length), (k, i) => kernel.access(k, all.times[i]!));
    const before = (t: number) => {
      const idx = [...all.times.subarray(0, all.length)].filter((x) => x < t).length;
      return { atMs: t, requests: idx, hits: hit.slice(0, idx).filter(Boolean).length };
    };
    expect(r!.series!.marks).toEqual([...marks].sort((a, b) => a - b).map(before));
    expect(r!.series!.marks![4]!.requests).toBe(4000); // a mark after the last request sees every request
    // Marks change nothing measured.
    const [plain] = runStrategiesSync(openStream(w, 5), resolved, { seed: 5, latency: DEFAULT_LATENCY });
    expect({ ...r!, series: { ...r!.series!, marks: undefined } }).toEqual({ ...plain!, series: { ...plain!.series!, marks: undefined } });
  });

  it('a run with an outage has the failed-reads column, summing to its failed reads; its twin and runs without one do not', () => {
    const w = workload(2000, false, 6000); // about 3 s
    const stream = openStream(w, 6);
    const resolved = resolveStrategies(['lru-backfill'], { capacity: 40 }, stream.sourceKeys);
    const [r] = runStrategiesSync(stream, resolved, { seed: 6, latency: DEFAULT_LATENCY, chunk: createChunk(500), windowMs: 250, events: [{ kind: 'outage', at: 1100, durationMs: 600 }] });
    const failed = r!.series!.failedReads!;
    expect(seriesSum(r!.series!, 'failedReads')).toBe((r as unknown as { failedReads: number }).failedReads);
    expect(seriesSum(r!.series!, 'failedReads')).toBeGreaterThan(0);
    // Reads fail only in the windows overlapping [1,100, 1,700) ms: windows 4 (1,000-1,250) to 6 (1,500-1,750).
    failed.forEach((f, i) => expect([i, f > 0]).toEqual([i, i >= 4 && i <= 6]));
    const [plain] = runStrategiesSync(openStream(w, 6), resolved, { seed: 6, latency: DEFAULT_LATENCY });
    expect(plain!.series!.failedReads).toBeUndefined();
  });
});

describe('time series of runs with freshness', () => {
  it('stale reads, expired misses and refresh reads per window sum exactly to the totals and do not depend on the chunking', () => {
    fc.assert(
      fc.property(
        fc.record({
          strategy: fc.constantFrom('ttl', 'refresh-ahead', 'swr', 'xfetch'),
          ttlMs: fc.integer({ min: 50, max: 3000 }),
          writes: fc.integer({ min: 0, max: 400 }),
          mode: fc.constantFrom('invalidate', 'update', 'none') as fc.Arbitrary<'invalidate' | 'update' | 'none'>,
          windowMs: fc.constantFrom(37, 250, 1000),
          chunk: fc.integer({ min: 1, max: 3000 }),
          seed: fc.integer({ min: 1, max: 1000 }),
        }),
        ({ strategy, ttlMs, writes, mode, windowMs, chunk, seed }) => {
          const w = workload(2000, false);
          const resolved = resolveStrategies([strategy], { capacity: 40, ttl: ttlMs }, 300);
          const opts = { seed, latency: DEFAULT_LATENCY, windowMs, ...(writes > 0 ? { writes: { rate: writes, weights: 'like-reads' as const, mode } } : {}) };
          const [r] = runStrategiesSync(openStream(w, seed), resolved, { ...opts, chunk: createChunk(chunk, false, writes > 0) });
          const [whole] = runStrategiesSync(openStream(w, seed), resolved, opts);
          const f = r!.freshness!;
          const s = r!.series!;
          expect(seriesSum(s, 'staleReads')).toBe(f.staleReads);
          expect(seriesSum(s, 'expiredMisses')).toBe(f.expiredMisses);
          expect(seriesSum(s, 'refreshReads')).toBe(f.refreshReads);
          expect(seriesSum(s, 'sourceKeys')).toBe(r!.sourceReads);
          // Without writes nothing is stale.
          if (writes === 0) expect(f.staleReads).toBe(0);
          // Window attribution is the same whatever the chunk boundaries (chunks of one request included).
          expect(r).toEqual(whole);
        },
      ),
      { numRuns: 10 },
    );
  });
});
