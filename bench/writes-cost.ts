// What writes at the source cost (issue 14), in CPU time per read, best of `runs`:
//   npx tsx bench/writes-cost.ts [strategies] [requests] [runs]
// 1. The stream: the zipf preset's shape (100,000 keys, alpha 0.99, scrambled, 10,000 reads/s)
//    generated alone, and with the write process interleaved at 100/s and 1,000/s (like-reads:
//    a second zipf sampler through the same permutation; uniform).
// 2. The runner (runStrategiesSync: time series, latency recorder) on one pre-generated stream,
//    without writes and with them (the ops loop, source versions, Strategy.write), per strategy
//    given (default: ttl; a strategy without write() is skipped with a note).
import { ArrayStream, createChunk } from '../src/core/chunks.ts';
import { runStrategiesSync } from '../src/runner/run.ts';
import { resolveStrategies } from '../src/runner/strategy-config.ts';
import { DEFAULT_LATENCY } from '../src/source/source-model.ts';
import type { WriteSettings } from '../src/source/writes/write-params.ts';
import { withWrites } from '../src/source/writes/with-writes.ts';
import { WriteProcess } from '../src/source/writes/write-process.ts';
import { openStream } from '../src/workloads/stream.ts';
import { validateWorkload } from '../src/workloads/workload-config.ts';

const names = (process.argv[2] ?? 'ttl').split(',');
const requests = Number(process.argv[3] ?? 4_000_000);
const runs = Number(process.argv[4] ?? 5);
const workload = validateWorkload('writes', { workload: 'zipf', keys: 100_000, alpha: 0.99, scramble: true, requests, rate: 10_000 }, 'bench');

function cpu(f: () => void): number {
  const t0 = process.cpuUsage();
  f();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

const chunk = createChunk(65_536, false, true);
const plainChunk = createChunk(65_536);
const streams: readonly [string, () => void][] = [
  [
    'reads only',
    () => {
      const s = openStream(workload, 1);
      while (s.nextChunk(plainChunk));
    },
  ],
  ...([100, 1000] as const).flatMap((rate) =>
    (['like-reads', 'uniform'] as const).map((weights): [string, () => void] => [
      `+ ${rate} writes/s, ${weights}`,
      () => {
        const s = openStream(workload, 1);
        const w = withWrites(s, new WriteProcess({ seed: 1, rate, weights, sourceKeys: s.sourceKeys, popularity: weights === 'uniform' ? undefined : s.popularity?.() }));
        while (w.nextChunk(chunk));
      },
    ]),
  ),
];
const best = streams.map(() => Infinity);
for (let r = 0; r < runs; r++) streams.forEach(([, f], i) => (best[i] = Math.min(best[i]!, cpu(f))));
for (const [i, [label]] of streams.entries()) console.log(`stream  ${label.padEnd(32)} ${((best[i]! * 1e6) / requests).toFixed(1).padStart(7)} ns/read`);

const gen = openStream(workload, 1);
const all = createChunk(requests);
gen.nextChunk(all);
const configs: readonly [string, WriteSettings | undefined][] = [
  ['no writes', undefined],
  ['--writes 100/s', { rate: 100, weights: 'like-reads', mode: 'invalidate' }],
  ['--writes 1000/s', { rate: 1000, weights: 'like-reads', mode: 'invalidate' }],
];
for (const name of names) {
  let resolved;
  try {
    resolved = resolveStrategies([name], {}, gen.sourceKeys);
  } catch (e) {
    console.log(`runner  ${name}: skipped (${(e as Error).message})`);
    continue;
  }
  const strategies = resolved;
  const run = (writes: WriteSettings | undefined) => () => {
    const s = new ArrayStream(all.keys, all.times, gen.sourceKeys, gen.keySpace);
    s.popularity = gen.popularity;
    runStrategiesSync(s, strategies, { seed: 1, latency: DEFAULT_LATENCY, writes });
  };
  try {
    run(configs[1]![1])();
  } catch (e) {
    console.log(`runner  ${name}: skipped (${(e as Error).message})`);
    continue;
  }
  const b = configs.map(() => Infinity);
  for (let r = 0; r < runs; r++) configs.forEach(([, w], i) => (b[i] = Math.min(b[i]!, cpu(run(w)))));
  for (const [i, [label]] of configs.entries())
    console.log(`runner  ${name.padEnd(14)} ${label.padEnd(18)} ${((b[i]! * 1e6) / requests).toFixed(1).padStart(7)} ns/read  x${(b[i]! / b[0]!).toFixed(2)}`);
}
