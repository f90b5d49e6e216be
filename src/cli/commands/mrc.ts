// `mrc`: the miss-ratio curve of demand-fill LRU (`none`) for a workload, every capacity in one pass
// (stack distances), or estimated by SHARDS sampling with --sample-rate. Prints a table, writes
// results/<UTC time>-mrc-<workload>/ with mrc.md, mrc.csv and miss-ratio-curve.svg.
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { stringify } from 'csv-stringify/sync';
import type { TopLevelSpec } from 'vega-lite';
import { ConfigError } from '../../core/errors.ts';
import { profileStream, type MissRatioCurve } from '../../mrc/stack-distance.ts';
import { markdownTable } from '../../report/markdown.ts';
import { renderSvg } from '../../report/vega-svg.ts';
import { checkResultsDir, defaultResultsDir, writeResults } from '../../report/write-results.ts';
import { forceFlag, forceOption } from '../out-flags.ts';
import { loadWorkload, openStream } from '../../workloads/stream.ts';
import { resolveWorkload } from '../../workloads/workload-config.ts';
import { refuseEvents } from '../event-flags.ts';
import { refuseWrites } from '../write-flags.ts';
import { choiceFlag, listFlag, numberFlag, stringFlag } from '../flags.ts';
import { createProgress } from '../progress.ts';
import { readRunSettings, RESULTS_ROOT, workloadFlagOptions } from './bench.ts';
import { CSV_CAST } from '../../report/csv-number.ts';
import { traceFlagOptions, traceWorkloadFromFlags } from '../trace-flags.ts';
import { policySpec } from '../../strategies/eviction/registry.ts';
import { flagOf } from '../../core/param-decl.ts';
import { EVICTION } from '../../strategies/strategy-params.ts';
import { MIN_SAMPLED_CACHE, pointMissRatio, scaledCapacity } from '../../mrc/policy-curve.ts';
import { policyCurve, streamCounts } from '../../mrc/policy-curve-run.ts';
import { defaultWorkers } from '../../sweep/pool.ts';
import { gitCommit, packageVersions } from '../../report/run-info.ts';
import { reportFlagOptions, writeRunReport } from '../report-flags.ts';
import type { ResolvedWorkload } from '../../workloads/workload-config.ts';

/** Above this many source keys the exact profile's memory (~20 bytes a key) is replaced by SHARDS. */
export const AUTO_SAMPLE_KEYS = 20_000_000;

function options<T>(y: Argv<T>) {
  return reportFlagOptions(forceOption(traceFlagOptions(workloadFlagOptions(y))))
    .option('capacities', { type: 'string', describe: 'comma-separated capacities to print (default: 1, 2, 5 x 10^k up to the distinct keys)' })
    .option(flagOf(EVICTION), {
      type: 'string',
      describe: 'eviction policy (see `list`; default lru): a stack algorithm (lru) in one pass, any other by one simulation per capacity on every core',
    })
    .option('workers', { type: 'string', describe: `worker threads for --eviction of a policy that is not a stack algorithm (default: all cores, ${defaultWorkers()} here; 0: the main thread)` })
    .option('sample-rate', {
      type: 'string',
      describe: `spatial sampling rate in (0, 1]: keys whose hash < R, a cache scaled by R, counts scaled back (SHARDS; default 1 = exact; automatic above ${AUTO_SAMPLE_KEYS.toLocaleString('en-US')} keys)`,
    })
    .option('out', { type: 'string', describe: 'results folder (default results/<UTC time>-mrc-<workload>-<6 random hex digits>/); an existing non-empty folder needs --force' })
    .option('format', { type: 'string', default: 'table', describe: 'stdout: table (Markdown) or csv' })
    .option('progress', { type: 'boolean', describe: 'progress on stderr: a bar on a terminal, a line every 5 s otherwise (default on; --no-progress: off)' });
}

function defaultCapacities(curve: MissRatioCurve): number[] {
  return defaultCapacityList(Math.max(1, Math.round(curve.distinctKeys)));
}

export function curveChartSpec(curve: MissRatioCurve, title: string, policy = 'LRU'): TopLevelSpec {
  const values = curve.capacities(24).map((c) => ({ capacity: c, hitRatio: curve.hitRatioAt(c), err: curve.errorAt(c) }));
  return pointsChartSpec(values, curve.hitRatioAt(undefined), `${policy} miss-ratio curve (demand fill)`, title, !curve.exact);
}

/** A hit-ratio curve over log capacity, with a ±2 error band when `band`, and the unbounded cache's line. */
export function pointsChartSpec(values: readonly { capacity: number; hitRatio: number; err: number }[], unbounded: number, heading: string, title: string, band: boolean): TopLevelSpec {
  const u = unbounded;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: heading, subtitle: title },
    width: 640,
    height: 360,
    layer: [
      ...(!band
        ? []
        : [
            {
              data: { values: values.map((v) => ({ capacity: v.capacity, lo: Math.max(0, v.hitRatio - 2 * v.err), hi: Math.min(1, v.hitRatio + 2 * v.err) })) },
              mark: { type: 'area', opacity: 0.2 },
              encoding: { x: { field: 'capacity', type: 'quantitative', scale: { type: 'log' } }, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
            },
          ]),
      {
        data: { values },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: { field: 'capacity', type: 'quantitative', scale: { type: 'log' }, title: 'cache capacity (keys, log scale)', axis: { format: '~s' } },
          y: { field: 'hitRatio', type: 'quantitative', scale: { domain: [0, 1] }, title: 'hit ratio (hits / requests)', axis: { format: '.0%' } },
        },
      },
      { data: { values: [{ y: u }] }, mark: { type: 'rule', strokeDash: [2, 3], color: '#555' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      {
        data: { values: [{ y: u, text: `unbounded cache: ${(u * 100).toFixed(1)}%` }] },
        mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, dy: -3, x: 0, fontSize: 12 },
        encoding: { y: { field: 'y', type: 'quantitative' }, text: { field: 'text' } },
      },
    ],
  } as TopLevelSpec;
}

/** run.json of an mrc folder: what reproduces it (the command, seed, workload, policy, sampling) and the versions. */
function mrcRunJson(o: { workload: ResolvedWorkload; seed: number; policy: string; sampleRate: number; started: Date }): string {
  const w = o.workload;
  return `${JSON.stringify(
    {
      command: ['backfill-bench', ...process.argv.slice(2)].join(' '),
      startedAt: o.started.toISOString(),
      seed: o.seed,
      workload: { name: w.name, summary: w.summary, requests: w.requests },
      policy: o.policy,
      sampleRate: o.sampleRate,
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      gitCommit: gitCommit(),
      packages: packageVersions(),
    },
    null,
    2,
  )}\n`;
}

function workersFlag(raw: unknown): number {
  const v = numberFlag('workers', raw)!;
  if (!Number.isSafeInteger(v) || v < 0 || v > 256) throw new ConfigError(`--workers: ${v} is not allowed; use an integer 0 .. 256 (0: run in the main thread)`);
  return v;
}

interface PolicyMrcArgs {
  readonly a: Record<string, unknown>;
  readonly workload: ResolvedWorkload;
  readonly seed: number;
  readonly policy: string;
  readonly sampleRate: number;
  readonly auto: boolean;
  readonly caps: readonly number[] | undefined;
  readonly dir: string;
  readonly force: boolean;
  readonly format: 'table' | 'csv';
  readonly workers: number;
  readonly started: Date;
}

/** `mrc --eviction P` for a policy that is not a stack algorithm: one simulation per capacity. */
async function policyMrc(o: PolicyMrcArgs): Promise<void> {
  const counts = await streamCounts(openStream(o.workload, o.seed));
  const R = o.sampleRate;
  const unbounded = counts.requests === 0 ? 0 : (counts.requests - counts.absent - counts.distinct) / counts.requests;
  const top = Math.max(1, counts.distinct);
  // Sampled: by default only capacities whose sampled cache holds MIN_SAMPLED_CACHE keys (see there).
  const capacities = o.caps ? [...o.caps] : defaultCapacityList(top).filter((c) => R === 1 || c * R >= MIN_SAMPLED_CACHE || c === top);
  const tiny = capacities.filter((c) => R < 1 && scaledCapacity(c, R) < MIN_SAMPLED_CACHE);
  if (tiny.length > 0) {
    process.stderr.write(
      `backfill-bench: note: at --sample-rate ${R} the capacities ${tiny.map((c) => c.toLocaleString('en-US')).join(', ')} are simulated with a sampled cache under ${MIN_SAMPLED_CACHE} keys, where policies with proportional parts (w-tinylfu's window, s3fifo's small queue) degenerate; expect large errors there\n`,
    );
  }
  const progress = createProgress(`simulating ${o.policy}`, typeof o.a.progress === 'boolean' ? o.a.progress : undefined, 'capacities');
  let run;
  try {
    run = await policyCurve({ workload: o.workload, seed: o.seed, policy: o.policy, capacities, sampleRate: R, workers: o.workers, onPoint: (d, t) => progress.update(d, t) });
  } finally {
    progress.stop();
  }
  const { points, workers } = run;
  const sampled = R < 1;
  const method = `one simulation per capacity (${o.policy} is not a stack algorithm) on ${workers === 0 ? 'the main thread' : `${workers} worker thread${workers === 1 ? '' : 's'}`}${
    sampled
      ? `, spatially sampled at rate ${R}${o.auto ? ' (automatic: large key space)' : ''}: the requests of keys whose hash falls under R replayed into a cache of round(R x capacity) keys, counts scaled back (SHARDS); README "Miss-ratio curves" gives the error measured`
      : ''
  }`;
  const head =
    `Workload ${o.workload.name}: ${o.workload.summary}; ${counts.requests.toLocaleString('en-US')} requests; seed ${o.seed}. Miss-ratio curve of demand fill with eviction ${o.policy} (declared defaults) by ${method}. ` +
    `${counts.distinct.toLocaleString('en-US')} distinct keys requested; an unbounded cache reaches hit ratio ${unbounded.toFixed(4)}.`;
  const rows = points.map((p) => [
    p.capacity.toLocaleString('en-US'),
    ...(sampled ? [p.simulatedCapacity.toLocaleString('en-US')] : []),
    (1 - pointMissRatio(p)).toFixed(4),
    pointMissRatio(p).toFixed(4),
  ]);
  rows.push(['unbounded', ...(sampled ? [''] : []), unbounded.toFixed(4), (1 - unbounded).toFixed(4)]);
  const table = markdownTable(['capacity (keys)', ...(sampled ? ['sampled cache'] : []), 'hit ratio', 'miss ratio'], rows, [true, true, true, true]);
  const md = `${head}\n\n${table}\n\n![miss-ratio curve](miss-ratio-curve.svg)\n`;
  const csv = stringify(
    [
      ['capacity', 'simulatedCapacity', 'hitRatio', 'missRatio', 'sampledRequests'],
      ...points.map((p) => [p.capacity, p.simulatedCapacity, 1 - pointMissRatio(p), pointMissRatio(p), p.sampledRequests]),
      ['unbounded', '', unbounded, 1 - unbounded, ''],
    ],
    { cast: CSV_CAST },
  );
  const values = points.map((p) => ({ capacity: p.capacity, hitRatio: 1 - pointMissRatio(p), err: 0 }));
  const svg = await renderSvg(
    pointsChartSpec(
      values,
      unbounded,
      `${o.policy} miss-ratio curve (demand fill)`,
      `workload ${o.workload.name}, ${counts.requests.toLocaleString('en-US')} requests; ${sampled ? `sampled, R=${R}` : 'exact, one simulation per capacity'}`,
      false,
    ),
  );
  writeResults(
    o.dir,
    { 'mrc.md': md, 'mrc.csv': csv, 'miss-ratio-curve.svg': svg, 'run.json': mrcRunJson({ workload: o.workload, seed: o.seed, policy: o.policy, sampleRate: o.sampleRate, started: o.started }) },
    { force: o.force },
  );
  process.stdout.write(o.format === 'csv' ? csv : md.replace('![miss-ratio curve](miss-ratio-curve.svg)\n', ''));
  await writeRunReport(o.dir, o.a);
  process.stderr.write(`results written to ${o.dir} (${((Date.now() - o.started.getTime()) / 1000).toFixed(1)} s)\n`);
}

function defaultCapacityList(top: number): number[] {
  const out: number[] = [];
  for (let p = 1; p <= top; p *= 10) for (const m of [1, 2, 5]) if (m * p <= top) out.push(m * p);
  if (!out.includes(top)) out.push(top);
  return out;
}

export function mrcCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: 'mrc',
    describe: 'miss-ratio curve of demand fill at every capacity: LRU in one pass, any --eviction policy by one simulation per capacity (SHARDS-sampled with --sample-rate)',
    builder: (y) =>
      options(y)
        .example('$0 mrc --workload zipf', '')
        .example('$0 mrc --trace web.oracleGeneral.bin', '')
        .example('$0 mrc --workload zipf --keys 50000000 --sample-rate 0.01', '')
        .example('$0 mrc --workload zipf --eviction s3fifo --sample-rate 0.1', 'one sampled simulation per capacity, on every core'),
    handler: async (argv) => {
      const a = argv as Record<string, unknown>;
      const started = new Date();
      const format = choiceFlag('format', a.format, ['table', 'csv']) ?? 'table';
      const settings = readRunSettings(a);
      const workload = await loadWorkload(traceWorkloadFromFlags(a, settings.workloadOverrides) ?? resolveWorkload(settings.workloadArg, settings.workloadOverrides), settings.seed);
      refuseEvents(workload, 'mrc');
      refuseWrites(workload, 'mrc');
      const stream = openStream(workload, settings.seed);
      let rate = numberFlag('sample-rate', a['sample-rate']);
      if (rate !== undefined && !(rate > 0 && rate <= 1 && rate * 2 ** 24 >= 1)) throw new ConfigError(`--sample-rate: ${rate} is not allowed; use a number in (0, 1], at least 2^-24`);
      let auto = false;
      if (rate === undefined && stream.sourceKeys > AUTO_SAMPLE_KEYS) {
        rate = Math.max(2 ** -24, 2_000_000 / stream.sourceKeys);
        auto = true;
      }
      const capsText = listFlag('capacities', a.capacities);
      const caps = capsText?.map((c) => {
        const v = Number(c);
        if (!Number.isSafeInteger(v) || v < 1) throw new ConfigError(`--capacities: ${JSON.stringify(c)} is not an integer >= 1`);
        return v;
      });
      const outArg = stringFlag('out', a.out);
      const dir = outArg ? resolve(outArg) : defaultResultsDir(RESULTS_ROOT, `mrc-${workload.name}`, started);
      const force = forceFlag(a);
      checkResultsDir(dir, { force });
      const evictionName = stringFlag(flagOf(EVICTION), a[flagOf(EVICTION)]);
      const spec = evictionName === undefined ? undefined : policySpec(evictionName, '--eviction');
      if (spec !== undefined && !spec.capabilities.stackAlgorithm) {
        const workers = a.workers === undefined ? defaultWorkers() : workersFlag(a.workers);
        await policyMrc({ a, workload, seed: settings.seed, policy: spec.name, sampleRate: rate ?? 1, auto, caps, dir, force, format, workers, started });
        setExit(0);
        return;
      }
      if (a.workers !== undefined) workersFlag(a.workers);

      const progress = createProgress('profiling', typeof a.progress === 'boolean' ? a.progress : undefined);
      let curve: MissRatioCurve;
      try {
        curve = await profileStream(stream, { sampleRate: rate ?? 1, onProgress: (d, t) => progress.update(d, t) });
      } finally {
        progress.stop();
      }
      const capacities = caps ?? defaultCapacities(curve);
      const method = curve.exact
        ? 'exact stack distances (one pass, Fenwick tree)'
        : `SHARDS sampling at rate ${curve.sampleRate}${auto ? ' (automatic: large key space)' : ''}, ${curve.sampledRequests.toLocaleString('en-US')} sampled requests; ± is the split-half error estimate`;
      const head =
        `Workload ${workload.name}: ${workload.summary}; ${workload.requests.toLocaleString('en-US')} requests; seed ${settings.seed}. Miss-ratio curve of demand-fill LRU by ${method}. ` +
        `${spec ? `(--eviction ${spec.name}: a stack algorithm, so one pass gives every capacity.) ` : ''}${Math.round(curve.distinctKeys).toLocaleString('en-US')} distinct keys requested; an unbounded cache reaches hit ratio ${curve.hitRatioAt(undefined).toFixed(4)}.`;
      const rows = capacities.map((c) => [c.toLocaleString('en-US'), curve.hitRatioAt(c).toFixed(4), curve.missRatioAt(c).toFixed(4), ...(curve.exact ? [] : [`±${curve.errorAt(c).toFixed(4)}`])]);
      rows.push(['unbounded', curve.hitRatioAt(undefined).toFixed(4), curve.missRatioAt(undefined).toFixed(4), ...(curve.exact ? [] : [`±${curve.errorAt(undefined).toFixed(4)}`])]);
      const table = markdownTable(['capacity (keys)', 'hit ratio', 'miss ratio', ...(curve.exact ? [] : ['error est.'])], rows, [true, true, true, true]);
      const md = `${head}\n\n${table}\n\n![miss-ratio curve](miss-ratio-curve.svg)\n`;
      const points = curve.capacities(24, capacities);
      const csv = stringify(
        [
          ['capacity', 'hitRatio', 'missRatio', 'errorEstimate'],
          ...points.map((c) => [c, curve.hitRatioAt(c), curve.missRatioAt(c), curve.errorAt(c)]),
          ['unbounded', curve.hitRatioAt(undefined), curve.missRatioAt(undefined), curve.errorAt(undefined)],
        ],
        { cast: CSV_CAST },
      );
      const svg = await renderSvg(
        curveChartSpec(curve, `workload ${workload.name}, ${workload.requests.toLocaleString('en-US')} requests; ${curve.exact ? 'exact' : `SHARDS R=${curve.sampleRate}, band: ±2 error estimates`}`),
      );
      writeResults(
        dir,
        { 'mrc.md': md, 'mrc.csv': csv, 'miss-ratio-curve.svg': svg, 'run.json': mrcRunJson({ workload, seed: settings.seed, policy: spec?.name ?? 'lru', sampleRate: curve.sampleRate, started }) },
        { force },
      );
      process.stdout.write(format === 'csv' ? csv : md.replace('![miss-ratio curve](miss-ratio-curve.svg)\n', ''));
      await writeRunReport(dir, a);
      process.stderr.write(`results written to ${dir} (${((Date.now() - started.getTime()) / 1000).toFixed(1)} s)\n`);
      setExit(0);
    },
  };
}
