// Worker side of the parallel stream: generates the workload's chunks (the same openStream code, so
// the same requests) into a ring of shared slots while the main thread replays earlier ones.
import { workerData } from 'node:worker_threads';
import './registry.ts';
import { openStream } from './stream.ts';
import { RING, SLOT_EMPTY, SLOT_END, SLOT_ERROR, SLOT_FULL, ringViews, type RingBuffers } from './ring.ts';
import type { ResolvedWorkload } from './workload-config.ts';

const { workload, seed, buffers } = workerData as { workload: ResolvedWorkload; seed: number; buffers: RingBuffers };
const ring = ringViews(buffers);

try {
  const stream = openStream(workload, seed);
  for (let seq = 0; ; seq++) {
    const slot = seq % RING;
    // Wait until the main thread has taken what this slot held.
    while (Atomics.load(ring.state, slot) !== SLOT_EMPTY) Atomics.wait(ring.state, slot, SLOT_FULL, 1000);
    const chunk = ring.chunks[slot]!;
    const more = stream.nextChunk(chunk);
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
