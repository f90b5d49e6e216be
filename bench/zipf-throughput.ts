// Micro-benchmark of the zipf key generator: keys/s through openStream (chunked, as the runner
// consumes it) and, for reference, straight from the generator.
//   npx tsx bench/zipf-throughput.ts [draws] [keys] [alpha]
import { createRng } from '../src/core/rng.ts';
import { createChunk, openStream } from '../src/workloads/stream.ts';
import { validateWorkload } from '../src/workloads/workload-config.ts';
import { workloadSpec } from '../src/workloads/registry.ts';

const draws = Number(process.argv[2] ?? 10_000_000);
const keys = Number(process.argv[3] ?? 1_000_000);
const alpha = Number(process.argv[4] ?? 1.0);
const TARGET = 30; // M keys/s

function throughStream(arrival: 'constant' | 'poisson', scramble: boolean, seed: number): { mps: number; checksum: number } {
  const w = validateWorkload('bench', { workload: 'zipf', keys, alpha, scramble, requests: draws, arrival }, 'bench');
  const stream = openStream(w, seed); // setup (the permutation) is not timed
  const chunk = createChunk();
  let checksum = 0;
  const t0 = performance.now();
  while (stream.nextChunk(chunk)) checksum = (checksum + chunk.keys[chunk.length - 1]!) | 0;
  const ms = performance.now() - t0;
  return { mps: draws / ms / 1000, checksum };
}

function direct(scramble: boolean, seed: number): number {
  const spec = workloadSpec('zipf', 'bench');
  const gen = spec.createGenerator(spec.validate({ keys, alpha, scramble }, 'bench'), createRng(seed, 'bench'), draws);
  let sum = 0;
  const t0 = performance.now();
  for (let i = 0; i < draws; i++) sum = (sum + gen.next()) | 0;
  const ms = performance.now() - t0;
  if (sum === 42) console.log(''); // keep the loop observable
  return draws / ms / 1000;
}

function best(f: (seed: number) => number, runs = 3): number {
  let b = 0;
  for (let r = 0; r < runs; r++) b = Math.max(b, f(r + 1));
  return b;
}

console.log(`zipf alpha=${alpha}, ${keys.toLocaleString('en-US')} keys, ${draws.toLocaleString('en-US')} draws (best of 3)`);
const rows: [string, number][] = [
  ['openStream, scramble=true,  arrival=constant', best((s) => throughStream('constant', true, s).mps)],
  ['openStream, scramble=false, arrival=constant', best((s) => throughStream('constant', false, s).mps)],
  ['openStream, scramble=true,  arrival=poisson ', best((s) => throughStream('poisson', true, s).mps)],
  ['generator.next() only, scramble=true        ', best((s) => direct(true, s))],
];
for (const [label, mps] of rows) console.log(`${label}  ${mps.toFixed(1)} M keys/s`);
const headline = rows[0]![1];
console.log(headline >= TARGET ? `OK: >= ${TARGET} M keys/s` : `BELOW TARGET: ${headline.toFixed(1)} < ${TARGET} M keys/s`);
