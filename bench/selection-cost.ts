// Per-request cost of the selections that watch the requests (issue 13): `hottest`'s observe() (a
// Space-Saving increment: an index lookup, a binary search over its run of equal counts, a swap) on
// the zipf preset's keys, against a loop that only reads the keys; `recently-evicted`'s observe()
// (one key-map lookup) for comparison. Keys are generated first (not timed); each figure is the best
// of N passes over the same keys (noisy, shared machine: the best pass is the least disturbed one).
//   npx tsx bench/selection-cost.ts [requests] [passes]
import { createChunk, openStream } from '../src/workloads/stream.ts';
import { resolveWorkload } from '../src/workloads/workload-config.ts';
import { HottestSelection } from '../src/strategies/selection/hottest.ts';
import { RecentlyEvictedSelection } from '../src/strategies/selection/recently-evicted.ts';

const requests = Number(process.argv[2] ?? 2_000_000);
const passes = Number(process.argv[3] ?? 7);

const w = resolveWorkload('zipf', { requests });
const stream = openStream(w, 1);
const keys = new Uint32Array(requests);
const chunk = createChunk();
let at = 0;
while (stream.nextChunk(chunk)) {
  keys.set(chunk.keys.subarray(0, chunk.length), at);
  at += chunk.length;
}

function best(make: () => { observe(key: number): void } | undefined): number {
  let bestNs = Infinity;
  for (let p = 0; p < passes; p++) {
    const s = make();
    let sum = 0;
    const t0 = performance.now();
    if (s === undefined) for (let i = 0; i < requests; i++) sum += keys[i]!;
    else for (let i = 0; i < requests; i++) s.observe(keys[i]!);
    const ns = ((performance.now() - t0) * 1e6) / requests;
    if (sum === -1) console.log('');
    bestNs = Math.min(bestNs, ns);
  }
  return bestNs;
}

const n = stream.sourceKeys;
console.log(`zipf preset (${n.toLocaleString('en-US')} keys, alpha 0.99, scrambled), ${requests.toLocaleString('en-US')} requests, best of ${passes} passes`);
const loop = best(() => undefined);
const rows: [string, number][] = [
  ['loop reading the keys (baseline)', loop],
  ['hottest observe, hotKeys 4,000', best(() => new HottestSelection(n, 4_000, 40_000, n, undefined))],
  ['hottest observe, hotKeys 40,000 (default at capacity 10,000)', best(() => new HottestSelection(n, 40_000, 400_000, n, undefined))],
  ['hottest observe, hotKeys 100,000 (every key)', best(() => new HottestSelection(n, 100_000, 1_000_000, n, undefined))],
  ['recently-evicted observe', best(() => new RecentlyEvictedSelection(n, 10_000, n, undefined))],
];
for (const [label, ns] of rows) console.log(`${label.padEnd(62)} ${ns.toFixed(1).padStart(6)} ns/request`);
