// `load --redis-evicts allkeys-lru|allkeys-lfu`: Redis evicts by itself. The client is plain
// cache-aside (GET; on a miss read the source, then SET), no strategy decides anything, and Redis
// keeps within `maxmemory` with its own approximated policy (sampled LRU, or LFU with logarithmic
// counters and decay). Hits and misses are what Redis answered, cross-checked against the server's
// keyspace_hits / keyspace_misses. Beside each run, the exact policy Redis approximates (lru for
// allkeys-lru, lfu for allkeys-lfu, from the eviction registry) replays the same requests at the same
// capacity in keys, so the report shows what the approximation costs on this workload.
//
// Capacity in keys becomes maxmemory by measurement, not by a constant: with maxmemory off, the run's
// own kind of keys (its namespace, values from the source table, `capacity` of them spread over the
// key space) are written, and maxmemory is the server's used_memory with exactly those keys held.
// That figure includes Redis's per-key overhead at that size (dict entry, key and value objects,
// the hash table's power-of-two growth, allocator rounding); the report states it per key. The keys
// are then deleted and the run starts from an empty cache, as the simulation does. Client buffers also
// count toward maxmemory and swing with the traffic (0 - 80 KB here, hundreds of keys at small
// capacities), so while Redis evicts, maxmemory is corrected every 250 ms by (capacity - keys held)
// x bytes per key: Redis holds about `capacity` keys, and which keys is still its own choice.
//
// maxmemory is server-wide, so the mode needs a server holding no other keys (refused otherwise), and
// the server's settings are put back after each run.
import type { ParamDecl } from '../core/param-decl.ts';
import { validateDeclared } from '../core/param-decl.ts';
import { ConfigError } from '../core/errors.ts';
import type { LatencySummaryMs } from '../runner/latency-recorder.ts';
import { sourceValue } from '../source/source-model.ts';
import { NOT_CACHED } from '../strategies/eviction/eviction-policy.ts';
import { allPolicySpecs, policySpec } from '../strategies/eviction/registry.ts';
import { createChunk, openStream } from '../workloads/stream.ts';
import type { ResolvedWorkload } from '../workloads/workload-config.ts';
import { errorText, type SourceBackend } from './backends.ts';
import { streamSource, type LoadLoopOptions } from './live-run.ts';
import { runOpenLoop, TimeoutError } from './open-loop.ts';
import type { RedisCache } from './redis-cache.ts';
import { SingleFlight } from './single-flight.ts';

export const REDIS_POLICIES = ['allkeys-lru', 'allkeys-lfu'] as const;
export type RedisPolicy = (typeof REDIS_POLICIES)[number];

/** The exact policy each Redis policy approximates (names in the eviction registry). */
export const EXACT_POLICY: Readonly<Record<RedisPolicy, string>> = { 'allkeys-lru': 'lru', 'allkeys-lfu': 'lfu' };

/** The parameters of the mode, declared once; names are the CLI flags and Redis's own config names. */
export const REDIS_EVICTION_PARAMS: readonly ParamDecl[] = [
  {
    name: 'redis-evicts',
    kind: 'choice',
    choices: REDIS_POLICIES,
    default: 'allkeys-lru',
    doc: 'Redis evicts by itself with this maxmemory-policy (comma-separated: one run each), beside the exact policy it approximates',
  },
  {
    name: 'maxmemory-samples',
    kind: 'integer',
    default: 5,
    min: 1,
    max: 64,
    doc: 'keys Redis samples per eviction (its default 5; 10 approaches exact LRU/LFU at more CPU); needs --redis-evicts',
  },
];

export interface RedisEvictingOptions extends LoadLoopOptions {
  readonly policy: RedisPolicy;
  readonly samples: number;
  /** Capacity in keys. */
  readonly capacity: number;
}

export interface ExactPolicyResult {
  readonly policy: string;
  readonly requests: number;
  readonly hits: number;
  readonly hitRatio: number;
}

export interface RedisEvictingResult {
  readonly name: string;
  readonly policy: RedisPolicy;
  readonly samples: number;
  readonly capacity: number;
  readonly status: 'complete' | 'partial';
  readonly partialReasons: readonly string[];
  readonly failedChecks: readonly string[];
  /** used_memory with no run keys, and with `capacity` of them held (the first maxmemory). */
  readonly usedMemoryEmpty: number;
  readonly maxmemoryCalibrated: number;
  /** The lowest and highest maxmemory the run's corrections set. */
  readonly maxmemoryRange: readonly [number, number];
  /** (maxmemoryCalibrated - usedMemoryEmpty) / capacity: Redis's measured cost of one key, overhead included, bytes. */
  readonly bytesPerKey: number;
  readonly targetRate: number;
  readonly durationMs: number;
  readonly coveredMs: number;
  readonly scheduled: number;
  readonly sent: number;
  readonly ok: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly achievedRate: number;
  readonly clientHits: number;
  readonly clientMisses: number;
  readonly hitRatio: number;
  /** The server's own counters over the run (INFO stats deltas). */
  readonly serverHits: number | undefined;
  readonly serverMisses: number | undefined;
  readonly evictedKeys: number | undefined;
  /** Keys Redis held at the end (SCAN of the run's namespace). */
  readonly keysAtEnd: number | undefined;
  readonly sourceRows: number;
  readonly wrongValues: number;
  readonly coalesced: number;
  readonly exact: ExactPolicyResult;
  readonly latencyMs: LatencySummaryMs;
  readonly errorCauses: readonly { readonly message: string; readonly count: number }[];
}

/** Validates the mode's flags (each value of the comma-separated policy list, and the samples). */
export function readRedisEvictionFlags(policies: readonly string[], samplesRaw: number | undefined): { policies: RedisPolicy[]; samples: number } {
  const out: RedisPolicy[] = [];
  for (const p of policies) {
    const policy = validateDeclared(REDIS_EVICTION_PARAMS, { 'redis-evicts': p }, '--redis-evicts')['redis-evicts'] as RedisPolicy;
    if (!out.includes(policy)) out.push(policy);
  }
  const samples = validateDeclared(REDIS_EVICTION_PARAMS, { 'maxmemory-samples': samplesRaw }, '--maxmemory-samples')['maxmemory-samples'] as number;
  for (const policy of out) {
    const exact = EXACT_POLICY[policy];
    if (!allPolicySpecs().some((s) => s.name === exact)) {
      throw new ConfigError(
        `--redis-evicts ${policy}: the exact policy it is compared with, ${exact}, is not in the eviction registry (registered: ${
          allPolicySpecs()
            .map((s) => s.name)
            .join(', ') || 'none'
        })`,
      );
    }
  }
  return { policies: out, samples };
}

/**
 * The exact policy on the first `requests` requests of the workload's stream, demand fill at
 * `capacity` keys (object mode). Keys the source lacks are never cached, as in the live run.
 */
export function simulateExactPolicy(workload: ResolvedWorkload, seed: number, policyName: string, capacity: number, requests: number): ExactPolicyResult {
  const stream = openStream(workload, seed);
  const spec = policySpec(policyName);
  const policy = spec.create(capacity, stream.keySpace, Object.fromEntries(spec.params.map((d) => [d.name, d.default])));
  const chunk = createChunk();
  let left = requests;
  let hits = 0;
  let seen = 0;
  while (left > 0 && stream.nextChunk(chunk)) {
    const n = Math.min(chunk.length, left);
    for (let i = 0; i < n; i++) {
      const key = chunk.keys[i]!;
      if (policy.find(key) !== NOT_CACHED) hits++;
      else if (key < stream.sourceKeys) policy.insert(key, 1);
    }
    seen += n;
    left -= n;
  }
  return { policy: policyName, requests: seen, hits, hitRatio: seen === 0 ? 0 : hits / seen };
}

/** Keys spread evenly over [0, sourceKeys): the calibration set (the same key lengths as the run's). */
function calibrationKeys(capacity: number, sourceKeys: number): { keys: Uint32Array; values: Float64Array } {
  const n = Math.min(capacity, sourceKeys);
  const keys = new Uint32Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    keys[i] = Math.floor((i * sourceKeys) / n);
    values[i] = sourceValue(keys[i]!, sourceKeys);
  }
  return { keys, values };
}

const SETTINGS = ['maxmemory', 'maxmemory-policy', 'maxmemory-samples'] as const;

/** One run with Redis evicting by itself, the exact policy's figures beside it. */
export async function runRedisEvicting(o: RedisEvictingOptions, cache: RedisCache, source: SourceBackend): Promise<RedisEvictingResult> {
  const name = `redis ${o.policy} (samples ${o.samples})`;
  const stream = openStream(o.workload, o.seed);
  const sourceKeys = stream.sourceKeys;
  const others = await cache.serverKeys();
  if (others > 0) {
    throw new ConfigError(
      `--redis-evicts: the Redis server holds ${others.toLocaleString('en-US')} keys; maxmemory applies to the whole server and ${o.policy} would evict them too: use an empty server (scripts/services.sh start starts one)`,
    );
  }
  cache.useNamespace(`${o.policy}-s${o.samples}`);
  const saved = new Map<string, string>();
  for (const s of SETTINGS) saved.set(s, await cache.configGet(s));

  let clientHits = 0;
  let clientMisses = 0;
  let sourceRows = 0;
  let wrongValues = 0;
  const flights = new SingleFlight<number, number | null>(o.singleFlight);
  const causes = new Map<string, number>();
  const countCause = (e: unknown) => {
    const msg = e instanceof TimeoutError ? `timeout: ${e.message}` : errorText(e);
    if (causes.has(msg) || causes.size < 8) causes.set(msg, (causes.get(msg) ?? 0) + 1);
  };

  try {
    // Calibrate with maxmemory off: used_memory empty, then with `capacity` keys held.
    await cache.configSet('maxmemory', '0');
    await cache.clear();
    const empty = (await cache.infoNumbers('memory')).used_memory ?? 0;
    const cal = calibrationKeys(o.capacity, sourceKeys);
    await cache.fill(cal.keys, cal.values);
    const full = (await cache.infoNumbers('memory')).used_memory ?? 0;
    await cache.clear();
    if (full <= empty) throw new Error(`redis: used_memory did not grow while ${cal.keys.length} keys were written (${empty} -> ${full} bytes)`);
    const perKey = (full - empty) / cal.keys.length;
    // Client buffers count toward maxmemory too and swing with the traffic: while Redis evicts,
    // maxmemory is corrected every 250 ms by (capacity - keys held) x bytes per key.
    let maxmemory = full;
    let minSet = full;
    let maxSet = full;
    let evictedSeen = 0;
    const correct = async () => {
      const [keys, stats] = await Promise.all([cache.serverKeys(), cache.infoNumbers('stats')]);
      const evicted = stats.evicted_keys ?? 0;
      const evicting = evicted > evictedSeen;
      evictedSeen = evicted;
      // Not evicting with fewer keys than capacity: the cache is still filling, or client buffers
      // shrank after a correction down; only then move back up, and no further than calibrated.
      const restoring = !evicting && keys < o.capacity && maxmemory < full;
      if (!evicting && keys <= o.capacity && !restoring) return;
      let next = Math.max(Math.round(empty / 2), Math.round(maxmemory + (o.capacity - keys) * perKey));
      if (restoring) next = Math.min(full, next);
      if (Math.abs(next - maxmemory) < perKey) return;
      maxmemory = next;
      minSet = Math.min(minSet, next);
      maxSet = Math.max(maxSet, next);
      await cache.configSet('maxmemory', String(next));
    };
    await cache.configSet('maxmemory-policy', o.policy);
    await cache.configSet('maxmemory-samples', String(o.samples));
    await cache.configSet('maxmemory', String(maxmemory));
    evictedSeen = (await cache.infoNumbers('stats')).evicted_keys ?? 0;
    let adjusting = Promise.resolve();
    const adjust = setInterval(() => {
      adjusting = adjusting.then(correct).catch(() => {});
    }, 250);
    await source.startPool();
    const before = await cache.infoNumbers('stats');
    const loop = await runOpenLoop(
      streamSource(stream),
      (item) => {
        const key = item.key;
        return async (ctx) => {
          const got = await ctx.step(cache.get(key));
          if (got !== null) {
            clientHits++;
            if (got.value !== sourceValue(key, sourceKeys)) wrongValues++;
            ctx.respond();
            return;
          }
          clientMisses++;
          const flight = flights.run(key, async () => {
            const row = await source.readOne(key);
            if (row !== null) sourceRows++;
            return row === null ? null : row.value;
          });
          const value = await ctx.step(flight.promise);
          if (value !== null && value !== sourceValue(key, sourceKeys)) wrongValues++;
          ctx.respond();
          if (value !== null && flight.leader) await ctx.step(cache.write([key], [value], 1, []));
        };
      },
      { durationMs: o.durationMs, concurrency: o.concurrency, timeoutMs: o.timeoutMs, signal: o.signal, clock: o.clock, onProgress: o.onProgress, onFailure: countCause },
    ).finally(() => clearInterval(adjust));
    await adjusting;
    await source.endPool();
    let after: Record<string, number> | undefined;
    let keysAtEnd: number | undefined;
    try {
      after = await cache.infoNumbers('stats');
      keysAtEnd = await cache.countKeys();
    } catch (e) {
      countCause(new Error(`after the run, reading the server's counters: ${errorText(e)}`));
    }
    const delta = (k: string) => (after && after[k] !== undefined && before[k] !== undefined ? after[k] - before[k] : undefined);
    const serverHits = delta('keyspace_hits');
    const serverMisses = delta('keyspace_misses');

    const exact = simulateExactPolicy(o.workload, o.seed, EXACT_POLICY[o.policy], o.capacity, loop.scheduled);
    const reasons: string[] = [];
    const fmt = (n: number) => n.toLocaleString('en-US');
    if (loop.interrupted) reasons.push(`interrupted at ${(loop.coveredMs / 1000).toFixed(1)} s`);
    if (loop.errors > 0) reasons.push(`${fmt(loop.errors)} requests failed`);
    if (loop.timeouts > 0) reasons.push(`${fmt(loop.timeouts)} requests timed out`);
    if (loop.cancelled > 0) reasons.push(`${fmt(loop.cancelled)} requests dropped unsent`);
    if (loop.errorsAfterResponse > 0) reasons.push(`${fmt(loop.errorsAfterResponse)} cache writes failed after the response`);
    if (serverHits === undefined) reasons.push('server counters unavailable');
    const checks: string[] = [];
    if (wrongValues > 0) checks.push(`${fmt(wrongValues)} values differ from the source's`);
    if (serverHits !== undefined && serverMisses !== undefined && (serverHits !== clientHits || serverMisses !== clientMisses)) {
      checks.push(`hits/misses: client counted ${fmt(clientHits)}/${fmt(clientMisses)}, server keyspace_hits/misses ${fmt(serverHits)}/${fmt(serverMisses)}`);
    }
    if (exact.requests !== loop.scheduled) checks.push(`the exact policy saw ${fmt(exact.requests)} requests, the run scheduled ${fmt(loop.scheduled)}`);
    const covered = loop.coveredMs / 1000;
    const answered = clientHits + clientMisses;
    return {
      name,
      policy: o.policy,
      samples: o.samples,
      capacity: o.capacity,
      status: reasons.length === 0 ? 'complete' : 'partial',
      partialReasons: reasons,
      failedChecks: checks,
      usedMemoryEmpty: empty,
      maxmemoryCalibrated: full,
      maxmemoryRange: [minSet, maxSet],
      bytesPerKey: perKey,
      targetRate: o.workload.rate,
      durationMs: o.durationMs,
      coveredMs: loop.coveredMs,
      scheduled: loop.scheduled,
      sent: loop.started,
      ok: loop.ok,
      errors: loop.errors,
      timeouts: loop.timeouts,
      achievedRate: covered > 0 ? loop.ok / covered : 0,
      clientHits,
      clientMisses,
      hitRatio: answered === 0 ? 0 : clientHits / answered,
      serverHits,
      serverMisses,
      evictedKeys: delta('evicted_keys'),
      keysAtEnd,
      sourceRows,
      wrongValues,
      coalesced: flights.joined,
      exact,
      latencyMs: loop.latencyMs,
      errorCauses: [...causes].map(([message, count]) => ({ message, count })).sort((a, b) => b.count - a.count),
    };
  } finally {
    // Delete the run's keys with maxmemory still set (nothing grows), then restore the settings.
    await cache.clear().catch(() => {});
    for (const [k, v] of saved) await cache.configSet(k, v).catch(() => {});
  }
}
