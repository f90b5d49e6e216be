// A stream with writes interleaved: every read of the stream given, in order, with its size and TTL;
// before each read the writes due at or before its time (at the same time the write comes first);
// none after the last read; the same records whatever the chunk and buffer sizes, from a synchronous
// or an asynchronous stream. With the workload's own generator, like-reads writes the keys the reads
// make hot (the same permutation).
import { describe, expect, it } from 'vitest';
import { ArrayStream, createChunk, fillBatch } from '../../core/chunks.ts';
import { OP_READ, OP_WRITE } from '../../core/ops.ts';
import type { AnyRequestStream, ObjectSizes, RequestChunk } from '../../core/types.ts';
import { openStream } from '../../workloads/stream.ts';
import { resolveWorkload } from '../../workloads/workload-config.ts';
import { WithWrites, withWrites } from './with-writes.ts';
import { WriteProcess } from './write-process.ts';

/** A write process whose writes come at given times, to keys 100, 101, ... */
function scripted(times: readonly number[]): WriteProcess {
  let i = 0;
  let key = 100;
  const p = {
    nextAt: times[0] ?? Infinity,
    recent: undefined,
    advance() {
      i++;
      p.nextAt = times[i] ?? Infinity;
    },
    key: () => key++,
  };
  return p as unknown as WriteProcess;
}

type Rec = [op: number, key: number, t: number, size?: number, ttl?: number];

async function records(s: AnyRequestStream, chunkSize: number, sized = false): Promise<Rec[]> {
  const out: Rec[] = [];
  const chunk: RequestChunk = createChunk(chunkSize, sized, true, s.hasTtls === true);
  while (await fillBatch(s, chunk)) {
    for (let i = 0; i < chunk.length; i++) {
      const r: Rec = [chunk.ops![i]!, chunk.keys[i]!, chunk.times[i]!];
      if (sized) r.push(chunk.sizes![i]!);
      if (chunk.ttls) r.push(chunk.ttls[i]!);
      out.push(r);
    }
  }
  return out;
}

const sizes: ObjectSizes = { description: 'key + 1000', sizeOf: (k) => k + 1000 };

function reads(withTtls = false): ArrayStream {
  const keys = Uint32Array.of(1, 2, 3, 4);
  const times = Float64Array.of(0, 5, 10, 15);
  return new ArrayStream(keys, times, 200, 200, sizes, undefined, withTtls ? Float64Array.of(7, 8, 9, 10) : undefined);
}

/** The same reads, served asynchronously. */
function asyncReads(): AnyRequestStream {
  const s = reads();
  return { sourceKeys: 200, keySpace: 200, requests: 4, objectSizes: sizes, nextChunk: (c) => Promise.resolve(s.nextChunk(c)) };
}

const R = OP_READ;
const W = OP_WRITE;

describe('withWrites', () => {
  it('puts due writes before each read, the same-time write first, none after the last read', async () => {
    const expected: Rec[] = [
      [R, 1, 0],
      [W, 100, 5],
      [R, 2, 5],
      [W, 101, 7],
      [W, 102, 10],
      [R, 3, 10],
      [R, 4, 15],
    ];
    for (const [chunkSize, bufferSize] of [
      [1, 1],
      [2, 3],
      [64, 64],
    ] as const) {
      const s = withWrites(reads(), scripted([5, 7, 10, 16, 20]), bufferSize);
      expect(s.requests).toBe(4);
      expect(s.hasOps).toBe(true);
      expect(await records(s, chunkSize)).toEqual(expected);
      expect(await records(withWrites(asyncReads(), scripted([5, 7, 10, 16, 20]), bufferSize), chunkSize)).toEqual(expected);
    }
  });

  it("carries the reads' sizes and TTLs; a write takes its key's size and TTL 0", async () => {
    const s = withWrites(reads(true), scripted([1]), 2);
    expect(s.hasTtls).toBe(true);
    expect(await records(s, 3, true)).toEqual([
      [R, 1, 0, 1001, 7],
      [W, 100, 1, 1100, 0],
      [R, 2, 5, 1002, 8],
      [R, 3, 10, 1003, 9],
      [R, 4, 15, 1004, 10],
    ]);
  });

  it('with the workload generator: like-reads writes the keys the reads make hot (zipf scrambled, hotspot)', async () => {
    for (const [name, params] of [
      ['zipf', { keys: 2000, alpha: 1.2, scramble: true }],
      ['hotspot', { keys: 2000, hotFraction: 0.01, hotOpsFraction: 0.9 }],
    ] as const) {
      const w = resolveWorkload(name, { ...params, requests: 60_000, rate: 1000 });
      const stream = openStream(w, 9);
      const process = new WriteProcess({ seed: 9, rate: 500, weights: 'like-reads', sourceKeys: stream.sourceKeys, popularity: stream.popularity!() });
      const ww = new WithWrites(stream, process);
      const readCount = new Map<number, number>();
      const writeCount = new Map<number, number>();
      for (const [op, key] of await records(ww as unknown as AnyRequestStream, 4096)) {
        const m = op === R ? readCount : writeCount;
        m.set(key, (m.get(key) ?? 0) + 1);
      }
      // 60 s of reads at 1000/s and writes at 500/s: ~30 000 writes (sd 173).
      expect(Math.abs(ww.writes - 30_000)).toBeLessThan(4.5 * 173);
      const top = (m: Map<number, number>, n: number) =>
        [...m.entries()]
          .sort((a, b) => b[1] - a[1] || a[0] - b[0])
          .slice(0, n)
          .map(([k]) => k);
      // The hot keys (zipf: the 5 hottest, clearly apart at alpha 1.2; hotspot: its 20 hot keys) are the same set.
      const n = name === 'zipf' ? 5 : 20;
      expect(new Set(top(writeCount, n))).toEqual(new Set(top(readCount, n)));
      if (name === 'zipf') expect(top(writeCount, 1)).toEqual(top(readCount, 1));
    }
  });
});
