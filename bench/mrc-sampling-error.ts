// The error of `mrc --eviction P --sample-rate R` (SHARDS-style spatial sampling with a scaled cache)
// against the full simulation, for every registered policy: on synthetic workloads and, when the
// shared traces are there, on real ones. Per (workload, policy, rate): the mean and the max absolute
// miss-ratio error over capacities of 0.1 % .. 50 % of the distinct keys (capacities whose sampled
// cache would hold fewer than MIN_SAMPLED_CACHE keys are left out and counted: the floor mrc uses).
//
//   npm run -s bench:mrc-sampling [-- --dir ../shared/traces --rates 0.1,0.01 --workers 2]
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { markdownTable } from '../src/report/markdown.ts';
import { MIN_SAMPLED_CACHE, pointMissRatio } from '../src/mrc/policy-curve.ts';
import { policyCurve, streamCounts } from '../src/mrc/policy-curve-run.ts';
import { allPolicySpecs } from '../src/strategies/eviction/registry.ts';
import { defaultWorkers } from '../src/sweep/pool.ts';
import { loadWorkload, openStream } from '../src/workloads/stream.ts';
import { resolveWorkload, validateWorkload, type ResolvedWorkload } from '../src/workloads/workload-config.ts';

const FRACTIONS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5];

async function workloads(dir: string): Promise<ResolvedWorkload[]> {
  const out = [resolveWorkload('zipf', { keys: 100_000, requests: 1_000_000 }), resolveWorkload('shifting', { keys: 100_000, requests: 1_000_000 })];
  const traces: [string, Record<string, unknown>][] = [
    ['libcachesim/cloudPhysicsIO.oracleGeneral.bin', { format: 'oracle-general' }],
    ['cache2k/web12.trace.xz', {}],
    ['lirs/2_pools.trace.gz', {}],
  ];
  for (const [rel, fields] of traces) {
    const path = join(dir, rel);
    if (existsSync(path)) out.push(await loadWorkload(validateWorkload(path, { workload: 'trace', path, ...fields }, path), 1));
    else process.stderr.write(`mrc-sampling-error: ${path} absent, skipped\n`);
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { dir: { type: 'string', default: '../shared/traces' }, rates: { type: 'string', default: '0.1,0.01' }, workers: { type: 'string' }, policies: { type: 'string' } },
  });
  const rates = values.rates!.split(',').map(Number);
  const workers = values.workers === undefined ? defaultWorkers() : Number(values.workers);
  const policies = values.policies ? values.policies.split(',') : allPolicySpecs().map((s) => s.name);
  const rows: string[][] = [];
  /** Pivoted: one row per (workload, rate), one "mean / max" cell per policy. */
  const pivot = new Map<string, Map<string, string>>();
  const started = performance.now();
  for (const w of await workloads(values.dir!)) {
    const { distinct, requests } = await streamCounts(openStream(w, 1));
    const caps = [...new Set(FRACTIONS.map((f) => Math.max(1, Math.round(f * distinct))))];
    for (const policy of policies) {
      const full = await policyCurve({ workload: w, seed: 1, policy, capacities: caps, sampleRate: 1, workers });
      for (const R of rates) {
        const kept = caps.filter((c) => c * R >= MIN_SAMPLED_CACHE);
        if (kept.length === 0) continue;
        const sampled = await policyCurve({ workload: w, seed: 1, policy, capacities: kept, sampleRate: R, workers });
        const errors = kept.map((c, i) => Math.abs(pointMissRatio(sampled.points[i]!) - pointMissRatio(full.points[caps.indexOf(c)]!)));
        const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
        const max = Math.max(...errors);
        rows.push([w.name, requests.toLocaleString('en-US'), distinct.toLocaleString('en-US'), policy, String(R), `${kept.length} of ${caps.length}`, mean.toFixed(4), max.toFixed(4)]);
        const label = `${w.name.replace(/^.*\//, '')} (${requests.toLocaleString('en-US')} req., ${distinct.toLocaleString('en-US')} keys) | ${R} | ${kept.length} of ${caps.length}`;
        if (!pivot.has(label)) pivot.set(label, new Map());
        pivot.get(label)!.set(policy, `${mean.toFixed(3)} / ${max.toFixed(3)}`);
        process.stderr.write(`${w.name} ${policy} R=${R}: mean ${mean.toFixed(4)} max ${max.toFixed(4)}\n`);
      }
    }
  }
  process.stdout.write(
    `${markdownTable(['workload', 'requests', 'distinct keys', 'policy', 'rate', 'capacities', 'mean abs. error', 'max abs. error'], rows, [false, true, true, false, true, true, true, true])}\n\n`,
  );
  // The same, one row per workload and rate (README form): mean / max absolute miss-ratio error.
  const pivotRows = [...pivot].map(([label, cells]) => [...label.split(' | '), ...policies.map((p) => cells.get(p) ?? '—')]);
  process.stdout.write(`${markdownTable(['workload', 'R', 'capacities', ...policies], pivotRows, [false, true, true, ...policies.map(() => true)])}\n`);
  process.stdout.write(`\n(${((performance.now() - started) / 1000).toFixed(0)} s, ${workers} workers)\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`mrc-sampling-error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
