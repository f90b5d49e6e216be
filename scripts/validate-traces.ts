// Exactness against published figures, on the real traces in ../shared/traces (never copied into
// the project): `npm run validate:traces -- --dir ../shared/traces`. Prints a table of expected vs
// ours with a verdict per row; exits 1 on any mismatch, 2 when the folder or a trace is missing.
// The figures are those of ../shared/traces/README.md (capacities in objects, demand fill):
//   - lirs/gli, LRU (`none`) hit ratio at 250 .. 2000 (BitFaster.Caching), to every printed digit;
//   - libcachesim/cloudPhysicsIO, LRU miss ratio and misses (libCacheSim cachesim), and Belady's MIN
//     (`opt`) misses and miss ratio, at 489, 1000, 4897, 10000, on each of the .txt, .csv and
//     .oracleGeneral.bin copies of the same stream (which must give identical results);
//   - on every trace of the folder's size table, requests and distinct keys, and the unbounded
//     cache's hit ratio = 1 - distinct/requests (`none` at capacity unbounded);
//   - every registered eviction policy against libCacheSim's miss counts on cloudPhysicsIO, objects
//     and bytes (the README's two policy tables, read from it; scripts/policy-figures.ts), with the
//     rule that applies: exact for every policy (w-tinylfu keyed by the trace's obj_ids, which it hashes
//     as libCacheSim does), within 1 percentage point for a policy that hashes differently.
// Each row says its rule; rows without one are exact to every printed digit.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_LATENCY } from '../src/source/source-model.ts';
import { runStrategies } from '../src/runner/run.ts';
import type { ResolvedStrategy } from '../src/runner/strategy-config.ts';
import { strategySpec } from '../src/strategies/registry.ts';
import { markdownTable } from '../src/report/markdown.ts';
import { openWorkload } from '../src/workloads/stream.ts';
import { validateWorkload } from '../src/workloads/workload-config.ts';
import { ConfigError } from '../src/core/errors.ts';
import { checkPolicies } from './policy-figures.ts';

interface Row {
  check: string;
  expected: string;
  ours: string;
  /** How ours must compare (default: equal to every printed digit). */
  rule?: string;
  ok?: boolean;
}

const GLI_LRU: readonly [number, string][] = [
  [250, '0.91'],
  [500, '0.95'],
  [750, '1.15'],
  [1000, '11.21'],
  [1250, '21.25'],
  [1500, '36.56'],
  [1750, '45.04'],
  [2000, '57.41'],
];
const CLOUD_CAPACITIES = [489, 1000, 4897, 10000];
const CLOUD_LRU_MISS_RATIO = ['0.8380', '0.8327', '0.8049', '0.6976'];
const CLOUD_LRU_MISSES = [95_420, 94_823, 91_657, 79_438];
const CLOUD_OPT_MISSES = [90_256, 87_019, 71_617, 61_842];
const CLOUD_OPT_MISS_RATIO = ['0.7926', '0.7642', '0.6289', '0.5431'];
const CLOUD_REQUESTS = 113_872;
const CLOUD_FILES: readonly [string, Record<string, unknown>][] = [
  ['cloudPhysicsIO.txt', { format: 'txt' }],
  ['cloudPhysicsIO.csv', { format: 'csv', keyColumn: 5, timeColumn: 2, sizeColumn: 4 }],
  ['cloudPhysicsIO.oracleGeneral.bin', { format: 'oracle-general' }],
];
/** The folder README's size table: requests / distinct keys. */
const SIZES: readonly [string, number, number][] = [
  ['lirs/2_pools.trace.gz', 100_000, 9_939],
  ['lirs/cpp.trace.gz', 9_047, 1_223],
  ['lirs/cs.trace.gz', 6_781, 1_409],
  ['lirs/gli.trace.gz', 6_015, 2_529],
  ['lirs/loop.trace.gz', 505_500, 1_011],
  ['lirs/multi1.trace.gz', 15_858, 2_606],
  ['lirs/multi2.trace.gz', 26_311, 5_684],
  ['lirs/multi3.trace.gz', 30_241, 7_454],
  ['lirs/ps.trace.gz', 10_448, 3_083],
  ['lirs/sprite.trace.gz', 133_996, 7_075],
  ['lirs/scan.trace.gz', 50_025, 2_001],
  ['lirs/zigzag.trace.gz', 52_001, 2_001],
  ['lirs/backf.trace.gz', 9_000, 751],
  ['cache2k/web07.trace.xz', 76_118, 20_484],
  ['cache2k/web12.trace.xz', 95_607, 13_756],
  ['libcachesim/cloudPhysicsIO.txt', CLOUD_REQUESTS, 48_974],
  ['libcachesim/cloudPhysicsIO.csv', CLOUD_REQUESTS, 48_974],
  ['libcachesim/cloudPhysicsIO.oracleGeneral.bin', CLOUD_REQUESTS, 48_974],
];

function strategy(name: string, label: string, capacity: number | undefined): ResolvedStrategy {
  const spec = strategySpec(name);
  return { name: label, spec, params: spec.validate({ ...spec.defaults(1), capacity }, label) as Record<string, unknown> };
}

/** Replays one trace into the given strategies: results by label, plus the stream's shape. */
async function replay(path: string, fields: Record<string, unknown>, strategies: readonly ResolvedStrategy[]) {
  const w = validateWorkload(path, { workload: 'trace', path, ...fields }, path);
  const opened = await openWorkload(w, 1);
  const results = await runStrategies(opened.stream, strategies, {
    seed: 1,
    latency: DEFAULT_LATENCY,
    reopen: async () => (await openWorkload(w, 1)).stream,
  });
  return { byName: new Map(results.map((r) => [r.strategy, r])), requests: opened.stream.requests, distinct: opened.stream.sourceKeys };
}

const n = (x: number) => x.toLocaleString('en-US');

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { dir: { type: 'string', default: '../shared/traces' } } });
  const dir = values.dir!;
  if (!existsSync(dir)) throw new ConfigError(`${dir}: no such folder; give --dir with the shared traces (see ../shared/traces/README.md)`);
  const rows: Row[] = [];
  const trace = (rel: string) => {
    const p = join(dir, rel);
    if (!existsSync(p)) throw new ConfigError(`${p}: missing trace (is --dir the shared traces folder?)`);
    return p;
  };

  // lirs/gli, LRU hit ratio in percent, two decimals.
  {
    const r = await replay(
      trace('lirs/gli.trace.gz'),
      {},
      GLI_LRU.map(([c]) => strategy('none', `lru@${c}`, c)),
    );
    for (const [c, expected] of GLI_LRU) rows.push({ check: `lirs/gli LRU hit ratio % @${c}`, expected, ours: (r.byName.get(`lru@${c}`)!.hitRatio * 100).toFixed(2) });
  }

  // cloudPhysicsIO: LRU and opt, on each copy of the stream; the copies must agree exactly.
  const perFile: string[] = [];
  for (const [file, fields] of CLOUD_FILES) {
    const strategies = CLOUD_CAPACITIES.flatMap((c) => [strategy('none', `lru@${c}`, c), strategy('opt', `opt@${c}`, c)]);
    const r = await replay(trace(`libcachesim/${file}`), fields, strategies);
    const ext = file.slice('cloudPhysicsIO'.length);
    CLOUD_CAPACITIES.forEach((c, i) => {
      const lru = r.byName.get(`lru@${c}`)!;
      const opt = r.byName.get(`opt@${c}`)!;
      rows.push({ check: `cloudPhysicsIO${ext} LRU misses @${c}`, expected: n(CLOUD_LRU_MISSES[i]!), ours: n(lru.misses) });
      rows.push({ check: `cloudPhysicsIO${ext} LRU miss ratio @${c}`, expected: CLOUD_LRU_MISS_RATIO[i]!, ours: lru.missRatio.toFixed(4) });
      rows.push({ check: `cloudPhysicsIO${ext} opt misses @${c}`, expected: n(CLOUD_OPT_MISSES[i]!), ours: n(opt.misses) });
      rows.push({ check: `cloudPhysicsIO${ext} opt miss ratio @${c}`, expected: CLOUD_OPT_MISS_RATIO[i]!, ours: opt.missRatio.toFixed(4) });
    });
    perFile.push(JSON.stringify([...r.byName.values()].map((x) => [x.strategy, x.hits, x.misses, x.evictions, x.finalSize])));
  }
  rows.push({
    check: 'cloudPhysicsIO .txt = .csv = .oracleGeneral.bin (hits, misses, evictions, size)',
    expected: 'identical',
    ours: perFile.every((p) => p === perFile[0]) ? 'identical' : 'DIFFERENT',
  });

  // Sizes and the unbounded hit ratio, every trace of the table.
  for (const [rel, requests, distinct] of SIZES) {
    const r = await replay(trace(rel), {}, [strategy('none', 'unbounded', undefined)]);
    const u = r.byName.get('unbounded')!;
    rows.push({ check: `${rel} requests / distinct`, expected: `${n(requests)} / ${n(distinct)}`, ours: `${n(r.requests)} / ${n(r.distinct)}` });
    rows.push({
      check: `${rel} unbounded hit ratio (1 - distinct/requests)`,
      expected: `${(1 - distinct / requests).toFixed(6)} (${n(requests - distinct)} hits)`,
      ours: `${u.hitRatio.toFixed(6)} (${n(u.hits)} hits)`,
    });
  }

  // Every registered eviction policy at libCacheSim's published points (objects and bytes).
  for (const r of checkPolicies(join(dir, 'README.md'), trace('libcachesim/cloudPhysicsIO.oracleGeneral.bin'))) rows.push(r);

  let failed = 0;
  const table = rows.map((row) => {
    const ok = row.ok ?? row.expected === row.ours;
    if (!ok) failed++;
    return [row.check, row.expected, row.ours, row.rule ?? 'exact', ok ? 'ok' : 'MISMATCH'];
  });
  process.stdout.write(`${markdownTable(['check', 'expected', 'ours', 'rule', 'verdict'], table, [false, true, true, false, false])}\n\n`);
  process.stdout.write(failed === 0 ? `validate:traces: all ${rows.length} rows match\n` : `validate:traces: ${failed} of ${rows.length} rows DO NOT match\n`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`validate:traces: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = e instanceof ConfigError ? 2 : 1;
  },
);
