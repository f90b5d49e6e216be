// A trace decoded once, in the first (and then only) pass over its file: every request's key id (in
// source order, see trace-stream.ts) and, when the trace has timestamps, its virtual time in ms
// (relative to the first, never going back), and when the trace has sizes, each key's size and, only
// if some key's size changes between requests, every request's own size. 4 bytes a request, 12 with
// times, 4 more for changing sizes, 1 more for operations and 8 more for TTLs. The arrays live in
// SharedArrayBuffers: sweep workers read the same memory instead of parsing the file again, and
// every cell replays exactly the same requests whatever thread runs it.
//
// Absent keys and, for a trace without timestamps, the arrival clock are drawn per stream from the
// seed, as TraceStream does: a decoded trace and the streamed one give identical requests.
import { createRng } from '../core/rng.ts';
import type { ObjectSizes, RequestChunk, RequestStream } from '../core/types.ts';
import { createArrivalClock } from '../core/arrival.ts';
import type { TraceStreamOptions } from './trace-stream.ts';
import { distributionSizes, recordedSize, TableSizes } from '../core/object-sizes.ts';
import { fillKeySizes } from '../core/chunks.ts';

export interface DecodedTrace {
  /** Key ids 0 .. distinct-1, one per request. */
  readonly ids: Uint32Array;
  /** Virtual times (ms) per request; undefined when the trace has no timestamps. */
  readonly times: Float64Array | undefined;
  readonly distinct: number;
  /** Each key id's size (bytes) as first seen; undefined when the trace has no sizes. */
  readonly keySizes: Uint32Array | undefined;
  /** Each request's own size, only when some key's size changes between requests (else keySizes says it all). */
  readonly sizes: Uint32Array | undefined;
  /** Each request's operation (core/ops.ts), when the trace has them (1 byte a request). */
  readonly ops?: Uint8Array | undefined;
  /** Each request's TTL in ms (0 = none), when the trace has them (8 bytes a request). */
  readonly ttls?: Float64Array | undefined;
}

/**
 * Traces up to this many requests are decoded into memory on their first pass (12 bytes a request
 * with times: 384 MiB at most); longer ones are read twice (count, then replay) with flat memory.
 */
export const DECODE_MAX_REQUESTS = 32 * 1024 * 1024;
/** The limit in force; tests lower it to take the two-pass path. */
export const decodeConfig = { maxRequests: DECODE_MAX_REQUESTS };

/** Growing id/time arrays the first pass appends to; `finish` gives them in shared memory. */
export class TraceDecoding {
  private ids: Uint32Array;
  private times: Float64Array;
  /** Every request's size, while decoding a trace with sizes (dropped at the end if no key's size changes). */
  private sizes: Uint32Array;
  private ops: Uint8Array;
  private ttls: Float64Array;
  n = 0;
  /** False once the trace went past the limit (the arrays were dropped). */
  keeping = true;

  /** `expected`: the request count when known from the file's size (0: grow as records come). */
  constructor(
    private readonly hasTimes: boolean,
    expected = 0,
    private readonly limit = decodeConfig.maxRequests,
    private readonly hasSizes = false,
    private readonly hasOps = false,
    private readonly hasTtls = false,
  ) {
    const size = expected > 0 && expected <= limit ? expected : Math.min(1 << 16, limit);
    this.ids = sharedIds(size);
    this.times = sharedTimes(hasTimes ? size : 0);
    this.sizes = sharedIds(hasSizes ? size : 0);
    this.ops = sharedOps(hasOps ? size : 0);
    this.ttls = sharedTimes(hasTtls ? size : 0);
  }

  private last = 0;

  /**
   * Where the next records go (at most `cap`: as many as the views hold): views into the kept arrays
   * past what is kept, so the reader decodes straight into them and nothing is copied; undefined when
   * the arrays are full (then the records come through `add`, which grows them) or no longer kept.
   */
  target(cap: number): { ids: Uint32Array; times: Float64Array | undefined; ops: Uint8Array | undefined; ttls: Float64Array | undefined } | undefined {
    const room = Math.min(cap, this.ids.length - this.n, this.limit - this.n);
    if (!this.keeping || room <= 0) return undefined;
    const end = this.n + room;
    return {
      ids: this.ids.subarray(this.n, end),
      times: this.hasTimes ? this.times.subarray(this.n, end) : undefined,
      ops: this.hasOps ? this.ops.subarray(this.n, end) : undefined,
      ttls: this.hasTtls ? this.ttls.subarray(this.n, end) : undefined,
    };
  }

  /** Copies `n` records decoded elsewhere to the end of the kept arrays (growing them), then commits them. */
  add(ids: Uint32Array, times: Float64Array, n: number, firstTime: number, msPerUnit: number, sizes?: Float64Array, ops?: Uint8Array, ttls?: Float64Array): void {
    if (!this.keeping) return;
    const need = this.n + n;
    if (need > this.limit) {
      this.keeping = false;
      this.ids = new Uint32Array(0);
      this.times = new Float64Array(0);
      this.sizes = new Uint32Array(0);
      this.ops = new Uint8Array(0);
      this.ttls = new Float64Array(0);
      return;
    }
    if (need > this.ids.length) {
      const size = Math.min(this.limit, Math.max(need, this.ids.length * 2));
      const grown = sharedIds(size);
      grown.set(this.ids.subarray(0, this.n));
      this.ids = grown;
      if (this.hasTimes) {
        const t = sharedTimes(size);
        t.set(this.times.subarray(0, this.n));
        this.times = t;
      }
      if (this.hasSizes) {
        const z = sharedIds(size);
        z.set(this.sizes.subarray(0, this.n));
        this.sizes = z;
      }
      if (this.hasOps) {
        const o = sharedOps(size);
        o.set(this.ops.subarray(0, this.n));
        this.ops = o;
      }
      if (this.hasTtls) {
        const t = sharedTimes(size);
        t.set(this.ttls.subarray(0, this.n));
        this.ttls = t;
      }
    }
    this.ids.set(ids.subarray(0, n), this.n);
    if (this.hasTimes) this.times.set(times.subarray(0, n), this.n);
    if (this.hasOps && ops !== undefined) this.ops.set(ops.subarray(0, n), this.n);
    if (this.hasTtls && ttls !== undefined) this.ttls.set(ttls.subarray(0, n), this.n);
    this.commit(n, firstTime, msPerUnit, sizes);
  }

  /**
   * Keeps the `n` records just decoded into target()'s views; their raw times become ms from
   * `firstTime`, raised so that time never goes back (while they are still in the CPU's caches).
   * Their sizes (a trace with sizes) are copied from `sizes`, the sink's.
   */
  commit(n: number, firstTime: number, msPerUnit: number, sizes?: Float64Array): void {
    if (!this.keeping) return;
    if (this.hasSizes && sizes !== undefined) {
      const z = this.sizes;
      for (let i = 0, at = this.n; i < n; i++, at++) z[at] = recordedSize(sizes[i]!);
    }
    if (this.hasTimes) {
      const t = this.times;
      let last = this.last;
      for (let i = this.n, end = this.n + n; i < end; i++) {
        const v = (t[i]! - firstTime) * msPerUnit;
        last = v > last ? v : last;
        t[i] = last;
      }
      this.last = last;
    }
    this.n += n;
  }

  /**
   * The decoded trace: ids renumbered by `perm` (first-seen id -> source-order id), with the key
   * sizes; each request's own size is kept only when `sizesVary`.
   */
  finish(perm: Uint32Array, keySizes?: Uint32Array, sizesVary = false): DecodedTrace | undefined {
    if (!this.keeping) return undefined;
    const n = this.n;
    const ids = this.ids.subarray(0, n);
    for (let i = 0; i < n; i++) ids[i] = perm[ids[i]!]!;
    const sizes = this.hasSizes && sizesVary ? this.sizes.subarray(0, n) : undefined;
    this.sizes = new Uint32Array(0);
    return {
      ids,
      times: this.hasTimes ? this.times.subarray(0, n) : undefined,
      distinct: perm.length,
      keySizes,
      sizes,
      ...(this.hasOps ? { ops: this.ops.subarray(0, n) } : {}),
      ...(this.hasTtls ? { ttls: this.ttls.subarray(0, n) } : {}),
    };
  }
}

const sharedIds = (n: number): Uint32Array => new Uint32Array(new SharedArrayBuffer(n * 4));
const sharedTimes = (n: number): Float64Array => new Float64Array(new SharedArrayBuffer(n * 8));
const sharedOps = (n: number): Uint8Array => new Uint8Array(new SharedArrayBuffer(n));

// Traces decoded in this process (or thread), by what identifies their requests: the trace's
// parameters and request count. Commands read a trace once, then open its stream synchronously as
// often as they like; a sweep worker registers the arrays its task brings.
const loaded = new Map<string, DecodedTrace>();

export const loadedKey = (params: unknown, requests: number): string => JSON.stringify([params, requests]);

/** Traces kept at most (each under two keys: the request count asked for and the one found). */
const LOADED_ENTRIES = 8;

export function rememberDecoded(key: string, trace: DecodedTrace): void {
  loaded.delete(key);
  loaded.set(key, trace);
  while (loaded.size > LOADED_ENTRIES) loaded.delete(loaded.keys().next().value!);
}

/** Drops every decoded trace of this thread (with forgetIndexes). */
export function forgetDecoded(): void {
  loaded.clear();
}

export function decodedFor(key: string): DecodedTrace | undefined {
  return loaded.get(key);
}

/** A decoded trace replayed as a (synchronous) stream, with the workload's absent keys and clock. */
export class DecodedTraceStream implements RequestStream {
  readonly sourceKeys: number;
  readonly keySpace: number;
  readonly requests: number;
  readonly objectSizes: ObjectSizes | undefined;
  readonly hasOps: boolean;
  readonly hasTtls: boolean;
  private pos = 0;
  private readonly clock;
  private readonly absentRng;
  /** Every request's own size, when the trace's are used and some key's size changes. */
  private readonly requestSizes: Uint32Array | undefined;

  /** The last request's virtual time (timestamped traces: times are made non-decreasing when decoded). */
  get spanMs(): number | undefined {
    const t = this.trace.times;
    return t !== undefined && t.length > 0 ? t[t.length - 1] : undefined;
  }

  constructor(
    readonly trace: DecodedTrace,
    private readonly o: TraceStreamOptions,
    seed: number,
  ) {
    this.sourceKeys = trace.distinct;
    this.keySpace = o.absentRatio > 0 ? trace.distinct * 2 : trace.distinct;
    this.requests = trace.ids.length;
    this.clock = createArrivalClock(o.arrival, o.rate, createRng(seed, 'arrival'));
    this.absentRng = createRng(seed, 'absent');
    this.objectSizes = traceSizes(o, seed, trace.keySizes);
    this.requestSizes = this.objectSizes instanceof TableSizes ? trace.sizes : undefined;
    this.hasOps = trace.ops !== undefined;
    this.hasTtls = trace.ttls !== undefined;
  }

  nextChunk(chunk: RequestChunk): boolean {
    const n = Math.min(chunk.keys.length, this.requests - this.pos);
    chunk.length = 0;
    if (n <= 0) return false;
    const keys = chunk.keys;
    keys.set(this.trace.ids.subarray(this.pos, this.pos + n));
    if (this.trace.times) chunk.times.set(this.trace.times.subarray(this.pos, this.pos + n));
    else this.clock.fill(chunk.times, n);
    const absentRatio = this.o.absentRatio;
    if (absentRatio > 0) {
      const sourceKeys = this.sourceKeys;
      for (let i = 0; i < n; i++) if (this.absentRng.nextDouble() < absentRatio) keys[i] = keys[i]! + sourceKeys;
    }
    const sizes = chunk.sizes;
    if (sizes !== undefined && this.objectSizes !== undefined) {
      if (this.requestSizes !== undefined) sizes.set(this.requestSizes.subarray(this.pos, this.pos + n));
      else fillKeySizes(this.objectSizes, keys, n, this.sourceKeys, sizes);
    }
    if (chunk.ops !== undefined && this.trace.ops !== undefined) chunk.ops.set(this.trace.ops.subarray(this.pos, this.pos + n));
    if (chunk.ttls !== undefined && this.trace.ttls !== undefined) chunk.ttls.set(this.trace.ttls.subarray(this.pos, this.pos + n));
    chunk.length = n;
    this.pos += n;
    return true;
  }
}

/** A trace stream's sizes: a distribution the workload asks for, else the trace's own (if it has any). */
export function traceSizes(o: TraceStreamOptions, seed: number, keySizes: Uint32Array | undefined): ObjectSizes | undefined {
  const asked = o.sizes && distributionSizes(o.sizes, seed);
  if (asked) return asked;
  return keySizes && new TableSizes(keySizes, "the trace's object sizes");
}
