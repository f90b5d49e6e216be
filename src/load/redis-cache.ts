// The cache as a real Redis server, through ioredis. Every key of a run lives under
// `bb:<run id>:<strategy>:`, so runs never see each other's keys and nothing else in the server is
// touched; the keys are deleted at the end of each strategy's run.
//
// Capacity: the strategy's own store tracks it (LRU of `capacity` keys) and every key it evicts is
// UNLINKed from Redis in the same pipeline that writes the new keys, so Redis holds the strategy's
// cache. Redis maxmemory is not used, except in the mode where Redis evicts by itself
// (redis-eviction.ts), which uses the server-wide settings below (INFO, CONFIG GET/SET).
//
// Faults: commands are never queued while disconnected (enableOfflineQueue off) and never retried
// (maxRetriesPerRequest 0): a request during an outage fails at once and is counted; the clients keep
// reconnecting in the background, so the run picks up again if the server comes back. Every command
// also times out (commandTimeout) so a stalled server cannot hold one forever.
import { randomBytes } from 'node:crypto';
import type { Redis, RedisOptions } from 'ioredis';
import { lazyRequire } from '../core/lazy-require.ts';
import { ConfigError } from '../core/errors.ts';
import type { CacheBackend, CacheCommandStats, CachedValue } from './backends.ts';
import { decodeCached, encodeCached, errorText } from './backends.ts';
import { maskUrl } from './loopback.ts';

const loadIoredis = lazyRequire<typeof import('ioredis')>('ioredis');

export interface RedisCacheOptions {
  readonly url: string;
  /** Connections the requests are spread over (round robin per request). */
  readonly connections: number;
  /** Per-command timeout, ms. */
  readonly timeoutMs: number;
  /** Timeout for establishing a connection, ms. */
  readonly connectTimeoutMs: number;
}

/** Parses `INFO commandstats`: "cmdstat_get:calls=12,usec=..." lines into calls per command. */
export function parseCommandStats(info: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of info.split(/\r?\n/)) {
    const m = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (m) out[m[1]!.toLowerCase()] = Number(m[2]);
  }
  return out;
}

/** Parses an INFO section's "name:value" lines (numbers only). */
export function parseInfoNumbers(info: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of info.split(/\r?\n/)) {
    const m = /^([a-z_]+):(-?\d+(?:\.\d+)?)$/.exec(line.trim());
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

/** Keys in every database of the server, from INFO keyspace ("db0:keys=12,expires=0,..."). */
export function parseKeyspaceKeys(info: string): number {
  let n = 0;
  for (const m of info.matchAll(/^db\d+:keys=(\d+)/gm)) n += Number(m[1]);
  return n;
}

export class RedisCache implements CacheBackend {
  readonly kind = 'redis';
  readonly label: string;
  private clients: Redis[] = [];
  private admin: Redis | undefined;
  private readonly runId = randomBytes(4).toString('hex');
  private prefix = `bb:${this.runId}:`;
  private next = 0;
  /** Connection-level errors seen (refused reconnects, resets), with the last message. */
  connectionErrors = 0;
  lastConnectionError = '';

  constructor(private readonly o: RedisCacheOptions) {
    this.label = `Redis ${maskUrl(o.url)}`;
  }

  private clientOptions(): RedisOptions {
    return {
      lazyConnect: true,
      connectTimeout: this.o.connectTimeoutMs,
      commandTimeout: this.o.timeoutMs,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      enableAutoPipelining: true,
      retryStrategy: (times: number) => Math.min(100 * times, 500),
      reconnectOnError: () => false,
    };
  }

  async open(): Promise<void> {
    // A probe that does not retry: refused connections and bad credentials fail here, before any load.
    const probe = new (loadIoredis().Redis)(this.o.url, { ...this.clientOptions(), retryStrategy: () => null });
    let cause = '';
    probe.on('error', (e: Error) => {
      cause = errorText(e);
    });
    try {
      await probe.connect();
      await probe.ping();
    } catch (e) {
      throw new ConfigError(`--redis ${maskUrl(this.o.url)}: ${cause || errorText(e)}${/ECONNREFUSED/.test(cause) ? ' (no server there? scripts/services.sh start starts one)' : ''}`);
    } finally {
      probe.disconnect();
    }
    const make = () => {
      const c = new (loadIoredis().Redis)(this.o.url, this.clientOptions());
      c.on('error', (e: Error) => {
        this.connectionErrors++;
        this.lastConnectionError = errorText(e);
      });
      return c;
    };
    this.admin = make();
    this.clients = Array.from({ length: this.o.connections }, make);
    try {
      await Promise.all([this.admin, ...this.clients].map((c) => c.connect()));
    } catch (e) {
      await this.close();
      throw new ConfigError(`--redis ${maskUrl(this.o.url)}: ${this.lastConnectionError || errorText(e)}`);
    }
  }

  useNamespace(ns: string): void {
    this.prefix = `bb:${this.runId}:${ns}:`;
  }

  private client(): Redis {
    const c = this.clients[this.next]!;
    this.next = this.next + 1 === this.clients.length ? 0 : this.next + 1;
    return c;
  }

  async get(key: number): Promise<CachedValue | null> {
    let v: string | null;
    try {
      v = await this.client().get(this.prefix + key);
    } catch (e) {
      throw this.failure(e);
    }
    return v === null ? null : decodeCached(v);
  }

  /** A command's error, saying it was Redis, and why when the connection is down. */
  private failure(e: unknown): Error {
    const msg = errorText(e);
    if (/isn't writeable|Connection is closed/.test(msg)) {
      return new Error(`redis: not connected${this.lastConnectionError ? ` (${this.lastConnectionError})` : ''}`);
    }
    return new Error(`redis: ${msg}`);
  }

  async write(keys: ArrayLike<number>, values: ArrayLike<number>, n: number, remove: readonly number[], versions?: ArrayLike<number>, pxMs?: ArrayLike<number>): Promise<void> {
    if (n === 0 && remove.length === 0) return;
    const p = this.client().pipeline();
    for (let i = 0; i < n; i++) {
      const v = encodeCached(values[i]!, versions === undefined ? 0 : versions[i]!);
      const px = pxMs === undefined ? 0 : pxMs[i]!;
      // PX takes whole milliseconds, at least 1: a TTL under 1 ms is rounded up.
      if (px > 0 && px < Infinity) p.set(this.prefix + keys[i]!, v, 'PX', Math.max(1, Math.ceil(px)));
      else p.set(this.prefix + keys[i]!, v);
    }
    if (remove.length > 0) p.unlink(...remove.map((k) => this.prefix + k));
    let results;
    try {
      results = await p.exec();
    } catch (e) {
      throw this.failure(e);
    }
    if (results === null) throw new Error('redis: pipeline aborted');
    for (const [err] of results) if (err) throw this.failure(err);
  }

  async afterWrite(key: number, action: 'del' | 'update', value: number, version: number, pxMs: number): Promise<void> {
    const k = this.prefix + key;
    const v = encodeCached(value, version);
    try {
      if (action === 'del') await this.client().del(k);
      else if (pxMs > 0 && pxMs < Infinity) await this.client().set(k, v, 'PX', Math.max(1, Math.ceil(pxMs)), 'XX');
      else await this.client().set(k, v, 'XX');
    } catch (e) {
      throw this.failure(e);
    }
  }

  async commandStats(): Promise<CacheCommandStats | undefined> {
    try {
      return { calls: parseCommandStats(await this.adminClient().info('commandstats')) };
    } catch {
      return undefined;
    }
  }

  async countKeys(): Promise<number> {
    let n = 0;
    try {
      await this.scan((keys) => {
        n += keys.length;
      });
    } catch (e) {
      throw this.failure(e);
    }
    return n;
  }

  async clear(): Promise<void> {
    const admin = this.adminClient();
    const batches: Promise<unknown>[] = [];
    try {
      await this.scan((keys) => {
        if (keys.length > 0) batches.push(admin.unlink(...keys));
      });
      await Promise.all(batches);
    } catch (e) {
      throw this.failure(e);
    }
  }

  async close(): Promise<void> {
    const all = [...this.clients, ...(this.admin ? [this.admin] : [])];
    this.clients = [];
    this.admin = undefined;
    await Promise.all(
      all.map(async (c) => {
        const quit = c.status === 'ready' ? c.quit().catch(() => undefined) : Promise.resolve();
        await Promise.race([quit, new Promise((r) => setTimeout(r, 500))]);
        c.disconnect();
      }),
    );
  }

  /** INFO `section` parsed into numbers (used_memory, keyspace_hits, evicted_keys, ...). */
  async infoNumbers(section: 'memory' | 'stats'): Promise<Record<string, number>> {
    try {
      return parseInfoNumbers(await this.adminClient().info(section));
    } catch (e) {
      throw this.failure(e);
    }
  }

  /** Keys in the whole server (every database), not only this run's. */
  async serverKeys(): Promise<number> {
    try {
      return parseKeyspaceKeys(await this.adminClient().info('keyspace'));
    } catch (e) {
      throw this.failure(e);
    }
  }

  async configGet(name: string): Promise<string> {
    let r: unknown;
    try {
      r = await this.adminClient().config('GET', name);
    } catch (e) {
      throw this.failure(e);
    }
    const pair = r as string[];
    if (!Array.isArray(pair) || pair.length < 2) throw new Error(`redis: CONFIG GET ${name} answered nothing (a renamed or disabled CONFIG command?)`);
    return pair[1]!;
  }

  async configSet(name: string, value: string): Promise<void> {
    try {
      await this.adminClient().config('SET', name, value);
    } catch (e) {
      throw this.failure(e);
    }
  }

  /** SET key = value for each pair under the current namespace, pipelined in batches (no load accounting). */
  async fill(keys: ArrayLike<number>, values: ArrayLike<number>): Promise<void> {
    const admin = this.adminClient();
    for (let at = 0; at < keys.length; at += 1000) {
      const p = admin.pipeline();
      for (let i = at; i < Math.min(at + 1000, keys.length); i++) p.set(this.prefix + keys[i]!, String(values[i]!));
      const results = await p.exec();
      if (results === null) throw new Error('redis: pipeline aborted');
      for (const [err] of results) if (err) throw this.failure(err);
    }
  }

  private adminClient(): Redis {
    if (!this.admin) throw new Error('redis: not connected');
    return this.admin;
  }

  private async scan(each: (keys: string[]) => void): Promise<void> {
    const admin = this.adminClient();
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 1000);
      each(keys);
      cursor = next;
    } while (cursor !== '0');
  }
}
