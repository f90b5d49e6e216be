// In-process asynchronous stand-ins for Redis and PostgreSQL, so `load` runs on a machine with
// neither installed. They answer after the configured latencies (the same latency model as the
// simulator: a cache round trip costs hitMs, a source round trip callMs + perKeyMs per key), with
// sub-millisecond precision, and count their own "server-side" statistics the way the real servers
// do. They are not Redis or PostgreSQL: no network, no protocol, no contention but the event loop's.
//
// For tests they can be made to fail (every call rejects at once, like a refused connection) or to
// stall (calls never answer, like a stopped process), and to recover.
import { ConfigError } from '../core/errors.ts';
import { sourceValue, type LatencyModel } from '../source/source-model.ts';
import type { CacheBackend, CacheCommandStats, CachedValue, SourceBackend, SourceRow, SourceRows, SourceServerStats } from './backends.ts';
import { delays } from './delay.ts';
import type { PoolCall, PoolMeter } from './pool-meter.ts';
import { BACKFILL, DEMAND, type CallClass } from '../source/queue/call-class.ts';

/** What the stand-ins wait with: the shared DelayQueue, or a test's virtual clock. */
export interface Waits {
  wait(ms: number): Promise<void>;
}

export type FaultMode = 'none' | 'fail' | 'stall';

class Faults {
  mode: FaultMode = 'none';
  private stalled: (() => void)[] = [];

  set(mode: FaultMode): void {
    this.mode = mode;
    if (mode !== 'stall') {
      const waiting = this.stalled;
      this.stalled = [];
      for (const w of waiting) w();
    }
  }

  constructor(
    private readonly what: string,
    private readonly waits: Waits = delays,
  ) {}

  /** Waits `ms`, honouring the fault mode. */
  async roundTrip(ms: number): Promise<void> {
    if (this.mode === 'fail') throw Object.assign(new Error(`${this.what}: connect ECONNREFUSED (stand-in fault)`), { code: 'ECONNREFUSED' });
    if (this.mode === 'stall') {
      await new Promise<void>((resolve) => this.stalled.push(resolve));
      throw Object.assign(new Error(`${this.what}: connection reset (stand-in stalled)`), { code: 'ECONNRESET' });
    }
    if (ms > 0) await this.waits.wait(ms);
    if ((this.mode as FaultMode) === 'fail') throw Object.assign(new Error(`${this.what}: connection lost (stand-in fault)`), { code: 'ECONNRESET' });
  }
}

export class StandInCache implements CacheBackend {
  readonly kind = 'stand-in';
  readonly label: string;
  readonly faults = new Faults('stand-in cache');
  private data = new Map<number, { value: number; version: number; expiresAt: number }>();
  private readonly calls: Record<string, number> = {};
  /** Wall-clock ms for PX expiry (Redis expires keys in real time too). */
  private readonly now = () => performance.now();

  constructor(private readonly roundTripMs: number) {
    this.label = `in-process stand-in (a Map answering after ${roundTripMs} ms per round trip; not Redis)`;
  }

  async open(): Promise<void> {
    if (this.faults.mode === 'fail') throw new ConfigError('cache stand-in: connection refused (stand-in fault)');
  }

  useNamespace(_ns: string): void {
    this.data = new Map();
  }

  /** The live entry of a key (an expired one is removed, as Redis does on access). */
  private live(key: number): { value: number; version: number; expiresAt: number } | undefined {
    const e = this.data.get(key);
    if (e !== undefined && this.now() >= e.expiresAt) {
      this.data.delete(key);
      return undefined;
    }
    return e;
  }

  async get(key: number): Promise<CachedValue | null> {
    this.count('get', 1);
    await this.faults.roundTrip(this.roundTripMs);
    const e = this.live(key);
    return e === undefined ? null : { value: e.value, version: e.version };
  }

  async write(keys: ArrayLike<number>, values: ArrayLike<number>, n: number, remove: readonly number[], versions?: ArrayLike<number>, pxMs?: ArrayLike<number>): Promise<void> {
    if (n === 0 && remove.length === 0) return;
    await this.faults.roundTrip(this.roundTripMs);
    const now = this.now();
    for (let i = 0; i < n; i++) {
      const px = pxMs === undefined ? 0 : pxMs[i]!;
      this.data.set(keys[i]!, { value: values[i]!, version: versions === undefined ? 0 : versions[i]!, expiresAt: px > 0 ? now + Math.max(1, Math.ceil(px)) : Infinity });
    }
    for (const k of remove) this.data.delete(k);
    this.count('set', n);
    this.count('unlink', remove.length > 0 ? 1 : 0); // one UNLINK command with every key, as Redis counts it
  }

  async afterWrite(key: number, action: 'del' | 'update', value: number, version: number, pxMs: number): Promise<void> {
    await this.faults.roundTrip(this.roundTripMs);
    if (action === 'del') {
      this.count('del', 1);
      this.data.delete(key);
      return;
    }
    this.count('set', 1);
    if (this.live(key) !== undefined) this.data.set(key, { value, version, expiresAt: pxMs > 0 ? this.now() + Math.max(1, Math.ceil(pxMs)) : Infinity });
  }

  async commandStats(): Promise<CacheCommandStats | undefined> {
    if (this.faults.mode !== 'none') return undefined;
    return { calls: { ...this.calls } };
  }

  async countKeys(): Promise<number> {
    for (const k of [...this.data.keys()]) this.live(k);
    return this.data.size;
  }

  async clear(): Promise<void> {
    this.data.clear();
  }

  async close(): Promise<void> {
    this.faults.set('none');
  }

  private count(cmd: string, n: number): void {
    if (n > 0) this.calls[cmd] = (this.calls[cmd] ?? 0) + n;
  }
}

/**
 * A pool of `size` connections handed out first come, first served (as pg's Pool does): a call waits
 * for one, keeps it for its round trip, and gives it back.
 */
class SlotPool {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  private head = 0;

  constructor(readonly size: number) {
    this.free = size;
  }

  acquire(): Promise<void> | undefined {
    if (this.free > 0 && this.head === this.waiting.length) {
      this.free--;
      return undefined;
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    if (this.head < this.waiting.length) {
      const next = this.waiting[this.head]!;
      this.waiting[this.head++] = noop;
      if (this.head === this.waiting.length) {
        this.waiting.length = 0;
        this.head = 0;
      }
      next();
    } else this.free++;
  }
}

const noop = () => {};

export interface StandInSourceOptions {
  /** Connections: calls beyond them wait, first come first served (default: none, every call at once). */
  readonly poolSize?: number | undefined;
  /** What round trips wait with (default: the shared DelayQueue; tests: a virtual clock). */
  readonly waits?: Waits | undefined;
}

export class StandInSource implements SourceBackend {
  readonly kind = 'stand-in';
  readonly label: string;
  readonly faults: Faults;
  readonly poolSize: number | undefined;
  private pool: SlotPool | undefined;
  private meter: PoolMeter | undefined;
  private rowsFetched = 0;
  private indexScans = 0;
  private transactions = 0;
  private sourceKeys = 0;
  private rowsUpdated = 0;
  /** Versions of written keys (the rest are at 0). */
  private versions = new Map<number, number>();

  constructor(
    private readonly latency: LatencyModel,
    o: StandInSourceOptions = {},
  ) {
    this.poolSize = o.poolSize;
    this.faults = new Faults('stand-in source', o.waits);
    const pool = o.poolSize === undefined ? '' : `, a pool of ${o.poolSize} connections`;
    this.label = `in-process stand-in (values computed in memory, answering after ${latency.callMs} ms + ${latency.perKeyMs} ms per key${pool}; not PostgreSQL)`;
  }

  async open(): Promise<void> {
    if (this.faults.mode === 'fail') throw new ConfigError('source stand-in: connection refused (stand-in fault)');
  }

  async checkKeySpace(sourceKeys: number): Promise<void> {
    this.sourceKeys = sourceKeys;
  }

  /** Like PostgreSQL's pool, refuses to start while the source is down (a stalled one times out at once). */
  async startPool(meter?: PoolMeter): Promise<void> {
    this.pool = this.poolSize === undefined ? undefined : new SlotPool(this.poolSize);
    this.meter = meter;
    if (this.faults.mode === 'fail') throw Object.assign(new Error('stand-in source: connect ECONNREFUSED (stand-in fault)'), { code: 'ECONNREFUSED' });
    if (this.faults.mode === 'stall') throw new Error('stand-in source: timeout exceeded when trying to connect (stand-in stalled)');
  }

  /** One round trip on a connection of the pool (when there is one), reported to the meter. */
  private async onConnection(cls: CallClass, keys: number, ms: number): Promise<void> {
    const m = this.meter;
    const call: PoolCall | undefined = m?.ask(cls, keys);
    const pool = this.pool;
    const wait = pool?.acquire();
    if (wait) await wait;
    if (call) m!.got(call);
    try {
      await this.faults.roundTrip(ms);
      if (call) m!.done(call, 'ok');
    } catch (e) {
      if (call) m!.done(call, 'error');
      throw e;
    } finally {
      pool?.release();
    }
  }

  async readOne(key: number): Promise<SourceRow | null> {
    await this.onConnection(DEMAND, 1, this.latency.callMs + this.latency.perKeyMs);
    this.transactions++;
    this.indexScans++;
    if (key >= this.sourceKeys) return null;
    this.rowsFetched++;
    return { value: sourceValue(key, this.sourceKeys), version: this.versions.get(key) ?? 0 };
  }

  async resetVersions(): Promise<void> {
    this.versions = new Map();
  }

  /** A source write: one round trip (callMs + perKeyMs), outside the pool, as the real source's own write connections. */
  async write(key: number): Promise<number> {
    await this.faults.roundTrip(this.latency.callMs + this.latency.perKeyMs);
    if (key >= this.sourceKeys) throw new Error(`stand-in source: source write: no row with id ${key}`);
    this.transactions++;
    this.indexScans++;
    this.rowsFetched++;
    this.rowsUpdated++;
    const v = (this.versions.get(key) ?? 0) + 1;
    this.versions.set(key, v);
    return v;
  }

  async readMany(keys: Uint32Array, n: number): Promise<SourceRows> {
    await this.onConnection(BACKFILL, n, this.latency.callMs + this.latency.perKeyMs * n);
    this.transactions++;
    this.indexScans += n;
    const ids: number[] = [];
    const values: number[] = [];
    const versions: number[] = [];
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      if (k < this.sourceKeys) {
        ids.push(k);
        values.push(sourceValue(k, this.sourceKeys));
        versions.push(this.versions.get(k) ?? 0);
      }
    }
    this.rowsFetched += ids.length;
    return { ids, values, versions };
  }

  async endPool(): Promise<void> {
    this.meter = undefined;
  }

  async serverStats(): Promise<SourceServerStats | undefined> {
    if (this.faults.mode !== 'none') return undefined;
    return { rowsFetched: this.rowsFetched, indexScans: this.indexScans, transactions: this.transactions, rowsUpdated: this.rowsUpdated };
  }

  async close(): Promise<void> {
    this.faults.set('none');
  }
}
