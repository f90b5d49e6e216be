// One strategy's live run: the workload's requests sent open-loop at their scheduled times; for each,
// the strategy decides (MirroredStrategy) and the request carries the decision out on the cache and
// the source; every outcome is counted as the client saw it. Then the same requests are replayed
// through the simulator, so the model and the measurement sit side by side.
import type { RequestChunk, RequestStream } from '../core/types.ts';
import type { LatencySummaryMs } from '../runner/latency-recorder.ts';
import type { StrategyResult } from '../runner/result.ts';
import { StrategyRun, withRunWrites } from '../runner/run.ts';
import { displayParams, type ResolvedStrategy } from '../runner/strategy-config.ts';
import type { LatencyModel } from '../source/source-model.ts';
import { validateSourceParams, type SourceParams } from '../source/queue/source-params.ts';
import { sourceValue } from '../source/source-model.ts';
import { openStream } from '../workloads/stream.ts';
import { createChunkFor } from '../core/chunks.ts';
import { OP_READ } from '../core/ops.ts';
import type { ResolvedWorkload } from '../workloads/workload-config.ts';
import type { CacheBackend, SourceBackend, SourceRow, SourceServerStats } from './backends.ts';
import { ADMIN_COMMANDS, errorText } from './backends.ts';
import { MirroredStrategy, type BatchPlan, type RequestPlan, type WritePlan } from './mirror.ts';
import { runOpenLoop, TimeoutError, type LoopClock, type OpenLoopSource, type RequestContext, type RequestWork, type ScheduledItem } from './open-loop.ts';
import { SingleFlight } from './single-flight.ts';
import { PoolMeter, type PoolFigures } from './pool-meter.ts';
import { poolVerdict, predictPool, waitVerdict, type PoolPrediction } from './pool-model.ts';
import { WriteOrder, type WriteTicket } from './write-order.ts';

/** What every live open-loop run takes: the requests, how long and how hard, and how to stop it. */
export interface LoadLoopOptions {
  readonly workload: ResolvedWorkload;
  readonly seed: number;
  readonly durationMs: number;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly singleFlight: boolean;
  readonly signal?: AbortSignal | undefined;
  readonly clock?: LoopClock | undefined;
  readonly onProgress?: ((sent: number, elapsedMs: number) => void) | undefined;
}

export interface LiveRunOptions extends LoadLoopOptions {
  readonly resolved: ResolvedStrategy;
  /** Latency model of the simulator run shown beside the live one. */
  readonly latency: LatencyModel;
}

/**
 * Freshness, live (runs whose stream has writes or TTLs): source writes sent as UPDATEs of the
 * version column, their cache side per the write mode, and stale reads measured: a GET that found a
 * value whose version is older than the newest version an UPDATE of its key had returned when the
 * GET answered. Beside them, the strategy's own decisions (the simulator's, exactly).
 */
export interface LiveFreshness {
  /** Write and delete records sent (UPDATEs), and those that failed. */
  readonly writes: number;
  readonly writeErrors: number;
  /** Cache commands of the writes: DEL (invalidate, delete records), SET XX (update). */
  readonly dels: number;
  readonly updates: number;
  /** Client hits on a value older than the row's newest known version. */
  readonly staleReads: number;
  /** staleReads / client hits + misses (the reads answered). */
  readonly staleReadRatio: number;
  /** The strategy's stale reads on the same records (the simulator's count, exactly). */
  readonly decidedStaleReads: number;
  /** SETs of a TTL (PX) sent. */
  readonly ttlSets: number;
  /** Misses whose source read returned another version than the strategy's (a write racing the read). */
  readonly racedFills: number;
  /** Versions read or cached above the UPDATEs sent for their key (impossible: a cross-check). */
  readonly versionsAhead: number;
}

export interface ErrorCause {
  readonly message: string;
  readonly count: number;
}

/** What a live run measured for one strategy. Rates are per second of the schedule covered. */
export interface LiveResult {
  readonly strategy: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly status: 'complete' | 'partial';
  /** Why the results are partial (empty when complete). */
  readonly partialReasons: readonly string[];
  /**
   * Cross-checks that disagree (empty when all agree): decisions against the simulator, values
   * against the source, client counters against the servers' own, keys in the cache at the end
   * against the strategy's store. Any one fails the run.
   */
  readonly failedChecks: readonly string[];
  readonly targetRate: number;
  readonly durationMs: number;
  /** Schedule span covered (less than durationMs when interrupted), ms. */
  readonly coveredMs: number;
  readonly elapsedMs: number;
  readonly scheduled: number;
  readonly sent: number;
  readonly ok: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly timeoutsQueued: number;
  readonly cancelled: number;
  readonly errorsAfterResponse: number;
  readonly sentRate: number;
  /** Successful responses per second. */
  readonly achievedRate: number;
  /** Requests whose cache lookup answered with a value / that answered at all. */
  readonly clientHits: number;
  readonly clientMisses: number;
  readonly hitRatio: number;
  /** The strategy's own decisions (its in-process mirror of the cache). */
  readonly decidedHits: number;
  readonly decidedHitRatio: number;
  /** Decided hits the cache answered with nothing (a fill still in flight, a lost key). */
  readonly staleMirror: number;
  /** Decided misses the cache answered with a value. */
  readonly unexpectedHits: number;
  /** Misses that joined another request's in-flight read of the same key (single-flight). */
  readonly coalesced: number;
  readonly sourceQueries: number;
  readonly demandQueries: number;
  readonly batchQueries: number;
  /** Keys asked for (demand keys + batch keys). */
  readonly sourceKeysRequested: number;
  readonly sourceRows: number;
  /** Demand reads of keys the source does not have. */
  readonly sourceMisses: number;
  readonly sourceQueriesPerSec: number;
  readonly sourceRowsPerSec: number;
  /** Commands the clients sent to the cache: GET, SET (one per key), UNLINK (one per pipeline). */
  readonly cacheCommands: Readonly<Record<string, number>>;
  readonly cacheCommandsTotal: number;
  /** Server-side counters over the run (INFO commandstats, pg_stat_*), undefined when unavailable. */
  readonly server: {
    readonly cacheCommands: Readonly<Record<string, number>> | undefined;
    readonly cacheCommandsTotal: number | undefined;
    readonly cacheCommandsPerSec: number | undefined;
    readonly source: SourceServerStats | undefined;
    readonly sourceRowsPerSec: number | undefined;
  };
  readonly cacheKeysAtEnd: number | undefined;
  readonly wrongValues: number;
  readonly timerBackfills: number;
  readonly timerErrors: number;
  readonly errorCauses: readonly ErrorCause[];
  readonly latencyMs: LatencySummaryMs;
  readonly sendLagMs: LatencySummaryMs;
  readonly maxInFlight: number;
  readonly maxQueued: number;
  /**
   * The source's connection pool as measured (waits for a connection, query times, utilisation,
   * waiting line); undefined when the source has no pool (the stand-in without --pg-pool).
   */
  readonly pool: PoolFigures | undefined;
  /** Connections in use at once, at most (never above the pool size: a cross-check). */
  readonly poolMaxInUse: number | undefined;
  /** Runs with writes or TTLs: the live freshness figures (undefined otherwise). */
  readonly freshness: LiveFreshness | undefined;
  /** The strategy's own counters (its mirror store). */
  readonly strategyStats: {
    readonly backfills: number;
    readonly backfilledKeys: number;
    readonly backfillWaste: number;
    readonly evictions: number;
    readonly finalSize: number;
  };
}

export interface LiveAndSimulated {
  readonly live: LiveResult;
  /** The simulator on exactly the requests the live run scheduled. */
  readonly simulator: StrategyResult;
  /** True when the strategy's live decisions gave the simulator's hit count (they must). */
  readonly decisionsMatchSimulator: boolean;
  /** The queue model on the pool's own calls, same pool size and fitted service time (pool-model.ts). */
  readonly poolModel: PoolPrediction | undefined;
  /** Model against pool on the mean wait for a connection: "fits", or how it is off. */
  readonly poolVerdict: string | undefined;
  /** The same model serving each call for its own measured query time (the queue's structure alone). */
  readonly poolReplay: PoolPrediction | undefined;
  readonly poolReplayVerdict: string | undefined;
  /**
   * The simulator itself with the fitted source model (sourceConcurrency = the pool size, serviceMs
   * and servicePerKeyMs fitted, coalesce = --single-flight, timeoutMs = the pool's wait limit) on
   * the same requests at their scheduled times: the bench run a user would make with these numbers.
   */
  readonly simulatorQueued: StrategyResult | undefined;
  readonly simulatorQueuedSource: SourceParams | undefined;
  /** Its demand reads' mean wait against the pool's. */
  readonly simulatorQueuedVerdict: string | undefined;
}

/** The strategy's context beyond the source, as the simulator's runner gives it (run.ts): the write mode, and keyTtls for a stream with TTLs. */
export function mirrorContext(stream: Pick<RequestStream, 'hasTtls'>, writes: { readonly mode: string } | undefined): Record<string, unknown> {
  return { ...(writes ? { writes: { mode: writes.mode } } : {}), ...(stream.hasTtls === true ? { keyTtls: true } : {}) };
}

/** Feeds a RequestStream to the open loop one request at a time (with its op and TTL when the stream has them). */
export function streamSource(stream: RequestStream, chunk: RequestChunk = createChunkFor(stream, 4096)): OpenLoopSource {
  let pos = 0;
  let done = false;
  chunk.length = 0;
  const item = { time: 0, key: 0, op: OP_READ, ttlMs: 0 };
  const ops = chunk.ops;
  const ttls = chunk.ttls;
  const fill = () => {
    while (!done && pos >= chunk.length) {
      pos = 0;
      if (!stream.nextChunk(chunk)) done = true;
    }
  };
  return {
    peek() {
      fill();
      if (done) return undefined;
      item.time = chunk.times[pos]!;
      item.key = chunk.keys[pos]!;
      if (ops !== undefined) item.op = ops[pos]!;
      if (ttls !== undefined) item.ttlMs = ttls[pos]!;
      return item;
    },
    advance() {
      pos++;
    },
  };
}

/** The simulator on the first `requests` requests of the workload's stream. */
export function simulatePrefix(workload: ResolvedWorkload, seed: number, resolved: ResolvedStrategy, latency: LatencyModel, requests: number, source?: SourceParams): StrategyResult {
  // Records, writes included: the stream with the workload's writes, as the live run sends it.
  const { stream, writes } = withRunWrites(openStream(workload, seed), { seed, writes: workload.writes });
  const run = new StrategyRun(resolved, stream, { seed, latency, source, writes });
  const chunk = createChunkFor(stream);
  let left = requests;
  while (left > 0 && stream.nextChunk(chunk)) {
    if (chunk.length > left) chunk.length = left;
    run.replay(chunk);
    left -= chunk.length;
  }
  return run.result();
}

const ERROR_CAUSES_KEPT = 8;
const NO_KEYS: readonly number[] = [];

/** What a request's (or a timer's) writes need: its place in the write order and its deadline. */
interface Writer {
  readonly ticket: WriteTicket;
  step<T>(p: Promise<T>): Promise<T>;
  expired(): boolean;
}

/** Reads server counters until two reads 150 ms apart agree (PostgreSQL backends publish theirs when idle or exiting). */
async function settledSourceStats(source: SourceBackend): Promise<SourceServerStats | undefined> {
  let prev = await source.serverStats();
  for (let i = 0; i < 20 && prev !== undefined; i++) {
    await new Promise((r) => setTimeout(r, 150));
    const cur = await source.serverStats();
    if (cur === undefined) return prev;
    if (cur.rowsFetched === prev.rowsFetched && cur.indexScans === prev.indexScans && cur.rowsUpdated === prev.rowsUpdated) return cur;
    prev = cur;
  }
  return prev;
}

function commandDelta(before: Readonly<Record<string, number>> | undefined, after: Readonly<Record<string, number>> | undefined): Record<string, number> | undefined {
  if (!before || !after) return undefined;
  const out: Record<string, number> = {};
  for (const [cmd, n] of Object.entries(after)) {
    const d = n - (before[cmd] ?? 0);
    if (d > 0 && !ADMIN_COMMANDS.has(cmd)) out[cmd] = d;
  }
  return out;
}

/** Runs one strategy live against `cache` and `source` (both open, source key space checked). */
export async function runLive(o: LiveRunOptions, cache: CacheBackend, source: SourceBackend): Promise<LiveAndSimulated> {
  // The workload's writes (a write process, or a trace's own write records), as the simulator has them.
  const { stream, writes: runWrites } = withRunWrites(openStream(o.workload, o.seed), { seed: o.seed, writes: o.workload.writes });
  const withWrites = stream.hasOps === true;
  const writeMode = runWrites?.mode ?? 'invalidate';
  const mirror = new MirroredStrategy(o.resolved, stream.sourceKeys, stream.keySpace, stream.objectSizes, o.seed, writeMode, mirrorContext(stream, runWrites));
  // Freshness figures for runs with writes or trace TTLs, and for strategies that model freshness
  // (a finite --ttl without writes: its expiry still goes to Redis as PX).
  const fresh = withWrites || stream.hasTtls === true || mirror.strategy.freshCounters !== undefined;
  const sourceKeys = stream.sourceKeys;
  // Freshness, live: the newest version an UPDATE of each key has returned (what a GET's cached
  // version is compared with), and the counts.
  const rowVersion = new Map<number, number>();
  let writes = 0;
  let writeErrors = 0;
  let dels = 0;
  let updates = 0;
  let staleReads = 0;
  let ttlSets = 0;
  let racedFills = 0;
  let versionsAhead = 0;
  // UPDATEs sent per key: no version read or cached can be above it (the response of an UPDATE may
  // still be on its way when another connection already reads the row it committed).
  const sentWrites = new Map<number, number>();
  const seen = (key: number, version: number) => {
    if (version > (sentWrites.get(key) ?? 0)) versionsAhead++;
  };
  const flights = new SingleFlight<number, SourceRow | null>(o.singleFlight);

  let clientHits = 0;
  let clientMisses = 0;
  let staleMirror = 0;
  let unexpectedHits = 0;
  let demandQueries = 0;
  let batchQueries = 0;
  let keysRequested = 0;
  let sourceRows = 0;
  let sourceMisses = 0;
  let gets = 0;
  let sets = 0;
  let unlinks = 0;
  let wrongValues = 0;
  let timerBackfills = 0;
  let timerErrors = 0;
  const causes = new Map<string, number>();
  const countCause = (e: unknown) => {
    const msg = e instanceof TimeoutError ? `timeout: ${e.message}` : errorText(e);
    if (causes.has(msg) || causes.size < ERROR_CAUSES_KEPT) causes.set(msg, (causes.get(msg) ?? 0) + 1);
  };

  // The value column keeps each key's seeded value (writes move its version column on).
  const check = (key: number, value: number) => {
    if (value !== sourceValue(key, sourceKeys)) wrongValues++;
  };
  // Writes go out in decision order, key by key (see write-order.ts).
  const order = new WriteOrder();
  const write = async (w: Writer, keys: ArrayLike<number>, values: ArrayLike<number>, n: number, remove: readonly number[], versions?: ArrayLike<number>, pxMs?: ArrayLike<number>): Promise<void> => {
    if (n === 0 && remove.length === 0) return;
    await w.step(w.ticket.ready);
    if (w.expired()) throw new TimeoutError('deadline passed while an earlier write of the same keys was in flight');
    sets += n;
    if (remove.length > 0) unlinks++;
    if (pxMs !== undefined) for (let i = 0; i < n; i++) if (pxMs[i]! > 0) ttlSets++;
    await w.step(fresh ? cache.write(keys, values, n, remove, versions, pxMs) : cache.write(keys, values, n, remove));
  };
  const readOne = async (key: number): Promise<SourceRow | null> => {
    demandQueries++;
    keysRequested++;
    const row = await source.readOne(key);
    if (row !== null) {
      sourceRows++;
      check(key, row.value);
      seen(key, row.version);
    }
    return row;
  };
  const backfill = async (b: BatchPlan, w: Writer): Promise<void> => {
    batchQueries++;
    keysRequested += b.keys.length;
    const rows = await w.step(source.readMany(b.keys, b.keys.length));
    sourceRows += rows.ids.length;
    for (let i = 0; i < rows.ids.length; i++) {
      check(rows.ids[i]!, rows.values[i]!);
      seen(rows.ids[i]!, rows.versions[i]!);
    }
    // Each row's TTL: the plan's for its key (rows come back in any order).
    let px: Float64Array | undefined;
    if (b.pxMs !== undefined) {
      const at = new Map<number, number>();
      for (let i = 0; i < b.keys.length; i++) at.set(b.keys[i]!, b.pxMs[i]!);
      px = Float64Array.from(rows.ids, (k) => at.get(k) ?? 0);
    }
    await write(w, rows.ids, rows.values, rows.ids.length, b.evicted, rows.versions, px);
  };

  // A write or delete record: the UPDATE (the application writing the database), then its cache
  // side in the strategy's write order; answered when both are done.
  const serveWrite = async (plan: WritePlan, ctx: RequestContext, ticket: WriteTicket): Promise<void> => {
    try {
      writes++;
      sentWrites.set(plan.key, (sentWrites.get(plan.key) ?? 0) + 1);
      let version: number;
      try {
        version = await ctx.step(source.write(plan.key));
      } catch (e) {
        writeErrors++;
        throw e;
      }
      if (version > (rowVersion.get(plan.key) ?? 0)) rowVersion.set(plan.key, version);
      if (plan.action !== 'none') {
        await ctx.step(ticket.ready);
        if (plan.action === 'del') dels++;
        else {
          updates++;
          if (plan.pxMs > 0) ttlSets++;
        }
        await ctx.step(cache.afterWrite(plan.key, plan.action, sourceValue(plan.key, sourceKeys), version, plan.pxMs));
      }
      ctx.respond();
    } finally {
      ticket.release();
    }
  };

  const serve = async (plan: RequestPlan, ctx: RequestContext, ticket: WriteTicket): Promise<void> => {
    const w: Writer = { ticket, step: ctx.step, expired: () => ctx.expired };
    try {
      const key = plan.key;
      gets++;
      const found = await ctx.step(cache.get(key));
      if (found !== null) {
        const got = found.value;
        clientHits++;
        check(key, got);
        if (fresh) {
          seen(key, found.version);
          if (found.version < (rowVersion.get(key) ?? 0)) staleReads++;
        }
        ctx.respond();
        if (!plan.hit) {
          // The strategy decided a miss but the cache had the key (an earlier UNLINK of it not yet
          // landed): still make its writes, the key's SET included, so that the cache ends holding
          // what the strategy holds (off the response path).
          unexpectedHits++;
          if (plan.backfill) await backfill(plan.backfill, w);
          if (fresh) {
            // With writes the value found may be one a write's DEL (decided before this request, not
            // landed yet) is about to remove: refill from the source, as the decided miss does, so the
            // cache does not keep an old version after that DEL.
            const row = await w.step(readOne(key));
            await write(w, row === null ? [] : [key], row === null ? [] : [row.value], row === null ? 0 : 1, plan.evicted, row === null ? [] : [row.version], [plan.pxMs]);
          } else await write(w, [key], [got], 1, plan.evicted);
        } else if (plan.evicted.length > 0) {
          // A hit that evicted (a policy whose hits may): remove those keys, off the response path.
          await write(w, [], [], 0, plan.evicted);
        }
        return;
      }
      clientMisses++;
      if (plan.hit) staleMirror++;
      // On the request path, as the strategy does it: the backfill first, then the missed key.
      if (plan.backfill) await backfill(plan.backfill, w);
      const flight = flights.run(key, () => readOne(key));
      const row = await ctx.step(flight.promise);
      if (row === null) sourceMisses++;
      else if (fresh && !plan.hit && row.version !== plan.version) racedFills++;
      ctx.respond();
      // A decided miss caches the key even when it joined another request's read: the strategy may
      // have evicted and refilled it since that request's decision.
      const fill = row !== null && (flight.leader || !plan.hit);
      await write(w, fill ? [key] : [], fill ? [row.value] : [], fill ? 1 : 0, plan.evicted, fill ? [row.version] : [], fill ? [plan.pxMs] : []);
    } finally {
      ticket.release();
    }
  };

  // Timer backfills (time-based): off the request path, bounded by the same timeout.
  const background = new Set<Promise<void>>();
  const runTimer = (b: BatchPlan, ticket: WriteTicket) => {
    timerBackfills++;
    let timer: NodeJS.Timeout | undefined;
    let expired = false;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        expired = true;
        reject(new TimeoutError(`timer backfill: no answer within ${o.timeoutMs} ms`));
      }, o.timeoutMs);
    });
    deadline.catch(() => {});
    const step = <T>(p: Promise<T>) => Promise.race([p, deadline]);
    const p = backfill(b, { ticket, step, expired: () => expired })
      .catch((e: unknown) => {
        timerErrors++;
        countCause(e);
      })
      .finally(() => {
        clearTimeout(timer);
        ticket.release();
        background.delete(p);
      });
    background.add(p);
  };

  const prepare = (item: ScheduledItem): RequestWork => {
    if (item.op !== undefined && item.op !== OP_READ) {
      const wp = mirror.decideWrite(item.key, item.time, item.op, item.ttlMs ?? 0);
      for (const b of wp.timers) runTimer(b, order.reserve(b.keys, b.evicted));
      const ticket = order.reserve([wp.key]);
      return Object.assign((ctx: RequestContext) => serveWrite(wp, ctx, ticket), { dropped: ticket.release });
    }
    const plan = mirror.decide(item.key, item.time, item.ttlMs ?? 0);
    for (const b of plan.timers) runTimer(b, order.reserve(b.keys, b.evicted));
    const ticket = order.reserve([plan.key], plan.evicted, plan.backfill?.keys ?? NO_KEYS, plan.backfill?.evicted ?? NO_KEYS);
    return Object.assign((ctx: RequestContext) => serve(plan, ctx, ticket), { dropped: ticket.release });
  };

  cache.useNamespace(o.resolved.name);
  // Every strategy starts from the same source: the rows a previous run wrote go back to version 0.
  if (withWrites) await source.resetVersions();
  const meter = source.poolSize === undefined ? undefined : new PoolMeter(source.poolSize, o.clock?.now);
  try {
    await source.startPool(meter);
  } catch (e) {
    await source.endPool().catch(() => {});
    throw new Error(`the source's connection pool did not start: ${errorText(e)}`, { cause: e });
  }
  const cacheBefore = await cache.commandStats();
  const sourceBefore = await settledSourceStats(source);

  const loop = await runOpenLoop(streamSource(stream), prepare, {
    durationMs: o.durationMs,
    concurrency: o.concurrency,
    timeoutMs: o.timeoutMs,
    signal: o.signal,
    clock: o.clock,
    onProgress: o.onProgress,
    onFailure: (e) => countCause(e),
  });
  await Promise.all([...background]);

  // Server-side counters: end the pool first (PostgreSQL backends publish their counters on exit).
  await source.endPool();
  const cacheAfter = await cache.commandStats();
  const sourceAfter = await settledSourceStats(source);
  let cacheKeysAtEnd: number | undefined;
  try {
    cacheKeysAtEnd = await withTimeout(cache.countKeys(), 5000);
    await withTimeout(cache.clear(), 5000);
  } catch (e) {
    countCause(new Error(`after the run, counting and deleting the run's keys: ${errorText(e)}`));
  }

  mirror.strategy.finish();
  const st = mirror.strategy.stats();
  const simulator = simulatePrefix(o.workload, o.seed, o.resolved, o.latency, loop.scheduled);
  const covered = loop.coveredMs / 1000;
  const perSec = (n: number) => (covered > 0 ? n / covered : 0);
  const cacheCommands: Record<string, number> = { get: gets, set: sets + updates, unlink: unlinks, ...(dels > 0 ? { del: dels } : {}) };
  const cacheCommandsTotal = gets + sets + updates + unlinks + dels;
  const serverCache = commandDelta(cacheBefore?.calls, cacheAfter?.calls);
  const serverCacheTotal = serverCache ? Object.values(serverCache).reduce((a, b) => a + b, 0) : undefined;
  const serverSource =
    sourceBefore && sourceAfter
      ? {
          rowsFetched: sourceAfter.rowsFetched - sourceBefore.rowsFetched,
          indexScans: sourceAfter.indexScans - sourceBefore.indexScans,
          transactions: sourceAfter.transactions - sourceBefore.transactions,
          ...(sourceAfter.rowsUpdated !== undefined && sourceBefore.rowsUpdated !== undefined ? { rowsUpdated: sourceAfter.rowsUpdated - sourceBefore.rowsUpdated } : {}),
        }
      : undefined;
  const writesDone = writes - writeErrors;

  const reasons: string[] = [];
  const fmt = (n: number) => n.toLocaleString('en-US');
  if (loop.interrupted) reasons.push(`interrupted at ${(loop.coveredMs / 1000).toFixed(1)} s of ${(o.durationMs / 1000).toFixed(1)} s`);
  if (loop.errors > 0) reasons.push(`${fmt(loop.errors)} requests failed`);
  if (loop.timeouts > 0) reasons.push(`${fmt(loop.timeouts)} requests timed out${loop.timeoutsQueued > 0 ? ` (${fmt(loop.timeoutsQueued)} before they could be sent)` : ''}`);
  if (loop.cancelled > 0) reasons.push(`${fmt(loop.cancelled)} requests dropped unsent`);
  if (loop.errorsAfterResponse > 0) reasons.push(`${fmt(loop.errorsAfterResponse)} cache writes failed after the response`);
  if (timerErrors > 0) reasons.push(`${fmt(timerErrors)} timer backfills failed`);
  if (!serverCache) reasons.push('cache server counters unavailable');
  if (!serverSource) reasons.push('source server counters unavailable');
  const answered = clientHits + clientMisses;
  const decisionsMatchSimulator = simulator.hits === mirror.decidedHits && simulator.requests === mirror.decidedRequests;
  const failedChecks = crossChecks({
    decisions: [mirror.decidedHits, mirror.decidedRequests, simulator.hits, simulator.requests],
    wrongValues,
    // An UPDATE by primary key fetches its row too (idx_tup_fetch), as PostgreSQL counts it.
    sourceRows: [sourceRows + writesDone, serverSource?.rowsFetched],
    cacheCommands: [cacheCommandsTotal, serverCacheTotal],
    // Redis expires TTL'd keys on its own clock: the count at the end is compared only without TTLs.
    cacheKeys: [ttlSets === 0 ? cacheKeysAtEnd : undefined, st.finalSize],
    pool: meter ? [meter.calls.length, demandQueries + batchQueries, meter.maxInUse, meter.poolSize] : undefined,
    freshness: fresh
      ? {
          staleReads: [mirror.decidedStale, simulator.freshness?.staleReads],
          writes: [writesDone, serverSource?.rowsUpdated],
          versionsAhead,
        }
      : undefined,
  });
  const pool = meter?.figures();
  // The model's wait limit is the pool's: PostgreSQL's pool gives up after --timeout
  // (connectionTimeoutMillis); the stand-in's pool waits as long as it takes.
  const waitLimit = source.kind === 'postgres' ? o.timeoutMs : null;
  const poolModel = meter ? predictPool(meter.calls, meter.poolSize, waitLimit) : undefined;
  const poolReplay = meter ? predictPool(meter.calls, meter.poolSize, waitLimit, 'measured') : undefined;
  const fit = poolModel?.fit;
  const queuedSource =
    meter && fit && fit.calls > 0
      ? validateSourceParams(
          { sourceConcurrency: meter.poolSize, serviceMs: fit.fixedMs, servicePerKeyMs: fit.perKeyMs, coalesce: o.singleFlight, timeoutMs: waitLimit },
          'load: the fitted source model',
        )
      : undefined;
  const simulatorQueued = queuedSource ? simulatePrefix(o.workload, o.seed, o.resolved, o.latency, loop.scheduled, queuedSource) : undefined;

  const live: LiveResult = {
    strategy: o.resolved.name,
    params: displayParams(o.resolved.params),
    status: reasons.length === 0 ? 'complete' : 'partial',
    partialReasons: reasons,
    failedChecks,
    targetRate: o.workload.rate,
    durationMs: o.durationMs,
    coveredMs: loop.coveredMs,
    elapsedMs: loop.elapsedMs,
    scheduled: loop.scheduled,
    sent: loop.started,
    ok: loop.ok,
    errors: loop.errors,
    timeouts: loop.timeouts,
    timeoutsQueued: loop.timeoutsQueued,
    cancelled: loop.cancelled,
    errorsAfterResponse: loop.errorsAfterResponse,
    sentRate: perSec(loop.started),
    achievedRate: perSec(loop.ok),
    clientHits,
    clientMisses,
    hitRatio: answered === 0 ? 0 : clientHits / answered,
    decidedHits: mirror.decidedHits,
    decidedHitRatio: mirror.decidedRequests === 0 ? 0 : mirror.decidedHits / mirror.decidedRequests,
    staleMirror,
    unexpectedHits,
    coalesced: flights.joined,
    sourceQueries: demandQueries + batchQueries,
    demandQueries,
    batchQueries,
    sourceKeysRequested: keysRequested,
    sourceRows,
    sourceMisses,
    sourceQueriesPerSec: perSec(demandQueries + batchQueries),
    sourceRowsPerSec: perSec(sourceRows),
    cacheCommands,
    cacheCommandsTotal,
    server: {
      cacheCommands: serverCache,
      cacheCommandsTotal: serverCacheTotal,
      cacheCommandsPerSec: serverCacheTotal === undefined ? undefined : perSec(serverCacheTotal),
      source: serverSource,
      sourceRowsPerSec: serverSource ? perSec(serverSource.rowsFetched) : undefined,
    },
    cacheKeysAtEnd,
    wrongValues,
    timerBackfills,
    timerErrors,
    errorCauses: [...causes].map(([message, count]) => ({ message, count })).sort((a, b) => b.count - a.count),
    latencyMs: loop.latencyMs,
    sendLagMs: loop.sendLagMs,
    maxInFlight: loop.maxInFlight,
    maxQueued: loop.maxQueued,
    pool,
    poolMaxInUse: meter?.maxInUse,
    freshness: fresh
      ? {
          writes,
          writeErrors,
          dels,
          updates,
          staleReads,
          staleReadRatio: answered === 0 ? 0 : staleReads / answered,
          decidedStaleReads: mirror.decidedStale,
          ttlSets,
          racedFills,
          versionsAhead,
        }
      : undefined,
    strategyStats: { backfills: st.backfills, backfilledKeys: st.backfilledKeys, backfillWaste: st.backfillWaste, evictions: st.evictions, finalSize: st.finalSize },
  };
  return {
    live,
    simulator,
    decisionsMatchSimulator,
    poolModel,
    poolVerdict: pool && poolModel ? poolVerdict(pool, poolModel.figures) : undefined,
    poolReplay,
    poolReplayVerdict: pool && poolReplay ? poolVerdict(pool, poolReplay.figures) : undefined,
    simulatorQueued,
    simulatorQueuedSource: queuedSource,
    simulatorQueuedVerdict: pool && simulatorQueued?.sourceQueue ? waitVerdict(pool.demandWaitMeanMs, simulatorQueued.sourceQueue.meanQueueWaitMs, 'demand wait') : undefined,
  };
}

/**
 * The cross-checks that must agree exactly, each described when it does not. A check whose server
 * figure is unavailable is skipped (the run is partial then, and says so).
 */
export function crossChecks(c: {
  readonly decisions: readonly [decidedHits: number, decidedRequests: number, simHits: number, simRequests: number];
  readonly wrongValues: number;
  readonly sourceRows: readonly [client: number, server: number | undefined];
  readonly cacheCommands: readonly [client: number, server: number | undefined];
  readonly cacheKeys: readonly [cache: number | undefined, strategy: number];
  readonly pool?: readonly [metered: number, client: number, maxInUse: number, poolSize: number] | undefined;
  /** Runs with writes or TTLs: the strategy's stale reads against the simulator's, writes against the server's updated rows. */
  readonly freshness?:
    | {
        readonly staleReads: readonly [decided: number, simulator: number | undefined];
        readonly writes: readonly [client: number, server: number | undefined];
        readonly versionsAhead: number;
      }
    | undefined;
}): string[] {
  const fmt = (n: number) => n.toLocaleString('en-US');
  const out: string[] = [];
  const [dh, dr, sh, sr] = c.decisions;
  if (dh !== sh || dr !== sr) out.push(`decisions differ from the simulator's (${fmt(dh)} hits in ${fmt(dr)} requests, simulator ${fmt(sh)} in ${fmt(sr)})`);
  if (c.wrongValues > 0) out.push(`${fmt(c.wrongValues)} values differ from the source's`);
  const [rowsClient, rowsServer] = c.sourceRows;
  if (rowsServer !== undefined && rowsServer !== rowsClient) out.push(`source rows: client counted ${fmt(rowsClient)}, server ${fmt(rowsServer)}`);
  const [cmdClient, cmdServer] = c.cacheCommands;
  if (cmdServer !== undefined && cmdServer !== cmdClient) out.push(`cache commands: client sent ${fmt(cmdClient)}, server counted ${fmt(cmdServer)}`);
  const [keysCache, keysStrategy] = c.cacheKeys;
  if (keysCache !== undefined && keysCache !== keysStrategy) out.push(`the cache holds ${fmt(keysCache)} keys at the end, the strategy ${fmt(keysStrategy)}`);
  if (c.pool) {
    const [metered, client, maxInUse, size] = c.pool;
    if (metered !== client) out.push(`source pool: ${fmt(metered)} calls measured, ${fmt(client)} sent`);
    if (maxInUse > size) out.push(`source pool: ${fmt(maxInUse)} connections in use at once, more than its ${fmt(size)}`);
  }
  if (c.freshness) {
    const [decided, sim] = c.freshness.staleReads;
    if (sim !== undefined && decided !== sim) out.push(`stale reads: the strategy decided ${fmt(decided)}, the simulator counted ${fmt(sim)}`);
    const [wClient, wServer] = c.freshness.writes;
    if (wServer !== undefined && wServer !== wClient) out.push(`source writes: client made ${fmt(wClient)} UPDATEs, the server counted ${fmt(wServer)} updated rows`);
    if (c.freshness.versionsAhead > 0) out.push(`${fmt(c.freshness.versionsAhead)} versions read or cached were above the UPDATEs sent for their key`);
  }
  return out;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise<never>((_, reject) => {
      t = setTimeout(() => reject(new TimeoutError(`no answer within ${ms} ms`)), ms);
    }),
  ]);
}
