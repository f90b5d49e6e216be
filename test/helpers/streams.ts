// Streams for tests: explicit key/time arrays, fed in small chunks to cross chunk boundaries.
import type { RequestChunk, RequestStream } from '../../src/core/types.ts';

export function arrayStream(keys: readonly number[], sourceKeys: number, times?: readonly number[], keySpace?: number): RequestStream {
  let pos = 0;
  return {
    sourceKeys,
    keySpace: keySpace ?? Math.max(sourceKeys, ...keys.map((k) => k + 1), 1),
    requests: keys.length,
    nextChunk(chunk: RequestChunk): boolean {
      const n = Math.min(chunk.keys.length, keys.length - pos);
      chunk.length = n;
      if (n <= 0) return false;
      for (let i = 0; i < n; i++) {
        chunk.keys[i] = keys[pos + i]!;
        chunk.times[i] = times ? times[pos + i]! : pos + i;
      }
      pos += n;
      return true;
    },
  };
}
