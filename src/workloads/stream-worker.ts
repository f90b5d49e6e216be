// Worker side of the parallel stream. It builds the same generator as the main thread (same code,
// same seed, so the same requests), says it is ready, waits to be told from which chunk to take
// over, generates the chunks before that without publishing them, then fills the ring.
import { workerData } from 'node:worker_threads';
import './registry.ts';
import { createChunk, openStream } from './stream.ts';
import { CTL_READY, CTL_START, RING, ringViews, SLOT_EMPTY, SLOT_END, SLOT_ERROR, SLOT_FULL, type RingBuffers } from './ring.ts';
import type { ResolvedWorkload } from './workload-config.ts';

const { workload, seed, buffers } = workerData as { workload: ResolvedWorkload; seed: number; buffers: RingBuffers };
const ring = ringViews(buffers);

try {
  const stream = openStream(workload, seed);
  Atomics.store(ring.control, CTL_READY, 1);
  Atomics.notify(ring.control, CTL_READY);
  while (Atomics.load(ring.control, CTL_START) < 0) Atomics.wait(ring.control, CTL_START, -1, 1000);
  const start = Atomics.load(ring.control, CTL_START);
  // Catch up with the main thread: these chunks it generates itself.
  const scratch = createChunk();
  let more = true;
  for (let seq = 0; seq < start && more; seq++) more = stream.nextChunk(scratch);
  for (let seq = start; ; seq++) {
    const slot = (seq - start) % RING;
    while (Atomics.load(ring.state, slot) !== SLOT_EMPTY) Atomics.wait(ring.state, slot, SLOT_FULL, 1000);
    const chunk = ring.chunks[slot]!;
    if (more) more = stream.nextChunk(chunk);
    else chunk.length = 0;
    ring.lengths[slot] = chunk.length;
    Atomics.store(ring.state, slot, more ? SLOT_FULL : SLOT_END);
    Atomics.notify(ring.state, slot);
    if (!more) break;
  }
} catch (e) {
  const message = new TextEncoder().encode(e instanceof Error ? e.message : String(e)).subarray(0, ring.error.length - 4);
  ring.error.set(message, 4);
  new DataView(ring.error.buffer).setUint32(0, message.length, true);
  for (let slot = 0; slot < RING; slot++) {
    Atomics.store(ring.state, slot, SLOT_ERROR);
    Atomics.notify(ring.state, slot);
  }
}
