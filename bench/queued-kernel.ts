// The queued loop's cost (issue 15): the same pre-generated stream (the zipf preset's shape: 100,000
// keys, alpha 0.99, 10,000 requests/s) replayed through the whole runner (runStrategiesSync: time
// series, latency recorder) with today's source model (the loop as before) and with a source that
// saturates (the queued loop: SourceQueue + in-flight table), alternately, best of `runs` CPU time
// per configuration, in ns per request.
//   npx tsx bench/queued-kernel.ts [strategies] [requests] [runs]
import { ArrayStream, createChunk } from '../src/core/chunks.ts';
import { runStrategiesSync } from '../src/runner/run.ts';
import { resolveStrategies } from '../src/runner/strategy-config.ts';
import { validateSourceParams, type SourceParams } from '../src/source/queue/source-params.ts';
import { DEFAULT_LATENCY } from '../src/source/source-model.ts';
import { openStream } from '../src/workloads/stream.ts';
import { validateWorkload } from '../src/workloads/workload-config.ts';

const names = (process.argv[2] ?? 'none,lru-backfill,time-based').split(',');
const requests = Number(process.argv[3] ?? 4_000_000);
const runs = Number(process.argv[4] ?? 5);
const workload = validateWorkload('queued', { workload: 'zipf', keys: 100_000, alpha: 0.99, scramble: true, requests, rate: 10_000 }, 'bench');
const gen = openStream(workload, 1);
const all = createChunk(requests);
gen.nextChunk(all);

const models: readonly [string, SourceParams | undefined][] = [
  ["today's model", undefined],
  ['--source-concurrency 64', validateSourceParams({ sourceConcurrency: 64 }, 'bench')],
  ['--source-concurrency 8 --coalesce false', validateSourceParams({ sourceConcurrency: 8, coalesce: false }, 'bench')],
  [
    '--source-concurrency 8 --service-distribution exponential --backfill-priority low',
    validateSourceParams({ sourceConcurrency: 8, serviceDistribution: 'exponential', backfillPriority: 'low' }, 'bench'),
  ],
];

function cpuMs(strategy: string, source: SourceParams | undefined): number {
  const stream = new ArrayStream(all.keys, all.times, gen.sourceKeys, gen.keySpace);
  const resolved = resolveStrategies([strategy], {}, stream.sourceKeys);
  const t0 = process.cpuUsage();
  runStrategiesSync(stream, resolved, { seed: 1, latency: DEFAULT_LATENCY, source });
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

for (const s of names) {
  const best = models.map(() => Infinity);
  for (let r = 0; r < runs; r++) models.forEach(([, m], i) => (best[i] = Math.min(best[i]!, cpuMs(s, m))));
  const base = best[0]!;
  for (const [i, [label]] of models.entries()) {
    const ns = (best[i]! * 1e6) / requests;
    console.log(`${s.padEnd(12)} ${label.padEnd(84)} ${ns.toFixed(1).padStart(7)} ns/req  x${(best[i]! / base).toFixed(2)}`);
  }
}
