// CPU time of the strategies' own per-request work: `strategy.access` over a pre-generated zipf
// stream (no kernel, no latency model, no tinybench), all selected strategies in one process (so
// call sites see as many classes as a default `bench` run), best of `runs` per strategy. A quick A/B
// for hot-path changes: run it on two checkouts, alternately, several times.
//   npx tsx bench/strategy-loop.ts [strategies] [requests] [runs]
import { createChunk } from '../src/core/chunks.ts';
import { resolveStrategies } from '../src/runner/strategy-config.ts';
import { CountingSource } from '../src/source/counting-source.ts';
import { DEFAULT_LATENCY } from '../src/source/source-model.ts';
import { openStream } from '../src/workloads/stream.ts';
import { resolveWorkload } from '../src/workloads/workload-config.ts';

const names = (process.argv[2] ?? 'none,threshold,lru-backfill,time-based').split(',');
const requests = Number(process.argv[3] ?? 2_000_000);
const runs = Number(process.argv[4] ?? 9);
const workload = resolveWorkload('zipf', {});
const stream = openStream(workload, 1);
const keys = new Uint32Array(requests);
const chunk = createChunk(4096);
let n = 0;
while (n < requests && stream.nextChunk(chunk)) for (let i = 0; i < chunk.length && n < requests; i++) keys[n++] = chunk.keys[i]!;
const strategies = resolveStrategies(names, {}, stream.sourceKeys);
const best = new Map<string, number>();
let sink = 0;
for (let r = 0; r < runs; r++) {
  for (const s of strategies) {
    const source = new CountingSource(stream.sourceKeys, DEFAULT_LATENCY, undefined);
    const st = s.spec.create({ source, sourceKeys: stream.sourceKeys, keySpace: stream.keySpace, seed: 1 }, s.params);
    const t0 = process.cpuUsage();
    for (let i = 0; i < n; i++) if (st.access(keys[i]!, i)) sink++;
    const d = process.cpuUsage(t0);
    best.set(s.name, Math.min(best.get(s.name) ?? Infinity, ((d.user + d.system) * 1000) / n));
  }
}
console.log(`${workload.summary}; ${n.toLocaleString('en-US')} requests, best of ${runs}, CPU ns/request (hits ${sink})`);
console.log([...best].map(([k, v]) => `${k} ${v.toFixed(1)}`).join('  '));
