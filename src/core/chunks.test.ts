// The chunk utilities: a collected stream replays as the same requests, a batch fills across chunk
// boundaries, and a collector takes only what fits.
import { describe, expect, it } from 'vitest';
import { ArrayStream, CHUNK_SIZE, ChunkCollector, createChunk, createChunkFor, fillBatch, fillBatchSync } from './chunks.ts';

const n = CHUNK_SIZE + 1234;
const keys = Uint32Array.from({ length: n }, (_, i) => (i * 7) % 1000);
const times = Float64Array.from({ length: n }, (_, i) => i / 2);

describe('chunk utilities', () => {
  it('an ArrayStream collected back gives the same keys and times, in chunks of any size', () => {
    const c = new ChunkCollector(n);
    const chunk = createChunk(777);
    const s = new ArrayStream(keys, times, 1000, 1000);
    while (s.nextChunk(chunk)) c.add(chunk);
    expect(c.full).toBe(true);
    expect(c.keys).toEqual(keys);
    expect(c.times).toEqual(times);
  });

  it('a collector takes only what fits, shifting times by the offset, and can skip times', () => {
    const c = new ChunkCollector(3);
    const chunk = createChunk(5);
    new ArrayStream(keys, times, 1000, 1000).nextChunk(chunk);
    expect(c.add(chunk, 100)).toBe(3);
    expect(Array.from(c.times!)).toEqual([100, 100.5, 101]);
    expect(c.add(chunk)).toBe(0);
    expect(new ChunkCollector(2, false).times).toBeUndefined();
  });

  it('fills a batch larger than a chunk across chunk boundaries, then reports the end', async () => {
    const batch = createChunk(n + 10);
    expect(fillBatchSync(new ArrayStream(keys, times, 1000, 1000), batch)).toBe(true);
    expect(batch.length).toBe(n);
    expect(batch.keys.subarray(0, n)).toEqual(keys);
    const s = new ArrayStream(keys, times, 1000, 1000);
    expect(await fillBatch(s, batch)).toBe(true);
    expect(await fillBatch(s, batch)).toBe(false);
    expect(batch.length).toBe(0);
  });

  it('carries ops and TTLs through windows, batches, collectors and array streams', async () => {
    const ops = Uint8Array.from({ length: n }, (_, i) => i % 3);
    const ttls = Float64Array.from({ length: n }, (_, i) => (i % 5) * 1000);
    const s = new ArrayStream(keys, times, 1000, 1000, undefined, ops, ttls);
    expect([s.hasOps, s.hasTtls]).toEqual([true, true]);
    expect(createChunk(4).ops).toBeUndefined();
    expect(createChunk(4).ttls).toBeUndefined();
    // A batch larger than a chunk is filled window by window: each window's ops land in place.
    const batch = createChunkFor(s, n + 10);
    expect(await fillBatch(s, batch)).toBe(true);
    expect(batch.ops!.subarray(0, n)).toEqual(ops);
    expect(batch.ttls!.subarray(0, n)).toEqual(ttls);
    const c = new ChunkCollector(n, true, true, true);
    const small = createChunkFor(s, 777);
    const again = new ArrayStream(keys, times, 1000, 1000, undefined, ops, ttls);
    while (again.nextChunk(small)) c.add(small);
    expect(c.ops).toEqual(ops);
    expect(c.ttls).toEqual(ttls);
    // A stream with ops refuses a chunk that cannot hold them.
    expect(() => new ArrayStream(keys, times, 1000, 1000, undefined, ops).nextChunk(createChunk(8))).toThrow(/needs chunks with ops/);
  });
});
