// What counting bytes costs: the same zipf stream replayed by `none` and `lru-backfill` at a capacity
// of C objects, then with every object 4096 bytes at a capacity of C x 4096 bytes (the same
// decisions, checked: identical misses and source reads), then with lognormal sizes at the same byte
// capacity. Best of N runs each, M requests/s end to end (generation + replay + counting).
//   npx tsx bench/byte-mode.ts [requests] [runs]
import { DEFAULT_LATENCY } from '../src/source/source-model.ts';
import { runStrategiesSync } from '../src/runner/run.ts';
import { resolveStrategies } from '../src/runner/strategy-config.ts';
import { openStream } from '../src/workloads/stream.ts';
import { validateWorkload } from '../src/workloads/workload-config.ts';

const requests = Number(process.argv[2] ?? 5_000_000);
const runs = Number(process.argv[3] ?? 3);
const CAPACITY = 100_000;
const SIZE = 4096;

function run(sizes: Record<string, unknown>, capacity: number | string, names: string[]): { seconds: number; misses: number[]; sourceReads: number[] } {
  const w = validateWorkload('byte-mode', { workload: 'zipf', keys: 1_000_000, alpha: 1.0, requests, arrival: 'constant', rate: 100_000, ...sizes }, 'bench');
  let best = Infinity;
  let out = { misses: [] as number[], sourceReads: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const stream = openStream(w, 1);
    const results = runStrategiesSync(stream, resolveStrategies(names, { capacity }, stream.sourceKeys), { seed: 1, latency: DEFAULT_LATENCY });
    best = Math.min(best, (performance.now() - t0) / 1000);
    out = { misses: results.map((r) => r.misses), sourceReads: results.map((r) => r.sourceReads) };
  }
  return { seconds: best, ...out };
}

for (const name of ['none', 'lru-backfill']) {
  const objects = run({}, CAPACITY, [name]);
  const fixed = run({ sizes: 'fixed', sizeBytes: SIZE }, `${CAPACITY * SIZE}B`, [name]);
  const lognormal = run({ sizes: 'lognormal', sizeBytes: SIZE }, `${CAPACITY * SIZE}B`, [name]);
  const same = objects.misses[0] === fixed.misses[0] && objects.sourceReads[0] === fixed.sourceReads[0];
  const mps = (s: number) => (requests / s / 1e6).toFixed(1);
  console.log(
    `${name.padEnd(13)} objects ${mps(objects.seconds)} M/s | fixed ${SIZE} B, bytes ${mps(fixed.seconds)} M/s (same decisions: ${same}) | lognormal, bytes ${mps(lognormal.seconds)} M/s (misses ${lognormal.misses[0]} vs ${objects.misses[0]})`,
  );
  if (!same) process.exitCode = 1;
}
