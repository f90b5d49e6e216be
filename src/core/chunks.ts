// Request chunks: the unit every stream fills and every consumer reads (keys and virtual times in
// typed arrays, filled in place). Shared by generated workloads and trace readers alike. The chunk
// utilities live here, once: making chunks, filling a large batch chunk by chunk, collecting a
// stream into arrays, and replaying arrays as a stream.
import type { AnyRequestStream, ObjectSizes, Popularity, RequestChunk, RequestStream } from './types.ts';

export const CHUNK_SIZE = 65_536;

/**
 * A chunk of `size` requests; `withSizes` adds the per-request object sizes (runs that count bytes),
 * `withOps` each record's operation and `withTtls` its TTL (streams with operations / TTLs). Chunks
 * without them keep today's shape exactly.
 */
export function createChunk(size = CHUNK_SIZE, withSizes = false, withOps = false, withTtls = false): RequestChunk {
  const c: { keys: Uint32Array; times: Float64Array; sizes?: Uint32Array; ops?: Uint8Array; ttls?: Float64Array; length: number } = {
    keys: new Uint32Array(size),
    times: new Float64Array(size),
    length: 0,
  };
  if (withSizes) c.sizes = new Uint32Array(size);
  if (withOps) c.ops = new Uint8Array(size);
  if (withTtls) c.ttls = new Float64Array(size);
  return c;
}

/** A chunk shaped for this stream: its ops and TTLs when it has them. */
export function createChunkFor(stream: Pick<AnyRequestStream, 'hasOps' | 'hasTtls'>, size = CHUNK_SIZE, withSizes = false): RequestChunk {
  return createChunk(size, withSizes, stream.hasOps === true, stream.hasTtls === true);
}

/** A window of `into` for a stream to fill, CHUNK_SIZE requests at most, starting at `at`. */
function windowOf(into: RequestChunk, at: number): RequestChunk {
  const end = Math.min(at + CHUNK_SIZE, into.keys.length);
  return rangeOf(into, at, end);
}

/** Records [from, to) of a chunk as a chunk of its own (views of the same arrays, length 0). */
export function rangeOf(c: RequestChunk, from: number, to: number): RequestChunk {
  const w: { keys: Uint32Array; times: Float64Array; sizes?: Uint32Array; ops?: Uint8Array; ttls?: Float64Array; length: number } = {
    keys: c.keys.subarray(from, to),
    times: c.times.subarray(from, to),
    length: 0,
  };
  if (c.sizes) w.sizes = c.sizes.subarray(from, to);
  if (c.ops) w.ops = c.ops.subarray(from, to);
  if (c.ttls) w.ttls = c.ttls.subarray(from, to);
  return w;
}

/**
 * Fills sizes[0, n) with each request's key size: absent keys (>= sourceKeys) take the size of the
 * source key they were moved from (they keep its popularity, and the byte hit ratio counts them).
 */
export function fillKeySizes(sizes: ObjectSizes, keys: Uint32Array, n: number, sourceKeys: number, out: Uint32Array): void {
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    out[i] = sizes.sizeOf(k < sourceKeys ? k : k - sourceKeys);
  }
}

/** Fills a (large) batch from a synchronous stream, chunk by chunk; false when nothing was left. */
export function fillBatchSync(stream: RequestStream, into: RequestChunk): boolean {
  let n = 0;
  while (n < into.keys.length) {
    const w = windowOf(into, n);
    if (!stream.nextChunk(w)) break;
    n += w.length;
  }
  into.length = n;
  return n > 0;
}

/** Fills a batch from any stream; awaits only streams that must wait for input. */
export async function fillBatch(stream: AnyRequestStream, into: RequestChunk): Promise<boolean> {
  let n = 0;
  while (n < into.keys.length) {
    const w = windowOf(into, n);
    const more = stream.nextChunk(w);
    if (!(typeof more === 'boolean' ? more : await more)) break;
    n += w.length;
  }
  into.length = n;
  return n > 0;
}

/** Collects chunks into arrays allocated once (keys, and times unless not wanted; ops and TTLs when asked). */
export class ChunkCollector {
  readonly keys: Uint32Array;
  readonly times: Float64Array | undefined;
  readonly ops: Uint8Array | undefined;
  readonly ttls: Float64Array | undefined;
  length = 0;

  constructor(
    readonly capacity: number,
    withTimes = true,
    withOps = false,
    withTtls = false,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 0) throw new RangeError(`chunk collector: capacity ${capacity}`);
    this.keys = new Uint32Array(capacity);
    this.times = withTimes ? new Float64Array(capacity) : undefined;
    this.ops = withOps ? new Uint8Array(capacity) : undefined;
    this.ttls = withTtls ? new Float64Array(capacity) : undefined;
  }

  get full(): boolean {
    return this.length === this.capacity;
  }

  /** Appends as much of the chunk as fits, times shifted by `timeOffset`; returns the requests taken. */
  add(chunk: RequestChunk, timeOffset = 0): number {
    const take = Math.min(chunk.length, this.capacity - this.length);
    this.keys.set(chunk.keys.subarray(0, take), this.length);
    const times = this.times;
    if (times !== undefined) {
      if (timeOffset === 0) times.set(chunk.times.subarray(0, take), this.length);
      else for (let i = 0; i < take; i++) times[this.length + i] = chunk.times[i]! + timeOffset;
    }
    if (this.ops !== undefined) {
      if (chunk.ops === undefined) throw new Error('chunk collector: collecting ops from a chunk without them');
      this.ops.set(chunk.ops.subarray(0, take), this.length);
    }
    if (this.ttls !== undefined) {
      if (chunk.ttls === undefined) throw new Error('chunk collector: collecting TTLs from a chunk without them');
      this.ttls.set(chunk.ttls.subarray(0, take), this.length);
    }
    this.length += take;
    return take;
  }
}

/**
 * Replays keys and times as a stream, chunk by chunk (the arrays are not copied). With `objectSizes`
 * it fills a chunk's sizes from each key's size (exact for per-key sizes; a trace whose keys change
 * size between requests keeps its own per-request sizes only in its own stream). With `ops` / `ttls`
 * (arrays as long as keys) it is a stream with operations / TTLs.
 */
export class ArrayStream implements RequestStream {
  private pos = 0;
  readonly hasOps: boolean | undefined;
  readonly hasTtls: boolean | undefined;
  /** The popularity order of the stream the arrays came from, when it has one (set by whoever made them). */
  popularity: (() => Popularity) | undefined;
  constructor(
    private readonly keys: Uint32Array,
    private readonly times: Float64Array,
    readonly sourceKeys: number,
    readonly keySpace: number,
    readonly objectSizes?: ObjectSizes,
    private readonly ops?: Uint8Array,
    private readonly ttls?: Float64Array,
  ) {
    if (times.length !== keys.length) throw new RangeError(`array stream: ${keys.length} keys but ${times.length} times`);
    if (ops !== undefined && ops.length !== keys.length) throw new RangeError(`array stream: ${keys.length} keys but ${ops.length} ops`);
    if (ttls !== undefined && ttls.length !== keys.length) throw new RangeError(`array stream: ${keys.length} keys but ${ttls.length} TTLs`);
    if (ops !== undefined) this.hasOps = true;
    if (ttls !== undefined) this.hasTtls = true;
  }
  get requests(): number {
    return this.keys.length;
  }
  nextChunk(chunk: RequestChunk): boolean {
    const n = Math.min(chunk.keys.length, this.keys.length - this.pos);
    chunk.length = Math.max(0, n);
    if (n <= 0) return false;
    const end = this.pos + n;
    chunk.keys.set(this.keys.subarray(this.pos, end));
    chunk.times.set(this.times.subarray(this.pos, end));
    if (this.objectSizes !== undefined && chunk.sizes !== undefined) fillKeySizes(this.objectSizes, chunk.keys, n, this.sourceKeys, chunk.sizes);
    if (this.ops !== undefined) {
      if (chunk.ops === undefined) throw new Error('array stream: a stream with ops needs chunks with ops (createChunkFor)');
      chunk.ops.set(this.ops.subarray(this.pos, end));
    }
    if (this.ttls !== undefined) {
      if (chunk.ttls === undefined) throw new Error('array stream: a stream with TTLs needs chunks with TTLs (createChunkFor)');
      chunk.ttls.set(this.ttls.subarray(this.pos, end));
    }
    this.pos = end;
    return true;
  }
}
