// `load --redis-evicts allkeys-lru[,allkeys-lfu] [--maxmemory-samples N]`: Redis evicts by itself
// (src/load/redis-eviction.ts); the report puts each approximated policy beside the exact one.
import { resolve } from 'node:path';
import type { Options } from 'yargs';
import { ConfigError } from '../../core/errors.ts';
import { writeRunReport } from '../report-flags.ts';
import type { ParamDecl } from '../../core/param-decl.ts';
import { errorText, type SourceBackend } from '../../load/backends.ts';
import { showMs } from '../../load/duration.ts';
import { evictionReportStatus, renderEvictionCsv, renderEvictionJson, renderEvictionMarkdown, type EvictionLoadReport } from '../../load/eviction-report.ts';
import type { LoadSettings } from '../../load/load-report.ts';
import { maskUrl, requireLoopback } from '../../load/loopback.ts';
import { spinClock } from '../../load/open-loop.ts';
import { PgSource } from '../../load/pg-source.ts';
import { RedisCache } from '../../load/redis-cache.ts';
import { readRedisEvictionFlags, REDIS_EVICTION_PARAMS, runRedisEvicting, type RedisEvictingResult } from '../../load/redis-eviction.ts';
import { StandInSource } from '../../load/stand-ins.ts';
import { runInfo } from '../../report/run-info.ts';
import { checkResultsDir, defaultResultsDir, writeResults } from '../../report/write-results.ts';
import { resolveStrategies } from '../../runner/strategy-config.ts';
import { resolveCapacity } from '../../runner/capacity.ts';
import { validateLatency } from '../../source/source-model.ts';
import type { RequestStream } from '../../core/types.ts';
import type { ResolvedWorkload } from '../../workloads/workload-config.ts';
import { forTerminal } from '../../report/terminal-table.ts';
import { EXIT_FAILURE, EXIT_OK } from '../exit.ts';
import { listFlag, numberFlag, stringFlag } from '../flags.ts';
import { forceFlag } from '../out-flags.ts';
import { createProgress } from '../progress.ts';
import type { RunSettings } from './bench.ts';
import { RESULTS_ROOT } from './bench.ts';

const CONNECT_TIMEOUT_MS = 3000;
const INTERRUPTED = 130;

function describeDecl(d: ParamDecl): string {
  const allowed = d.kind === 'choice' ? d.choices.join(', ') : d.kind === 'integer' || d.kind === 'number' ? `${d.min} .. ${d.max}` : 'true/false';
  return `${d.doc} (${allowed}; default ${String(d.default)})`;
}

/** The mode's yargs options, from its parameter declarations. */
export function redisEvictionOptions(): Record<string, Options> {
  return Object.fromEntries(REDIS_EVICTION_PARAMS.map((d) => [d.name, { type: 'string', describe: describeDecl(d) } satisfies Options]));
}

export interface EvictsContext {
  readonly started: Date;
  readonly format: 'table' | 'json' | 'csv';
  readonly workload: ResolvedWorkload;
  readonly shape: RequestStream;
  readonly settings: RunSettings;
  readonly load: LoadSettings;
  readonly durationMs: number;
  readonly timeoutMs: number;
  readonly redisUrl: string | undefined;
  readonly pgUrl: string | undefined;
  readonly expected: number;
}

export async function runRedisEvictsLoad(a: Record<string, unknown>, c: EvictsContext): Promise<number> {
  const policiesRaw = a['redis-evicts'] === undefined ? undefined : listFlag('redis-evicts', a['redis-evicts']);
  if (policiesRaw === undefined) throw new ConfigError('--maxmemory-samples: applies only with --redis-evicts allkeys-lru|allkeys-lfu');
  const { policies, samples } = readRedisEvictionFlags(policiesRaw, numberFlag('maxmemory-samples', a['maxmemory-samples']));
  if (a.strategies !== undefined) throw new ConfigError('--strategies: does not apply with --redis-evicts (Redis decides what to evict; the client is plain cache-aside); drop one of them');
  if (c.redisUrl === undefined) throw new ConfigError('--redis-evicts: needs a real Redis: --redis redis://127.0.0.1:6379 (scripts/services.sh start starts one)');
  const capacity = resolveCapacity(resolveStrategies(['none'], c.settings.strategyOverrides, c.shape.sourceKeys)[0]!.params.capacity, { sourceKeys: c.shape.sourceKeys }, '--redis-evicts').capacity;
  if (capacity === undefined) throw new ConfigError('--capacity: --redis-evicts needs a bounded cache: give --capacity N (keys) or a share such as 10%; it becomes Redis maxmemory by measurement');
  const latency = validateLatency(c.settings.latencyRaw, 'latency flags');
  const outArg = stringFlag('out', a.out);
  const dir = outArg ? resolve(outArg) : defaultResultsDir(RESULTS_ROOT, `load-${c.workload.name}`, c.started);
  const force = forceFlag(a);
  checkResultsDir(dir, { force });
  await requireLoopback(c.redisUrl, 'redis', '--redis');
  if (c.pgUrl !== undefined) await requireLoopback(c.pgUrl, 'postgres', '--postgres');

  const cache = new RedisCache({ url: c.redisUrl, connections: c.load.redisConnections, timeoutMs: c.timeoutMs, connectTimeoutMs: CONNECT_TIMEOUT_MS });
  const source: SourceBackend =
    c.pgUrl !== undefined ? new PgSource({ url: c.pgUrl, table: c.load.table, poolSize: c.load.pgPool, timeoutMs: c.timeoutMs, connectTimeoutMs: CONNECT_TIMEOUT_MS }) : new StandInSource(latency);
  const ac = new AbortController();
  const onSigint = () => {
    if (ac.signal.aborted) process.exit(INTERRUPTED);
    process.stderr.write('\nbackfill-bench: interrupted: stopping, then writing the report of what ran (Ctrl-C again to quit at once)\n');
    ac.abort();
  };
  const runs: RedisEvictingResult[] = [];
  const failed: { name: string; reason: string }[] = [];
  const lfuSettings: Record<string, string> = {};
  try {
    await source.open();
    await cache.open();
    await source.checkKeySpace(c.shape.sourceKeys);
    for (const k of ['lfu-log-factor', 'lfu-decay-time']) lfuSettings[k] = await cache.configGet(k);
    if (source.kind === 'stand-in') process.stderr.write('backfill-bench: note: the source is an in-process stand-in (no --postgres URL given)\n');
    process.on('SIGINT', onSigint);
    const clock = c.load.spin ? spinClock() : undefined;
    for (const policy of policies) {
      if (ac.signal.aborted) break;
      const name = `redis ${policy}`;
      const progress = createProgress(`${name} (live)`, typeof a.progress === 'boolean' ? a.progress : undefined);
      try {
        const r = await runRedisEvicting(
          {
            workload: c.workload,
            seed: c.settings.seed,
            policy,
            samples,
            capacity,
            durationMs: c.durationMs,
            concurrency: c.load.concurrency,
            timeoutMs: c.timeoutMs,
            singleFlight: c.load.singleFlight,
            signal: ac.signal,
            clock,
            onProgress: (sent) => progress.update(Math.min(sent, c.expected), c.expected),
          },
          cache,
          source,
        );
        runs.push(r);
        process.stderr.write(
          `${name}: ${r.sent.toLocaleString('en-US')} requests, hit ratio ${r.hitRatio.toFixed(4)} (exact ${r.exact.policy} ${r.exact.hitRatio.toFixed(4)})${r.status === 'partial' ? ' (partial)' : ''}\n`,
        );
      } catch (e) {
        if (e instanceof ConfigError) throw e;
        failed.push({ name, reason: errorText(e) });
        process.stderr.write(`${name}: not run to the end: ${errorText(e)}\n`);
      } finally {
        progress.stop();
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
    await Promise.all([cache.close().catch(() => {}), source.close().catch(() => {})]);
  }
  const report: EvictionLoadReport = {
    workload: c.workload,
    seed: c.settings.seed,
    durationMs: c.durationMs,
    settings: c.load,
    cacheLabel: cache.label,
    sourceLabel: source.label,
    lfuSettings,
    runs,
    failed,
    interrupted: ac.signal.aborted,
  };
  const markdown = renderEvictionMarkdown(report);
  const csv = renderEvictionCsv(report);
  const json = renderEvictionJson(report);
  const info = runInfo({ workload: c.workload, seed: c.settings.seed, latency, results: [] }, process.argv.slice(2), c.started, {
    resultsDir: dir,
    load: {
      durationMs: c.durationMs,
      duration: showMs(c.durationMs),
      ...c.load,
      redis: maskUrl(c.redisUrl),
      postgres: c.pgUrl ? maskUrl(c.pgUrl) : 'stand-in',
      redisEvicts: policies,
      maxmemorySamples: samples,
      capacity,
    },
  });
  writeResults(dir, { 'summary.md': markdown, 'summary.csv': csv, 'summary.json': json, 'run.json': `${JSON.stringify(info, null, 2)}\n` }, { force });
  process.stdout.write(c.format === 'json' ? json : c.format === 'csv' ? csv : forTerminal(markdown, a.wide === true));
  const status = evictionReportStatus(report);
  process.stderr.write(`results written to ${dir}${status === 'partial' ? ' (PARTIAL results)' : status === 'checks-failed' ? ' (a CROSS-CHECK FAILED)' : ''}\n`);
  await writeRunReport(dir, a);
  if (report.interrupted) return INTERRUPTED;
  return status === 'complete' ? EXIT_OK : EXIT_FAILURE;
}
