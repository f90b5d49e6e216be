// Request chunks: the unit every stream fills and every consumer reads (keys and virtual times in
// typed arrays, filled in place). Shared by generated workloads and trace readers alike. The chunk
// utilities live here, once: making chunks, filling a large batch chunk by chunk, collecting a
// stream into arrays, and replaying arrays as a stream.
import type { AnyRequestStream, ObjectSizes, RequestChunk, RequestStream } from './types.ts';

export const CHUNK_SIZE = 65_536;

/** A chunk of `size` requests; `withSizes` adds the per-request object sizes (runs that count bytes). */
export function createChunk(size = CHUNK_SIZE, withSizes = false): RequestChunk {
  return withSizes
    ? { keys: new Uint32Array(size), times: new Float64Array(size), sizes: new Uint32Array(size), length: 0 }
    : { keys: new Uint32Array(size), times: new Float64Array(size), length: 0 };
}

/** A window of `into` for a stream to fill, CHUNK_SIZE requests at most, starting at `at`. */
function windowOf(into: RequestChunk, at: number): RequestChunk {
  const end = Math.min(at + CHUNK_SIZE, into.keys.length);
  const w = { keys: into.keys.subarray(at, end), times: into.times.subarray(at, end), length: 0 };
  return into.sizes ? { ...w, sizes: into.sizes.subarray(at, end) } : w;
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

/** Collects chunks into arrays allocated once (keys, and times unless not wanted). */
export class ChunkCollector {
  readonly keys: Uint32Array;
  readonly times: Float64Array | undefined;
  length = 0;

  constructor(
    readonly capacity: number,
    withTimes = true,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 0) throw new RangeError(`chunk collector: capacity ${capacity}`);
    this.keys = new Uint32Array(capacity);
    this.times = withTimes ? new Float64Array(capacity) : undefined;
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
    this.length += take;
    return take;
  }
}

/**
 * Replays keys and times as a stream, chunk by chunk (the arrays are not copied). With `objectSizes`
 * it fills a chunk's sizes from each key's size (exact for per-key sizes; a trace whose keys change
 * size between requests keeps its own per-request sizes only in its own stream).
 */
export class ArrayStream implements RequestStream {
  private pos = 0;
  constructor(
    private readonly keys: Uint32Array,
    private readonly times: Float64Array,
    readonly sourceKeys: number,
    readonly keySpace: number,
    readonly objectSizes?: ObjectSizes,
  ) {
    if (times.length !== keys.length) throw new RangeError(`array stream: ${keys.length} keys but ${times.length} times`);
  }
  get requests(): number {
    return this.keys.length;
  }
  nextChunk(chunk: RequestChunk): boolean {
    const n = Math.min(chunk.keys.length, this.keys.length - this.pos);
    chunk.length = Math.max(0, n);
    if (n <= 0) return false;
    chunk.keys.set(this.keys.subarray(this.pos, this.pos + n));
    chunk.times.set(this.times.subarray(this.pos, this.pos + n));
    if (this.objectSizes !== undefined && chunk.sizes !== undefined) fillKeySizes(this.objectSizes, chunk.keys, n, this.sourceKeys, chunk.sizes);
    this.pos += n;
    return true;
  }
}
