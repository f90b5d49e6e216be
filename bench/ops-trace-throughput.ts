// Reading traces with operations and TTLs (issue 14): the first pass (every record parsed, keys
// interned, ids, times, ops and TTLs decoded into memory) over a Twitter cache-trace file, against
// the same requests as a plain csv (key,time) file. N records (default 2,000,000) of zipf 0.99 over
// 100,000 keys, string keys like the Twitter trace's ("k" + id), two records per second, ops from a
// fixed cycle (70 % get, 5 % gets, 20 % set with TTL 60 s, 5 % delete), written to a temporary folder.
// Best of R runs (default 5), wall time and the process's CPU time (less sensitive to other load).
//   npx tsx bench/ops-trace-throughput.ts [records] [runs]
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultTraceOptions } from '../src/traces/formats.ts';
import { forgetIndexes, scanTrace } from '../src/traces/trace-index.ts';
import { createChunk, openStream } from '../src/workloads/stream.ts';
import { validateWorkload } from '../src/workloads/workload-config.ts';

const records = Number(process.argv[2] ?? 2_000_000);
const runs = Number(process.argv[3] ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'ops-trace-'));
const CYCLE = [...Array(14).fill('get'), 'gets', 'set,60', 'set,60', 'set,60', 'set,60', 'delete'];
try {
  const w = validateWorkload('zipf', { workload: 'zipf', keys: 100_000, alpha: 0.99, requests: records, arrival: 'constant', rate: 2 }, 'bench');
  const s = openStream(w, 1);
  const c = createChunk();
  const twitter: string[] = [];
  const csv: string[] = ['key,time'];
  let i = 0;
  while (s.nextChunk(c)) {
    const tw = new Array<string>(c.length);
    const cs = new Array<string>(c.length);
    for (let j = 0; j < c.length; j++, i++) {
      const t = Math.floor(i / 2);
      const op = CYCLE[i % CYCLE.length]!;
      const [name, ttl] = op.split(',');
      tw[j] = `${t},k${c.keys[j]},6,200,1,${name},${ttl ?? 0}`;
      cs[j] = `k${c.keys[j]},${t}`;
    }
    twitter.push(tw.join('\n'));
    csv.push(cs.join('\n'));
  }
  const files = { twitter: join(dir, 'cluster.0'), csv: join(dir, 'plain.csv') };
  writeFileSync(files.twitter, `${twitter.join('\n')}\n`);
  writeFileSync(files.csv, `${csv.join('\n')}\n`);
  const rows: string[] = [];
  for (const [name, path] of Object.entries(files)) {
    let best = Infinity;
    let bestCpu = Infinity;
    let n = 0;
    for (let r = 0; r < runs; r++) {
      forgetIndexes();
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const index = await scanTrace({ ...defaultTraceOptions(path), format: name === 'twitter' ? 'twitter' : 'csv' }, undefined, true, true);
      best = Math.min(best, performance.now() - t0);
      const cpu = process.cpuUsage(c0);
      bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1000);
      n = index.requests;
      if (name === 'twitter' && index.decoded?.ops === undefined) throw new Error('twitter: no ops decoded');
    }
    const mb = statSync(path).size / 1e6;
    rows.push(
      `| ${name.padEnd(7)} | ${mb.toFixed(1)} MB | ${n.toLocaleString('en-US')} | ${(best / 1000).toFixed(3)} s | ${(bestCpu / 1000).toFixed(3)} s | ${(n / (best / 1000) / 1e6).toFixed(2)} M records/s |`,
    );
  }
  console.log('| format  | size | records | first pass, wall (best) | CPU (best) | throughput (wall) |\n| --- | ---: | ---: | ---: | ---: | ---: |');
  console.log(rows.join('\n'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
