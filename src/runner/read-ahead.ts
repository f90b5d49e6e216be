// Reading a stream ahead for clairvoyant strategies (trait `clairvoyant`, e.g. opt): they are given
// the key of every request to come. With RunOptions.reopen the runner reads a second copy of the
// stream for its keys (4 bytes a request) and replays the first as usual; without it, it buffers
// the stream itself (keys and times, 12 bytes a request) and replays from the buffer. Either way a
// strategy's own limit (StrategySpec.checkStream) is checked before anything is read.
import { traitsOf, type AnyRequestStream, type FutureRequests, type RequestChunk, type RequestStream } from '../core/types.ts';
import { ArrayStream, ChunkCollector, createChunk } from '../core/chunks.ts';
import type { ResolvedStrategy } from './strategy-config.ts';

export interface ReadAhead<S> {
  /** The stream to replay (the one given, or a replay of the buffered copy). */
  readonly stream: S;
  /** The keys to come, when a strategy needs them. */
  readonly future: FutureRequests | undefined;
}

export function needsFuture(strategies: readonly ResolvedStrategy[]): boolean {
  return strategies.some((s) => traitsOf(s.spec, s.params).includes('clairvoyant'));
}

function checkLimits(strategies: readonly ResolvedStrategy[], stream: Pick<AnyRequestStream, 'requests' | 'keySpace'>): void {
  for (const s of strategies) s.spec.checkStream?.(s.params, { requests: stream.requests, keySpace: stream.keySpace }, `strategy ${s.name}`);
}

/** Collects a stream's keys (and times), checking the count it announced. */
class Collector extends ChunkCollector {
  constructor(requests: number, withTimes: boolean) {
    if (!Number.isSafeInteger(requests) || requests < 0) throw new Error(`read-ahead: the stream announces ${requests} requests`);
    super(requests, withTimes);
  }
  override add(chunk: RequestChunk): number {
    if (super.add(chunk) < chunk.length) throw new Error(`read-ahead: the stream gave more than the ${this.capacity} requests it announced`);
    return chunk.length;
  }
  done(): void {
    if (!this.full) throw new Error(`read-ahead: the stream gave ${this.length} requests, it announced ${this.capacity}`);
  }
}

/** A stream replaying buffered keys and times. */
function bufferedStream(shape: Pick<RequestStream, 'sourceKeys' | 'keySpace' | 'objectSizes'>, keys: Uint32Array, times: Float64Array): RequestStream {
  return new ArrayStream(keys, times, shape.sourceKeys, shape.keySpace, shape.objectSizes);
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
