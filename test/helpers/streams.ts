// Streams for tests: explicit key/time arrays, fed in small chunks to cross chunk boundaries.
import { ArrayStream } from '../../src/core/chunks.ts';
import type { RequestStream } from '../../src/core/types.ts';

/** A stream of the given keys, at the given times (default: request i at time i). */
export function arrayStream(keys: readonly number[], sourceKeys: number, times?: readonly number[], keySpace?: number): RequestStream {
  return new ArrayStream(
    Uint32Array.from(keys),
    times ? Float64Array.from(times.slice(0, keys.length)) : Float64Array.from(keys, (_, i) => i),
    sourceKeys,
    keySpace ?? Math.max(sourceKeys, ...keys.map((k) => k + 1), 1),
  );
}
