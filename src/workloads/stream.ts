// Turns a resolved workload into a RequestStream: keys from the generator, a share of them moved to
// absent keys, virtual times from the arrival process. Chunks are filled in place: the stream is
// never materialised, and memory stays flat however many requests there are.
import { createRng } from '../core/rng.ts';
import type { RequestChunk, RequestStream } from '../core/types.ts';
import { createArrivalClock } from './arrival.ts';
import { workloadSpec } from './registry.ts';
import type { ResolvedWorkload } from './workload-config.ts';

export const CHUNK_SIZE = 65_536;

export function createChunk(size = CHUNK_SIZE): RequestChunk {
  return { keys: new Uint32Array(size), times: new Float64Array(size), length: 0 };
}

/**
 * Absent keys: a request chosen (with probability absentRatio) to miss the source is mapped from
 * key k to sourceKeys + k, so absent keys keep the workload's popularity shape (hot negative
 * lookups repeat, as they do in real systems). Key space is then [0, 2 * sourceKeys).
 */
/** Source keys and key space of a workload's stream, without creating its generator. */
export function streamShape(w: ResolvedWorkload): { sourceKeys: number; keySpace: number } {
  const sourceKeys = workloadSpec(w.generator, w.name).keys(w.params);
  return { sourceKeys, keySpace: w.absentRatio > 0 ? sourceKeys * 2 : sourceKeys };
}

export function openStream(w: ResolvedWorkload, seed: number): RequestStream {
  const spec = workloadSpec(w.generator, w.name);
  const sourceKeys = spec.keys(w.params);
  const gen = spec.createGenerator(w.params, createRng(seed, `keys:${w.generator}`), w.requests);
  const clock = createArrivalClock(w.arrival, w.rate, createRng(seed, 'arrival'));
  const absentRng = createRng(seed, 'absent');
  const absentRatio = w.absentRatio;
  let produced = 0;
  return {
    sourceKeys,
    keySpace: absentRatio > 0 ? sourceKeys * 2 : sourceKeys,
    requests: w.requests,
    nextChunk(chunk: RequestChunk): boolean {
      const n = Math.min(chunk.keys.length, w.requests - produced);
      chunk.length = n;
      if (n <= 0) return false;
      const keys = chunk.keys;
      for (let i = 0; i < n; i++) keys[i] = gen.next();
      if (absentRatio > 0) {
        for (let i = 0; i < n; i++) if (absentRng.nextDouble() < absentRatio) keys[i] = keys[i]! + sourceKeys;
      }
      clock.fill(chunk.times, n);
      produced += n;
      return true;
    },
  };
}
