// Trace replay throughput, parse included (issue 5). A text trace of 10,000,000 lines, one integer key
// per line (~44 MB: zipf alpha 0.99 over 1,000,000 keys, hottest key 0, so most keys are short), is
// generated into a temporary folder (never committed), with the same stream as an oracle-general
// binary file; each is replayed into `none` (demand-fill LRU) at capacity 100,000, timed from opening
// the file to the last result: the one pass over the file (keys interned, every request decoded into
// memory) and the replay from memory. Targets: text >= 7.5 M requests/s (twice libCacheSim's
// ~3.7 M/s on the same file on this machine class), oracle-general >= 10 M requests/s.
//   npx tsx bench/trace-throughput.ts [lines] [runs]
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LATENCY } from '../src/source/source-model.ts';
import { runStrategies } from '../src/runner/run.ts';
import { resolveStrategies } from '../src/runner/strategy-config.ts';
import { exportTrace } from '../src/traces/trace-export.ts';
import { forgetIndexes } from '../src/traces/trace-index.ts';
import { createChunk, openStream, openWorkload } from '../src/workloads/stream.ts';
import { validateWorkload } from '../src/workloads/workload-config.ts';

const lines = Number(process.argv[2] ?? 10_000_000);
const runs = Number(process.argv[3] ?? 3);
const CAPACITY = 100_000;
const TARGETS: Record<string, number> = { txt: 7.5, 'oracle-general': 10 };

const dir = mkdtempSync(join(tmpdir(), 'trace-throughput-'));
try {
  const synthetic = validateWorkload('zipf', { workload: 'zipf', keys: 1_000_000, alpha: 0.99, scramble: false, requests: lines, arrival: 'constant', rate: 100_000 }, 'bench');
  const files = { txt: join(dir, 'zipf.txt'), 'oracle-general': join(dir, 'zipf.oracleGeneral.bin') } as const;
  for (const [format, path] of Object.entries(files)) await exportTrace(() => openStream(synthetic, 1), { format: format as 'txt' | 'oracle-general', output: path });
  // For information: the same stream with large keys (k * 4099 + 5,000,000, up to ~4.1e9), which go
  // through the hash tables instead of the direct table.
  const large = join(dir, 'zipf-large-keys.txt');
  {
    const s = openStream(synthetic, 1);
    const c = createChunk();
    const parts: string[] = [];
    while (s.nextChunk(c)) {
      const l = new Array<string>(c.length);
      for (let i = 0; i < c.length; i++) l[i] = String(c.keys[i]! * 4099 + 5_000_000);
      parts.push(`${l.join('\n')}\n`);
    }
    writeFileSync(large, parts.join(''));
  }

  console.log(`${lines.toLocaleString('en-US')} requests (zipf 0.99 over 1,000,000 keys), none at capacity ${CAPACITY.toLocaleString('en-US')}; best of ${runs}; node ${process.version}`);
  let ok = true;
  for (const [label, format, path] of [...Object.entries(files).map(([f, p]) => [f, f, p]), ['txt, large keys', 'txt', large]] as const) {
    const w = validateWorkload(path, { workload: 'trace', path, format }, path);
    let best = Infinity;
    let scanBest = Infinity;
    let hitRatio = 0;
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const { stream } = await openWorkload(w, 1);
      const t1 = performance.now();
      const strategies = resolveStrategies(['none'], { capacity: CAPACITY }, stream.sourceKeys);
      const [res] = await runStrategies(stream, strategies, { seed: 1, latency: DEFAULT_LATENCY });
      const t2 = performance.now();
      hitRatio = res!.hitRatio;
      best = Math.min(best, (t2 - t0) / 1000);
      scanBest = Math.min(scanBest, (t1 - t0) / 1000);
      forgetIndexes(); // every run reads and decodes the file afresh
    }
    const mps = lines / best / 1e6;
    const target = label === format ? TARGETS[format] : undefined;
    if (target !== undefined && mps < target) ok = false;
    const mb = (statSync(path).size / 1e6).toFixed(1);
    const verdict = target === undefined ? '(for information)' : `(target ${target})  ${mps >= target ? 'OK' : 'BELOW TARGET'}`;
    console.log(
      `${label.padEnd(16)} ${mb.padStart(6)} MB  ${best.toFixed(3)} s end to end (reading and decoding ${scanBest.toFixed(3)} s)  ${mps.toFixed(2)} M requests/s  hit ratio ${hitRatio.toFixed(4)}  ${verdict}`,
    );
  }
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
