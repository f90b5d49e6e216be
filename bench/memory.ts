// Peak memory of a long streamed run: 100,000,000 requests over 1,000,000 keys, capacity 100,000,
// all four strategies, through the real CLI. Target (issue 3): peak RSS under 250 MB, i.e. nothing
// grows with the number of requests. Measured with GNU time's maximum resident set size, and, as a
// check that memory is flat, the same run at a tenth of the requests.
//   npm run bench:memory [-- requests]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TARGET_MB = 250;
const requests = Number(process.argv[2] ?? 100_000_000);

function peakRss(n: number): { mb: number; seconds: number } {
  const out = mkdtempSync(join(tmpdir(), 'bb-mem-'));
  const args = ['--import', 'tsx', 'src/cli/main.ts', 'bench', '--keys', '1000000', '--alpha', '1.0', '--requests', String(n), '--capacity', '100000', '--out', join(out, 'run'), '--no-progress'];
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, ...args], { cwd: new URL('..', import.meta.url), encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  rmSync(out, { recursive: true, force: true });
  const m = /maxrss_kb=(\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`run failed (status ${r.status}): ${r.stderr}`);
  return { mb: Number(m[1]) / 1024, seconds };
}

const small = peakRss(Math.max(1, Math.round(requests / 10)));
const big = peakRss(requests);
console.log(`all four strategies, 1,000,000 keys, capacity 100,000, node ${process.version}`);
console.log(`${(requests / 10).toLocaleString('en-US').padStart(13)} requests: peak RSS ${small.mb.toFixed(1)} MB (${small.seconds.toFixed(1)} s)`);
console.log(
  `${requests.toLocaleString('en-US').padStart(13)} requests: peak RSS ${big.mb.toFixed(1)} MB (${big.seconds.toFixed(1)} s)  target < ${TARGET_MB} MB: ${big.mb < TARGET_MB ? 'met' : 'NOT met'}`,
);
console.log(`growth for 10x the requests: ${(big.mb - small.mb).toFixed(1)} MB`);
