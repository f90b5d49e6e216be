// A stream with the write process's writes interleaved by time: every read record of the stream
// given, in order, and before each read the writes due at or before its time (a write at the same
// virtual time as a read comes first: the read sees the new version). Writes after the last read
// change nothing a run measures and are not made. The stream's chunks carry ops (and TTLs when the
// stream given has them; writes carry TTL 0). Deterministic; per record it copies and compares, with
// no allocation; memory: one buffer of the stream given (O(chunk)).
//
// `requests` stays the reads of the stream given (how many writes a Poisson process makes is not
// known ahead): the runner's progress and the results count reads.
import { CHUNK_SIZE, createChunk } from '../../core/chunks.ts';
import { OP_READ, OP_WRITE } from '../../core/ops.ts';
import type { AnyRequestStream, AsyncRequestStream, ObjectSizes, RequestChunk, RequestStream } from '../../core/types.ts';
import type { WriteProcess } from './write-process.ts';

export class WithWrites {
  readonly sourceKeys: number;
  readonly keySpace: number;
  readonly requests: number;
  readonly objectSizes: ObjectSizes | undefined;
  readonly spanMs: number | undefined;
  readonly hasOps = true;
  readonly hasTtls: boolean | undefined;
  /** Writes made so far. */
  writes = 0;
  private buf: RequestChunk | undefined;
  private pos = 0;
  private innerDone = false;

  constructor(
    private readonly inner: AnyRequestStream,
    private readonly process: WriteProcess,
    /** Records read from the stream given at a time (tests cross its boundaries with small ones). */
    private readonly bufferSize = CHUNK_SIZE,
  ) {
    if (inner.hasOps === true) throw new Error('with-writes: the stream already has operations');
    this.sourceKeys = inner.sourceKeys;
    this.keySpace = inner.keySpace;
    this.requests = inner.requests;
    this.objectSizes = inner.objectSizes;
    this.spanMs = inner.spanMs;
    this.hasTtls = inner.hasTtls;
  }

  nextChunk(out: RequestChunk): boolean | Promise<boolean> {
    if (out.ops === undefined) throw new Error('with-writes: the chunk has no ops (createChunkFor)');
    this.buf ??= createChunk(this.bufferSize, out.sizes !== undefined, false, this.hasTtls === true);
    return this.fill(out, 0);
  }

  /** Merges into out from n on, refilling the buffer as needed; a promise only when the stream given must wait. */
  private fill(out: RequestChunk, n: number): boolean | Promise<boolean> {
    const cap = out.keys.length;
    const buf = this.buf!;
    for (;;) {
      n = this.merge(out, n);
      if (n === cap || this.innerDone) {
        out.length = n;
        return n > 0;
      }
      const more = this.inner.nextChunk(buf);
      if (typeof more !== 'boolean') {
        return more.then((m) => {
          this.refilled(m);
          return this.fill(out, n);
        });
      }
      this.refilled(more);
    }
  }

  private refilled(more: boolean): void {
    this.pos = 0;
    if (!more) {
      this.buf!.length = 0;
      this.innerDone = true;
    }
  }

  /** Copies reads and due writes into out[n..) until out is full or the buffer is used up. */
  private merge(out: RequestChunk, n: number): number {
    const buf = this.buf!;
    const len = buf.length;
    const cap = out.keys.length;
    const proc = this.process;
    const recent = proc.recent;
    const sourceKeys = this.sourceKeys;
    const { keys, times, ops } = out;
    const sizes = out.sizes;
    const ttls = out.ttls;
    const sizeOf = this.objectSizes;
    let pos = this.pos;
    while (n < cap && pos < len) {
      const t = buf.times[pos]!;
      if (proc.nextAt <= t) {
        const key = proc.key();
        keys[n] = key;
        times[n] = proc.nextAt;
        ops![n] = OP_WRITE;
        if (sizes !== undefined) sizes[n] = sizeOf!.sizeOf(key);
        if (ttls !== undefined) ttls[n] = 0;
        proc.advance();
        this.writes++;
      } else {
        const key = buf.keys[pos]!;
        keys[n] = key;
        times[n] = t;
        ops![n] = OP_READ;
        if (sizes !== undefined) sizes[n] = buf.sizes![pos]!;
        if (ttls !== undefined) ttls[n] = buf.ttls![pos]!;
        if (recent !== undefined && key < sourceKeys) recent.push(key);
        pos++;
      }
      n++;
    }
    this.pos = pos;
    return n;
  }
}

/** The stream with the write process's writes (synchronous when the stream given is). */
export function withWrites(stream: RequestStream, process: WriteProcess, bufferSize?: number): RequestStream;
export function withWrites(stream: AnyRequestStream, process: WriteProcess, bufferSize?: number): AnyRequestStream;
export function withWrites(stream: AnyRequestStream, process: WriteProcess, bufferSize?: number): AnyRequestStream {
  const w = new WithWrites(stream, process, bufferSize);
  const close = 'close' in stream ? stream.close : undefined;
  if (close !== undefined) (w as unknown as { close: () => Promise<void> | void }).close = () => close.call(stream);
  return w as unknown as RequestStream | AsyncRequestStream;
}
