// The source as a real PostgreSQL table, through node-postgres (pg):
//   CREATE TABLE bb_source (id integer PRIMARY KEY, value integer NOT NULL, version integer NOT NULL DEFAULT 0)
// holding keys [0, keys) with the simulator's values (sourceValue) at version 0. A demand read is
// `SELECT value, version FROM t WHERE id = $1`, a backfill batch `SELECT id, value, version FROM t
// WHERE id = ANY($1)`, both prepared statements on a pool of `poolSize` connections.
//
// Runs with writes (issue 14): a source write is `UPDATE t SET version = version + 1 WHERE id = $1
// RETURNING version`, on a pool of its own (WRITE_CONNECTIONS, outside the metered pool: writes are
// the application's, not the cache's source load). The value column keeps the key's seeded value; the
// version column is what changes, and what a cached value carries. Before each strategy's run with
// writes, every row goes back to version 0 (on a connection closed before counting starts).
//
// Server-side statistics come from pg_stat_user_tables (rows fetched, index scans) and
// pg_stat_database (transactions). Backends publish their counters when they go idle at most once
// a second, and for certain when they exit: so each strategy's pool is ended before its "after"
// counters are read, and key-space checks run on a connection that is closed before the "before"
// counters are read.
import type pg from 'pg';
import { lazyRequire } from '../core/lazy-require.ts';
import { ConfigError } from '../core/errors.ts';
import { sourceValue } from '../source/source-model.ts';
import type { SourceBackend, SourceRow, SourceRows, SourceServerStats } from './backends.ts';
import { errorText } from './backends.ts';
import { maskUrl } from './loopback.ts';
import type { PoolMeter } from './pool-meter.ts';
import { BACKFILL, DEMAND, type CallClass } from '../source/queue/call-class.ts';

const loadPg = lazyRequire<typeof pg>('pg');

export const DEFAULT_TABLE = 'bb_source';
/** Connections that carry a run's source writes (UPDATEs), apart from the read pool. */
export const WRITE_CONNECTIONS = 4;

export interface PgSourceOptions {
  readonly url: string;
  readonly table: string;
  readonly poolSize: number;
  /** Per-query timeout, and the wait for a pooled connection, ms. */
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
}

/** A table name: identifier or schema.identifier, lower-case letters, digits and _ only. */
export function checkTableName(table: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}(\.[a-z_][a-z0-9_]{0,62})?$/.test(table)) {
    throw new ConfigError(`--table: ${JSON.stringify(table)} is not allowed; use a lower-case identifier such as ${DEFAULT_TABLE} (optionally schema.name)`);
  }
  return table;
}

/** The command that seeds a table for `keys` keys (for refusal messages). */
export function seedCommand(url: string, table: string, keys: number): string {
  const t = table === DEFAULT_TABLE ? '' : ` --table ${table}`;
  return `npm run -s cli -- load seed --postgres '${maskUrl(url)}'${t} --keys ${keys}`;
}

function connectError(url: string, e: unknown): ConfigError {
  const msg = errorText(e);
  const hint = /ECONNREFUSED/.test(msg) ? ' (no server there? scripts/services.sh start starts one)' : '';
  return new ConfigError(`--postgres ${maskUrl(url)}: ${msg}${hint}`);
}

/** Connects one client, or throws a one-line ConfigError (refused, bad password, no database...). */
export async function connectClient(url: string, connectTimeoutMs: number): Promise<pg.Client> {
  const c = new (loadPg().Client)({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs, application_name: 'backfill-bench' });
  c.on('error', () => {});
  try {
    await c.connect();
    await c.query('SELECT 1');
    return c;
  } catch (e) {
    await c.end().catch(() => {});
    throw connectError(url, e);
  }
}

/** Evenly spread sample of keys [0, keys) used to spot-check values. */
export function sampleKeys(keys: number, n = 64): number[] {
  if (keys <= n) return Array.from({ length: keys }, (_, i) => i);
  return Array.from({ length: n }, (_, i) => Math.round((i * (keys - 1)) / (n - 1)));
}

/**
 * Checks that `table` holds exactly keys [0, keys) with the expected values (count, min, max, and a
 * sample of values). Returns undefined when it does, or the reason it does not.
 */
export async function describeMismatch(c: pg.Client, table: string, keys: number): Promise<string | undefined> {
  const reg = await c.query<{ oid: string | null }>('SELECT to_regclass($1)::text AS oid', [table]);
  if (reg.rows[0]?.oid === null || reg.rows[0]?.oid === undefined) return `table ${table} does not exist`;
  let stats;
  try {
    stats = await c.query<{ n: string; lo: string | null; hi: string | null }>(`SELECT count(*)::text AS n, min(id)::text AS lo, max(id)::text AS hi FROM ${table}`);
  } catch (e) {
    return `table ${table} is not a backfill-bench source table (${errorText(e)})`;
  }
  const row = stats.rows[0]!;
  const n = Number(row.n);
  const lo = row.lo === null ? undefined : Number(row.lo);
  const hi = row.hi === null ? undefined : Number(row.hi);
  const want = `${keys.toLocaleString('en-US')} rows (ids 0..${(keys - 1).toLocaleString('en-US')})`;
  const versioned = await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM pg_attribute WHERE attrelid = $1::regclass AND attname = 'version' AND NOT attisdropped`, [table]);
  if (versioned.rows[0]?.n !== '1') return `table ${table} has no version column (seeded before versions existed)`;
  if (n !== keys || lo !== 0 || hi !== keys - 1) {
    const has = n === 0 ? 'is empty' : `holds ${n.toLocaleString('en-US')} rows (ids ${lo?.toLocaleString('en-US')}..${hi?.toLocaleString('en-US')})`;
    return `table ${table} ${has}, the workload needs ${want}`;
  }
  const sample = sampleKeys(keys);
  let got;
  try {
    got = await c.query<{ id: number; value: number }>(`SELECT id, value FROM ${table} WHERE id = ANY($1::int[])`, [sample]);
  } catch (e) {
    return `table ${table} is not a backfill-bench source table (${errorText(e)})`;
  }
  for (const r of got.rows) {
    if (r.value !== sourceValue(r.id, keys)) return `table ${table} has value ${r.value} for id ${r.id}, expected ${sourceValue(r.id, keys)} (seeded for another key count?)`;
  }
  return undefined;
}

export class PgSource implements SourceBackend {
  readonly kind = 'postgres';
  readonly label: string;
  private admin: pg.Client | undefined;
  private pool: pg.Pool | undefined;
  private meter: PoolMeter | undefined;
  private readonly one: string;
  private readonly many: string;
  private readonly update: string;
  private writes: pg.Pool | undefined;
  poolErrors = 0;
  lastPoolError = '';

  constructor(private readonly o: PgSourceOptions) {
    checkTableName(o.table);
    this.label = `PostgreSQL ${maskUrl(o.url)}, table ${o.table}`;
    this.one = `SELECT value, version FROM ${o.table} WHERE id = $1`;
    this.many = `SELECT id, value, version FROM ${o.table} WHERE id = ANY($1::int[])`;
    this.update = `UPDATE ${o.table} SET version = version + 1 WHERE id = $1 RETURNING version`;
  }

  async open(): Promise<void> {
    this.admin = await connectClient(this.o.url, this.o.connectTimeoutMs);
  }

  async checkKeySpace(sourceKeys: number): Promise<void> {
    // On its own connection, closed afterwards, so its reads are published before any counting starts.
    const c = await connectClient(this.o.url, this.o.connectTimeoutMs);
    try {
      const why = await describeMismatch(c, this.o.table, sourceKeys);
      if (why !== undefined) throw new ConfigError(`--postgres ${maskUrl(this.o.url)}: ${why}; seed it with: ${seedCommand(this.o.url, this.o.table, sourceKeys)}`);
    } finally {
      await c.end().catch(() => {});
    }
  }

  get poolSize(): number {
    return this.o.poolSize;
  }

  async startPool(meter?: PoolMeter): Promise<void> {
    this.meter = undefined;
    const pool = this.newPool(this.o.poolSize);
    this.pool = pool;
    // Open every connection before the clock starts, so the first requests do not pay for them.
    const clients = await Promise.all(Array.from({ length: this.o.poolSize }, () => pool.connect()));
    for (const c of clients) c.release();
    this.meter = meter;
  }

  private newPool(max: number): pg.Pool {
    const pool = new (loadPg().Pool)({
      connectionString: this.o.url,
      max,
      connectionTimeoutMillis: this.o.timeoutMs,
      query_timeout: this.o.timeoutMs,
      idleTimeoutMillis: 0,
      application_name: 'backfill-bench',
    });
    pool.on('error', (e) => {
      this.poolErrors++;
      this.lastPoolError = errorText(e);
    });
    return pool;
  }

  async readOne(key: number): Promise<SourceRow | null> {
    const r = await this.query<{ value: number; version: number }>(DEMAND, 1, { name: 'bb_read_one', text: this.one, values: [key] });
    return r.rows.length === 0 ? null : r.rows[0]!;
  }

  async readMany(keys: Uint32Array, n: number): Promise<SourceRows> {
    const ids = Array.from(keys.subarray(0, n));
    const r = await this.query<{ id: number; value: number; version: number }>(BACKFILL, n, { name: 'bb_read_many', text: this.many, values: [ids] });
    return { ids: r.rows.map((x) => x.id), values: r.rows.map((x) => x.value), versions: r.rows.map((x) => x.version) };
  }

  async resetVersions(): Promise<void> {
    const c = await connectClient(this.o.url, this.o.connectTimeoutMs);
    try {
      await c.query(`UPDATE ${this.o.table} SET version = 0 WHERE version <> 0`);
    } finally {
      await c.end().catch(() => {});
    }
  }

  async write(key: number): Promise<number> {
    this.writes ??= this.newPool(WRITE_CONNECTIONS);
    try {
      const r = await this.writes.query<{ version: number }>({ name: 'bb_write', text: this.update, values: [key] });
      if (r.rows.length === 0) throw new Error(`no row with id ${key}`);
      return r.rows[0]!.version;
    } catch (e) {
      throw new Error(`postgres: source write: ${errorText(e)}`, { cause: e });
    }
  }

  /**
   * What pool.query() does (take a connection, query, release it; a failed connection is destroyed),
   * in two steps so the meter sees the wait for a connection apart from the query's own time.
   */
  private async query<R extends pg.QueryResultRow>(cls: CallClass, keys: number, q: pg.QueryConfig): Promise<pg.QueryResult<R>> {
    const pool = this.requirePool();
    const m = this.meter;
    const call = m?.ask(cls, keys);
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (e) {
      if (call) m!.done(call, /timeout/i.test(errorText(e)) ? 'wait-timeout' : 'error');
      throw new Error(`postgres: ${errorText(e)}`, { cause: e });
    }
    if (call) m!.got(call);
    try {
      const r = await client.query<R>(q);
      if (call) m!.done(call, 'ok');
      client.release();
      return r;
    } catch (e) {
      if (call) m!.done(call, /timeout/i.test(errorText(e)) ? 'query-timeout' : 'error');
      client.release(e instanceof Error ? e : true);
      throw new Error(`postgres: ${errorText(e)}`, { cause: e });
    }
  }

  async endPool(): Promise<void> {
    const pools = [this.pool, this.writes];
    this.pool = undefined;
    this.writes = undefined;
    this.meter = undefined;
    await Promise.all(pools.map((pool) => pool && Promise.race([pool.end().catch(() => {}), new Promise((r) => setTimeout(r, 2000))])));
  }

  async serverStats(): Promise<SourceServerStats | undefined> {
    const c = this.admin;
    if (!c) return undefined;
    try {
      const r = await c.query<{ rows: string; idx: string; xacts: string; upd: string }>(
        `SELECT (coalesce(t.seq_tup_read, 0) + coalesce(t.idx_tup_fetch, 0))::text AS rows, coalesce(t.idx_scan, 0)::text AS idx, d.xact_commit::text AS xacts,
                coalesce(t.n_tup_upd, 0)::text AS upd
           FROM pg_stat_user_tables t, pg_stat_database d
          WHERE t.relid = $1::regclass AND d.datname = current_database()`,
        [this.o.table],
      );
      const row = r.rows[0];
      if (!row) return undefined;
      return { rowsFetched: Number(row.rows), indexScans: Number(row.idx), transactions: Number(row.xacts), rowsUpdated: Number(row.upd) };
    } catch {
      return undefined;
    }
  }

  /** Reads the counters until two reads 150 ms apart agree (backends publish theirs as they exit), at most ~3 s. */
  async settledStats(): Promise<SourceServerStats | undefined> {
    let prev = await this.serverStats();
    for (let i = 0; i < 20 && prev !== undefined; i++) {
      await new Promise((r) => setTimeout(r, 150));
      const cur = await this.serverStats();
      if (cur === undefined) return prev;
      if (cur.rowsFetched === prev.rowsFetched && cur.indexScans === prev.indexScans) return cur;
      prev = cur;
    }
    return prev;
  }

  async close(): Promise<void> {
    await this.endPool();
    const c = this.admin;
    this.admin = undefined;
    if (c) await Promise.race([c.end().catch(() => {}), new Promise((r) => setTimeout(r, 1000))]);
  }

  private requirePool(): pg.Pool {
    if (!this.pool) throw new Error('postgres: pool not started');
    return this.pool;
  }
}

export interface SeedOptions {
  readonly url: string;
  readonly table: string;
  readonly keys: number;
  readonly batchRows: number;
  readonly connectTimeoutMs: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  readonly inserted: number;
  readonly updated: number;
  readonly deleted: number;
  readonly unchanged: number;
}

/**
 * Creates the table if needed and makes it hold exactly keys [0, keys) with the simulator's values:
 * batched upserts that only write rows that differ, and deletion of rows outside the key space.
 * Idempotent: a second run changes nothing.
 */
export async function seedSource(o: SeedOptions): Promise<SeedResult> {
  checkTableName(o.table);
  const c = await connectClient(o.url, o.connectTimeoutMs);
  try {
    await c.query(`CREATE TABLE IF NOT EXISTS ${o.table} (id integer PRIMARY KEY, value integer NOT NULL, version integer NOT NULL DEFAULT 0)`);
    const cols = await c.query<{ column_name: string; data_type: string }>(
      `SELECT a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS data_type
         FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      [o.table],
    );
    const shape = cols.rows.map((r) => `${r.column_name} ${r.data_type}`).join(', ');
    // A table seeded before versions existed takes the version column (every row at version 0).
    if (shape === 'id integer, value integer') await c.query(`ALTER TABLE ${o.table} ADD COLUMN version integer NOT NULL DEFAULT 0`);
    else if (shape !== 'id integer, value integer, version integer') {
      throw new ConfigError(`--table: ${o.table} exists with columns (${shape}), not (id integer, value integer, version integer); choose another --table or drop it`);
    }
    // Versions a run with writes left behind go back to 0 (counted as updated rows).
    const reset = (await c.query(`UPDATE ${o.table} SET version = 0 WHERE version <> 0`)).rowCount ?? 0;
    const deleted = (await c.query(`DELETE FROM ${o.table} WHERE id < 0 OR id >= $1`, [o.keys])).rowCount ?? 0;
    let inserted = 0;
    let updated = 0;
    o.onProgress?.(0, o.keys);
    for (let start = 0; start < o.keys; start += o.batchRows) {
      const end = Math.min(o.keys, start + o.batchRows);
      const ids = new Array<number>(end - start);
      const values = new Array<number>(end - start);
      for (let k = start; k < end; k++) {
        ids[k - start] = k;
        values[k - start] = sourceValue(k, o.keys);
      }
      const r = await c.query<{ inserted: boolean }>(
        `INSERT INTO ${o.table} AS t (id, value) SELECT * FROM unnest($1::int[], $2::int[])
           ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value WHERE t.value IS DISTINCT FROM EXCLUDED.value
           RETURNING (xmax = 0) AS inserted`,
        [ids, values],
      );
      for (const row of r.rows) {
        if (row.inserted) inserted++;
        else updated++;
      }
      o.onProgress?.(end, o.keys);
    }
    if (inserted + updated + deleted > 0) await c.query(`ANALYZE ${o.table}`);
    return { inserted, updated: updated + reset, deleted, unchanged: o.keys - inserted - updated - reset };
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new Error(`seeding ${o.table}: ${errorText(e)}`, { cause: e });
  } finally {
    await c.end().catch(() => {});
  }
}
