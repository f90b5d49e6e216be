// The chunk utilities: a collected stream replays as the same requests, a batch fills across chunk
// boundaries, and a collector takes only what fits.
import { describe, expect, it } from 'vitest';
import { ArrayStream, CHUNK_SIZE, ChunkCollector, createChunk, fillBatch, fillBatchSync } from './chunks.ts';

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
});
