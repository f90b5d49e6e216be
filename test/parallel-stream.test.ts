// Generation on a worker thread must not change a single request: the parallel stream yields
// exactly openStream's keys and times, before and after the hand-off to the worker.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { openParallelStream } from '../src/workloads/parallel-stream.ts';
import { createChunk, openStream } from '../src/workloads/stream.ts';
import { validateWorkload } from '../src/workloads/workload-config.ts';
import type { RequestStream } from '../src/core/types.ts';

function digest(stream: RequestStream): { requests: number; hash: string } {
  const chunk = createChunk();
  const h = createHash('sha256');
  let requests = 0;
  while (stream.nextChunk(chunk)) {
    h.update(chunk.keys.subarray(0, chunk.length));
    h.update(chunk.times.subarray(0, chunk.length));
    requests += chunk.length;
  }
  return { requests, hash: h.digest('hex') };
}

describe('parallel stream', () => {
  it.each([
    ['zipf', 0, { keys: 200_000, alpha: 0.99, absentRatio: 0.1, arrival: 'poisson' }],
    ['mix', 3, { keys: 50_000 }],
    ['shifting', 2, { keys: 20_000, shiftEvery: 70_000 }],
  ] as const)('%s: the same requests as openStream, hand-off to the worker at chunk %i', async (generator, handoffAt, extra) => {
    const w = validateWorkload('t', { workload: generator, requests: 1_000_000, rate: 1000, ...extra }, 'test');
    const parallel = openParallelStream(w, 5, { handoffAt });
    try {
      expect(digest(parallel)).toEqual(digest(openStream(w, 5)));
      expect(parallel.handoffChunk).toBe(handoffAt);
    } finally {
      await parallel.close();
    }
  });

  it('the automatic hand-off gives the same requests too', async () => {
    const w = validateWorkload('t', { workload: 'zipf', keys: 100_000, requests: 3_000_000 }, 'test');
    const parallel = openParallelStream(w, 9);
    expect(digest(parallel)).toEqual(digest(openStream(w, 9)));
    await parallel.close();
  });

  it('reports a stream shorter than one chunk', async () => {
    const w = validateWorkload('t', { workload: 'uniform', keys: 10, requests: 7 }, 'test');
    const parallel = openParallelStream(w, 1);
    expect(digest(parallel)).toEqual(digest(openStream(w, 1)));
    await parallel.close();
  });
});
