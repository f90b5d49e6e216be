// What the live runner needs from a cache and a source. Two implementations of each: the real
// servers (Redis through ioredis, PostgreSQL through pg) and in-process stand-ins with modeled
// latencies, used when no URL is given.
import type { PoolMeter } from './pool-meter.ts';

export interface CacheCommandStats {
  /** Calls per command, lower-case ("get", "set", "unlink", "del", ...), as INFO commandstats counts them. */
  readonly calls: Readonly<Record<string, number>>;
}

/** Commands that the harness itself sends (checks, counters, connection set-up), left out of the load's command count. */
export const ADMIN_COMMANDS: ReadonlySet<string> = new Set(['info', 'ping', 'scan', 'client', 'hello', 'select', 'command', 'config', 'auth', 'quit', 'dbsize']);

/** What a cache GET found: the value and the source version it was read at (0 for a never-written key). */
export interface CachedValue {
  readonly value: number;
  readonly version: number;
}

/**
 * A cached value as stored: the value alone for version 0 (as before versions existed), else
 * `value:version`, so the cached value carries its version (live stale reads compare it with the row's).
 */
export function encodeCached(value: number, version: number): string {
  return version === 0 ? String(value) : `${value}:${version}`;
}

export function decodeCached(s: string): CachedValue {
  const at = s.indexOf(':');
  return at < 0 ? { value: Number(s), version: 0 } : { value: Number(s.slice(0, at)), version: Number(s.slice(at + 1)) };
}

export interface CacheBackend {
  readonly kind: 'redis' | 'stand-in';
  /** One line for reports: what this cache is, and where. */
  readonly label: string;
  /** Connects and checks the server answers; throws ConfigError (one line) when it cannot. */
  open(): Promise<void>;
  /** Keys of the next strategy's run go under a fresh namespace (an empty cache). */
  useNamespace(ns: string): void;
  /** GET: the cached value and its version, or null. */
  get(key: number): Promise<CachedValue | null>;
  /**
   * One round trip (a pipeline): SET keys[i] = values[i] (at versions[i], 0 when not given; with
   * PX pxMs[i] when given and > 0: the entry's TTL) for i < n, then UNLINK each of `remove`, in that order.
   */
  write(keys: ArrayLike<number>, values: ArrayLike<number>, n: number, remove: readonly number[], versions?: ArrayLike<number>, pxMs?: ArrayLike<number>): Promise<void>;
  /**
   * A source write reaching the cache (the run's write mode): `del` (invalidate, or a delete record):
   * DEL key; `update` (write-through): SET key value:version XX [PX pxMs], only if the key is cached.
   */
  afterWrite(key: number, action: 'del' | 'update', value: number, version: number, pxMs: number): Promise<void>;
  /** Server-side counters (INFO commandstats); undefined when the server cannot be asked. */
  commandStats(): Promise<CacheCommandStats | undefined>;
  /** Keys held under the current namespace (for the end-of-run cross-check). */
  countKeys(): Promise<number>;
  /** Deletes the current namespace's keys. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

export interface SourceServerStats {
  /** Rows the server read from the table (idx_tup_fetch + seq_tup_read for PostgreSQL). */
  readonly rowsFetched: number;
  /** Rows updated (n_tup_upd): the source writes of a run with writes. */
  readonly rowsUpdated?: number | undefined;
  /** Index lookups (idx_scan; PostgreSQL 15 counts one per key of an `= ANY` array). */
  readonly indexScans: number;
  /** Committed transactions in the database (every client's, ours included): each query is one. */
  readonly transactions: number;
}

export interface SourceRows {
  readonly ids: readonly number[];
  readonly values: readonly number[];
  /** Each row's version (0 until a source write moved it on). */
  readonly versions: readonly number[];
}

/** A row read: its value and version. */
export interface SourceRow {
  readonly value: number;
  readonly version: number;
}

export interface SourceBackend {
  readonly kind: 'postgres' | 'stand-in';
  readonly label: string;
  /** Connects and checks credentials; throws ConfigError (one line) when it cannot. */
  open(): Promise<void>;
  /** Refuses (ConfigError saying how to seed) a table that does not hold exactly keys [0, sourceKeys). */
  checkKeySpace(sourceKeys: number): Promise<void>;
  /** Connections in the source's pool; undefined: no pool (a stand-in answering every call at once). */
  readonly poolSize: number | undefined;
  /**
   * Starts a fresh connection pool for the next strategy's run; every source call of that run then
   * reports to `meter` when it asks for a connection, gets one, and ends (pool-meter.ts).
   */
  startPool(meter?: PoolMeter): Promise<void>;
  /** Demand read: the value and version of one key, or null when the source does not have it. */
  readOne(key: number): Promise<SourceRow | null>;
  /**
   * Runs with writes: puts every row back at version 0 before a strategy's run (every strategy sees
   * the same source), on a connection of its own closed before any counting starts.
   */
  resetVersions(): Promise<void>;
  /**
   * A source write (the application updating the database): the row's version + 1, returning the new
   * version. Not source load: writes go over connections of their own, outside the metered pool.
   */
  write(key: number): Promise<number>;
  /** Batch read (backfill): the rows present among keys[0..n). */
  readMany(keys: Uint32Array, n: number): Promise<SourceRows>;
  /** Ends the pool (PostgreSQL backends flush their statistics as they exit). */
  endPool(): Promise<void>;
  /** Cumulative server-side counters; undefined when the server cannot be asked. */
  serverStats(): Promise<SourceServerStats | undefined>;
  close(): Promise<void>;
}

/** Message of an error, on one line, without the stack. */
export function errorText(e: unknown): string {
  if (e instanceof AggregateError && e.errors.length > 0) return errorText(e.errors[0]);
  const err = e as { message?: unknown; code?: unknown };
  const msg = typeof err?.message === 'string' && err.message !== '' ? err.message : String(e);
  const code = typeof err?.code === 'string' && !msg.includes(err.code) ? ` (${err.code})` : '';
  return `${msg}${code}`.replace(/\s*\n\s*/g, ' ').trim();
}
