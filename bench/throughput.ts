// End-to-end simulation throughput: generate + replay + count, as `bench` runs it (latency
// histogram and load windows included). Target (issue 3): >= 25 M requests/s for `none` and
// `lru-backfill` on zipf alpha 1.0 over 1,000,000 keys, 10,000,000 requests, capacity 100,000.
//   npx tsx bench/throughput.ts [requests] [arrival]
import { DEFAULT_LATENCY } from '../src/source/source-model.ts';
import { runStrategiesSync } from '../src/runner/run.ts';
import { resolveStrategies } from '../src/runner/strategy-config.ts';
import { openStream } from '../src/workloads/stream.ts';
import { openParallelStream } from '../src/workloads/parallel-stream.ts';
import { validateWorkload } from '../src/workloads/workload-config.ts';

const requests = Number(process.argv[2] ?? 10_000_000);
const arrival = (process.argv[3] ?? 'constant') as 'constant' | 'poisson';
/** Generation on a worker thread (what `bench` does for long streams): pass "serial" to compare. */
const PARALLEL = (process.argv[4] ?? 'parallel') !== 'serial';
const TARGET = 25;

const workload = validateWorkload('throughput', { workload: 'zipf', keys: 1_000_000, alpha: 1.0, scramble: true, requests, arrival, rate: 100_000 }, 'bench');

/** Wall time from opening the stream (worker start-up included) to the last result. */
function run(names: string[], parallel = PARALLEL): { seconds: number; hitRatios: number[] } {
  const t0 = performance.now();
  const stream = parallel ? openParallelStream(workload, 1) : openStream(workload, 1);
  const strategies = resolveStrategies(names, { capacity: 100_000 }, stream.sourceKeys);
  const results = runStrategiesSync(stream, strategies, { seed: 1, latency: DEFAULT_LATENCY });
  return { seconds: (performance.now() - t0) / 1000, hitRatios: results.map((r) => r.hitRatio) };
}

function best(names: string[], runs = 3): ReturnType<typeof run> {
  let b = run(names);
  for (let i = 1; i < runs; i++) {
    const r = run(names);
    if (r.seconds < b.seconds) b = r;
  }
  return b;
}

console.log(
  `zipf alpha 1.0, 1,000,000 keys, ${requests.toLocaleString('en-US')} requests, capacity 100,000, ${arrival} arrivals, generation ${PARALLEL ? 'on a worker thread' : 'on the same thread'}; best of 3, node ${process.version}`,
);
const genOnly = (() => {
  let bestS = Infinity;
  for (let i = 0; i < 3; i++) {
    const stream = openStream(workload, 1);
    const chunk = { keys: new Uint32Array(65536), times: new Float64Array(65536), length: 0 };
    const t0 = performance.now();
    while (stream.nextChunk(chunk));
    bestS = Math.min(bestS, (performance.now() - t0) / 1000);
  }
  return bestS;
})();
console.log(`generation only                 ${(requests / genOnly / 1e6).toFixed(1)} M requests/s`);
const single: Record<string, number> = {};
for (const name of ['none', 'threshold', 'lru-backfill', 'time-based']) {
  const r = best([name]);
  single[name] = r.seconds;
  const mps = requests / r.seconds / 1e6;
  const verdict = name === 'none' || name === 'lru-backfill' ? (mps >= TARGET ? `  (target >= ${TARGET}: met)` : `  (target >= ${TARGET}: NOT met)`) : '';
  console.log(`${name.padEnd(14)} alone          ${mps.toFixed(1)} M requests/s  hit ratio ${r.hitRatios[0]!.toFixed(4)}${verdict}`);
}
const all = best(['none', 'threshold', 'lru-backfill', 'time-based']);
const sumSingles = Object.values(single).reduce((a, b) => a + b, 0);
console.log(`all four, one stream            ${all.seconds.toFixed(2)} s  vs one by one ${sumSingles.toFixed(2)} s  (${all.seconds <= sumSingles ? 'not more: met' : 'MORE: not met'})`);
