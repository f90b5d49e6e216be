// Memory follows the keys used, not the key space (issue 11, item 5): peak RSS of `bench` on a
// zipf workload over 10^9 keys, through the real CLI, measured with GNU time's maximum resident set
// size. Target: under 300 MB for 10^6 requests. Before the change, `--keys 1e9 --requests 1000`
// took 4 GB and 238 s (a stored permutation and index arrays sized by the key space).
//   npm run bench:keyspace [-- requests]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TARGET_MB = 300;
const requests = process.argv[2] ?? '1e6';

function peakRss(args: string[]): { mb: number; seconds: number } {
  const out = mkdtempSync(join(tmpdir(), 'bb-keyspace-'));
  const cli = ['--import', 'tsx', 'src/cli/main.ts', 'bench', ...args, '--out', join(out, 'run'), '--no-progress'];
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, ...cli], { cwd: new URL('..', import.meta.url), encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  rmSync(out, { recursive: true, force: true });
  const m = /maxrss_kb=(\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`run failed (status ${r.status}): ${r.stderr}`);
  return { mb: Number(m[1]) / 1024, seconds };
}

const line = (what: string, r: { mb: number; seconds: number }, verdict = '') => console.log(`${what.padEnd(62)} peak RSS ${r.mb.toFixed(1).padStart(6)} MB (${r.seconds.toFixed(1)} s)${verdict}`);
console.log(`zipf alpha 0.99 (scrambled), node ${process.version}; the process alone (modules loaded, 1,000 keys) for reference:`);
line(`--keys 1000 --requests ${requests} --strategies none`, peakRss(['--keys', '1000', '--requests', requests, '--strategies', 'none']));
const none = peakRss(['--keys', '1e9', '--requests', requests, '--strategies', 'none']);
line(`--keys 1e9 --requests ${requests} --strategies none`, none, `  target < ${TARGET_MB} MB: ${none.mb < TARGET_MB ? 'met' : 'NOT met'}`);
line(`--keys 1e9 --requests ${requests} (the four default strategies)`, peakRss(['--keys', '1e9', '--requests', requests]));
line('--keys 1e9 --requests 1000 (the four default strategies)', peakRss(['--keys', '1e9', '--requests', '1000']));
