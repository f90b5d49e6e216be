// `opt`: Belady's MIN, the optimal demand-fill cache of `capacity` keys, as the ceiling on hit ratio
// every other strategy can be read against. On a miss with the cache full, of the cached keys and
// the incoming one, the key requested farthest in the future (or never again) is left out: that may
// be the incoming key itself, which is then served but not cached (Caffeine's Clairvoyant, not
// libCacheSim's `belady`, which always admits). Clairvoyant: it needs each request's next use, from
// a backward pass over the whole key sequence, which the runner reads ahead; memory is about 8 bytes
// per request, so streams longer than `maxRequests` are refused before anything is read.
//
// Events: MIN is optimal from any starting content, so after a cold restart (emptied) or a loss (the
// lost keys removed) it stays the optimum for what follows; a snapshot restored at once changes
// nothing. Warm-ups that load keys (snapshot at a rate, peer) are refused (checkEvents): loading keys
// MIN did not choose, on a schedule, is prefetching, whose optimum is another problem; the result
// would no longer be the ceiling opt stands for.
import { ConfigError } from '../../core/errors.ts';
import { bytesText } from '../../core/resources.ts';
import { declaredDefaults, validateStrict, type IntegerDecl } from '../../core/param-decl.ts';
import type { Key, SourceReader, Strategy, StrategyContext, StrategySpec, StrategyStats } from '../../core/types.ts';
import { ABSENT } from '../../core/types.ts';
import { formatEvent } from '../../events/parse-event.ts';
import { lostKey, type CacheEvent, type TimelineEvent } from '../../events/timeline-event.ts';
import { NEVER, nextUses } from '../clairvoyant/next-use.ts';
import { CAPACITY_TENTH } from '../strategy-params.ts';

export interface OptParams {
  readonly capacity: number | undefined;
  readonly maxRequests: number;
}

export const OPT_DEFAULT_MAX_REQUESTS = 100_000_000;
/** Memory per request of the stream read ahead (keys and next uses); the resource estimate uses it too. */
export const OPT_BYTES_PER_REQUEST = 8;
const BYTES_PER_REQUEST = OPT_BYTES_PER_REQUEST;

/** Belady's MIN on an indexed max-heap of the cached keys, ordered by next use. O(log capacity) a request. */
class Belady implements Strategy {
  readonly nextTimerAt = Infinity;
  lastValue = ABSENT;
  private i = 0;
  private size = 0;
  private evictions = 0;
  private readonly keys: Uint32Array;
  private readonly next: Int32Array;
  /** Heap position of each cached key, -1 when not cached. */
  private readonly posOf: Int32Array;
  private readonly heapKey: Int32Array;
  private readonly heapNext: Int32Array;
  private readonly heapValue: Int32Array;
  private readonly cap: number;
  private readonly source: SourceReader;
  private readonly onEvict: ((key: Key) => void) | undefined;
  private readonly seed: number;

  constructor(ctx: StrategyContext, capacity: number | undefined) {
    const future = ctx.future;
    if (!future) throw new Error('opt is clairvoyant: the runner must give it the stream read ahead (StrategyContext.future)');
    this.keys = future.keys;
    this.next = nextUses(future.keys, ctx.keySpace);
    this.source = ctx.source;
    this.onEvict = ctx.onEvict;
    this.seed = ctx.seed ?? 1;
    this.cap = Math.min(capacity ?? ctx.sourceKeys, ctx.sourceKeys);
    this.posOf = new Int32Array(Math.max(1, ctx.keySpace)).fill(-1);
    this.heapKey = new Int32Array(this.cap);
    this.heapNext = new Int32Array(this.cap);
    this.heapValue = new Int32Array(this.cap);
  }

  access(key: Key, _now: number): boolean {
    const i = this.i++;
    if (i >= this.keys.length || this.keys[i] !== key) {
      throw new Error(`opt: request ${i} is key ${key}, but the stream read ahead has ${i < this.keys.length ? `key ${this.keys[i]}` : `only ${this.keys.length} requests`}`);
    }
    const nx = this.next[i]!;
    const pos = key < this.posOf.length ? this.posOf[key]! : -1;
    if (pos >= 0) {
      this.lastValue = this.heapValue[pos]!;
      this.heapNext[pos] = nx; // was i, the smallest in the heap: it can only move up
      this.siftUp(pos);
      return true;
    }
    const value = this.source.read(key);
    this.lastValue = value;
    // ABSENT, or SOURCE_FAILED during an outage: nothing cached.
    if (value < 0) return false;
    if (this.size < this.cap) {
      const p = this.size++;
      this.set(p, key, nx, value);
      this.siftUp(p);
    } else if (this.cap > 0 && nx < this.heapNext[0]!) {
      const victim = this.heapKey[0]!;
      this.posOf[victim] = -1;
      this.evictions++;
      this.onEvict?.(victim);
      this.set(0, key, nx, value);
      this.siftDown(0);
    }
    // Otherwise the incoming key is the one needed farthest ahead (or never again): not cached.
    return false;
  }

  onTimer(_now: number): void {}

  /** Restart cold: emptied; lose (cold): the lost keys removed; a snapshot restored at once: nothing. */
  onCacheEvent(e: CacheEvent, _now: number): void {
    if (e.warm === 'snapshot' && e.rate === undefined) return;
    if (e.warm !== 'cold') throw new Error(`opt: ${unsupported(e)}`);
    // The keys first: removing reorders the heap.
    const cached = Array.from(this.heapKey.subarray(0, this.size));
    for (const key of cached) {
      if (e.kind === 'lose' && !lostKey(this.seed, e.index, key, e.fraction)) continue;
      this.removeAt(this.posOf[key]!);
      this.onEvict?.(key);
    }
  }

  /** The cached keys, the one needed soonest first (the reverse of MIN's eviction order). */
  cachedKeysByPriority(): Uint32Array {
    const order = Array.from({ length: this.size }, (_, p) => p).sort((a, b) => this.heapNext[a]! - this.heapNext[b]! || this.heapKey[a]! - this.heapKey[b]!);
    return Uint32Array.from(order, (p) => this.heapKey[p]!);
  }

  /** Removes heap position p (an invalidation, not an eviction). */
  private removeAt(p: number): void {
    this.posOf[this.heapKey[p]!] = -1;
    const last = --this.size;
    if (p === last) return;
    const moved = this.heapKey[last]!;
    this.set(p, moved, this.heapNext[last]!, this.heapValue[last]!);
    this.siftUp(p);
    this.siftDown(this.posOf[moved]!);
  }

  stats(): StrategyStats {
    return { backfills: 0, backfilledKeys: 0, backfillWaste: 0, backfillRejected: 0, backfillEvictedBeforeUse: 0, evictions: this.evictions, finalSize: this.size, maxBatchLoaded: 0 };
  }

  finish(): void {
    if (this.size > this.cap) throw new Error(`opt holds ${this.size} keys, capacity ${this.cap}`);
    for (let p = 0; p < this.size; p++) {
      if (this.posOf[this.heapKey[p]!] !== p) throw new Error(`opt: heap position ${p} (key ${this.heapKey[p]}) is not indexed`);
      const parent = (p - 1) >> 1;
      if (p > 0 && this.heapNext[parent]! < this.heapNext[p]!) throw new Error(`opt: heap order broken at ${p}`);
    }
    let indexed = 0;
    for (let k = 0; k < this.posOf.length; k++) if (this.posOf[k]! >= 0) indexed++;
    if (indexed !== this.size) throw new Error(`opt: ${indexed} keys indexed, size ${this.size}`);
  }

  private set(p: number, key: number, nx: number, value: number): void {
    this.heapKey[p] = key;
    this.heapNext[p] = nx;
    this.heapValue[p] = value;
    this.posOf[key] = p;
  }

  private siftUp(p: number): void {
    const hk = this.heapKey;
    const hn = this.heapNext;
    const hv = this.heapValue;
    const key = hk[p]!;
    const nx = hn[p]!;
    const value = hv[p]!;
    while (p > 0) {
      const parent = (p - 1) >> 1;
      if (hn[parent]! >= nx) break;
      this.set(p, hk[parent]!, hn[parent]!, hv[parent]!);
      p = parent;
    }
    this.set(p, key, nx, value);
  }

  private siftDown(p: number): void {
    const hk = this.heapKey;
    const hn = this.heapNext;
    const hv = this.heapValue;
    const n = this.size;
    const key = hk[p]!;
    const nx = hn[p]!;
    const value = hv[p]!;
    for (;;) {
      let c = 2 * p + 1;
      if (c >= n) break;
      if (c + 1 < n && hn[c + 1]! > hn[c]!) c++;
      if (hn[c]! <= nx) break;
      this.set(p, hk[c]!, hn[c]!, hv[c]!);
      p = c;
    }
    this.set(p, key, nx, value);
  }
}

const MAX_REQUESTS: IntegerDecl = {
  name: 'maxRequests',
  kind: 'integer',
  doc: `refuse streams longer than this: opt holds the whole key sequence and each request's next use in memory (~${BYTES_PER_REQUEST} bytes per request)`,
  unit: 'requests',
  flag: 'opt-max-requests',
  default: OPT_DEFAULT_MAX_REQUESTS,
  min: 1,
  max: NEVER - 1,
  typical: [100_000, 100_000_000],
};

const opt: StrategySpec<OptParams> = {
  name: 'opt',
  summary: `Belady's MIN: the optimal hit ratio at capacity (clairvoyant: reads the whole stream ahead, ~${BYTES_PER_REQUEST} bytes of memory per request)`,
  traits: ['bounded', 'clairvoyant'],
  params: [{ ...CAPACITY_TENTH, doc: 'cache capacity in keys (evicting the key needed farthest ahead); null / "unbounded" for a cache that only grows' }, MAX_REQUESTS],
  defaults(sourceKeys) {
    return declaredDefaults(this.params, { sourceKeys }) as unknown as OptParams;
  },
  validate(raw, where) {
    return validateStrict(this.params, raw, where) as unknown as OptParams;
  },
  checkStream(p, stream, where) {
    if (stream.requests > p.maxRequests) {
      const mb = bytesText(stream.requests * BYTES_PER_REQUEST);
      throw ConfigError.at(
        where,
        `opt reads the whole stream ahead and keeps ~${BYTES_PER_REQUEST} bytes per request in memory; this stream has ${stream.requests.toLocaleString('en-US')} requests (~${mb}), above maxRequests = ${p.maxRequests.toLocaleString('en-US')}; shorten it (--requests) or raise the limit (--opt-max-requests)`,
        MAX_REQUESTS.name,
      );
    }
  },
  checkEvents(_p, events, where) {
    for (const e of events) {
      if ((e.kind === 'restart' || e.kind === 'lose') && e.warm !== 'cold' && !(e.warm === 'snapshot' && e.rate === undefined)) {
        throw ConfigError.at(where, `opt ${unsupported(e)}; use warm=cold or warm=snapshot without a rate, or leave opt out`);
      }
    }
  },
  create: (ctx, p) => new Belady(ctx, p.capacity),
};

/** Why opt refuses a warm-up that loads keys. */
function unsupported(e: TimelineEvent): string {
  return `cannot take event ${formatEvent(e)}: a warm-up that loads keys (warm=snapshot at a rate, warm=peer) is prefetching, not the demand-fill optimum opt computes exactly`;
}

export default opt;
