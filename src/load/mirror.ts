// How unchanged, synchronous strategies drive real, asynchronous backends.
//
// A strategy decides synchronously (hit or miss, what to backfill, what to evict) through a
// SourceReader whose read() and readBatch() return at once. For a live run the strategy is created
// exactly as the simulator creates it, from its preset, but over a *recording* source: reads answer
// with the values the seeded source table holds (sourceValue, the same function the seed used) and
// are written down, and the store's evictions are written down through ctx.onEvict. The strategy's
// own store is therefore an in-process mirror of what the cache should hold, and each decision comes
// out as a plan the live runner carries out on the real servers, in the strategy's order:
//
//   hit                        GET key
//   miss                       GET key; [backfill: SELECT ... = ANY(batch), pipelined SET of the rows
//                              + UNLINK of keys the backfill evicted]; SELECT the key; SET it + UNLINK
//                              of the key its insertion evicted
//   timer (time-based)         SELECT ... = ANY(batch); pipelined SET + UNLINK, off the request path
//   write / delete record      UPDATE ... SET version = version + 1; then, by the strategy's write
//   (runs with writes)         mode: DEL key (invalidate, and every delete), SET key XX (update, when
//                              the strategy holds the key), nothing (none)
//
// Runs with writes or TTLs (issue 14): the recording source keeps each key's version (a write record
// moves it on, as the simulator's source does), every plan says the version the strategy served or
// cached and whether the strategy served it stale, and SETs carry the entry's TTL as PX (its expiry,
// from Strategy.expiresAtOf, less the request's time).
//
// The strategy is driven by the run kernel (runner/kernel.ts), the simulator's own per-request loop:
// timers due before a request fire first, and their backfills come with that request's plan.
//
// No strategy logic is re-implemented here: the decisions are the strategy's own, so the decided hit
// ratio of a live run equals the simulator's on the same requests exactly. What the clients see can
// differ (a GET racing the SET of a key just filled, a server that lost its keys): the runner counts
// those as clients see them, and counts the disagreements.
import type { Key, SourceReader, Strategy, ObjectSizes } from '../core/types.ts';
import { runParams } from '../runner/capacity.ts';
import { ABSENT } from '../core/types.ts';
import { RunKernel, type KernelSource } from '../runner/kernel.ts';
import type { ResolvedStrategy } from '../runner/strategy-config.ts';
import { OP_DELETE } from '../core/ops.ts';
import { sourceValueAt } from '../source/source-model.ts';
import { policySpec } from '../strategies/eviction/registry.ts';

export interface BatchPlan {
  /** Keys the strategy backfills, in its order (a copy). */
  readonly keys: Uint32Array;
  /** Keys the store evicted while caching the batch. */
  readonly evicted: readonly number[];
  /** Each key's TTL as cached (ms, 0: none); undefined when no key has one. */
  readonly pxMs?: Float64Array | undefined;
}

/** What a write or delete record does on the servers (see the file comment). */
export interface WritePlan {
  readonly key: number;
  readonly op: number;
  /** The cache side of the write: DEL, SET XX of the new version, or nothing. */
  readonly action: 'del' | 'update' | 'none';
  /** The source's version of the key after the write (the mirror's count). */
  readonly version: number;
  /** The entry's TTL for an update (ms, 0: none). */
  readonly pxMs: number;
  /** Backfills of the strategy's timers that fell due before this record, in order. */
  readonly timers: readonly BatchPlan[];
}

/** What a write does to the cache, by the run's write mode (a delete record always deletes). */
export type LiveWriteMode = 'invalidate' | 'update' | 'none';

export interface RequestPlan {
  readonly key: number;
  /** The strategy's decision. */
  readonly hit: boolean;
  /** The value the cache should hold / the source holds (ABSENT when the source lacks the key). */
  readonly expected: number;
  /** A backfill the strategy ran on this miss, before reading the key. */
  readonly backfill: BatchPlan | undefined;
  /** Keys evicted when the missed key was cached. */
  readonly evicted: readonly number[];
  /** Backfills of the strategy's timers that fell due before this request, in order. */
  readonly timers: readonly BatchPlan[];
  /** The source version of the value the strategy served (a hit) or read and cached (a miss). */
  readonly version: number;
  /** A hit on a value older than the source's current version (the strategy's stale read). */
  readonly stale: boolean;
  /** A miss: the TTL the filled entry has (ms, 0: none). */
  readonly pxMs: number;
}

const NO_KEYS: readonly number[] = Object.freeze([]);
const NO_BATCHES: readonly BatchPlan[] = Object.freeze([]);

/** Answers reads at once with the seeded values, writing down what was read. */
class RecordingSource implements SourceReader, KernelSource {
  /** Set by the kernel; the plans carry no times. */
  now = 0;
  demandKey = -1;
  batch: Uint32Array | undefined;
  /** Set when a batch is read after the demand read (an order the plan cannot express). */
  batchAfterRead = false;
  demandReads = 0;
  batchCalls = 0;
  batchKeys = 0;
  /** The live mirror has no outages. */
  readonly down = false;
  /** Each written key's version (a run without writes allocates nothing). */
  private readonly versions = new Map<number, number>();

  constructor(private readonly sourceKeys: number) {}

  read(key: Key): number {
    this.demandKey = key;
    this.demandReads++;
    return key < this.sourceKeys ? sourceValueAt(key, this.versionOf(key), this.sourceKeys) : ABSENT;
  }

  /** A write record: the key's version moves on. */
  write(key: number, _now: number): void {
    this.versions.set(key, this.versionOf(key) + 1);
  }

  readBatch(keys: Uint32Array, n: number, out: Float64Array): void {
    if (this.demandKey >= 0 || this.batch !== undefined) this.batchAfterRead = true;
    this.batch = keys.slice(0, n);
    this.batchCalls++;
    this.batchKeys += n;
    for (let i = 0; i < n; i++) out[i] = sourceValueAt(keys[i]!, this.versionOf(keys[i]!), this.sourceKeys);
  }

  versionOf(key: Key): number {
    return this.versions.get(key) ?? 0;
  }

  /** Background reloads are not mirrored to the live run (load refuses strategies with a refresh part). */
  refresh(_keys: Uint32Array, _n: number, _out: Float64Array): number {
    throw new Error('the live mirror does not model background reloads');
  }

  reset(): void {
    this.demandKey = -1;
    this.batch = undefined;
    this.batchAfterRead = false;
  }

  /** Nothing is modeled: reads answer at once. */
  takePendingUs(): number {
    return 0;
  }
}

export class MirroredStrategy {
  readonly strategy: Strategy;
  private readonly source: RecordingSource;
  private readonly kernel: RunKernel;
  /** Evictions while caching a backfill (before the demand read) and after the demand read. */
  private batchEvicted: number[] = [];
  private demandEvicted: number[] = [];
  /** Timer backfills collected while the kernel fires the timers due before a request. */
  private timers: BatchPlan[] = [];
  decidedHits = 0;
  decidedRequests = 0;
  /** The strategy's policy may evict on a hit: those evictions go with the hit's plan. */
  private readonly evictsOnHit: boolean;

  constructor(
    readonly resolved: ResolvedStrategy,
    readonly sourceKeys: number,
    keySpace: number,
    /** The workload's object sizes, if any (a capacity in bytes needs them). */
    objectSizes?: ObjectSizes,
    /** The run's seed, as the simulator gives it to the strategy (a probabilistic admission draws from it). */
    seed = 1,
    /** What a write record does to the cache (runs with writes). */
    private readonly writeMode: LiveWriteMode = 'invalidate',
    /** More of the strategy's context, as the simulator gives it (a run with writes or TTLs). */
    extraContext: Readonly<Record<string, unknown>> = {},
  ) {
    this.source = new RecordingSource(sourceKeys);
    const eviction = resolved.params.eviction;
    this.evictsOnHit = typeof eviction === 'string' && (policySpec(eviction).capabilities.evictsOnHit ?? false);
    // A key is cached only after it was read, so an eviction before the demand read comes from
    // caching the backfill, one after it from caching the missed key.
    const onEvict = (k: Key) => (this.source.demandKey >= 0 ? this.demandEvicted : this.batchEvicted).push(k);
    // The capacity as the simulator resolves it ("10%" of the keys, or of the bytes when the workload has sizes).
    const run = runParams(resolved, { sourceKeys, objectSizes });
    this.strategy = resolved.spec.create({ ...extraContext, source: this.source, sourceKeys, keySpace, seed, onEvict, ...run.context }, run.params);
    this.kernel = new RunKernel(this.strategy, this.source, { name: resolved.name, afterTimer: () => this.collectTimer() });
  }

  /**
   * The strategy serves one request at virtual time `now` (ms), after the timers due by then;
   * returns what to do on the servers.
   */
  decide(key: number, now: number, ttlMs = 0): RequestPlan {
    const src = this.source;
    this.startStep();
    this.timers = [];
    if (ttlMs > 0 && this.strategy.keyTtl !== undefined) {
      // A read record's TTL reaches the strategy after the timers due and before the read, as in
      // the simulator's ops loop (kernel.ts serveOps).
      if (now >= this.strategy.nextTimerAt) this.kernel.fireTimers(now);
      this.strategy.keyTtl(key, ttlMs);
    }
    const hit = this.kernel.access(key, now);
    const timers = this.timers.length === 0 ? NO_BATCHES : this.timers;
    this.decidedRequests++;
    if (hit) {
      this.decidedHits++;
      if (src.batch !== undefined || src.demandKey >= 0) throw new Error(`${this.resolved.name}: a hit read the source`);
      // A hit evicts only under a policy that says its hits may (S4LRU's demotions, W-TinyLFU's promotions).
      if (this.batchEvicted.length > 0 && !this.evictsOnHit) throw new Error(`${this.resolved.name}: a hit evicted`);
      const version = this.strategy.lastVersion ?? 0;
      const stale = version < src.versionOf(key);
      if (stale) this.decidedStale++;
      return { key, hit, expected: this.strategy.lastValue, backfill: undefined, evicted: this.batchEvicted.length === 0 ? NO_KEYS : this.batchEvicted, timers, version, stale, pxMs: 0 };
    }
    if (src.demandKey !== key) throw new Error(`${this.resolved.name}: a miss on key ${key} did not read it from the source`);
    if (src.batchAfterRead) throw new Error(`${this.resolved.name}: backfilled after the demand read, or twice on one request; the live runner plays backfill-then-read only`);
    const backfill = src.batch === undefined ? undefined : { keys: src.batch, evicted: this.batchEvicted, pxMs: this.ttlsOf(src.batch, now) };
    if (backfill === undefined && this.batchEvicted.length > 0) throw new Error(`${this.resolved.name}: evicted before reading a missed key`);
    const version = this.strategy.lastVersion ?? src.versionOf(key);
    return {
      key,
      hit,
      expected: this.strategy.lastValue,
      backfill,
      evicted: this.demandEvicted.length === 0 ? NO_KEYS : this.demandEvicted,
      timers,
      version,
      stale: false,
      pxMs: this.ttlOf(key, now),
    };
  }

  /** Stale reads among the decided hits (the strategy's own count, the simulator's on the same records). */
  decidedStale = 0;
  /** Write and delete records decided. */
  decidedWrites = 0;

  /**
   * A write or delete record at virtual time `now` (after the timers due by then): the source's
   * version moves on and the strategy is told (kernel.writeAt, as the simulator does); returns what to
   * do on the servers.
   */
  decideWrite(key: number, now: number, op: number, ttlMs: number): WritePlan {
    this.startStep();
    this.timers = [];
    this.kernel.writeAt(key, now, op, ttlMs);
    const timers = this.timers.length === 0 ? NO_BATCHES : this.timers;
    this.decidedWrites++;
    const src = this.source;
    if (src.demandKey >= 0 || src.batch !== undefined) throw new Error(`${this.resolved.name}: a write record read the source`);
    if (this.batchEvicted.length > 0) throw new Error(`${this.resolved.name}: a write record evicted`);
    const version = src.versionOf(key);
    const cachedExpiry = this.strategy.expiresAtOf?.(key);
    const held = cachedExpiry !== undefined && !Number.isNaN(cachedExpiry);
    const action = op === OP_DELETE || this.writeMode === 'invalidate' ? 'del' : this.writeMode === 'update' && held ? 'update' : 'none';
    return { key, op, action, version, pxMs: action === 'update' ? this.ttlOf(key, now) : 0, timers };
  }

  /** The TTL (ms, 0: none) a cached key's entry has left at `now`, from the strategy's expiry. */
  private ttlOf(key: number, now: number): number {
    const at = this.strategy.expiresAtOf?.(key);
    return at === undefined || Number.isNaN(at) || at === Infinity ? 0 : Math.max(at - now, 1e-3);
  }

  private ttlsOf(keys: Uint32Array, now: number): Float64Array | undefined {
    if (this.strategy.expiresAtOf === undefined) return undefined;
    const out = new Float64Array(keys.length);
    for (let i = 0; i < keys.length; i++) out[i] = this.ttlOf(keys[i]!, now);
    return out;
  }

  /** Called by the kernel after each timer: its backfill becomes a plan, and the next step starts clean. */
  private collectTimer(): void {
    const src = this.source;
    if (src.demandKey >= 0 || src.batchAfterRead) throw new Error(`${this.resolved.name}: a timer made a demand read or two backfills`);
    if (src.batch !== undefined) this.timers.push({ keys: src.batch, evicted: this.batchEvicted, pxMs: this.ttlsOf(src.batch, src.now) });
    this.startStep();
  }

  private startStep(): void {
    this.source.reset();
    this.batchEvicted = [];
    this.demandEvicted = [];
  }

  get decidedSourceCalls(): number {
    return this.source.demandReads + this.source.batchCalls;
  }

  get decidedSourceReads(): number {
    return this.source.demandReads + this.source.batchKeys;
  }
}
