// The time series' cost in the run kernel: the same pre-generated zipf stream replayed through the
// kernel as the runner drives it (latency recorder, counting source), without a series (the kernel's
// loop as it was before the series) and with one (window boundaries found by binary search, windows
// closed by the kernel), alternately, best of `runs` CPU time per configuration. Two window densities:
// 1-second windows (100 at 100,000 requests/s) and 10 ms windows (10,000, merged down to <= 2,000 rows).
//   npx tsx bench/series-kernel.ts [strategies] [requests] [runs]
import { createChunk } from '../src/core/chunks.ts';
import { runParams } from '../src/runner/capacity.ts';
import { RunKernel } from '../src/runner/kernel.ts';
import { LatencyRecorder } from '../src/runner/latency-recorder.ts';
import { MULTI_STRATEGY_BATCH, runStrategiesSync } from '../src/runner/run.ts';
import { resolveStrategies, type ResolvedStrategy } from '../src/runner/strategy-config.ts';
import { WindowSeries } from '../src/runner/time-series.ts';
import { WindowLatency } from '../src/runner/window-latency.ts';
import { CountingSource } from '../src/source/counting-source.ts';
import { DEFAULT_LATENCY } from '../src/source/source-model.ts';
import { openStream } from '../src/workloads/stream.ts';
import { validateWorkload } from '../src/workloads/workload-config.ts';

const names = (process.argv[2] ?? 'none,lru-backfill').split(',');
const requests = Number(process.argv[3] ?? 10_000_000);
const runs = Number(process.argv[4] ?? 7);
const workload = validateWorkload('series', { workload: 'zipf', keys: 1_000_000, alpha: 1.0, scramble: true, requests, rate: 100_000 }, 'bench');
const stream = openStream(workload, 1);
const all = createChunk(requests);
stream.nextChunk(all);
const strategies = resolveStrategies(names, { capacity: 100_000 }, stream.sourceKeys);
const hitUs = DEFAULT_LATENCY.hitMs * 1000;

/** CPU ms to replay the stream in batches of MULTI_STRATEGY_BATCH, and the rows of the series (0 without). */
function replay(s: ResolvedStrategy, windowMs: number | undefined): { ms: number; rows: number; hits: number } {
  const source = new CountingSource(stream.sourceKeys, DEFAULT_LATENCY, undefined);
  const run = runParams(s, stream);
  const strategy = s.spec.create({ source, sourceKeys: stream.sourceKeys, keySpace: stream.keySpace, seed: 1, ...run.context }, run.params);
  const latency = new LatencyRecorder();
  const series =
    windowMs === undefined
      ? undefined
      : new WindowSeries(new WindowLatency(latency), {
          windowMs,
          bytes: false,
          hitUs,
          probe: (out) => {
            out[0] = source.sourceReads;
            out[1] = source.sourceCalls;
            out[2] = source.batchKeys;
            out[3] = strategy.stats().evictions;
            out[4] = source.failedReads;
            out[5] = kernel.requestedBytes;
            out[6] = kernel.hitBytes;
            out[7] = kernel.demandBytes + source.batchBytes;
          },
        });
  const kernel: RunKernel = new RunKernel(strategy, source, { name: s.name, latency: series?.latency ?? latency, hitUs, series });
  const t0 = process.cpuUsage();
  let hits = 0;
  for (let from = 0; from < all.length; from += MULTI_STRATEGY_BATCH) hits += kernel.replay(all.keys, all.times, from, Math.min(all.length, from + MULTI_STRATEGY_BATCH), 0);
  const rows = series === undefined ? 0 : series.finish().requests.length;
  latency.recordMany(hitUs, hits);
  latency.summary();
  const d = process.cpuUsage(t0);
  return { ms: (d.user + d.system) / 1000, rows, hits };
}

const configs: [string, number | undefined][] = [
  ['no series', undefined],
  ['1 s windows', 1000],
  ['10 ms windows', 10],
];
console.log(`zipf alpha 1.0, 1,000,000 keys, ${requests.toLocaleString('en-US')} requests at 100,000/s, capacity 100,000; kernel replay CPU time, best of ${runs}, node ${process.version}`);
for (const s of strategies) {
  const best = new Map<string, { ms: number; rows: number; hits: number }>();
  for (let r = 0; r < runs; r++) {
    for (const [label, w] of configs) {
      const x = replay(s, w);
      const b = best.get(label);
      if (b === undefined || x.ms < b.ms) best.set(label, x);
    }
  }
  const base = best.get('no series')!;
  const cells = [...best].map(([label, x]) => {
    if (x.hits !== base.hits) throw new Error(`${s.name}: ${label} gave ${x.hits} hits, without a series ${base.hits}`);
    const ns = (x.ms * 1e6) / requests;
    return `${label}${x.rows ? ` (${x.rows} rows)` : ''} ${ns.toFixed(1)} ns/req${label === 'no series' ? '' : ` (${(((x.ms - base.ms) / base.ms) * 100).toFixed(1)} %)`}`;
  });
  console.log(`${s.name.padEnd(13)} ${cells.join('  ')}`);
}

// The cost of closing a window, alone: 1 ms windows at 1,000 requests/s close one window per request
// (merged in pairs down to <= 2,000 rows), against one window for the whole run; the whole runner.
const sparse = validateWorkload('sparse', { workload: 'zipf', keys: 100_000, requests: 400_000, rate: 1000 }, 'bench');
const closeCost = new Map<string, number>();
for (let r = 0; r < runs; r++) {
  for (const [label, windowMs] of [
    ['one window', 1e12],
    ['a window per request', 1],
  ] as const) {
    const st = openStream(sparse, 1);
    const t0 = process.cpuUsage();
    runStrategiesSync(st, resolveStrategies(['none'], { capacity: 10_000 }, st.sourceKeys), { seed: 1, latency: DEFAULT_LATENCY, windowMs });
    const d = process.cpuUsage(t0);
    closeCost.set(label, Math.min(closeCost.get(label) ?? Infinity, ((d.user + d.system) * 1000) / sparse.requests));
  }
}
const one = closeCost.get('one window')!;
const each = closeCost.get('a window per request')!;
console.log(
  `none, 400,000 requests at 1,000/s (whole runner, generation included): one window ${one.toFixed(0)} ns/req, a window per request ${each.toFixed(0)} ns/req: about ${(each - one).toFixed(0)} ns per window closed`,
);
