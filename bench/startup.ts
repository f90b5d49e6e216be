// Start-up of the installed command: wall time of whole processes (`node bin/backfill-bench.js
// ...`, what `npx backfill-bench` and `npm run -s cli --` run), best of N and median, against the
// targets: `list` and `replay` of a small input under 0.3 s. Node's own start-up is the floor. The
// CPU time (user + system, from the shell's `times`) of the best run is shown too: it grows less
// than wall time when other processes compete for the cores.
// With --sources it also times the same command lines through tsx (`npm run dev --`), for comparison.
//   npm run bench:startup -- [runs] [--sources]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, REPO } from '../scripts/build-state.ts';

const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 15);
const sources = process.argv.includes('--sources');
const TARGET_S = 0.3;

ensureBuilt();
const tmp = mkdtempSync(join(tmpdir(), 'startup-'));
const input = join(tmp, 'input.json');
const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
writeFileSync(
  input,
  JSON.stringify({
    source: Object.fromEntries(keys.map((k) => [k, `v-${k}`])),
    lookups: Array.from({ length: 200 }, (_, i) => keys[(i * 7) % 25] ?? `absent${i}`),
    miss_threshold: 0.3,
    backfill_batch: 4,
  }),
);

let n = 0;
const cases: { name: string; args: () => string[]; target?: boolean }[] = [
  { name: '--version', args: () => ['--version'] },
  { name: '--help', args: () => ['--help'] },
  { name: 'list', args: () => ['list'], target: true },
  { name: 'list --format json', args: () => ['list', '--format', 'json'] },
  { name: 'replay (20 keys, 200 lookups)', args: () => ['replay', '--input', input, '--output', join(tmp, 'summary.json')], target: true },
  {
    name: 'bench (zipf, 1,000 keys, 10,000 requests, 2 strategies)',
    args: () => ['bench', '--workload', 'zipf', '--keys', '1000', '--requests', '10000', '--strategies', 'none,lru-backfill', '--out', join(tmp, `b${n++}`)],
  },
];

interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

/** One run: wall time, and the CPU time of the command (the shell's children) from `times`. */
function time(cmd: string, args: readonly string[]): Timing {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('sh', ['-c', '"$@" >/dev/null 2>"$0.err"; s=$?; times; exit $s', join(tmp, 'run'), cmd, ...args], { cwd: tmp, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}: ${readFileSync(join(tmp, 'run.err'), 'utf8')}`);
  const children = r.stdout.trim().split('\n').at(-1) ?? '';
  const cpu = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
  return { wall, cpu };
}

function measure(f: () => Timing): { best: Timing; median: number } {
  const t = Array.from({ length: runs }, f).sort((a, b) => a.wall - b.wall);
  return { best: t[0]!, median: t[Math.floor(t.length / 2)]!.wall };
}

const show = (s: number) => `${s.toFixed(3)} s`;
const load0 = loadavg()[0]!;
console.log(`Start-up, whole process, best / median of ${runs} runs (Node ${process.version}; load average ${load0.toFixed(2)} at the start)\n`);
console.log('| command line | best | median | CPU of the best | target |');
console.log('|---|---:|---:|---:|---|');
const floor = measure(() => time(process.execPath, ['-e', '0']));
console.log(`| node -e 0 (Node's own start-up) | ${show(floor.best.wall)} | ${show(floor.median)} | ${show(floor.best.cpu)} | |`);
const bin = join(REPO, 'bin/backfill-bench.js');
for (const c of cases) {
  const m = measure(() => time(process.execPath, [bin, ...c.args()]));
  const verdict = c.target ? (m.best.wall < TARGET_S ? `< ${TARGET_S} s: met` : `< ${TARGET_S} s: **not met**`) : '';
  console.log(`| backfill-bench ${c.name} | ${show(m.best.wall)} | ${show(m.median)} | ${show(m.best.cpu)} | ${verdict} |`);
}
if (sources) {
  const tsx = join(REPO, 'node_modules/tsx/dist/cli.mjs');
  for (const c of cases) {
    const m = measure(() => time(process.execPath, [tsx, join(REPO, 'src/cli/main.ts'), ...c.args()]));
    console.log(`| sources through tsx: ${c.name} | ${show(m.best.wall)} | ${show(m.median)} | ${show(m.best.cpu)} | |`);
  }
}
console.log(`\nload average ${loadavg()[0]!.toFixed(2)} at the end; figures taken while other processes ran are slower: compare the best with node -e 0.`);
rmSync(tmp, { recursive: true, force: true });
