// The shapes every part of the engine shares. Keys are dense integers: a workload's source holds
// keys [0, keys); keys >= keys are "absent" (the source does not have them).

import type { ParamDecl } from './param-decl.ts';
import type { SizeParams } from './object-sizes.ts';
import type { CacheEvent, TimelineEvent } from '../events/timeline-event.ts';

export type Key = number;

/** Each source key's object size in bytes (workloads/object-sizes.ts makes them). */
export interface ObjectSizes {
  /** One line for reports: where the sizes come from. */
  readonly description: string;
  /** Size (bytes, >= 1) of source key `key` (0 <= key < sourceKeys); fixed for the run. */
  sizeOf(key: Key): number;
}

/** A fixed-size block of requests. Only the first `length` entries are valid. */
export interface RequestChunk {
  readonly keys: Uint32Array;
  /** Virtual arrival time of each request, in milliseconds, non-decreasing. */
  readonly times: Float64Array;
  /**
   * Each request's object size in bytes: present only in chunks made for a run that counts bytes
   * (createChunk(n, true)); a stream with sizes fills it when present and ignores it otherwise.
   */
  readonly sizes?: Uint32Array | undefined;
  /**
   * Each record's operation (core/ops.ts: OP_READ, OP_WRITE, OP_DELETE): present only in chunks made
   * for a run with operations (createChunk(n, sized, true)); a stream with ops fills it for every record.
   */
  readonly ops?: Uint8Array | undefined;
  /** Each record's TTL in virtual ms (0: none): present only in chunks made for a stream with TTLs. */
  readonly ttls?: Float64Array | undefined;
  length: number;
}

/** A stream of requests consumed chunk by chunk; never materialised whole. */
export interface RequestStream {
  /** Number of keys the source holds: keys [0, sourceKeys) are present. */
  readonly sourceKeys: number;
  /** Upper bound (exclusive) of every key the stream can produce (present or absent). */
  readonly keySpace: number;
  /**
   * Total records the stream will produce (a stream with ops: reads, writes and deletes; results
   * count reads only). A stream wrapped with a write process (source/writes/with-writes.ts) says
   * its reads here: how many writes a Poisson process makes is not known ahead.
   */
  readonly requests: number;
  /** The stream's records carry operations: it fills RequestChunk.ops (0 = read) for every record. */
  readonly hasOps?: boolean | undefined;
  /** The stream's records carry TTLs: it fills RequestChunk.ttls (virtual ms, 0 = none) for every record. */
  readonly hasTtls?: boolean | undefined;
  /**
   * The popularity order of the source's keys, when the generator knows it exactly (uniform, zipf,
   * hotspot): the write process draws `like-reads` and `inverse` write keys from it. Built on demand
   * (a scrambled key space builds its permutation again).
   */
  readonly popularity?: (() => Popularity) | undefined;
  /** Each source key's size, when the stream has object sizes (it then fills RequestChunk.sizes). */
  readonly objectSizes?: ObjectSizes | undefined;
  /** Virtual time (ms) of the last request, when known before reading it (a trace's timestamps): the time series' window is sized from it. */
  readonly spanMs?: number | undefined;
  /** Fills the next chunk; returns false (and leaves length 0) when the stream is exhausted. */
  nextChunk(chunk: RequestChunk): boolean;
}

/** A stream that must wait for its input (a trace file being read and decompressed). */
export interface AsyncRequestStream extends Omit<RequestStream, 'nextChunk'> {
  nextChunk(chunk: RequestChunk): Promise<boolean>;
  /** Releases files and decompressors; safe to call more than once. */
  close?(): Promise<void> | void;
}

/** What the runner consumes: synthetic streams are synchronous, trace streams asynchronous. */
export type AnyRequestStream = RequestStream | AsyncRequestStream;

/**
 * A generator's popularity order: ranks [0, ranks), 0 the most read; `sampler` draws ranks with the
 * reads' own distribution from the rng given, and keyOf maps a rank to its key (the same mapping the
 * stream's generator uses).
 */
export interface Popularity {
  readonly ranks: number;
  sampler(rng: Rng): KeyGenerator;
  keyOf(rank: number): number;
}

/** Draws keys in [0, keys) one at a time. Workload generators implement this. */
export interface KeyGenerator {
  next(): number;
}

/** A uniform random source in the engine: all randomness flows from one seed through these. */
export interface Rng {
  /** A uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number;
  /** A uniformly distributed double in [0, 1), 53 random bits. */
  nextDouble(): number;
  /** A uniformly distributed integer in [0, n), n <= 2^32, without modulo bias. */
  nextInt(n: number): number;
}

export interface WorkloadSpec<P extends object = Record<string, unknown>> {
  /** Generator name, used as `"workload"` in preset files. */
  readonly name: string;
  readonly summary: string;
  /** Generator-specific parameters, declared once (the common fields are not here). */
  readonly params: readonly ParamDecl[];
  readonly defaults: Readonly<P>;
  /**
   * Validates generator-specific fields of a raw config (already merged with defaults).
   * Throws ConfigError naming the field, the value and what is allowed.
   */
  validate(raw: Record<string, unknown>, where: string): P;
  /** Largest key + 1 this generator can produce (usually p.keys). */
  keys(p: P): number;
  /** A key generator for `requests` requests, all randomness from `rng`. */
  createGenerator(p: P, rng: Rng, requests: number): KeyGenerator;
  /** One line describing the parameters, for reports. */
  describe(p: P): string;
  /**
   * The generator's popularity order (see Popularity), for generators whose key distribution does
   * not change over the stream; `setupRng` is a fresh copy of the generator's rng, from which it
   * draws its setup (a permutation) exactly as createGenerator does.
   */
  popularity?(p: P, setupRng: Rng): Popularity;
  /** Defaults of the common fields that differ for this generator (a trace's `requests`: all of it). */
  readonly commonDefaults?: Readonly<Record<string, unknown>>;
  /**
   * For workloads that read their requests rather than generate them (traces): opens the stream,
   * asynchronously (files are read, keys counted), with the resolved common fields. When present,
   * `keys` and `createGenerator` are not used. Synthetic generators leave it out and stay on the
   * synchronous path.
   */
  openStream?(p: P, seed: number, common: WorkloadCommon): Promise<OpenedWorkloadStream>;
  /**
   * The same stream, synchronously, once `openStream` has read the file in this process (or a
   * worker was handed its decoded requests); undefined before that.
   */
  openLoaded?(p: P, seed: number, common: WorkloadCommon): RequestStream | undefined;
}

/** The fields every workload has, resolved. */
export interface WorkloadCommon {
  readonly requests: number;
  readonly absentRatio: number;
  readonly arrival: 'constant' | 'poisson';
  readonly rate: number;
  /** Object sizes asked for (a distribution replaces a trace's own sizes); undefined: the stream's own, if any. */
  readonly sizes?: SizeParams | undefined;
}

/** What a workload's own openStream gives: the stream and what reading it taught us. */
export interface OpenedWorkloadStream {
  readonly stream: AnyRequestStream;
  /** Replaces the workload's summary in reports (e.g. with the detected format and key count). */
  readonly summary?: string;
  /** How virtual time is made, when not by `arrival` and `rate` (e.g. "trace timestamps (s)"). */
  readonly clock?: string;
}

/**
 * `clairvoyant`: the strategy needs every future request's key (StrategyContext.future); the runner
 * reads the stream ahead for it, holding the whole key sequence in memory.
 */
export type StrategyTrait = 'bounded' | 'backfill' | 'timer' | 'clairvoyant';

/** The whole stream's keys, read ahead by the runner for clairvoyant strategies. */
export interface FutureRequests {
  /** Key of request i, for every request of the stream, in order. */
  readonly keys: Uint32Array;
}

export interface StrategyContext {
  /** The source, through the counting wrapper. */
  readonly source: SourceReader;
  /** Keys [0, sourceKeys) exist in the source, in "source order" 0, 1, 2... */
  readonly sourceKeys: number;
  /** Exclusive upper bound of request keys (present and absent). */
  readonly keySpace: number;
  /** The run's seed: a strategy part that draws random numbers derives its own stream from it (1 when not given). */
  readonly seed?: number | undefined;
  /** Only for strategies with the `clairvoyant` trait: the keys of every request to come. */
  readonly future?: FutureRequests | undefined;
  /**
   * Told each key the strategy's store evicts, as it happens, and each key it refuses to cache
   * (admission, or a policy's own refusal) right after that decision (optional; the live load runner
   * uses it to remove the same keys from Redis). Observing only: it must not change any decision.
   */
  readonly onEvict?: ((key: Key) => void) | undefined;
  /**
   * Present when the capacity counts bytes: each source key's size. A demand fill inserts the
   * request's own size (the third argument of access, as libCacheSim inserts each request's
   * obj_size); a backfill inserts sizeOf(key). Absent in object mode (every object counts 1).
   */
  readonly sizes?: ObjectSizes | undefined;
  /** Present when the backfill batch is in bytes (CacheStrategyOptions.batchBytes): each source key's size. */
  readonly batchSizes?: ObjectSizes | undefined;
  /**
   * Present when the run has writes at the source (Strategy.write is then called for each write or
   * delete record): what a write does to the cache (source/writes/write-params.ts).
   */
  readonly writes?: { readonly mode: WriteMode } | undefined;
  /** Present (true) when the stream's records carry TTLs (a trace with a TTL column): the strategy must model expiry. */
  readonly keyTtls?: boolean | undefined;
}

/**
 * What a source write does to the cache (cache-aside conventions): `invalidate` deletes the cached
 * key, `update` writes the new value through (an uncached key is not inserted), `none`: the cache
 * learns only through expiry or refresh. A `delete` operation removes the key whatever the mode.
 */
export type WriteMode = 'invalidate' | 'update' | 'none';

/** What a strategy may do with the source. The harness counts and models latency behind it. */
export interface SourceReader {
  /** Demand read of one key: its value, or ABSENT when the source does not have it. */
  read(key: Key): number;
  /** One batch round trip reading keys[0..n); values written to out[0..n). */
  readBatch(keys: Uint32Array, n: number, out: Float64Array): void;
  /**
   * True during an outage (an `outage` event): read() then fails (returns SOURCE_FAILED, counted as a
   * failed read) and a strategy must not backfill (it skips its batches while the source is down).
   */
  readonly down: boolean;
  /**
   * The source's current version of a key: 0 until a write record (core/ops.ts) moves it on; the
   * value of version v is sourceValueAt(key, v, sourceKeys) (source/source-model.ts).
   */
  versionOf(key: Key): number;
  /**
   * A background reload round trip (refresh-ahead, stale-while-revalidate, xfetch, bulk-refresh):
   * current values of keys[0..n) to out[0..n). Counted as source load (reads, calls, load windows),
   * not as any request's latency; returns the call's modelled latency in ms (when it completes).
   */
  refresh(keys: Uint32Array, n: number, out: Float64Array): number;
  /** Modelled latency (ms) of the last read, readBatch or refresh call (xfetch's Δ of the entry it loaded); absent: 0. */
  readonly lastCallMs?: number;
}

export const ABSENT = -1;
/** What SourceReader.read returns while the source is down: the request is a miss and nothing is cached. */
export const SOURCE_FAILED = -2;

export interface Strategy {
  /**
   * Serves one request at virtual time `now` (ms). True on a cache hit. `size`: the request's object
   * size in bytes, passed only when the run counts bytes (object-mode runs call access(key, now)).
   */
  access(key: Key, now: number, size?: number): boolean;
  /** Value served by the last access (ABSENT if the source does not have the key). */
  readonly lastValue: number;
  /** Virtual time of the next timer event, Infinity if none. The runner fires it via onTimer. */
  readonly nextTimerAt: number;
  onTimer(now: number): void;
  /** Counters only the strategy can know (store and backfill bookkeeping). */
  stats(): StrategyStats;
  /** End-of-run invariant checks; throws on a broken invariant. */
  finish(): void;
  /**
   * A restart or a loss at virtual time `now` (runs with events only; the runner calls it before the
   * first request at or after the event's time, after the timers due by then). `peer`: the twin
   * run's cached keys at `now`, most valuable first (its cachedKeysByPriority), for warm=peer;
   * undefined otherwise.
   */
  onCacheEvent?(e: CacheEvent, now: number, peer: Uint32Array | undefined): void;
  /** The cached keys, most valuable first (the reverse of the eviction order): snapshots and the peer view. */
  cachedKeysByPriority?(): Uint32Array;
  /**
   * A write or delete record (core/ops.ts) at virtual time `now`, after the source's version of the
   * key moved on (the kernel called source.write first). `ttlMs`: the record's TTL (0: none). Only
   * strategies that model freshness have it; runs with writes refuse the others.
   */
  write?(key: Key, now: number, op: number, ttlMs: number): void;
  /**
   * A read record's TTL (ms, > 0; a trace with TTLs): the key's TTL from now on, as a write record's
   * TTL sets it; called just before the read is served. Strategies that take a stream with TTLs have it.
   */
  keyTtl?(key: Key, ttlMs: number): void;
  /** The source version of the value served by the last access (freshness strategies; absent: the current version). */
  readonly lastVersion?: number;
  /**
   * When a cached key's entry expires (virtual ms; Infinity: never; NaN: the key is not cached).
   * Freshness strategies only: the live load runner sets each SET's PX from it.
   */
  expiresAtOf?(key: Key): number;
  /** Cumulative freshness counters, read by the time-series probe at window ends (freshness strategies only). */
  readonly freshCounters?: FreshnessCounters;
}

/** Cumulative counts a freshness strategy keeps as it runs (the series takes per-window differences). */
export interface FreshnessCounters {
  /** Hits that served a value older than the source's current version. */
  staleReads: number;
  /** Reads of a cached but expired entry, served as misses (part of misses). */
  expiredMisses: number;
  /** Keys reloaded in the background (refresh-ahead, swr, xfetch, bulk-refresh). */
  refreshReads: number;
  /** Hits served stale after expiry while a reload runs (stale-while-revalidate; part of hits). */
  revalidations: number;
}

/** What a freshness strategy reports at the end (StrategyStats.freshness). */
export interface FreshnessStats {
  readonly staleReads: number;
  /** Age of the stale values served (virtual ms since the source changed): p50, p99, max; 0s when none. */
  readonly stalenessMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly expiredMisses: number;
  readonly revalidations: number;
  readonly refreshReads: number;
  readonly refreshCalls: number;
  /** Reloaded values never read before the key's next write, reload, eviction or removal, or the end. */
  readonly wastedRefreshes: number;
  /** Most cached entries whose expiry time fell in one 1-s window of virtual time (the stampede signal). */
  readonly peakExpiriesPerSec: number;
  /** Cached entries whose expiry time passed while cached. */
  readonly expiries: number;
}

export interface StrategyStats {
  readonly backfills: number;
  readonly backfilledKeys: number;
  /** Backfilled keys never served: evicted before use, refused by admission, or still unrequested at the end. */
  readonly backfillWaste: number;
  /** Backfilled keys refused by the admission or the eviction policy (read from the source, never cached). */
  readonly backfillRejected: number;
  /** Backfilled keys evicted before any request used them. */
  readonly backfillEvictedBeforeUse: number;
  readonly evictions: number;
  readonly finalSize: number;
  /** Largest batch one backfill loaded. */
  readonly maxBatchLoaded: number;
  /**
   * Source keys read by event warm-ups (warm=snapshot at a rate) and by the on-event trigger's
   * backfills: part of backfilledKeys, and of the source load. Absent: 0.
   */
  readonly warmupReads?: number;
  /** Keys copied from the twin cache by warm=peer (not source load). Absent: 0. */
  readonly peerCopiedKeys?: number;
  /** Backfills the rateLimit token bucket skipped or cut short. Absent: 0. */
  readonly throttledBackfills?: number;
  /** Freshness strategies only (runs with writes, a finite ttl/tti or a refresh part). */
  readonly freshness?: FreshnessStats;
}

export interface StrategySpec<P extends object = Record<string, unknown>> {
  readonly name: string;
  readonly summary: string;
  /** The traits of the strategy at its default parameters (see traitsFor). */
  readonly traits: readonly StrategyTrait[];
  /**
   * The traits with these validated parameters, when they depend on them (a backfill whose selection
   * is clairvoyant); `traits` otherwise. Read them through traitsOf().
   */
  traitsFor?(p: P): readonly StrategyTrait[];
  /** Every parameter, declared once; `defaults` and `validate` derive from these. */
  readonly params: readonly ParamDecl[];
  /** Defaults; `capacity` may depend on the workload, hence a function of sourceKeys. */
  defaults(sourceKeys: number): Readonly<P>;
  /** Validates a raw parameter object (already merged with defaults). Throws ConfigError. */
  validate(raw: Record<string, unknown>, where: string): P;
  create(ctx: StrategyContext, p: P): Strategy;
  /**
   * Refuses (ConfigError) a stream this strategy cannot take, before it is read: a clairvoyant
   * strategy's memory grows with the stream's length.
   */
  checkStream?(p: P, stream: { readonly requests: number; readonly keySpace: number }, where: string): void;
  /**
   * Refuses (ConfigError) timeline events this strategy cannot model exactly (opt: warm-ups at a
   * rate), before anything runs. Absent: every event is taken.
   */
  checkEvents?(p: P, events: readonly TimelineEvent[], where: string): void;
}

/** The traits of a strategy with these (validated or displayed) parameters. */
export function traitsOf<P extends object>(spec: Pick<StrategySpec<P>, 'traits' | 'traitsFor'>, params: P): readonly StrategyTrait[] {
  return spec.traitsFor ? spec.traitsFor(params) : spec.traits;
}
