// Miss-ratio curves of demand-fill LRU (the `none` strategy) in one pass over the stream, for every
// capacity at once (Mattson, Gecsei, Slutz & Traiger 1970): LRU is a stack algorithm, so a request
// hits in an LRU cache of capacity C exactly when its stack distance (1 + the number of distinct keys
// requested since the previous request for the same key) is at most C. Distances come from a Fenwick
// tree over "last access" positions (Bennett & Kruskal 1975; Olken 1981): each request moves its key's
// marker to the newest position, and the distance is the number of markers after the old one, so a
// request costs O(log n). Positions are renumbered when they run out, which keeps memory O(keys)
// rather than O(requests).
//
// For streams too large for that, fixed-rate SHARDS (Waldspurger, Park, Garthwaite & Ahmad, FAST 2015)
// profiles only the keys whose hash falls under a threshold (rate R): a sampled key's distance counts
// only sampled keys, so it is scaled by 1/R, and each sampled request stands for 1/R requests. The
// SHARDS_adj correction adds the difference between the expected (R x requests) and actual number of
// sampled requests to the smallest distance, which removes the curve's vertical offset. See README
// ("Miss-ratio curves") for the error to expect.
import type { AnyRequestStream, RequestChunk } from '../core/types.ts';
import { createChunk } from '../workloads/stream.ts';
import { Fenwick } from './fenwick.ts';
import { DIRECT_INDEX_MAX_KEYS } from '../strategies/stores/key-index.ts';

/**
 * Tracks LRU stack distances of a sequence of accesses to keys [0, keys). Memory: the last position of
 * each key (a dense Int32Array of `keys` entries, or a Map of the keys seen when `sparse`, for
 * SHARDS samples) plus 12 bytes per position, positions being about twice the distinct keys seen.
 */
export class StackDistance {
  private readonly lastPos: Int32Array;
  private readonly lastPosSparse: Map<number, number> | undefined;
  private keyAt: Int32Array;
  private fenwick: Fenwick;
  private next = 0;
  /** Distinct keys accessed so far (markers in the tree). */
  live = 0;

  /** `keys`: keys are in [0, keys); `expectedLive`: about how many distinct keys will be seen (it grows if more are). */
  constructor(keys: number, opts: { readonly expectedLive?: number; readonly sparse?: boolean } = {}) {
    const positions = Math.max(1024, 2 * Math.min(keys, Math.ceil(opts.expectedLive ?? keys)));
    this.lastPosSparse = opts.sparse ? new Map() : undefined;
    this.lastPos = new Int32Array(opts.sparse ? 1 : Math.max(1, keys)).fill(-1);
    this.keyAt = new Int32Array(positions).fill(-1);
    this.fenwick = new Fenwick(positions);
  }

  /** The stack distance of an access to `key` (1 = the most recently used key), 0 for a first access. */
  access(key: number): number {
    const f = this.fenwick;
    const sparse = this.lastPosSparse;
    const p = sparse === undefined ? this.lastPos[key]! : (sparse.get(key) ?? -1);
    let d = 0;
    if (p >= 0) {
      d = this.live - f.prefix(p) + 1;
      f.add(p, -1);
      this.keyAt[p] = -1;
      this.live--;
    }
    if (this.next === this.keyAt.length) this.compact();
    const at = this.next++;
    this.fenwick.add(at, 1);
    this.keyAt[at] = key;
    if (sparse === undefined) this.lastPos[key] = at;
    else sparse.set(key, at);
    this.live++;
    return d;
  }

  /**
   * Renumbers the live markers 0..live-1 in recency order, O(positions), once per positions/2
   * accesses at most; doubles the positions when more than half would still be in use.
   */
  private compact(): void {
    const old = this.keyAt;
    const grow = this.live * 2 > old.length;
    const keyAt = grow ? new Int32Array(old.length * 2).fill(-1) : old;
    let n = 0;
    for (let p = 0; p < old.length; p++) {
      const k = old[p]!;
      if (k < 0) continue;
      old[p] = -1;
      keyAt[n] = k;
      if (this.lastPosSparse === undefined) this.lastPos[k] = n;
      else this.lastPosSparse.set(k, n);
      n++;
    }
    if (grow) {
      this.keyAt = keyAt;
      this.fenwick = new Fenwick(keyAt.length);
    }
    this.fenwick.resetToOnes(n);
    this.next = n;
  }
}

/** SHARDS's hash modulus P = 2^24: a key is sampled when hash(key) mod P < R * P. */
export const SHARDS_MODULUS = 1 << 24;

/** The hash threshold of rate R: key sampled when (keyHash(key) & (SHARDS_MODULUS - 1)) < threshold. */
export function shardsThreshold(R: number): number {
  return Math.round(R * SHARDS_MODULUS);
}

/** A fixed 32-bit mix of a key, so sampling is spatial (by key) and deterministic. */
export function keyHash(key: number): number {
  let h = Math.imul(key ^ 0x2545f491, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The miss-ratio curve of demand-fill LRU over one stream. Exact (sampleRate 1) or estimated by SHARDS.
 * Requests for keys the source lacks are always misses and never enter the cache.
 */
export class MissRatioCurve {
  /** cum[j]: (sampled) requests with stack distance 1..j. */
  private readonly cum: Float64Array;

  constructor(
    readonly requests: number,
    /** Requests for keys the source does not have (counted exactly, sampled or not). */
    readonly absent: number,
    readonly sampleRate: number,
    /** Requests of sampled keys (all present requests when exact). */
    readonly sampledRequests: number,
    /** First accesses among sampled requests. */
    readonly sampledCold: number,
    /** histogram[d]: (sampled) requests with stack distance d (index 0 unused: first accesses). */
    readonly histogram: Float64Array,
    /** Distinct present keys requested (exact), or the estimate from the sample. */
    readonly distinctKeys: number,
    /** Sampled only: the curves of the two halves of the sample (each at rate R / 2), for the error estimate. */
    readonly halves?: readonly [MissRatioCurve, MissRatioCurve],
  ) {
    this.cum = new Float64Array(histogram.length);
    let s = 0;
    for (let d = 0; d < histogram.length; d++) this.cum[d] = s += histogram[d]!;
  }

  get exact(): boolean {
    return this.sampleRate === 1;
  }

  get presentRequests(): number {
    return this.requests - this.absent;
  }

  /** Compulsory misses of present keys (first accesses); estimated when sampled. */
  get coldMisses(): number {
    return this.sampledCold / this.sampleRate;
  }

  /** Hits of an LRU cache of `capacity` keys (undefined: unbounded). Exact integers when exact. */
  hitsAt(capacity: number | undefined): number {
    const last = this.cum.length - 1;
    const R = this.sampleRate;
    if (R === 1) return this.cum[capacity === undefined ? last : Math.min(last, capacity)]!;
    // A sampled distance d stands for a distance of about d / R (SHARDS); between buckets the
    // cumulative count is interpolated linearly, so the estimate is a continuous curve.
    const x = capacity === undefined ? last : capacity * R;
    const j = Math.min(last, Math.floor(x));
    const within = j < last ? (x - j) * this.histogram[j + 1]! : 0;
    // SHARDS_adj: the expected minus the actual sampled requests, counted at the smallest distance.
    const adjustment = this.presentRequests - this.sampledRequests / R;
    const hits = Math.min(1, x) * adjustment + (this.cum[j]! + within) / R;
    return Math.min(this.presentRequests, Math.max(0, hits));
  }

  /**
   * Sampled only: an estimate of the miss ratio's error at this capacity, from the split-half
   * disagreement. The two halves are independent samples at rate R / 2; SHARDS's error shrinks about
   * as 1/sqrt(sampled keys), so |half A - half B| / 2 estimates the error of the full sample. 0 when exact.
   */
  errorAt(capacity: number | undefined): number {
    if (!this.halves) return 0;
    return Math.abs(this.halves[0].missRatioAt(capacity) - this.halves[1].missRatioAt(capacity)) / 2;
  }

  missesAt(capacity: number | undefined): number {
    return this.requests - this.hitsAt(capacity);
  }

  hitRatioAt(capacity: number | undefined): number {
    return this.requests === 0 ? 0 : this.hitsAt(capacity) / this.requests;
  }

  missRatioAt(capacity: number | undefined): number {
    return this.requests === 0 ? 0 : this.missesAt(capacity) / this.requests;
  }

  /** Capacities to plot or print: about `perDecade` log-spaced values from 1 to the distinct keys. */
  capacities(perDecade = 12, extra: readonly number[] = []): number[] {
    const top = Math.max(1, Math.round(this.distinctKeys));
    const out = new Set<number>([1, top]);
    for (let e = 0; ; e++) {
      const c = Math.round(10 ** (e / perDecade));
      if (c > top) break;
      out.add(c);
    }
    for (const c of extra) if (Number.isSafeInteger(c) && c >= 1) out.add(c);
    return [...out].sort((a, b) => a - b);
  }
}

export interface ProfileOptions {
  /** SHARDS sampling rate in (0, 1]; 1 (the default) is exact. */
  readonly sampleRate?: number;
  /** Called with each chunk after it was profiled (the sweep derives `none` results in the same pass). */
  readonly onChunk?: (chunk: RequestChunk, distances: Float64Array) => void;
  readonly onProgress?: (done: number, total: number) => void;
  readonly chunk?: RequestChunk;
}

/**
 * One pass over a stream: the miss-ratio curve. With onChunk, each request's stack distance is
 * handed over too (0 = first access, Infinity = a key the source lacks, -1 = not sampled).
 */
export async function profileStream(stream: AnyRequestStream, opts: ProfileOptions = {}): Promise<MissRatioCurve> {
  const R = opts.sampleRate ?? 1;
  if (!(R > 0 && R <= 1)) throw new RangeError(`sample rate must be in (0, 1], got ${R}`);
  const threshold = Math.round(R * SHARDS_MODULUS);
  if (threshold < 1) throw new RangeError(`sample rate ${R} samples no key (smallest rate: 2^-24)`);
  const sourceKeys = stream.sourceKeys;
  const distinctBound = Math.max(1, Math.min(sourceKeys, stream.requests));
  // Exact: dense arrays over all keys (a map of the keys seen above DIRECT_INDEX_MAX_KEYS keys, so
  // memory follows the keys used). Sampled: structures sized for the sample (they grow if needed),
  // so memory is O(R x keys), and the sample is also split in two by another bit of the hash, each
  // half profiled alone, for the error estimate.
  const sd = new StackDistance(sourceKeys, R === 1 ? { expectedLive: distinctBound, sparse: sourceKeys > DIRECT_INDEX_MAX_KEYS } : { expectedLive: R * distinctBound * 1.5, sparse: true });
  const full = { histogram: new Float64Array(R === 1 ? distinctBound + 1 : Math.max(1024, Math.ceil(R * distinctBound * 1.5))) };
  const halves =
    R < 1 ? [0, 1].map(() => ({ sd: new StackDistance(sourceKeys, { expectedLive: (R / 2) * distinctBound * 1.5, sparse: true }), histogram: new Float64Array(1024), sampled: 0, cold: 0 })) : [];
  /** Counts distance d (>= 1) in a growable histogram. */
  const count = (h: { histogram: Float64Array }, d: number) => {
    if (d >= h.histogram.length) {
      const bigger = new Float64Array(Math.max(d + 1, h.histogram.length * 2));
      bigger.set(h.histogram);
      h.histogram = bigger;
    }
    h.histogram[d]!++;
  };
  let histogram = full.histogram;
  const chunk = opts.chunk ?? createChunk();
  const distances = opts.onChunk ? new Float64Array(chunk.keys.length) : undefined;
  let absent = 0;
  let sampled = 0;
  let cold = 0;
  let done = 0;
  try {
    for (;;) {
      const filled = stream.nextChunk(chunk);
      if (!(typeof filled === 'boolean' ? filled : await filled)) break;
      const keys = chunk.keys;
      const n = chunk.length;
      for (let i = 0; i < n; i++) {
        const key = keys[i]!;
        let d: number;
        if (key >= sourceKeys) {
          absent++;
          d = Infinity;
        } else if (R === 1) {
          sampled++;
          d = sd.access(key);
          if (d === 0) cold++;
          else histogram[d]!++;
        } else if ((keyHash(key) & (SHARDS_MODULUS - 1)) < threshold) {
          sampled++;
          d = sd.access(key);
          if (d === 0) cold++;
          else {
            count(full, d);
            histogram = full.histogram;
          }
          const half = halves[(keyHash(key) >>> 24) & 1]!;
          half.sampled++;
          const dh = half.sd.access(key);
          if (dh === 0) half.cold++;
          else count(half, dh);
        } else {
          d = -1;
        }
        if (distances !== undefined) distances[i] = d;
      }
      if (distances !== undefined) opts.onChunk!(chunk, distances);
      done += n;
      opts.onProgress?.(done, stream.requests);
    }
  } finally {
    if ('close' in stream && stream.close) await stream.close();
  }
  const [a, b] = halves.map((h) => new MissRatioCurve(done, absent, R / 2, h.sampled, h.cold, h.histogram, (h.sd.live * 2) / R));
  return new MissRatioCurve(done, absent, R, sampled, cold, full.histogram, sd.live / R, a && b ? [a, b] : undefined);
}
