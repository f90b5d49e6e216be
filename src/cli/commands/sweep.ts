// `sweep`: run a parameter grid on all cores and report the table, the Pareto frontier, a
// recommendation and charts. `sweep merge DIR...`: combine shard folders into one report.
//
// Note: here `--param name=values` is a *strategy* parameter grid (lists and start:end:step ranges);
// on `bench` it overrides a workload field, which `sweep` spells `--workload-param name=value`.
import { checkWarmupConstraints, seriesWindowFlag, seriesWindowOption, warmEpsilonFlag, warmEpsilonOption } from '../series-flags.ts';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { ConfigError } from '../../core/errors.ts';
import { gitCommit, packageVersions, prefetchGitCommit } from '../../report/run-info.ts';
import { writeFileAtomic } from '../../core/atomic-write.ts';
import { checkResultsDir } from '../../report/write-results.ts';
import { prepareSweepDir, folderSweepId } from '../../sweep/sweep-dir.ts';
import { forceFlag, forceOption } from '../out-flags.ts';
import { validateLatency } from '../../source/source-model.ts';
import { isTodaysModel, validateSourceParams } from '../../source/queue/source-params.ts';
import { isSourceParam, sourceParamByFlagOrName } from '../../sweep/cell-source.ts';
import { DEFAULT_LOAD_SERIES_POINTS } from '../../source/load-series.ts';
import { parseConstraints } from '../../sweep/constraints.ts';
import { parseGrid, type GridParam, type GridValue } from '../../sweep/grid.ts';
import { defaultWorkers } from '../../sweep/pool.ts';
import { checkHeatmapRequest } from '../../sweep/heatmap-request.ts';
import { readManifest } from '../../sweep/manifest.ts';
import { sweepSummary } from '../../sweep/run-summary.ts';
import { buildSweepReport, writeSweepReport, type SweepReportOptions } from '../../sweep/report.ts';
import { loadSweep, mergeSweeps, parseShard, planSweep, runSweep, type LoadedSweep } from '../../sweep/sweep.ts';
import { resolveWorkload } from '../../workloads/workload-config.ts';
import { eventFlagOption, withEventFlags } from '../event-flags.ts';
import { loadWorkload } from '../../workloads/stream.ts';
import { traceFlagOptions, traceWorkloadFromFlags } from '../trace-flags.ts';
import { numberFlag, stringFlag } from '../flags.ts';
import { createProgress } from '../progress.ts';
import { flagOf } from '../../core/param-decl.ts';
import { strategyParamByFlagOrName, strategyParamDecl } from '../../strategies/strategy-param-index.ts';
import { RESULTS_ROOT, readRunSettings, workloadOptions } from './bench.ts';
import { forTerminal } from '../../report/terminal-table.ts';
import { checkSweepResources } from '../resource-flags.ts';
import { reportFlagOptions, writeRunReport } from '../report-flags.ts';
import { REPORT_OPTIONS, reportOptionsJson } from '../../sweep/report-options.ts';

export const EXIT_INTERRUPTED = 130;

function reportOptionsFlags<T>(y: Argv<T>) {
  return y
    .option('target', { type: 'string', describe: 'constraint the recommendation must meet, e.g. "hitRatio>=0.9" (repeatable; join with ",")' })
    .option('budget', { type: 'string', describe: 'cost ceiling, e.g. "sourceReads<=2e6" (repeatable)' })
    .option('heatmap', { type: 'string', describe: 'the two parameters of the heatmaps, x,y (default: the two with the most values)' })
    .option('wide', { type: 'boolean', describe: 'print the recommendation unwrapped (default: fit 120 columns; sweep.md has it all)' })
    .option('heatmap-strategy', { type: 'string', describe: 'the strategy of the heatmaps (default: the one with the most cells)' });
}

function readReportOptions(a: Record<string, unknown>): SweepReportOptions {
  const constraints = [...parseConstraints('target', a.target), ...parseConstraints('budget', a.budget)];
  const heat = stringFlag('heatmap', a.heatmap);
  let x: string | undefined;
  let y: string | undefined;
  if (heat !== undefined) {
    const parts = heat.split(',').map((s) => s.trim());
    if (parts.length !== 2 || parts.some((p) => p === '')) throw new ConfigError(`--heatmap: ${JSON.stringify(heat)} is not two parameters x,y (e.g. threshold,batch)`);
    const param = (p: string) => strategyParamByFlagOrName(p)?.name ?? p;
    [x, y] = [param(parts[0]!), param(parts[1]!)];
    if (x === y) throw new ConfigError(`--heatmap: give two different parameters, not ${x} twice`);
  }
  return { constraints, heatmap: { x, y, strategy: stringFlag('heatmap-strategy', a['heatmap-strategy']) } };
}

/** Single-value strategy flags (--capacity 5000, --opt-max-requests) join the grid as one-value parameters. */
function withFixedFlags(grid: GridParam[], overrides: Readonly<Record<string, unknown>>): GridParam[] {
  const out = [...grid];
  for (const [name, v] of Object.entries(overrides)) {
    if (v === undefined) continue;
    const decl = strategyParamDecl(name)!;
    const flag = flagOf(decl);
    if (out.some((g) => g.name === name)) throw new ConfigError(`--${flag} and --param ${flag}=... both given; use one`);
    out.push({ name, values: [v === decl.nullable?.word ? null : (v as GridValue)], text: String(v) });
  }
  return out;
}

function workersFlag(raw: unknown): number {
  const v = numberFlag('workers', raw);
  if (v === undefined) return defaultWorkers();
  if (!Number.isSafeInteger(v) || v < 0 || v > 256) throw new ConfigError(`--workers: ${v} is not allowed; use an integer 0 .. 256 (0: run in the main thread)`);
  return v;
}

async function report(dir: string, loaded: LoadedSweep, opts: SweepReportOptions, a: Record<string, unknown>): Promise<string> {
  const r = await buildSweepReport(loaded, opts);
  // report.html reads the options back (its recommendation and heatmaps are sweep.md's).
  writeSweepReport(dir, { ...r.files, [REPORT_OPTIONS]: reportOptionsJson(opts) });
  await writeRunReport(dir, a);
  return r.recommendationText;
}

function mergeCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: 'merge <dirs..>',
    describe: 'combine the folders of sweep shards (--shard I/N) into one folder and report',
    builder: (y) =>
      reportFlagOptions(forceOption(reportOptionsFlags(y)))
        .positional('dirs', { type: 'string', array: true, describe: 'shard folders of the same sweep' })
        .option('out', { type: 'string', describe: 'merged folder (default: the first folder)' }),
    handler: async (argv) => {
      const a = argv as Record<string, unknown>;
      const dirs = ((a.dirs as unknown[]) ?? []).map((d) => resolve(String(d)));
      const opts = readReportOptions(a);
      const outArg = stringFlag('out', a.out);
      const out = outArg ? resolve(outArg) : dirs[0]!;
      // Heatmap names are checked against the sweep's grid before anything is copied.
      const h = opts.heatmap;
      if (dirs.length > 0 && (h?.x ?? h?.y ?? h?.strategy) !== undefined) {
        const m = readManifest(dirs[0]!);
        checkHeatmapRequest(h, m.grid, m.strategies);
      }
      // The merged folder: the first shard's, an empty one, or one already holding this sweep.
      const id = dirs.length > 0 ? folderSweepId(dirs[0]!) : undefined;
      if (id !== undefined) prepareSweepDir(out, id, { force: forceFlag(a) });
      else checkResultsDir(out, { force: forceFlag(a) });
      const loaded = mergeSweeps(dirs, out);
      const missing = loaded.missing.filter((c) => c.role === 'cell').length;
      if (missing > 0) {
        process.stderr.write(
          `backfill-bench: ${missing} of ${loaded.manifest.cells.filter((c) => c.role === 'cell').length} cells are in none of the folders; run the missing shards and merge again (cells so far copied to ${out})\n`,
        );
        setExit(1);
        return;
      }
      const text = await report(out, loaded, opts, a);
      process.stdout.write(`${forTerminal(text, a.wide === true)}\n\nmerged ${dirs.length} folder(s) into ${out}: sweep.md, sweep.csv, charts/\n`);
      setExit(0);
    },
  };
}

export function sweepCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: 'sweep',
    describe: 'run a grid of strategy parameters on all cores: table, Pareto frontier, recommendation and charts',
    builder: (y) =>
      reportFlagOptions(eventFlagOption(forceOption(reportOptionsFlags(traceFlagOptions(workloadOptions(y))))))
        .command(mergeCommand(setExit))
        .option('param', {
          type: 'string',
          describe:
            "strategy parameter grid: name=v1,v2,... or name=start:end:step (repeatable), values read by the parameter's kind (numbers, true/false, choice names, sizes such as 64MiB or 10%, null/unbounded), e.g. capacity=1000,10000 threshold=0.1:0.9:0.1; the source model's parameters are axes of every strategy (source-concurrency=4,8,16, service-ms=1,2); `list` shows every parameter",
        })
        .option('workload-param', { type: 'string', describe: 'override any workload field: --workload-param name=value (repeatable; `bench` calls this --param)' })
        .option('workers', { type: 'string', describe: `worker threads (default: all cores, ${defaultWorkers()} here; 0 runs in the main thread)` })
        .option('shard', { type: 'string', describe: 'run only shard I of N (e.g. 2/4); combine the folders with `sweep merge`' })
        .option('out', {
          type: 'string',
          describe: 'sweep folder (default results/sweep-<workload>-<sweep id>/). Rerunning the same command resumes in it; a folder holding anything else (another sweep, other files) needs --force',
        })
        .option('series-window', seriesWindowOption)
        .option('warm-epsilon', warmEpsilonOption)
        .option('load-points', { type: 'string', describe: `points kept of each cell's source-load series (default ${DEFAULT_LOAD_SERIES_POINTS})` })
        .option('progress', { type: 'boolean', describe: 'progress on stderr with a measured ETA: a bar on a terminal, a line every 5 s otherwise (default on; --no-progress: off)' })
        .example(
          '$0 sweep --workload zipf --strategies lru-backfill,time-based --param capacity=1000,10000,100000 --param threshold=0.1:0.9:0.1 --param batch=10,100,1000 --target "hitRatio>=0.9" --budget "sourceReads<=2e6"',
          '',
        )
        .example('$0 sweep --trace web.oracleGeneral.bin --strategies none,lru-backfill --param capacity=1000,10000,100000', 'a design review on a recorded trace (read once, shared by every cell)')
        .example('$0 sweep merge results/shard-1 results/shard-2 --out results/merged', ''),
    handler: async (argv) => {
      const a = argv as Record<string, unknown>;
      const started = new Date();
      void prefetchGitCommit(); // for run.json, while the cells run
      const settings = readRunSettings({ ...a, param: a['workload-param'] }, 'workload-param');
      const resolved = withEventFlags(traceWorkloadFromFlags(a, settings.workloadOverrides) ?? resolveWorkload(settings.workloadArg, settings.workloadOverrides), a.event);
      const latency = validateLatency(settings.latencyRaw, 'latency flags');
      const sourceModel = validateSourceParams(settings.sourceRaw, 'source model flags');
      const grid = withFixedFlags(parseGrid(a.param), settings.strategyOverrides);
      for (const g of grid)
        if (isSourceParam(g.name) && Object.hasOwn(settings.sourceRaw, g.name)) throw new ConfigError(`--${flagOf(sourceParamByFlagOrName(g.name)!)} and --param ${g.name}=... both given; use one`);
      const source = isTodaysModel(sourceModel) && !grid.some((g) => isSourceParam(g.name)) ? undefined : sourceModel;
      const reportOpts = readReportOptions(a);
      checkWarmupConstraints(reportOpts.constraints, resolved.events !== undefined);
      checkHeatmapRequest(reportOpts.heatmap, grid, settings.strategyNames);
      const workers = workersFlag(a.workers);
      const shard = parseShard(stringFlag('shard', a.shard));
      const points = numberFlag('load-points', a['load-points']) ?? DEFAULT_LOAD_SERIES_POINTS;
      if (!Number.isSafeInteger(points) || points < 2 || points > 100_000) throw new ConfigError(`--load-points: ${points} is not allowed; use an integer 2 .. 100000`);
      // A trace is read here, once: the cells replay its decoded requests from shared memory.
      const workload = await loadWorkload(resolved, settings.seed);
      const windowMs = seriesWindowFlag(a);
      const warmEpsilon = warmEpsilonFlag(a, workload.events !== undefined);
      const plan = planSweep({ workload, seed: settings.seed, latency, source, strategies: settings.strategyNames, grid, loadSeriesPoints: points, windowMs, warmEpsilon });
      checkSweepResources(
        a,
        workload,
        plan.cells.filter((c) => c.method === 'simulation'),
        workers,
      );
      const outArg = stringFlag('out', a.out);
      const label =
        workload.name
          .replace(/^.*[/\\]/, '')
          .replace(/\.json$/, '')
          .replace(/[^A-Za-z0-9._-]+/g, '_') || 'workload';
      const dir = outArg ? resolve(outArg) : join(RESULTS_ROOT, `sweep-${label}-${plan.id.slice(0, 10)}`);
      const state = prepareSweepDir(dir, plan.id, { force: forceFlag(a) });
      mkdirSync(dir, { recursive: true });
      if (state === 'resume') process.stderr.write(`resuming sweep ${plan.id.slice(0, 10)} in ${dir}\n`);
      if (state === 'replaced') process.stderr.write(`--force: replaced the earlier contents of ${dir}\n`);

      const abort = new AbortController();
      const onSignal = (sig: NodeJS.Signals) => {
        if (abort.signal.aborted) process.exit(EXIT_INTERRUPTED);
        process.stderr.write(`\nbackfill-bench: ${sig}: stopping; finished cells are kept in ${dir}\n`);
        abort.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const progress = createProgress('sweep', typeof a.progress === 'boolean' ? a.progress : undefined, 'cells', { barAfterMs: 0 });
      let outcome;
      const runStarted = performance.now();
      try {
        outcome = await runSweep(plan, dir, {
          workers,
          shard,
          signal: abort.signal,
          onProgress: (d, t, work) => progress.update(d, t, work),
          log: (line) => process.stderr.write(`${line}\n`),
        });
      } finally {
        progress.stop();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      const wallS = (Date.now() - started.getTime()) / 1000;
      const runS = (performance.now() - runStarted) / 1000;
      const runInfo = {
        command: ['backfill-bench', ...process.argv.slice(2)].join(' '),
        startedAt: started.toISOString(),
        wallSeconds: Number(wallS.toFixed(3)),
        // Sum of the cells' times on their threads; divided by the wall time: cells running at once on average.
        taskSeconds: Number(outcome.taskSeconds.toFixed(3)),
        sweepId: plan.id,
        workers: outcome.workers,
        shard: shard ? `${shard.index}/${shard.count}` : null,
        cells: { inShard: outcome.total, reused: outcome.reused, computed: outcome.computed, failedReferences: outcome.failedReferences },
        interrupted: outcome.interrupted,
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        gitCommit: gitCommit(),
        packages: packageVersions(),
      };
      // One entry per invocation, appended: a resumed sweep keeps the record of the runs before it.
      const runFile = join(dir, shard ? `run-shard-${shard.index}-of-${shard.count}.json` : 'run.json');
      let runs: unknown[] = [];
      try {
        const prev = JSON.parse(readFileSync(runFile, 'utf8')) as { runs?: unknown };
        if (Array.isArray(prev.runs)) runs = prev.runs;
      } catch {
        /* first run, or an unreadable record: start afresh */
      }
      writeFileAtomic(runFile, `${JSON.stringify({ runs: [...runs, runInfo] }, null, 2)}\n`);
      const summary = sweepSummary(outcome, wallS, runS);
      if (outcome.interrupted) {
        process.stderr.write(`backfill-bench: interrupted (${summary}); rerun the same command to resume\n`);
        setExit(EXIT_INTERRUPTED);
        return;
      }
      const loaded = loadSweep(dir);
      const missing = loaded.missing.filter((c) => c.role === 'cell').length;
      if (missing > 0) {
        process.stderr.write(`shard ${shard ? `${shard.index}/${shard.count}` : ''} done in ${dir} (${summary}); ${missing} cells belong to other shards: combine with \`sweep merge\`\n`);
        setExit(0);
        return;
      }
      const text = await report(dir, loaded, reportOpts, a);
      process.stdout.write(`${forTerminal(text, a.wide === true)}\n\nreport: ${join(dir, 'sweep.md')} (+ sweep.csv, charts/*.svg, report.html)\n`);
      process.stderr.write(`sweep ${plan.id} done (${summary})\n`);
      setExit(0);
    },
  };
}
