// `load`: a live load test of the strategies against a real Redis cache and a real PostgreSQL source
// (or in-process stand-ins when no URL is given), with the simulator's figures beside the live ones.
// `load seed`: create and fill the PostgreSQL source table.
import { traitsOf } from '../../core/types.ts';
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { ConfigError } from '../../core/errors.ts';
import { flagOf } from '../../core/param-decl.ts';
import { SOURCE_PARAMS } from '../../source/queue/source-params.ts';
import { errorText, type CacheBackend, type SourceBackend } from '../../load/backends.ts';
import { parseDuration, showMs } from '../../load/duration.ts';
import { mirrorContext, runLive, type LiveAndSimulated } from '../../load/live-run.ts';
import { CAPACITY_TRACKED, checksFailed, isPartial, renderLoadCsv, reportStatus, renderLoadJson, renderLoadMarkdown, type LoadReport, type LoadSettings } from '../../load/load-report.ts';
import { maskUrl, requireLoopback } from '../../load/loopback.ts';
import { spinClock } from '../../load/open-loop.ts';
import { checkTableName, DEFAULT_TABLE, PgSource, seedSource } from '../../load/pg-source.ts';
import { RedisCache } from '../../load/redis-cache.ts';
import { StandInCache, StandInSource } from '../../load/stand-ins.ts';
import { runInfo } from '../../report/run-info.ts';
import { checkResultsDir, defaultResultsDir, writeResults } from '../../report/write-results.ts';
import { forceFlag, forceOption } from '../out-flags.ts';
import { resolveStrategies, type ResolvedStrategy } from '../../runner/strategy-config.ts';
import { withRunWrites } from '../../runner/run.ts';
import { MirroredStrategy } from '../../load/mirror.ts';
import type { AnyRequestStream } from '../../core/types.ts';
import { reportFlagOptions, writeRunReport } from '../report-flags.ts';
import { validateLatency } from '../../source/source-model.ts';
import { loadWorkload, openStream, readsRequests } from '../../workloads/stream.ts';
import type { ResolvedWorkload } from '../../workloads/workload-config.ts';
import { traceFlagOptions, traceWorkloadFromFlags } from '../trace-flags.ts';
import { resolveWorkload } from '../../workloads/workload-config.ts';
import { refuseEvents } from '../event-flags.ts';
import { EXIT_FAILURE, EXIT_OK } from '../exit.ts';
import { booleanFlag, choiceFlag, listFlag, numberFlag, stringFlag } from '../flags.ts';
import { createProgress } from '../progress.ts';
import { readRunSettings, RESULTS_ROOT, workloadOptions } from './bench.ts';
import { forTerminal } from '../../report/terminal-table.ts';
import { checkLoadResources, workloadShape } from '../resource-flags.ts';
import { redisEvictionOptions, runRedisEvictsLoad } from './load-redis-evicts.ts';

export const DEFAULT_LOAD_STRATEGIES = ['none', 'lru-backfill'] as const;
export const EXIT_INTERRUPTED = 130;
const CONNECT_TIMEOUT_MS = 3000;

function intFlag(flag: string, raw: unknown, fallback: number, min: number, max: number): number {
  const v = numberFlag(flag, raw) ?? fallback;
  if (!Number.isSafeInteger(v) || v < min || v > max) throw new ConfigError(`--${flag}: ${v} is not allowed; use an integer ${min} .. ${max}`);
  return v;
}

function urlFlag(flag: string, raw: unknown): string | undefined {
  const s = stringFlag(flag, raw);
  if (s !== undefined && s.trim() === '') throw new ConfigError(`--${flag}: the URL is empty`);
  return s?.trim();
}

function loadRunCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: '$0',
    describe: 'send the workload open-loop at its rate to the cache and source, for each strategy; report live beside simulated',
    builder: (y: Argv) =>
      reportFlagOptions(forceOption(traceFlagOptions(workloadOptions(y))))
        .option('requests', { type: 'string', hidden: true, describe: 'not for load: use --duration and --rate' })
        .option('rate', { type: 'string', describe: "override: requests per second sent (the workload's rate by default)" })
        .option('strategies', { type: 'string', describe: `comma-separated strategies (default ${DEFAULT_LOAD_STRATEGIES.join(',')})` })
        .option('duration', { type: 'string', describe: 'how long each strategy runs: 30s, 500ms, 2m (default 10s)' })
        .option('redis', { type: 'string', describe: 'Redis URL on this machine, e.g. redis://127.0.0.1:6379 (default: in-process stand-in)' })
        .option('postgres', { type: 'string', describe: 'PostgreSQL URL on this machine (default: in-process stand-in); seed it first with `load seed`' })
        .option('table', { type: 'string', describe: `source table (default ${DEFAULT_TABLE})` })
        .option('concurrency', { type: 'string', describe: 'requests in flight at most; later ones wait, their wait counted in latency (default 256)' })
        .option('pg-pool', {
          type: 'string',
          describe:
            "PostgreSQL connections (default 16); each source call's wait for one and its query time are measured and set beside the queue model's with c = this pool (see README: Calibrating the source model). With the stand-in source: gives it a pool of this many connections (default: none)",
        })
        .option('redis-connections', { type: 'string', describe: 'Redis connections, requests spread round robin (default 1; ioredis pipelines)' })
        .option('timeout', { type: 'string', describe: 'a request with no answer this long after its intended send time times out: 1s, 250ms (default 1s)' })
        .option('single-flight', { type: 'boolean', default: false, describe: 'coalesce concurrent misses of the same key into one source read' })
        .option('spin', { type: 'boolean', default: false, describe: 'sub-millisecond send times by polling the event loop (uses a core); default: timers, ~1 ms' })
        .option('format', { type: 'string', default: 'table', describe: 'stdout format: table (Markdown), json or csv' })
        .option('wide', { type: 'boolean', describe: 'print the full tables (default: key columns, to fit 120 columns; the files always have all)' })
        .option('out', { type: 'string', describe: 'results folder (default results/<UTC time>-load-<workload>-<6 random hex digits>/); an existing non-empty folder needs --force' })
        .option('progress', { type: 'boolean', describe: 'progress on stderr: a bar on a terminal, a line every 5 s otherwise (default on; --no-progress: off)' })
        .options(redisEvictionOptions())
        .example(
          '$0 load --workload zipf --strategies none,lru-backfill --duration 30s --rate 2000 --redis redis://127.0.0.1:6379 --postgres postgres://bench:bench@127.0.0.1:5432/bench',
          'against real servers',
        )
        .example('$0 load --duration 5s --rate 500', 'against the in-process stand-ins')
        .example(
          '$0 load --redis-evicts allkeys-lru,allkeys-lfu --maxmemory-samples 5 --capacity 5000 --duration 10s --rate 2000 --redis redis://127.0.0.1:6379',
          'Redis evicting by itself (maxmemory) beside the exact LRU and LFU',
        )
        .example('$0 load --trace web.txt --rate 2000 --duration 30s', 'a recorded trace: sent at --rate, or at its own timestamps when it has them'),
    handler: async (argv) => {
      const code = await runLoad(argv as Record<string, unknown>);
      setExit(code);
    },
  };
}

function loadSeedCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: 'seed',
    describe: 'create the source table and fill it with keys 0..N-1 (idempotent, batched)',
    builder: (y: Argv) =>
      y
        .option('postgres', { type: 'string', describe: 'PostgreSQL URL on this machine (required)' })
        .option('keys', { type: 'string', describe: "keys in the source: the workload's `keys` (required)" })
        .option('table', { type: 'string', describe: `table (default ${DEFAULT_TABLE})` })
        .option('batch-rows', { type: 'string', describe: 'rows per INSERT (default 10000)' })
        .option('progress', { type: 'boolean', describe: 'progress on stderr: a bar on a terminal, a line every 5 s otherwise (default on; --no-progress: off)' })
        .example('$0 load seed --postgres postgres://bench:bench@127.0.0.1:5432/bench --keys 100000', ''),
    handler: async (argv) => {
      const a = argv as Record<string, unknown>;
      const url = urlFlag('postgres', a.postgres);
      if (url === undefined) throw new ConfigError('--postgres: required; e.g. --postgres postgres://bench:bench@127.0.0.1:5432/bench (scripts/services.sh start prints it)');
      const keysRaw = numberFlag('keys', a.keys);
      if (keysRaw === undefined) throw new ConfigError('--keys: required: the number of keys of the workload to load-test (zipf: 100000)');
      const keys = intFlag('keys', keysRaw, 0, 1, 2 ** 31 - 1);
      const table = checkTableName(stringFlag('table', a.table) ?? DEFAULT_TABLE);
      const batchRows = intFlag('batch-rows', a['batch-rows'], 10_000, 1, 1_000_000);
      await requireLoopback(url, 'postgres', '--postgres');
      const started = Date.now();
      const progress = createProgress(`seeding ${table}`, typeof a.progress === 'boolean' ? a.progress : undefined, 'rows');
      let r;
      try {
        r = await seedSource({ url, table, keys, batchRows, connectTimeoutMs: CONNECT_TIMEOUT_MS, onProgress: (d, t) => progress.update(d, t) });
      } finally {
        progress.stop();
      }
      const f = (n: number) => n.toLocaleString('en-US');
      process.stdout.write(
        `seeded ${table} at ${maskUrl(url)}: ${f(keys)} keys (${f(r.inserted)} inserted, ${f(r.updated)} updated, ${f(r.unchanged)} unchanged, ${f(r.deleted)} outside the key space deleted) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
      setExit(EXIT_OK);
    },
  };
}

export function loadCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: 'load',
    describe: 'live load test against Redis and PostgreSQL on this machine (or in-process stand-ins); `load seed` fills the source table',
    builder: (y: Argv) => y.command(loadSeedCommand(setExit)).command(loadRunCommand(setExit)),
    handler: () => {},
  };
}

interface Opened {
  cache: CacheBackend;
  source: SourceBackend;
}

async function runLoad(a: Record<string, unknown>): Promise<number> {
  const started = new Date();
  // Everything is validated before anything connects.
  const format = choiceFlag('format', a.format, ['table', 'json', 'csv']) ?? 'table';
  if (a.requests !== undefined) throw new ConfigError('--requests does not apply to load: the run sends --rate requests per second for --duration');
  const durationMs = parseDuration('duration', a.duration, 's', { min: 1, max: 24 * 3_600_000 }) ?? 10_000;
  const timeoutMs = parseDuration('timeout', a.timeout, 'ms', { min: 1, max: 600_000 }) ?? 1000;
  const settings = readRunSettings(a);
  // The source model's flags configure the simulator's source; in `load` the source is the real one,
  // and its pool table sets the model beside it with the pool's own size and fitted service time.
  const sourceFlag = SOURCE_PARAMS.find((d) => Object.hasOwn(settings.sourceRaw, d.name));
  if (sourceFlag) {
    throw new ConfigError(
      `--${flagOf(sourceFlag)} does not apply to load: the source is the real one (or the stand-in); its pool table sets the queue model beside it with --pg-pool connections and the service time fitted from the run`,
    );
  }
  const strategyNames = a.strategies === undefined ? DEFAULT_LOAD_STRATEGIES : (listFlag('strategies', a.strategies) ?? DEFAULT_LOAD_STRATEGIES);
  const latency = validateLatency(settings.latencyRaw, 'latency flags');
  const redisUrl = urlFlag('redis', a.redis);
  const pgUrl = urlFlag('postgres', a.postgres);
  const table = checkTableName(stringFlag('table', a.table) ?? DEFAULT_TABLE);
  const load: LoadSettings = {
    concurrency: intFlag('concurrency', a.concurrency, 256, 1, 100_000),
    pgPool: intFlag('pg-pool', a['pg-pool'], 16, 1, 1000),
    redisConnections: intFlag('redis-connections', a['redis-connections'], 1, 1, 64),
    timeoutMs,
    singleFlight: booleanFlag('single-flight', a['single-flight']) ?? false,
    table,
    spin: booleanFlag('spin', a.spin) ?? false,
  };

  // The workload, with as many requests as the schedule can hold in --duration at --rate.
  const probe = traceWorkloadFromFlags(a, { ...settings.workloadOverrides, requests: undefined }) ?? resolveWorkload(settings.workloadArg, { ...settings.workloadOverrides, requests: undefined });
  refuseEvents(probe, 'load');
  let expected: number;
  let workload: ResolvedWorkload;
  if (readsRequests(probe)) {
    // A trace is sent as recorded (at its timestamps, or at --rate without them) until --duration or its end.
    workload = await loadWorkload(probe, settings.seed);
    expected = workload.clock ? workload.requests : Math.min(workload.requests, Math.ceil((workload.rate * durationMs) / 1000));
  } else {
    expected = Math.ceil((probe.rate * durationMs) / 1000);
    const requests = Math.ceil(expected * 1.25) + 1000; // poisson arrivals can run past the mean
    workload = resolveWorkload(settings.workloadArg, { ...settings.workloadOverrides, requests });
  }
  const shape = openStream(workload, settings.seed);
  if (a['redis-evicts'] !== undefined || a['maxmemory-samples'] !== undefined) {
    return runRedisEvictsLoad(a, { started, format, workload, shape, settings, load, durationMs, timeoutMs, redisUrl, pgUrl, expected });
  }
  const strategies = resolveStrategies(strategyNames, settings.strategyOverrides, shape.sourceKeys);
  checkLoadResources(a, workloadShape(workload, shape, durationMs), strategies, expected);
  for (const s of strategies) {
    if (traitsOf(s.spec, s.params).includes('clairvoyant')) throw new ConfigError(`--strategies: ${s.name} needs to know every future request; it has no live counterpart`);
  }
  checkLiveFreshness(strategies, workload, shape, settings.seed);
  const outArg = stringFlag('out', a.out);
  const dir = outArg ? resolve(outArg) : defaultResultsDir(RESULTS_ROOT, `load-${workload.name}`, started);
  const force = forceFlag(a);
  checkResultsDir(dir, { force });
  if (redisUrl !== undefined) await requireLoopback(redisUrl, 'redis', '--redis');
  if (pgUrl !== undefined) await requireLoopback(pgUrl, 'postgres', '--postgres');

  // Connect and check before any load is sent: a refused connection, a bad password or an unseeded
  // table ends here with one line (exit 2).
  const opened: Opened = {
    cache: redisUrl !== undefined ? new RedisCache({ url: redisUrl, connections: load.redisConnections, timeoutMs, connectTimeoutMs: CONNECT_TIMEOUT_MS }) : new StandInCache(latency.hitMs),
    source:
      pgUrl !== undefined
        ? new PgSource({ url: pgUrl, table, poolSize: load.pgPool, timeoutMs, connectTimeoutMs: CONNECT_TIMEOUT_MS })
        : new StandInSource(latency, { poolSize: a['pg-pool'] === undefined ? undefined : load.pgPool }),
  };
  const { cache, source } = opened;
  const ac = new AbortController();
  const onSigint = () => {
    if (ac.signal.aborted) {
      process.stderr.write('\nbackfill-bench: interrupted again: quitting without a report\n');
      process.exit(EXIT_INTERRUPTED);
    }
    process.stderr.write('\nbackfill-bench: interrupted: stopping, then writing the report of what ran (Ctrl-C again to quit at once)\n');
    ac.abort();
  };
  const runs: LiveAndSimulated[] = [];
  const skipped: string[] = [];
  const failed: { strategy: string; reason: string }[] = [];
  try {
    await source.open();
    await cache.open();
    await source.checkKeySpace(shape.sourceKeys);
    if (cache.kind === 'stand-in' || source.kind === 'stand-in') {
      const which = [cache.kind === 'stand-in' ? 'cache' : '', source.kind === 'stand-in' ? 'source' : ''].filter(Boolean).join(' and ');
      process.stderr.write(
        `backfill-bench: note: the ${which} ${which.includes(' and ') ? 'are' : 'is an'} in-process stand-in${which.includes(' and ') ? 's' : ''} (no ${[cache.kind === 'stand-in' ? '--redis' : '', source.kind === 'stand-in' ? '--postgres' : ''].filter(Boolean).join('/')} URL given)\n`,
      );
    }
    process.on('SIGINT', onSigint);
    const clock = load.spin ? spinClock() : undefined;
    for (const s of strategies) {
      if (ac.signal.aborted) {
        skipped.push(s.name);
        continue;
      }
      const progress = createProgress(`${s.name} (live)`, typeof a.progress === 'boolean' ? a.progress : undefined);
      let result;
      try {
        result = await runLive(
          {
            resolved: s,
            workload,
            seed: settings.seed,
            latency,
            durationMs,
            concurrency: load.concurrency,
            timeoutMs,
            singleFlight: load.singleFlight,
            signal: ac.signal,
            clock,
            onProgress: (sent) => progress.update(Math.min(sent, expected), expected),
          },
          cache,
          source,
        );
      } catch (e) {
        // A server gone between strategies (the next pool cannot connect): what ran is kept, this
        // strategy is reported as not run to the end, and the next one is tried.
        failed.push({ strategy: s.name, reason: errorText(e) });
        process.stderr.write(`${s.name}: not run to the end: ${errorText(e)}\n`);
        continue;
      } finally {
        progress.stop();
      }
      runs.push(result);
      const l = result.live;
      process.stderr.write(
        `${s.name}: ${l.sent.toLocaleString('en-US')} requests in ${(l.elapsedMs / 1000).toFixed(1)} s, ${l.ok.toLocaleString('en-US')} ok, ${l.errors.toLocaleString('en-US')} errors, ${l.timeouts.toLocaleString('en-US')} timeouts${l.status === 'partial' ? ' (partial)' : ''}\n`,
      );
    }
  } finally {
    process.off('SIGINT', onSigint);
    await Promise.all([cache.close().catch(() => {}), source.close().catch(() => {})]);
  }

  const report: LoadReport = {
    workload,
    seed: settings.seed,
    latency,
    durationMs,
    settings: load,
    cache: { kind: cache.kind, label: cache.label, capacity: CAPACITY_TRACKED },
    source: { kind: source.kind, label: source.label },
    runs,
    skipped,
    failed,
    interrupted: ac.signal.aborted,
  };
  const markdown = renderLoadMarkdown(report);
  const csv = renderLoadCsv(report);
  const json = renderLoadJson(report);
  const info = runInfo({ workload, seed: settings.seed, latency, results: runs.map((r) => r.simulator) }, process.argv.slice(2), started, {
    resultsDir: dir,
    load: { durationMs, duration: showMs(durationMs), ...load, redis: redisUrl ? maskUrl(redisUrl) : 'stand-in', postgres: pgUrl ? maskUrl(pgUrl) : 'stand-in' },
  });
  writeResults(dir, { 'summary.md': markdown, 'summary.csv': csv, 'summary.json': json, 'run.json': `${JSON.stringify(info, null, 2)}\n` }, { force });
  process.stdout.write(format === 'json' ? json : format === 'csv' ? csv : forTerminal(markdown, a.wide === true));
  process.stderr.write(`results written to ${dir}${isPartial(report) ? ' (PARTIAL results)' : checksFailed(report) ? ' (a CROSS-CHECK FAILED)' : ''}\n`);
  await writeRunReport(dir, a);
  if (report.interrupted) return EXIT_INTERRUPTED;
  return reportStatus(report) === 'complete' ? EXIT_OK : EXIT_FAILURE;
}

/**
 * Runs with writes or TTLs (a write rate, a trace with operations or TTLs): every strategy must model
 * freshness (the simulator refuses the others too), and none may have a refresh part: background
 * reloads (refresh-ahead, swr, xfetch, bulk-refresh) are not mirrored to the live servers yet.
 */
function checkLiveFreshness(strategies: readonly ResolvedStrategy[], workload: ResolvedWorkload, shape: AnyRequestStream, seed: number): void {
  for (const s of strategies) {
    const refresh = s.params.refresh;
    if (typeof refresh === 'string' && refresh !== 'none') {
      throw new ConfigError(`--strategies: ${s.name} refreshes in the background (refresh ${refresh}); load does not mirror background reloads to Redis yet: use ttl, or strategies with refresh none`);
    }
    const tti = s.params.tti;
    if (typeof tti === 'number' && tti !== Infinity) {
      throw new ConfigError(`--strategies: ${s.name} expires idle entries (tti ${tti} ms); Redis's PX counts from the write, not the last read: load supports ttl (expire after write) only`);
    }
  }
  const { stream, writes } = withRunWrites(shape, { seed, writes: workload.writes });
  if (stream.hasOps !== true && stream.hasTtls !== true) return;
  const mode = writes?.mode ?? 'invalidate';
  for (const s of strategies) {
    const m = new MirroredStrategy(s, stream.sourceKeys, stream.keySpace, stream.objectSizes, seed, mode, mirrorContext(stream, writes));
    if ((stream.hasOps === true && m.strategy.write === undefined) || (stream.hasTtls === true && m.strategy.keyTtl === undefined)) {
      throw new ConfigError(
        `--strategies: ${s.name} does not model freshness, and the run has ${stream.hasOps === true ? 'writes at the source' : 'TTLs'}; use freshness strategies (ttl, or any preset with --ttl)`,
      );
    }
  }
}
