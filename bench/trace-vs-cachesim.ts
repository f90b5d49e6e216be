// Whole-process `bench` on a 10,000,000-request oracleGeneral trace against libCacheSim's `cachesim`
// LRU on the same file (issue 11, item 1): target, ours at most half of cachesim's wall time. The
// trace is the zipf stream of bench/trace-throughput.ts (alpha 0.99 over 1,000,000 keys, hottest key
// 0, constant arrivals), written into a temporary folder (never committed). Each run is a fresh
// process, wall time from spawn to exit, start-up included, the two programs alternating so that
// load from other work falls on both alike; best of N each.
//   npx tsx bench/trace-vs-cachesim.ts PATH/TO/cachesim [runs] [requests]
// Ours runs the compiled command (bin/backfill-bench.js; `npm run build` first):
//   backfill-bench bench --trace FILE --strategies none --capacity 100000 --out TMP
// cachesim (libCacheSim, built with cmake in Release mode):
//   cachesim FILE oracleGeneral lru 100000 --ignore-obj-size 1
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportTrace } from '../src/traces/trace-export.ts';
import { openStream } from '../src/workloads/stream.ts';
import { validateWorkload } from '../src/workloads/workload-config.ts';

const cachesim = process.argv[2];
if (!cachesim) {
  console.error('usage: npx tsx bench/trace-vs-cachesim.ts PATH/TO/cachesim [runs] [requests]');
  process.exit(2);
}
const runs = Number(process.argv[3] ?? 5);
const requests = Number(process.argv[4] ?? 10_000_000);
const BIN = fileURLToPath(new URL('../bin/backfill-bench.js', import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'trace-vs-cachesim-'));
try {
  const file = join(dir, 'zipf.oracleGeneral.bin');
  const synthetic = validateWorkload('zipf', { workload: 'zipf', keys: 1_000_000, alpha: 0.99, scramble: false, requests, arrival: 'constant', rate: 100_000 }, 'bench');
  await exportTrace(() => openStream(synthetic, 1), { format: 'oracle-general', output: file });

  const time = (cmd: string, args: string[]): { s: number; out: string; stdout: string } => {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
    const s = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`${cmd} exited ${r.status}: ${r.stderr}`);
    return { s, out: `${r.stdout}${r.stderr}`, stdout: r.stdout };
  };
  let best = { ours: Infinity, cachesim: Infinity };
  let missRatio = { ours: '', cachesim: '' };
  console.log(`${requests.toLocaleString('en-US')} requests, oracleGeneral, LRU at capacity 100,000; best of ${runs}, alternating; node ${process.version}`);
  for (let i = 0; i < runs; i++) {
    const load = loadavg()[0]!.toFixed(2);
    const c = time(cachesim, [file, 'oracleGeneral', 'lru', '100000', '--ignore-obj-size', '1']);
    const o = time(process.execPath, [BIN, 'bench', '--trace', file, '--strategies', 'none', '--capacity', '100000', '--format', 'json', '--out', join(dir, `out-${i}`)]);
    missRatio = { cachesim: /miss ratio ([0-9.]+)/.exec(c.out)?.[1] ?? '?', ours: (JSON.parse(o.stdout) as { results: { missRatio: number }[] }).results[0]!.missRatio.toFixed(4) };
    best = { ours: Math.min(best.ours, o.s), cachesim: Math.min(best.cachesim, c.s) };
    console.log(`run ${i + 1}: cachesim ${c.s.toFixed(2)} s, ours ${o.s.toFixed(2)} s (load average ${load})`);
  }
  const ratio = best.ours / best.cachesim;
  console.log(
    `best: cachesim ${best.cachesim.toFixed(2)} s, ours ${best.ours.toFixed(2)} s: ${ratio.toFixed(2)} of cachesim (target <= 0.5) ${ratio <= 0.5 ? 'OK' : 'NOT MET'}; miss ratio cachesim ${missRatio.cachesim}, ours ${missRatio.ours}`,
  );
  process.exitCode = ratio <= 0.5 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
