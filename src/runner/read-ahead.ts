// Reading a stream ahead for clairvoyant strategies (trait `clairvoyant`, e.g. opt): they are given
// the key of every request to come. With RunOptions.reopen the runner reads a second copy of the
// stream for its keys (4 bytes a request) and replays the first as usual; without it, it buffers
// the stream itself (keys and times, 12 bytes a request) and replays from the buffer. Either way a
// strategy's own limit (StrategySpec.checkStream) is checked before anything is read.
import type { AnyRequestStream, FutureRequests, RequestChunk, RequestStream } from '../core/types.ts';
import { createChunk } from '../workloads/stream.ts';
import type { ResolvedStrategy } from './strategy-config.ts';

export interface ReadAhead<S> {
  /** The stream to replay (the one given, or a replay of the buffered copy). */
  readonly stream: S;
  /** The keys to come, when a strategy needs them. */
  readonly future: FutureRequests | undefined;
}

export function needsFuture(strategies: readonly ResolvedStrategy[]): boolean {
  return strategies.some((s) => s.spec.traits.includes('clairvoyant'));
}

function checkLimits(strategies: readonly ResolvedStrategy[], stream: Pick<AnyRequestStream, 'requests' | 'keySpace'>): void {
  for (const s of strategies) s.spec.checkStream?.(s.params, { requests: stream.requests, keySpace: stream.keySpace }, `strategy ${s.name}`);
}

/** Collects a stream's keys (and times) chunk by chunk; `sync` streams never wait. */
class Collector {
  readonly keys: Uint32Array;
  readonly times: Float64Array | undefined;
  n = 0;
  constructor(
    private readonly requests: number,
    withTimes: boolean,
  ) {
    if (!Number.isSafeInteger(requests) || requests < 0) throw new Error(`read-ahead: the stream announces ${requests} requests`);
    this.keys = new Uint32Array(requests);
    this.times = withTimes ? new Float64Array(requests) : undefined;
  }
  add(chunk: RequestChunk): void {
    if (this.n + chunk.length > this.requests) throw new Error(`read-ahead: the stream gave more than the ${this.requests} requests it announced`);
    this.keys.set(chunk.keys.subarray(0, chunk.length), this.n);
    this.times?.set(chunk.times.subarray(0, chunk.length), this.n);
    this.n += chunk.length;
  }
  done(): void {
    if (this.n !== this.requests) throw new Error(`read-ahead: the stream gave ${this.n} requests, it announced ${this.requests}`);
  }
}

/** A stream replaying buffered keys and times. */
function bufferedStream(shape: Pick<RequestStream, 'sourceKeys' | 'keySpace'>, keys: Uint32Array, times: Float64Array): RequestStream {
  let pos = 0;
  return {
    sourceKeys: shape.sourceKeys,
    keySpace: shape.keySpace,
    requests: keys.length,
    nextChunk(chunk) {
      const n = Math.min(chunk.keys.length, keys.length - pos);
      chunk.length = Math.max(0, n);
      if (n <= 0) return false;
      chunk.keys.set(keys.subarray(pos, pos + n));
      chunk.times.set(times.subarray(pos, pos + n));
      pos += n;
      return true;
    },
  };
}

async function close(stream: AnyRequestStream): Promise<void> {
  if ('close' in stream && stream.close) await stream.close();
}

/** For the async runner: reads ahead when a strategy needs it. */
export async function readAhead(
  stream: AnyRequestStream,
  strategies: readonly ResolvedStrategy[],
  reopen: (() => AnyRequestStream | Promise<AnyRequestStream>) | undefined,
): Promise<ReadAhead<AnyRequestStream>> {
  if (!needsFuture(strategies)) return { stream, future: undefined };
  checkLimits(strategies, stream);
  const copy = reopen ? await reopen() : stream;
  const c = new Collector(stream.requests, copy === stream);
  const chunk = createChunk();
  try {
    while (await copy.nextChunk(chunk)) c.add(chunk);
  } finally {
    await close(copy);
  }
  c.done();
  return { stream: c.times ? bufferedStream(stream, c.keys, c.times) : stream, future: { keys: c.keys } };
}

/** For the synchronous runner: the same, with synchronous streams only. */
export function readAheadSync(stream: RequestStream, strategies: readonly ResolvedStrategy[], reopen: (() => AnyRequestStream | Promise<AnyRequestStream>) | undefined): ReadAhead<RequestStream> {
  if (!needsFuture(strategies)) return { stream, future: undefined };
  checkLimits(strategies, stream);
  const copy = reopen ? reopen() : stream;
  if (copy instanceof Promise) throw new Error('runStrategiesSync: reopen must give a synchronous stream; use runStrategies');
  const c = new Collector(stream.requests, copy === stream);
  const chunk = createChunk();
  for (;;) {
    const more = copy.nextChunk(chunk);
    if (typeof more !== 'boolean') throw new Error('runStrategiesSync: reopen gave an asynchronous stream; use runStrategies');
    if (!more) break;
    c.add(chunk);
  }
  c.done();
  return { stream: c.times ? bufferedStream(stream, c.keys, c.times) : stream, future: { keys: c.keys } };
}
