// A request stream that reports how far it has been read: progress for commands (trace export) whose
// work is reading one stream through, without touching the code that reads it.
import type { AnyRequestStream, RequestChunk } from '../core/types.ts';

export function withProgress<S extends AnyRequestStream>(stream: S, onProgress: (done: number, total: number) => void): S {
  let done = 0;
  const inner = stream.nextChunk.bind(stream) as (c: RequestChunk) => boolean | Promise<boolean>;
  const counted = (chunk: RequestChunk, more: boolean) => {
    done += chunk.length;
    onProgress(done, stream.requests);
    return more;
  };
  const nextChunk = (chunk: RequestChunk) => {
    const r = inner(chunk);
    return typeof r === 'boolean' ? counted(chunk, r) : r.then((more) => counted(chunk, more));
  };
  // Every other member (requests, keySpace, close, ...) reads through to the stream itself.
  return new Proxy(stream, { get: (target, prop) => (prop === 'nextChunk' ? nextChunk : Reflect.get(target, prop, target)) });
}
