// `bench` (the default command): replay one workload into the selected strategies and report.
import type { Argv, CommandModule } from 'yargs';
import { resolve } from 'node:path';
import { validateLatency } from '../../source/source-model.ts';
import { isQueued, runStrategies } from '../../runner/run.ts';
import { resolveStrategies, type ResolvedStrategy } from '../../runner/strategy-config.ts';
import { allStrategySpecs, DEFAULT_STRATEGIES } from '../../strategies/registry.ts';
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
import { COMMON_PARAMS, resolveWorkload } from '../../workloads/workload-config.ts';
import { choiceFlag, listFlag, numberFlag, paramFlags, seedFlag, stringFlag, withNamedFlags } from '../flags.ts';
import { paramFlagValues, paramOptions } from '../param-flags.ts';
import { defaultText, isScalar } from '../../core/param-decl.ts';
import { LATENCY_PARAMS } from '../../source/source-model.ts';
import { checkSourceWithLatency, SOURCE_PARAMS, validateSourceParams } from '../../source/queue/source-params.ts';
import { strategyParamDecls } from '../../strategies/strategy-param-index.ts';
import { SHARED_WORKLOAD_PARAMS } from '../../workloads/common-params.ts';
import { allWorkloadSpecs } from '../../workloads/registry.ts';
import { createProgress } from '../progress.ts';
import { measureCpuCosts } from '../../cpu/cpu-cost.ts';
import { forTerminal } from '../../report/terminal-table.ts';
import { checkRunResources, resourceFlagOptions, workloadShape } from '../resource-flags.ts';
import { renderSvg } from '../../report/vega-svg.ts';
import { renderSeriesCsv, seriesChartSpec, seriesMarkdown, SERIES_CSV, SERIES_SVG } from '../../report/series-report.ts';
import { seriesSpanMs, seriesWindowFlag, seriesWindowOption, warmEpsilonFlag, warmEpsilonOption } from '../series-flags.ts';
import { eventFlagOption, lateEventsNote, withEventFlags } from '../event-flags.ts';
import { resolveEvents } from '../../events/parse-event.ts';
import { reportFlagOptions, writeRunReport } from '../report-flags.ts';
import { writesFlag, writesFlagOption } from '../write-flags.ts';

// Default results go under the folder the command runs in (`npm run` runs in the project's root), so
// an installed backfill-bench never writes into its own package folder.
export const RESULTS_ROOT = resolve('results');
export const DEFAULT_SEED = 1;

/** The flags that choose and override a workload (bench, sweep, load, mrc, trace export). */
export function workloadFlagOptions<T>(y: Argv<T>) {
  return y
    .option('workload', { type: 'string', describe: 'preset name (see `list`) or path to a workload JSON file (default zipf)' })
    .options(workloadParamOptions())
    .option('writes', writesFlagOption)
    .option('param', { type: 'string', describe: 'override any workload field: --param name=value (repeatable)' })
    .option('seed', { type: 'string', describe: `seed for every random choice (default ${DEFAULT_SEED})` });
}

/** Workload flags plus the strategy and latency-model flags of commands that run strategies. */
export function workloadOptions<T>(y: Argv<T>) {
  return resourceFlagOptions(workloadFlagOptions(y))
    .option('strategies', {
      type: 'string',
      describe: `comma-separated strategies (default ${DEFAULT_STRATEGIES.join(',')}); policy+preset runs a preset on another eviction policy (s3fifo+threshold); see \`list\``,
    })
    .options(strategyParamOptions())
    .options(paramOptions(LATENCY_PARAMS, 'modeled latency: '))
    .options(paramOptions(SOURCE_FLAG_PARAMS, 'source model: '));
}

/** The source model's flags (issue 15): --source-concurrency, --service-ms, --coalesce, ... */
const SOURCE_FLAG_PARAMS = SOURCE_PARAMS.filter(isScalar);

/** The workload flags: the fields every workload has and the parameters several generators share. */
const WORKLOAD_FLAG_PARAMS = [...SHARED_WORKLOAD_PARAMS, ...COMMON_PARAMS].filter(isScalar);

function workloadParamOptions() {
  return paramOptions(WORKLOAD_FLAG_PARAMS, 'override: ', (d) => {
    const takers = allWorkloadSpecs().filter((s) => s.params.some((p) => p.name === d.name));
    return takers.length === 0 || takers.length === allWorkloadSpecs().length - 1 ? '' : takers.map((s) => s.name).join(', ');
  });
}

/** One flag per strategy parameter, naming the strategies that take it (with their defaults when these differ). */
function strategyParamOptions() {
  return paramOptions(strategyParamDecls(), '', (d) => {
    const takers = allStrategySpecs().flatMap((s) => s.params.filter((p) => p.name === d.name).map((p) => ({ s: s.name, def: defaultText(p) })));
    const differ = new Set(takers.map((t) => t.def)).size > 1;
    return `strategies: ${takers.map((t) => (differ ? `${t.s} (default ${t.def})` : t.s)).join(', ')}`;
  });
}

export interface RunSettings {
  readonly workloadArg: string;
  readonly workloadOverrides: Record<string, unknown>;
  readonly strategyNames: readonly string[];
  readonly strategyOverrides: Record<string, unknown>;
  readonly latencyRaw: Record<string, unknown>;
  /** The source model's flags that were given (--source-concurrency, --service-ms, ...). */
  readonly sourceRaw: Record<string, unknown>;
  readonly seed: number;
}

export function readRunSettings(a: Record<string, unknown>, paramFlag = 'param'): RunSettings {
  const workloadOverrides = withNamedFlags(paramFlags(a.param, paramFlag), { ...paramFlagValues(WORKLOAD_FLAG_PARAMS, a), writes: writesFlag(a) }, paramFlag);
  const strategyOverrides = paramFlagValues(strategyParamDecls(), a);
  const latencyRaw = paramFlagValues(LATENCY_PARAMS, a);
  const sourceRaw = paramFlagValues(SOURCE_FLAG_PARAMS, a);
  const workloadArg = stringFlag('workload', a.workload) ?? 'zipf';
  return {
    workloadArg,
    workloadOverrides,
    strategyNames: listFlag('strategies', a.strategies) ?? DEFAULT_STRATEGIES,
    strategyOverrides,
    latencyRaw,
    sourceRaw,
    seed: seedFlag(a.seed) ?? DEFAULT_SEED,
  };
}

export function benchCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: ['bench', '$0'],
    describe: 'replay one workload into every selected strategy and report hit ratio, source load and latency',
    builder: (y) =>
      reportFlagOptions(eventFlagOption(forceOption(traceFlagOptions(workloadOptions(y)))))
        .option('format', { type: 'string', default: 'table', describe: 'stdout format: table (Markdown), json or csv' })
        .option('out', { type: 'string', describe: 'results folder (default results/<UTC time>-<workload>-<6 random hex digits>/); an existing non-empty folder needs --force' })
        .option('cpu', {
          type: 'boolean',
          default: false,
          describe: "also time each strategy with tinybench (adds CPU-cost columns and two reference rows; timed without --event events and writes, on today's source model)",
        })
        .option('cpu-time', { type: 'string', describe: 'tinybench time budget per task, ms (default 400)' })
        .option('gen-thread', {
          type: 'string',
          describe: `generate the stream on a worker thread: auto (streams of ${PARALLEL_MIN_REQUESTS.toLocaleString('en-US')}+ requests on a multi-core machine), on, off`,
        })
        .option('series-window', seriesWindowOption)
        .option('warm-epsilon', warmEpsilonOption)
        .option('wide', { type: 'boolean', describe: 'print the full table (default: key columns, to fit 120 columns; the files always have all)' })
        .option('progress', { type: 'boolean', describe: 'progress on stderr: a bar on a terminal, a line every 5 s otherwise (default on; --no-progress: off)' })
        .example('$0 bench --workload zipf', 'the default four-strategy comparison')
        .example('$0 bench --workload shifting --strategies none,lru-backfill --capacity 5000 --format json', '')
        .example('$0 bench --workload zipf --strategies none,lru-backfill,s3fifo+lru-backfill --admission tinylfu', 'composed: a preset on another policy, one admission filter for all')
        .example('$0 bench --workload zipf --event restart@60s --strategies none,lru-backfill', 'a cache restart at 60 s of virtual time: warm-up measured against a twin run without it')
        .example('$0 bench --workload zipf --source-concurrency 8 --service-ms 2 --coalesce false', 'a source with 8 connections: queueing, duplicate reads, latency under load')
        .example('$0 bench --workload zipf --writes 100/s --write-mode invalidate', 'writes at the source, 100 per virtual second, keys as popular as the reads'),
    handler: async (argv) => {
      const a = argv as Record<string, unknown>;
      const started = new Date();
      const gitKnown = prefetchGitCommit(); // for run.json, on the other core while this one replays
      const format = choiceFlag('format', a.format, ['table', 'json', 'csv']) ?? 'table';
      const settings = readRunSettings(a);
      const resolved = withEventFlags(traceWorkloadFromFlags(a, settings.workloadOverrides) ?? resolveWorkload(settings.workloadArg, settings.workloadOverrides), a.event);
      const reads = readsRequests(resolved); // a trace: read, not generated
      const latency = validateLatency(settings.latencyRaw, 'latency flags');
      const source = validateSourceParams(settings.sourceRaw, 'source model flags');
      checkSourceWithLatency(source, latency, '--jitter');
      // Long synthetic streams are generated on a second core while this one replays.
      const genThread = choiceFlag('gen-thread', a['gen-thread'], ['auto', 'on', 'off']) ?? 'auto';
      const parallel = !reads && (genThread === 'on' || (genThread === 'auto' && resolved.requests >= PARALLEL_MIN_REQUESTS && availableParallelism() > 1));
      const windowMs = seriesWindowFlag(a);
      const warmEpsilon = warmEpsilonFlag(a, resolved.events !== undefined);
      const outArg = stringFlag('out', a.out);
      const force = forceFlag(a);
      if (outArg) checkResultsDir(resolve(outArg), { force });
      // Synthetic workloads know their key count up front: every flag is checked before any work
      // starts (a trace learns it in its first pass).
      const early = reads ? undefined : resolveStrategies(settings.strategyNames, settings.strategyOverrides, streamShape(resolved).sourceKeys);
      // With events each strategy runs beside its twin: twice the strategies in memory.
      const withTwins = (list: readonly ResolvedStrategy[]) => (resolved.events === undefined ? list : [...list, ...list]);
      if (early) checkRunResources(a, workloadShape(resolved, streamShape(resolved)), withTwins(early));
      const { stream, workload } = reads
        ? await openWorkload(resolved, settings.seed)
        : { stream: parallel ? openParallelStream(resolved, settings.seed) : openStream(resolved, settings.seed), workload: resolved };
      const strategies = early ?? resolveStrategies(settings.strategyNames, settings.strategyOverrides, stream.sourceKeys);
      if (!early) checkRunResources(a, workloadShape(workload, stream), withTwins(strategies));
      const events = workload.events === undefined ? undefined : resolveEvents(workload.events, stream.sourceKeys);
      const dir = outArg ? resolve(outArg) : defaultResultsDir(RESULTS_ROOT, workload.name, started);
      checkResultsDir(dir, { force });

      const progress = createProgress('replaying', typeof a.progress === 'boolean' ? a.progress : undefined);
      let results;
      try {
        results = await runStrategies(stream, strategies, {
          seed: settings.seed,
          latency,
          windowMs,
          warmEpsilon,
          seriesSpanMs: seriesSpanMs(workload, stream),
          onProgress: (d, t) => progress.update(d, t),
          reopen: () => reopenStream(resolved, settings.seed),
          events,
          source,
          writes: workload.writes,
        });
      } finally {
        progress.stop();
      }
      const cpu = a.cpu === true ? await measureCpuCosts(() => reopenStream(resolved, settings.seed), strategies, { latency, timeMs: numberFlag('cpu-time', a['cpu-time']) }) : undefined;
      const report: BenchReport = { workload, seed: settings.seed, latency, results, cpu, ...(events ? { events } : {}), ...(isQueued({ source }) ? { source } : {}) };
      const markdown = renderMarkdown(report);
      const csv = renderCsv(report);
      const json = renderJson(report);
      const chartSpec = seriesChartSpec(report);
      const chart = chartSpec === undefined ? undefined : await renderSvg(chartSpec);
      await gitKnown;
      writeResults(
        dir,
        {
          'summary.md': `${markdown}${seriesMarkdown(chart !== undefined)}`,
          'summary.csv': csv,
          'summary.json': json,
          [SERIES_CSV]: renderSeriesCsv(report),
          ...(chart === undefined ? {} : { [SERIES_SVG]: chart }),
          'run.json': `${JSON.stringify(runInfo(report, process.argv.slice(2), started, { resultsDir: dir }), null, 2)}\n`,
        },
        { force },
      );
      process.stdout.write(format === 'json' ? json : format === 'csv' ? csv : forTerminal(markdown, a.wide === true));
      const late = lateEventsNote(events, results);
      if (late !== undefined) process.stderr.write(late);
      await writeRunReport(dir, a);
      process.stderr.write(`results written to ${dir} (${((Date.now() - started.getTime()) / 1000).toFixed(1)} s)\n`);
      setExit(0);
    },
  };
}
