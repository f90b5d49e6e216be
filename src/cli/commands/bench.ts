// `bench` (the default command): replay one workload into the selected strategies and report.
import type { Argv, CommandModule } from 'yargs';
import { resolve } from 'node:path';
import { validateLatency } from '../../source/source-model.ts';
import { runStrategies } from '../../runner/run.ts';
import { resolveStrategies } from '../../runner/strategy-config.ts';
import { DEFAULT_STRATEGIES } from '../../strategies/registry.ts';
import { renderCsv } from '../../report/csv.ts';
import { renderJson } from '../../report/json.ts';
import { renderMarkdown } from '../../report/markdown.ts';
import type { BenchReport } from '../../report/report-data.ts';
import { prefetchGitCommit, runInfo } from '../../report/run-info.ts';
import { checkResultsDir, defaultResultsDir, writeResults } from '../../report/write-results.ts';
import { openStream, openWorkload, readsRequests, reopenStream, streamShape } from '../../workloads/stream.ts';
import { traceFlagOptions, traceWorkloadFromFlags } from '../trace-flags.ts';
import { forceFlag, forceOption } from '../out-flags.ts';
import { openParallelStream, PARALLEL_MIN_REQUESTS } from '../../workloads/parallel-stream.ts';
import { availableParallelism } from 'node:os';
import { resolveWorkload } from '../../workloads/workload-config.ts';
import { booleanFlag, capacityFlag, choiceFlag, listFlag, numberFlag, paramFlags, seedFlag, stringFlag, withNamedFlags } from '../flags.ts';
import { createProgress } from '../progress.ts';
import { measureCpuCosts } from '../../cpu/cpu-cost.ts';
import { forTerminal } from '../../report/terminal-table.ts';
import { checkRunResources, resourceFlagOptions, workloadShape } from '../resource-flags.ts';

// Default results go under the folder the command runs in (`npm run` runs in the project's root), so
// an installed backfill-bench never writes into its own package folder.
export const RESULTS_ROOT = resolve('results');
export const DEFAULT_SEED = 1;

/** The flags that choose and override a workload (bench, sweep, load, mrc, trace export). */
export function workloadFlagOptions<T>(y: Argv<T>) {
  return y
    .option('workload', { type: 'string', describe: 'preset name (see `list`) or path to a workload JSON file (default zipf)' })
    .option('keys', { type: 'string', describe: 'override: distinct keys in the source' })
    .option('requests', { type: 'string', describe: 'override: requests in the stream' })
    .option('alpha', { type: 'string', describe: 'override: zipf exponent (zipf, shifting, latest)' })
    .option('scramble', { type: 'string', describe: 'override: spread hot keys over the key space (true/false)' })
    .option('rate', { type: 'string', describe: 'override: requests per virtual second' })
    .option('arrival', { type: 'string', describe: 'override: constant or poisson' })
    .option('absent-ratio', { type: 'string', describe: 'override: fraction of requests for keys the source lacks' })
    .option('param', { type: 'string', describe: 'override any workload field: --param name=value (repeatable)' })
    .option('seed', { type: 'string', describe: `seed for every random choice (default ${DEFAULT_SEED})` });
}

/** Workload flags plus the strategy and latency-model flags of commands that run strategies. */
export function workloadOptions<T>(y: Argv<T>) {
  return resourceFlagOptions(workloadFlagOptions(y))
    .option('strategies', { type: 'string', describe: `comma-separated strategies (default ${DEFAULT_STRATEGIES.join(',')})` })
    .option('capacity', { type: 'string', describe: 'cache capacity in keys, or "unbounded" (strategies that take it)' })
    .option('threshold', { type: 'string', describe: 'miss-rate threshold 0.01..1 (threshold, lru-backfill)' })
    .option('batch', { type: 'string', describe: 'keys per backfill (backfilling strategies)' })
    .option('window', { type: 'string', describe: 'miss rate over the last N lookups (threshold, lru-backfill)' })
    .option('interval', { type: 'string', describe: 'virtual ms between timer backfills (time-based)' })
    .option('opt-max-requests', { type: 'string', describe: 'opt: refuse streams longer than this (it holds ~8 bytes per request; default 100,000,000)' })
    .option('hit-ms', { type: 'string', describe: 'modeled latency of a cache hit, ms (default 0.2)' })
    .option('call-ms', { type: 'string', describe: 'modeled latency of a source round trip, ms (default 2)' })
    .option('per-key-ms', { type: 'string', describe: 'modeled added latency per key read, ms (default 0.02)' })
    .option('jitter', { type: 'string', describe: 'seeded jitter on source calls, fraction 0..1 (default 0)' });
}

export interface RunSettings {
  readonly workloadArg: string;
  readonly workloadOverrides: Record<string, unknown>;
  readonly strategyNames: readonly string[];
  readonly strategyOverrides: Record<string, unknown>;
  readonly latencyRaw: Record<string, unknown>;
  readonly seed: number;
}

export function readRunSettings(a: Record<string, unknown>, paramFlag = 'param'): RunSettings {
  const workloadOverrides = withNamedFlags(
    paramFlags(a.param, paramFlag),
    {
      keys: numberFlag('keys', a.keys),
      requests: numberFlag('requests', a.requests),
      alpha: numberFlag('alpha', a.alpha),
      scramble: booleanFlag('scramble', a.scramble),
      rate: numberFlag('rate', a.rate),
      arrival: stringFlag('arrival', a.arrival),
      absentRatio: numberFlag('absent-ratio', a.absentRatio ?? a['absent-ratio']),
    },
    paramFlag,
  );
  const strategyOverrides: Record<string, unknown> = {
    capacity: capacityFlag(a.capacity),
    threshold: numberFlag('threshold', a.threshold),
    batch: numberFlag('batch', a.batch),
    window: numberFlag('window', a.window),
    intervalMs: numberFlag('interval', a.interval),
    maxRequests: numberFlag('opt-max-requests', a['opt-max-requests']),
  };
  const latencyRaw: Record<string, unknown> = {};
  for (const [flag, field] of [
    ['hit-ms', 'hitMs'],
    ['call-ms', 'callMs'],
    ['per-key-ms', 'perKeyMs'],
    ['jitter', 'jitter'],
  ] as const) {
    const v = numberFlag(flag, a[flag]);
    if (v !== undefined) latencyRaw[field] = v;
  }
  const workloadArg = stringFlag('workload', a.workload) ?? 'zipf';
  return {
    workloadArg,
    workloadOverrides,
    strategyNames: listFlag('strategies', a.strategies) ?? DEFAULT_STRATEGIES,
    strategyOverrides,
    latencyRaw,
    seed: seedFlag(a.seed) ?? DEFAULT_SEED,
  };
}

export function benchCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: ['bench', '$0'],
    describe: 'replay one workload into every selected strategy and report hit ratio, source load and latency',
    builder: (y) =>
      forceOption(traceFlagOptions(workloadOptions(y)))
        .option('format', { type: 'string', default: 'table', describe: 'stdout format: table (Markdown), json or csv' })
        .option('out', { type: 'string', describe: 'results folder (default results/<UTC time>-<workload>-<6 random hex digits>/); an existing non-empty folder needs --force' })
        .option('cpu', { type: 'boolean', default: false, describe: 'also time each strategy with tinybench (adds CPU-cost columns and two reference rows)' })
        .option('cpu-time', { type: 'string', describe: 'tinybench time budget per task, ms (default 400)' })
        .option('gen-thread', {
          type: 'string',
          describe: `generate the stream on a worker thread: auto (streams of ${PARALLEL_MIN_REQUESTS.toLocaleString('en-US')}+ requests on a multi-core machine), on, off`,
        })
        .option('wide', { type: 'boolean', describe: 'print the full table (default: key columns, to fit 120 columns; the files always have all)' })
        .option('progress', { type: 'boolean', describe: 'progress on stderr: a bar on a terminal, a line every 5 s otherwise (default on; --no-progress: off)' })
        .example('$0 bench --workload zipf', 'the default four-strategy comparison')
        .example('$0 bench --workload shifting --strategies none,lru-backfill --capacity 5000 --format json', ''),
    handler: async (argv) => {
      const a = argv as Record<string, unknown>;
      const started = new Date();
      const gitKnown = prefetchGitCommit(); // for run.json, on the other core while this one replays
      const format = choiceFlag('format', a.format, ['table', 'json', 'csv']) ?? 'table';
      const settings = readRunSettings(a);
      const resolved = traceWorkloadFromFlags(a, settings.workloadOverrides) ?? resolveWorkload(settings.workloadArg, settings.workloadOverrides);
      const reads = readsRequests(resolved); // a trace: read, not generated
      const latency = validateLatency(settings.latencyRaw, 'latency flags');
      // Long synthetic streams are generated on a second core while this one replays.
      const genThread = choiceFlag('gen-thread', a['gen-thread'], ['auto', 'on', 'off']) ?? 'auto';
      const parallel = !reads && (genThread === 'on' || (genThread === 'auto' && resolved.requests >= PARALLEL_MIN_REQUESTS && availableParallelism() > 1));
      const outArg = stringFlag('out', a.out);
      const force = forceFlag(a);
      if (outArg) checkResultsDir(resolve(outArg), { force });
      // Synthetic workloads know their key count up front: every flag is checked before any work
      // starts (a trace learns it in its first pass).
      const early = reads ? undefined : resolveStrategies(settings.strategyNames, settings.strategyOverrides, streamShape(resolved).sourceKeys);
      if (early) checkRunResources(a, workloadShape(resolved, streamShape(resolved)), early);
      const { stream, workload } = reads
        ? await openWorkload(resolved, settings.seed)
        : { stream: parallel ? openParallelStream(resolved, settings.seed) : openStream(resolved, settings.seed), workload: resolved };
      const strategies = early ?? resolveStrategies(settings.strategyNames, settings.strategyOverrides, stream.sourceKeys);
      if (!early) checkRunResources(a, workloadShape(workload, stream), strategies);
      const dir = outArg ? resolve(outArg) : defaultResultsDir(RESULTS_ROOT, workload.name, started);
      checkResultsDir(dir, { force });

      const progress = createProgress('replaying', typeof a.progress === 'boolean' ? a.progress : undefined);
      let results;
      try {
        results = await runStrategies(stream, strategies, { seed: settings.seed, latency, onProgress: (d, t) => progress.update(d, t), reopen: () => reopenStream(resolved, settings.seed) });
      } finally {
        progress.stop();
      }
      const cpu = a.cpu === true ? await measureCpuCosts(() => reopenStream(resolved, settings.seed), strategies, { latency, timeMs: numberFlag('cpu-time', a['cpu-time']) }) : undefined;
      const report: BenchReport = { workload, seed: settings.seed, latency, results, cpu };
      const markdown = renderMarkdown(report);
      const csv = renderCsv(report);
      const json = renderJson(report);
      await gitKnown;
      writeResults(
        dir,
        {
          'summary.md': markdown,
          'summary.csv': csv,
          'summary.json': json,
          'run.json': `${JSON.stringify(runInfo(report, process.argv.slice(2), started, { resultsDir: dir }), null, 2)}\n`,
        },
        { force },
      );
      process.stdout.write(format === 'json' ? json : format === 'csv' ? csv : forTerminal(markdown, a.wide === true));
      process.stderr.write(`results written to ${dir} (${((Date.now() - started.getTime()) / 1000).toFixed(1)} s)\n`);
      setExit(0);
    },
  };
}
