// Reports of a live load test, in bench's formats (Markdown table on stdout, CSV, JSON, run.json in a
// results folder), built from bench's pieces (markdownTable, formatMetric, paramsText, the CSV
// writer). Each strategy gets two rows: what the live run measured, and what the simulator says for
// the same requests. A second table cross-checks client-side counters against the servers' own.
import { stringify } from 'csv-stringify/sync';
import type { LatencySummaryMs } from '../runner/latency-recorder.ts';
import type { StrategyResult } from '../runner/result.ts';
import { paramColumns } from '../report/csv.ts';
import { formatMetric, markdownTable } from '../report/markdown.ts';
import { paramsText } from '../report/report-data.ts';
import type { LatencyModel } from '../source/source-model.ts';
import type { ResolvedWorkload } from '../workloads/workload-config.ts';
import type { LiveAndSimulated, LiveFreshness, LiveResult } from './live-run.ts';
import { CSV_CAST } from '../report/csv-number.ts';
import type { PoolFigures } from './pool-meter.ts';
import type { SourceQueueResult } from '../source/queued-source.ts';
import { FIT_ABSOLUTE_MS, FIT_RELATIVE } from './pool-model.ts';

export interface LoadSettings {
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly singleFlight: boolean;
  readonly pgPool: number;
  readonly redisConnections: number;
  readonly table: string;
  /** Sub-millisecond send scheduling (polling) instead of timers. */
  readonly spin: boolean;
}

export interface LoadReport {
  readonly workload: ResolvedWorkload;
  readonly seed: number;
  /** The simulator's latency model (and the stand-ins' latencies). */
  readonly latency: LatencyModel;
  readonly durationMs: number;
  readonly settings: LoadSettings;
  readonly cache: { readonly kind: 'redis' | 'stand-in'; readonly label: string; readonly capacity: string };
  readonly source: { readonly kind: 'postgres' | 'stand-in'; readonly label: string };
  readonly runs: readonly LiveAndSimulated[];
  /** Strategies not run because the run was interrupted. */
  readonly skipped: readonly string[];
  /** Strategies whose run could not start or stopped with an error (a server gone), and why. */
  readonly failed: readonly { readonly strategy: string; readonly reason: string }[];
  readonly interrupted: boolean;
}

/** How the cache's capacity is enforced, as the report states it. */
export const CAPACITY_TRACKED = 'tracked by the strategy (its own LRU store decides; every key it evicts is UNLINKed from the cache); Redis maxmemory is not used';

export function isPartial(r: LoadReport): boolean {
  return r.interrupted || r.skipped.length > 0 || r.failed.length > 0 || r.runs.some((x) => x.live.status === 'partial');
}

/** Whether a cross-check disagreed in any run (the run fails: exit 1). */
export function checksFailed(r: LoadReport): boolean {
  return r.runs.some((x) => x.live.failedChecks.length > 0);
}

/** The report's overall status (summary.json `status`). */
export function reportStatus(r: LoadReport): 'complete' | 'partial' | 'checks-failed' {
  return isPartial(r) ? 'partial' : checksFailed(r) ? 'checks-failed' : 'complete';
}

type Side = 'live' | 'sim';

interface LoadColumn {
  readonly id: string;
  readonly header: string;
  readonly digits: number;
  readonly description: string;
  /** undefined: not applicable to this side (shown as an em dash). */
  get(r: LiveAndSimulated, side: Side): number | undefined;
}

const covered = (r: LiveAndSimulated) => r.live.coveredMs / 1000;
const simPerSec = (r: LiveAndSimulated, n: number) => (covered(r) > 0 ? n / covered(r) : 0);
const lat = (pick: (l: LatencySummaryMs) => number) => (r: LiveAndSimulated, side: Side) => pick(side === 'live' ? r.live.latencyMs : r.simulator.latencyMs);
/** Rows the simulated source returned: keys read minus demand reads of absent keys. */
const simRows = (s: StrategyResult) => s.sourceReads - s.sourceMisses;

/** The columns of the side-by-side table (and of the CSV), declared once. */
export const LOAD_COLUMNS: readonly LoadColumn[] = [
  { id: 'targetRate', header: 'target/s', digits: 0, description: 'requests per second the schedule sends', get: (r) => r.live.targetRate },
  {
    id: 'achievedRate',
    header: 'achieved/s',
    digits: 1,
    description: 'live: successful responses per second of schedule covered; sim: requests per second',
    get: (r, s) => (s === 'live' ? r.live.achievedRate : simPerSec(r, r.simulator.requests)),
  },
  {
    id: 'hitRatio',
    header: 'hit ratio',
    digits: 4,
    description: 'live: cache lookups that returned a value / lookups answered (as clients saw them); sim: hits / requests',
    get: (r, s) => (s === 'live' ? r.live.hitRatio : r.simulator.hitRatio),
  },
  {
    id: 'sourceQueriesPerSec',
    header: 'src queries/s',
    digits: 1,
    description: 'source round trips per second (demand reads + backfill batches)',
    get: (r, s) => (s === 'live' ? r.live.sourceQueriesPerSec : simPerSec(r, r.simulator.sourceCalls)),
  },
  {
    id: 'sourceRowsPerSec',
    header: 'src rows/s',
    digits: 1,
    description: 'rows read from the source per second',
    get: (r, s) => (s === 'live' ? r.live.sourceRowsPerSec : simPerSec(r, simRows(r.simulator))),
  },
  {
    id: 'cacheCommandsPerSec',
    header: 'cache cmd/s',
    digits: 1,
    description: 'live: commands the cache server counted per second (INFO commandstats; stand-in: its own count); not modeled by the simulator',
    get: (r, s) => (s === 'live' ? r.live.server.cacheCommandsPerSec : undefined),
  },
  { id: 'latencyP50Ms', header: 'p50 ms', digits: 3, description: 'latency from the intended send time to the response (live, HdrHistogram), or modeled (sim)', get: lat((l) => l.p50) },
  { id: 'latencyP90Ms', header: 'p90 ms', digits: 3, description: '90th percentile latency', get: lat((l) => l.p90) },
  { id: 'latencyP99Ms', header: 'p99 ms', digits: 3, description: '99th percentile latency', get: lat((l) => l.p99) },
  { id: 'latencyP999Ms', header: 'p99.9 ms', digits: 3, description: '99.9th percentile latency', get: lat((l) => l.p999) },
  { id: 'latencyMaxMs', header: 'max ms', digits: 3, description: 'maximum latency', get: lat((l) => l.max) },
  { id: 'errors', header: 'errors', digits: 0, description: 'requests that failed (connection refused or lost, server error)', get: (r, s) => (s === 'live' ? r.live.errors : undefined) },
  {
    id: 'timeouts',
    header: 'timeouts',
    digits: 0,
    description: 'requests with no answer within --timeout of their intended send time (sent or not)',
    get: (r, s) => (s === 'live' ? r.live.timeouts : undefined),
  },
];

const DASH = '—';
const show = (digits: number, v: number | undefined) => (v === undefined || Number.isNaN(v) ? DASH : formatMetric({ digits }, v));
const int = (v: number | undefined) => show(0, v);

function runLabel(r: LoadReport, side: Side): string {
  if (side === 'sim') return 'simulator';
  const c = r.cache.kind === 'redis' ? 'Redis' : 'stand-in';
  const s = r.source.kind === 'postgres' ? 'PostgreSQL' : 'stand-in';
  return `live (${c} + ${s})`;
}

function fmtMs(ms: number): string {
  return ms % 1000 === 0 ? `${(ms / 1000).toLocaleString('en-US')} s` : `${(ms / 1000).toLocaleString('en-US', { maximumFractionDigits: 3 })} s`;
}

export function headerLines(r: LoadReport): string[] {
  const w = r.workload;
  const absent = w.absentRatio > 0 ? `, ${(w.absentRatio * 100).toFixed(2).replace(/\.?0+$/, '')}% absent keys` : '';
  const s = r.settings;
  const standIn = r.cache.kind === 'stand-in' || r.source.kind === 'stand-in';
  return [
    `Live load test, workload ${w.name}: ${w.summary}${absent}; target ${w.rate.toLocaleString('en-US')} requests/s for ${fmtMs(r.durationMs)}, ${w.arrival} arrivals, open loop (latency from each request's intended send time); seed ${r.seed}.`,
    `Cache: ${r.cache.label}. Capacity: ${r.cache.capacity}.`,
    `Source: ${r.source.label}.`,
    `Client: concurrency ${s.concurrency}, ${r.source.kind === 'postgres' ? `PostgreSQL pool ${s.pgPool}, ` : ''}${r.cache.kind === 'redis' ? `Redis connections ${s.redisConnections}, ` : ''}timeout ${s.timeoutMs.toLocaleString('en-US')} ms, single-flight ${s.singleFlight ? 'on' : 'off'}, send scheduling ${s.spin ? 'sub-millisecond (polling)' : 'timers (~1 ms)'}.`,
    `Simulator rows: the same requests replayed by the simulator, latency modeled (hit ${r.latency.hitMs} ms, source call ${r.latency.callMs} ms + ${r.latency.perKeyMs} ms/key).${standIn ? ' Stand-ins are in-process fakes with those latencies, not servers.' : ''}`,
  ];
}

export function statusLines(r: LoadReport): string[] {
  if (reportStatus(r) === 'complete') return ['All runs complete.'];
  const out: string[] = [];
  if (isPartial(r)) {
    out.push('**PARTIAL RESULTS**:');
    for (const x of r.runs) {
      if (x.live.status === 'complete') continue;
      const causes = x.live.errorCauses
        .slice(0, 3)
        .map((c) => `${c.count.toLocaleString('en-US')} x ${c.message}`)
        .join('; ');
      out.push(`- ${x.live.strategy}: ${x.live.partialReasons.join(', ')}${causes ? `. Causes: ${causes}` : ''}`);
    }
    for (const f of r.failed) out.push(`- ${f.strategy}: not run to the end: ${f.reason}`);
    for (const s of r.skipped) out.push(`- ${s}: not run (${r.interrupted ? 'interrupted' : 'stopped'})`);
  }
  if (checksFailed(r)) {
    out.push('**CROSS-CHECK FAILED**:');
    for (const x of r.runs) for (const c of x.live.failedChecks) out.push(`- ${x.live.strategy}: ${c}`);
  }
  return out;
}

export function sideBySideTable(r: LoadReport): string {
  const header = ['strategy', 'run', ...LOAD_COLUMNS.map((c) => c.header), 'status'];
  const rows: string[][] = [];
  for (const x of r.runs) {
    for (const side of ['live', 'sim'] as const) {
      rows.push([
        side === 'live' ? x.live.strategy : '',
        runLabel(r, side),
        ...LOAD_COLUMNS.map((c) => show(c.digits, c.get(x, side))),
        side === 'live' ? (x.live.status === 'complete' ? 'complete' : 'PARTIAL') : 'modeled',
      ]);
    }
  }
  return markdownTable(header, rows, [false, false, ...LOAD_COLUMNS.map(() => true), false]);
}

const pair = (a: number | undefined, b: number | undefined) => `${int(a)} / ${int(b)}`;

export function crossCheckTable(r: LoadReport): string {
  const pg = r.source.kind === 'postgres';
  const header = [
    'strategy',
    'decided hit ratio',
    'decisions = sim',
    'stale / unexpected',
    'coalesced',
    `src queries client / ${pg ? 'server xacts' : 'stand-in'}`,
    `src rows client / ${pg ? 'server' : 'stand-in'}`,
    `src keys asked / ${pg ? 'idx_scan' : 'stand-in'}`,
    `cache cmds client / ${r.cache.kind === 'redis' ? 'server' : 'stand-in'}`,
    'cache keys end / strategy',
    'wrong values',
    'send lag p99 ms',
    'max in flight / queued',
  ];
  const rows = r.runs.map((x) => {
    const l = x.live;
    const srv = l.server.source;
    return [
      l.strategy,
      show(4, l.decidedHitRatio),
      x.decisionsMatchSimulator ? 'yes' : 'NO',
      `${int(l.staleMirror)} / ${int(l.unexpectedHits)}`,
      int(l.coalesced),
      // Source writes are transactions too (UPDATEs on their own connections).
      pair(l.sourceQueries + (l.freshness ? l.freshness.writes - l.freshness.writeErrors : 0), srv?.transactions),
      pair(l.sourceRows, srv?.rowsFetched),
      pair(l.sourceKeysRequested, srv?.indexScans),
      pair(l.cacheCommandsTotal, l.server.cacheCommandsTotal),
      pair(l.cacheKeysAtEnd, l.strategyStats.finalSize),
      int(l.wrongValues),
      show(3, l.sendLagMs.p99),
      `${int(l.maxInFlight)} / ${int(l.maxQueued)}`,
    ];
  });
  return markdownTable(header, rows, [false, ...header.slice(1).map(() => true)]);
}

/** The pool's figures (live: measured; sim: the queue model on the same calls), declared once for the table and the CSV. */
export const POOL_COLUMNS: readonly { readonly id: string; readonly header: string; readonly digits: number; readonly get: (p: PoolFigures) => number }[] = [
  { id: 'poolSize', header: 'pool', digits: 0, get: (p) => p.poolSize },
  { id: 'poolCalls', header: 'calls', digits: 0, get: (p) => p.calls },
  { id: 'poolCallsPerSec', header: 'calls/s', digits: 1, get: (p) => p.callsPerSec },
  { id: 'poolServiceMeanMs', header: 'service ms', digits: 3, get: (p) => p.serviceMs.mean },
  { id: 'poolServiceP99Ms', header: 'service p99', digits: 3, get: (p) => p.serviceMs.p99 },
  { id: 'poolWaitMeanMs', header: 'wait ms', digits: 3, get: (p) => p.waitMs.mean },
  { id: 'poolWaitP99Ms', header: 'wait p99', digits: 3, get: (p) => p.waitMs.p99 },
  { id: 'poolWaitMaxMs', header: 'wait max', digits: 3, get: (p) => p.waitMs.max },
  { id: 'poolDemandWaitMeanMs', header: 'demand wait', digits: 3, get: (p) => p.demandWaitMeanMs },
  { id: 'poolUtilisation', header: 'util', digits: 3, get: (p) => p.utilisation },
  { id: 'poolQueueMean', header: 'line mean', digits: 3, get: (p) => p.queueMean },
  { id: 'poolQueueP99', header: 'line p99', digits: 0, get: (p) => p.queueP99 },
  { id: 'poolQueueMax', header: 'line max', digits: 0, get: (p) => p.queueMax },
  { id: 'poolErrors', header: 'errors', digits: 0, get: (p) => p.errors },
  { id: 'poolWaitTimeouts', header: 'wait timeouts', digits: 0, get: (p) => p.waitTimeouts },
];

/** The simulator's queued run in the pool table's terms (what it does not report: NaN, shown as a dash). */
function simulatorFigures(s: StrategyResult, q: SourceQueueResult, poolSize: number, coveredSec: number): PoolFigures {
  const none = { mean: NaN, p99: NaN, max: NaN };
  return {
    poolSize,
    calls: s.sourceCalls,
    demandCalls: NaN,
    backfillCalls: NaN,
    callsPerSec: coveredSec > 0 ? s.sourceCalls / coveredSec : 0,
    spanMs: NaN,
    waitMs: { ...none, max: q.maxQueueWaitMs },
    demandWaitMeanMs: q.meanQueueWaitMs,
    backfillWaitMeanMs: q.meanBackfillWaitMs,
    serviceMs: none,
    utilisation: q.utilisation,
    queueMean: q.queueMean,
    queueP99: q.queueP99,
    queueMax: q.queueMax,
    errors: q.sourceErrors - q.sourceTimeouts,
    waitTimeouts: q.sourceTimeouts,
    queryTimeouts: 0,
  };
}

const poolSide = (x: LiveAndSimulated, side: Side): PoolFigures | undefined => (side === 'live' ? x.live.pool : x.poolModel?.figures);

/** The source pool's queueing, live beside the model's with the same pool size and service time; undefined when no run had a pool. */
export function poolTable(r: LoadReport): string | undefined {
  const runs = r.runs.filter((x) => x.live.pool && x.poolModel);
  if (runs.length === 0) return undefined;
  const header = ['strategy', 'run', ...POOL_COLUMNS.map((c) => c.header), 'model vs pool'];
  const rows: string[][] = [];
  const row = (strategy: string, run: string, p: PoolFigures, verdict: string) => [strategy, run, ...POOL_COLUMNS.map((c) => show(c.digits, c.get(p))), verdict];
  for (const x of runs) {
    const f = x.poolModel!.fit;
    rows.push(row(x.live.strategy, r.source.kind === 'postgres' ? 'PostgreSQL pool' : 'stand-in pool', x.live.pool!, ''));
    rows.push(row('', `model, service ${f.fixedMs.toFixed(3)} + ${f.perKeyMs.toFixed(4)}/key ms`, x.poolModel!.figures, x.poolVerdict ?? DASH));
    if (x.poolReplay) rows.push(row('', 'model, measured services', x.poolReplay.figures, x.poolReplayVerdict ?? DASH));
    const q = x.simulatorQueued?.sourceQueue;
    if (q && x.simulatorQueued) rows.push(row('', 'simulator, same c and service', simulatorFigures(x.simulatorQueued, q, x.live.pool!.poolSize, covered(x)), x.simulatorQueuedVerdict ?? DASH));
  }
  return markdownTable(header, rows, [false, false, ...POOL_COLUMNS.map(() => true), false]);
}

/** Live stale reads against the strategy's (= the simulator's): "agree", or by how much and why they may differ. */
export function freshnessVerdict(f: LiveFreshness): string {
  const d = f.staleReads - f.decidedStaleReads;
  if (d === 0) return 'agree';
  const why = f.racedFills > 0 ? `; ${f.racedFills.toLocaleString('en-US')} fills read another version than decided (a write racing the read: the cache-aside race)` : '';
  return `live ${Math.abs(d).toLocaleString('en-US')} ${d > 0 ? 'more' : 'fewer'}${why}`;
}

/** Runs with writes or TTLs: source writes and their cache side, TTL SETs, stale reads live beside the simulator's; undefined otherwise. */
export function freshnessTable(r: LoadReport): string | undefined {
  const runs = r.runs.filter((x) => x.live.freshness !== undefined);
  if (runs.length === 0) return undefined;
  const pg = r.source.kind === 'postgres';
  const header = [
    'strategy',
    `writes client / ${pg ? 'server n_tup_upd' : 'stand-in'}`,
    'write errors',
    'DEL / SET XX',
    'TTL SETs (PX)',
    'stale reads live / sim',
    'stale ratio live / sim',
    'raced fills',
    'verdict',
  ];
  const rows = runs.map((x) => {
    const f = x.live.freshness!;
    const sim = x.simulator.freshness;
    return [
      x.live.strategy,
      pair(f.writes - f.writeErrors, x.live.server.source?.rowsUpdated),
      int(f.writeErrors),
      `${int(f.dels)} / ${int(f.updates)}`,
      int(f.ttlSets),
      pair(f.staleReads, sim?.staleReads),
      `${show(4, f.staleReadRatio)} / ${show(4, sim?.staleReadRatio)}`,
      int(f.racedFills),
      freshnessVerdict(f),
    ];
  });
  return markdownTable(header, rows, [false, true, true, true, true, true, true, true, false]);
}

export function renderLoadMarkdown(r: LoadReport): string {
  const pool = poolTable(r);
  const fresh = freshnessTable(r);
  const params = r.runs.map((x) => `${x.live.strategy}: ${paramsText(x.live.params)}`).join('; ');
  return [
    ...headerLines(r),
    `Strategies: ${params || 'none ran'}.`,
    '',
    sideBySideTable(r),
    '',
    'Cross-checks (client-side counts against the servers\' own; "stale" = the strategy held the key but the cache answered nothing, e.g. a fill still in flight; "unexpected" = the reverse):',
    '',
    crossCheckTable(r),
    '',
    ...(fresh === undefined
      ? []
      : [
          "Freshness (source writes as UPDATE ... SET version = version + 1, their cache side per the write mode, TTLs as SET PX). A live stale read: a GET found a value whose version is older than the newest version an UPDATE of its key had returned by then; sim: the simulator's stale reads on the same records (the strategy's own decisions give exactly these; a check). They differ when a write races a fill or a GET in real time:",
          '',
          fresh,
          '',
        ]),
    ...(pool === undefined
      ? []
      : [
          `Source pool (per source call: wait for a connection, then the query's own time; "line" = calls waiting while every connection is busy, time-weighted). Model rows: the queue model (src/source/queue) with c = the pool size, fed the same calls at the times they asked, each served for the service time fitted from the live calls (fixed + per key), or for its own measured query time (the queue's structure alone: when only this one fits, the service times' spread is what the fitted model misses). "simulator" rows: the simulator itself with that source model (--source-concurrency = the pool size, --service-ms and --service-per-key-ms fitted, --coalesce = --single-flight) on the same requests at their scheduled times, its demand reads' mean wait against the pool's. "fits" = mean waits within ${FIT_RELATIVE * 100} % or ${FIT_ABSOLUTE_MS} ms (informative, not a failure):`,
          '',
          pool,
          '',
        ]),
    ...statusLines(r),
    '',
  ].join('\n');
}

export function loadDocument(r: LoadReport): Record<string, unknown> {
  const w = r.workload;
  return {
    kind: 'load',
    workload: { name: w.name, generator: w.generator, description: w.description, summary: w.summary, absentRatio: w.absentRatio, arrival: w.arrival, rate: w.rate, ...w.params },
    seed: r.seed,
    durationMs: r.durationMs,
    settings: r.settings,
    cache: r.cache,
    source: r.source,
    latencyModel: r.latency,
    status: reportStatus(r),
    interrupted: r.interrupted,
    skipped: r.skipped,
    failed: r.failed,
    results: r.runs.map((x) => ({
      strategy: x.live.strategy,
      params: x.live.params,
      decisionsMatchSimulator: x.decisionsMatchSimulator,
      live: x.live,
      simulator: x.simulator,
      ...(x.poolModel
        ? {
            poolModel: x.poolModel,
            poolVerdict: x.poolVerdict,
            poolReplay: x.poolReplay,
            poolReplayVerdict: x.poolReplayVerdict,
            simulatorQueued: x.simulatorQueued,
            simulatorQueuedSource: x.simulatorQueuedSource,
            simulatorQueuedVerdict: x.simulatorQueuedVerdict,
          }
        : {}),
    })),
  };
}

export function renderLoadJson(r: LoadReport): string {
  return `${JSON.stringify(loadDocument(r), null, 2)}\n`;
}

/** Live-only columns added to the CSV after the shared ones (empty on simulator rows). */
const LIVE_CSV: readonly [string, (l: LiveResult) => number | undefined][] = [
  ['scheduled', (l) => l.scheduled],
  ['sent', (l) => l.sent],
  ['ok', (l) => l.ok],
  ['timeoutsQueued', (l) => l.timeoutsQueued],
  ['cancelled', (l) => l.cancelled],
  ['errorsAfterResponse', (l) => l.errorsAfterResponse],
  ['clientHits', (l) => l.clientHits],
  ['clientMisses', (l) => l.clientMisses],
  ['decidedHitRatio', (l) => l.decidedHitRatio],
  ['staleMirror', (l) => l.staleMirror],
  ['unexpectedHits', (l) => l.unexpectedHits],
  ['coalesced', (l) => l.coalesced],
  ['sourceQueries', (l) => l.sourceQueries],
  ['sourceRows', (l) => l.sourceRows],
  ['sourceKeysRequested', (l) => l.sourceKeysRequested],
  ['serverSourceTransactions', (l) => l.server.source?.transactions],
  ['serverSourceRows', (l) => l.server.source?.rowsFetched],
  ['serverSourceIndexScans', (l) => l.server.source?.indexScans],
  ['cacheCommandsClient', (l) => l.cacheCommandsTotal],
  ['cacheCommandsServer', (l) => l.server.cacheCommandsTotal],
  ['cacheKeysAtEnd', (l) => l.cacheKeysAtEnd],
  ['wrongValues', (l) => l.wrongValues],
  ['sendLagP99Ms', (l) => l.sendLagMs.p99],
  ['maxInFlight', (l) => l.maxInFlight],
  ['maxQueued', (l) => l.maxQueued],
  ['coveredMs', (l) => l.coveredMs],
];

/** Live-only columns of runs with writes or TTLs (present only when a run had them). */
const FRESH_CSV: readonly [string, (l: LiveResult) => number | undefined][] = [
  ['writes', (l) => l.freshness?.writes],
  ['writeErrors', (l) => l.freshness?.writeErrors],
  ['serverRowsUpdated', (l) => l.server.source?.rowsUpdated],
  ['cacheDels', (l) => l.freshness?.dels],
  ['cacheUpdates', (l) => l.freshness?.updates],
  ['ttlSets', (l) => l.freshness?.ttlSets],
  ['liveStaleReads', (l) => l.freshness?.staleReads],
  ['liveStaleReadRatio', (l) => l.freshness?.staleReadRatio],
  ['decidedStaleReads', (l) => l.freshness?.decidedStaleReads],
  ['racedFills', (l) => l.freshness?.racedFills],
];

export function renderLoadCsv(r: LoadReport): string {
  const withPool = r.runs.some((x) => x.live.pool);
  const poolIds = withPool ? POOL_COLUMNS.map((c) => c.id) : [];
  const live = r.runs.some((x) => x.live.freshness !== undefined) ? [...LIVE_CSV, ...FRESH_CSV] : LIVE_CSV;
  const columns = ['workload', 'seed', 'strategy', 'run', 'status', ...paramColumns(), ...LOAD_COLUMNS.map((c) => c.id), ...live.map(([id]) => id), ...poolIds];
  const cell = (v: number | undefined) => (v === undefined ? '' : v);
  const rows: unknown[][] = [];
  for (const x of r.runs) {
    for (const side of ['live', 'sim'] as const) {
      rows.push([
        r.workload.name,
        r.seed,
        x.live.strategy,
        side === 'live' ? 'live' : 'simulator',
        side === 'live' ? x.live.status : 'modeled',
        ...paramColumns().map((p) => (x.live.params[p] === undefined || x.live.params[p] === null ? '' : String(x.live.params[p]))),
        ...LOAD_COLUMNS.map((c) => cell(c.get(x, side))),
        ...live.map(([, get]) => (side === 'live' ? cell(get(x.live)) : '')),
        ...(withPool
          ? POOL_COLUMNS.map((c) => {
              const p = poolSide(x, side);
              return p ? c.get(p) : '';
            })
          : []),
      ]);
    }
  }
  return stringify([columns, ...rows], { cast: CSV_CAST });
}
