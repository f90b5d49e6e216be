// `check`: the CI regression check. Runs the pinned suite (bench/regression.json) and compares it
// with results/baseline.json, or with another git ref (--against). Exit 0: no regression; 1:
// behaviour changed or CPU cost regressed; 2: bad usage or input.
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { ConfigError } from '../../core/errors.ts';
import { DEFAULT_BASELINE } from '../../check/baseline.ts';
import { bencherMetricFormat, checkJson, githubActionBenchmark, renderSummary } from '../../check/report.ts';
import { runCheck, type CpuGate } from '../../check/run-check.ts';
import { DEFAULT_SUITE, loadSuite, REPO_ROOT } from '../../check/suite.ts';
import { checkResultsDir, writeResults } from '../../report/write-results.ts';
import { forceFlag, forceOption } from '../out-flags.ts';
import { reportFlagOptions, writeRunReport } from '../report-flags.ts';
import { choiceFlag, numberFlag, stringFlag } from '../flags.ts';

export const DEFAULT_CHECK_OUT = `${REPO_ROOT}results/check`;

/** A fraction, also written as a percentage: "0.1" or "10%". */
function fractionFlag(flag: string, raw: unknown): number | undefined {
  const s = stringFlag(flag, raw);
  if (s === undefined) return undefined;
  const pct = s.trim().endsWith('%');
  const v = numberFlag(flag, pct ? s.trim().slice(0, -1) : s);
  return v === undefined ? undefined : pct ? v / 100 : v;
}

function integerFlag(flag: string, raw: unknown, min: number, max: number): number | undefined {
  const v = numberFlag(flag, raw);
  if (v === undefined) return undefined;
  if (!Number.isSafeInteger(v) || v < min || v > max) throw new ConfigError(`--${flag}: ${v} is not allowed; use an integer ${min} .. ${max}`);
  return v;
}

function rangeFlag(flag: string, v: number | undefined, min: number, max: number, minExclusive = false): number | undefined {
  if (v !== undefined && ((minExclusive ? v <= min : v < min) || v > max)) throw new ConfigError(`--${flag}: ${v} is not allowed; use a number ${minExclusive ? '>' : '>='} ${min} and <= ${max}`);
  return v;
}

export function checkCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: 'check',
    describe: 'CI regression check: run the pinned suite and compare it with the baseline (or a git ref)',
    builder: (y) =>
      reportFlagOptions(forceOption(y))
        .option('suite', { type: 'string', describe: 'regression suite file (default bench/regression.json); its workloads may be traces: {"workload": "trace", "path": ...}' })
        .option('baseline', { type: 'string', describe: 'baseline file (default results/baseline.json)' })
        .option('against', { type: 'string', describe: 'compare with this git ref instead of the baseline, run side by side in a temporary worktree' })
        .option('update-baseline', { type: 'boolean', describe: 'rewrite the baseline from this run (atomically; records commit, date, Node)' })
        .option('deterministic-only', { type: 'boolean', describe: 'skip the CPU timings (a few seconds; what .ci/run runs)' })
        .option('cpu-only', { type: 'boolean', describe: 'skip the deterministic comparison (e.g. with --against in a pull request)' })
        .option('samples', { type: 'string', describe: "CPU samples per tree, each a fresh process (default: the suite's, 10)" })
        .option('cpu-time', { type: 'string', describe: "tinybench time per task and round, ms (default: the suite's, 30)" })
        .option('min-effect', { type: 'string', describe: 'smallest CPU slowdown that fails, fraction or percent (default 0.1 = 10%)' })
        .option('max-p', { type: 'string', describe: 'largest p-value that counts as significant (default 0.01)' })
        .option('cpu-gate', { type: 'string', describe: 'fail on CPU slowdowns: auto (when the baseline was timed on this machine and Node, always with --against), on, off' })
        .option('out', {
          type: 'string',
          describe: 'folder for summary.md, check.json, benchmark-*.json, bencher.json (default results/check/, replaced by each check; another existing non-empty folder needs --force)',
        })
        .option('quiet', { type: 'boolean', describe: 'no progress lines on stderr' })
        .example('$0 check', 'compare with results/baseline.json')
        .example('$0 check --deterministic-only', 'behaviour only, in a few seconds')
        .example('$0 check --against origin/main --cpu-only', 'CPU cost of this tree against main, interleaved on this machine')
        .example('$0 check --update-baseline', 'accept the current behaviour and timings'),
    handler: async (argv) => {
      const a = argv as Record<string, unknown>;
      const suitePath = resolve(stringFlag('suite', a.suite) ?? DEFAULT_SUITE);
      const baselinePath = resolve(stringFlag('baseline', a.baseline) ?? DEFAULT_BASELINE);
      const against = stringFlag('against', a.against);
      if (against !== undefined && against.trim() === '') throw new ConfigError('--against: give a git ref, e.g. origin/main');
      const gate = choiceFlag('cpu-gate', a['cpu-gate'], ['auto', 'on', 'off']) ?? 'auto';
      const outArg = stringFlag('out', a.out);
      const outDir = resolve(outArg ?? DEFAULT_CHECK_OUT);
      // The default folder holds the latest check: each check replaces it whole.
      const force = forceFlag(a) || outArg === undefined;
      checkResultsDir(outDir, { force });
      const cpuOverrides = Object.fromEntries(
        Object.entries({
          samples: integerFlag('samples', a.samples, 2, 1000),
          timeMs: rangeFlag('cpu-time', numberFlag('cpu-time', a['cpu-time']), 1, 60_000),
          minEffect: rangeFlag('min-effect', fractionFlag('min-effect', a['min-effect']), 0, 10),
          maxP: rangeFlag('max-p', numberFlag('max-p', a['max-p']), 0, 0.5, true),
        }).filter(([, v]) => v !== undefined),
      );
      const quiet = a.quiet === true;
      const outcome = await runCheck({
        suitePath,
        baselinePath,
        against,
        updateBaseline: a['update-baseline'] === true,
        deterministic: a['cpu-only'] !== true,
        cpu: a['deterministic-only'] !== true,
        cpuOverrides,
        cpuGate: gate as CpuGate,
        log: quiet ? undefined : (line) => process.stderr.write(`check: ${line}\n`),
      });
      const suite = loadSuite(suitePath);
      const summary = renderSummary(outcome);
      const gab = githubActionBenchmark(outcome, suite.exportMetrics);
      const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
      writeResults(
        outDir,
        {
          'summary.md': summary,
          'check.json': json({ ...checkJson(outcome), command: ['backfill-bench', ...process.argv.slice(2)].join(' ') }),
          'benchmark-bigger.json': json(gab.bigger),
          'benchmark-smaller.json': json(gab.smaller),
          'bencher.json': json(bencherMetricFormat(outcome, suite.exportMetrics)),
        },
        { force },
      );
      const stepSummary = process.env.GITHUB_STEP_SUMMARY;
      if (stepSummary) appendFileSync(stepSummary, summary);
      process.stdout.write(summary);
      await writeRunReport(outDir, a);
      if (!quiet) process.stderr.write(`check: outputs in ${outDir}${stepSummary ? ' and $GITHUB_STEP_SUMMARY' : ''}; ${outcome.seconds.toFixed(1)} s; exit ${outcome.exitCode}\n`);
      setExit(outcome.exitCode);
    },
  };
}
