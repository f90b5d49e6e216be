// A RequestStream whose generation runs on a second core: a worker thread fills a ring of shared
// chunks while the caller replays the previous ones, so a run costs max(generate, replay) rather
// than their sum. The requests are exactly those of openStream (the worker runs the same code with
// the same seed). Worth it only for long streams: starting the worker (it loads the TypeScript
// sources through tsx) takes ~0.1 s.
import { Worker } from 'node:worker_threads';
import type { RequestChunk, RequestStream } from '../core/types.ts';
import { createRingBuffers, RING, ringError, ringViews, SLOT_EMPTY, SLOT_END, SLOT_ERROR } from './ring.ts';
import { streamShape } from './stream.ts';
import type { ResolvedWorkload } from './workload-config.ts';

/** Streams at least this long are generated in parallel by default. */
export const PARALLEL_MIN_REQUESTS = 4_000_000;
/** A worker that produces nothing for this long is reported as stalled. */
const STALL_MS = 60_000;

export interface ParallelStream extends RequestStream {
  /** Stops the worker (also done automatically at the end of the stream). */
  close(): Promise<void>;
}

export function openParallelStream(w: ResolvedWorkload, seed: number): ParallelStream {
  const { sourceKeys, keySpace } = streamShape(w);
  const buffers = createRingBuffers();
  const ring = ringViews(buffers);
  const workerUrl = new URL('./stream-worker.ts', import.meta.url).href;
  // The worker registers tsx itself, so it can load the TypeScript sources like the main thread.
  // A failure to load is reported through the ring, since the main thread may be blocked waiting.
  const bootstrap = `
    const { workerData } = require('node:worker_threads');
    import('tsx/esm/api')
      .then((m) => { m.register(); return import(${JSON.stringify(workerUrl)}); })
      .catch((e) => {
        const b = workerData.buffers;
        const msg = new TextEncoder().encode(String(e && e.message || e)).subarray(0, 1000);
        new Uint8Array(b.error).set(msg, 4);
        new DataView(b.error).setUint32(0, msg.length, true);
        const state = new Int32Array(b.control, 0, ${RING});
        for (let i = 0; i < ${RING}; i++) { Atomics.store(state, i, ${SLOT_ERROR}); Atomics.notify(state, i); }
      });`;
  const worker = new Worker(bootstrap, {
    eval: true,
    workerData: { workload: w, seed, buffers },
  });
  worker.unref();
  let exitError: Error | undefined;
  worker.on('error', (e) => (exitError = e));
  let seq = 0;
  let done = false;

  const close = async () => {
    done = true;
    await worker.terminate();
  };

  return {
    sourceKeys,
    keySpace,
    requests: w.requests,
    close,
    nextChunk(chunk: RequestChunk): boolean {
      if (done) {
        chunk.length = 0;
        return false;
      }
      const slot = seq % RING;
      const waitedSince = Date.now();
      while (Atomics.load(ring.state, slot) === SLOT_EMPTY) {
        Atomics.wait(ring.state, slot, SLOT_EMPTY, 1000);
        if (exitError) throw exitError;
        if (Date.now() - waitedSince > STALL_MS) throw new Error(`workload generator worker produced nothing for ${STALL_MS / 1000} s`);
      }
      const state = Atomics.load(ring.state, slot);
      if (state === SLOT_ERROR) {
        void close();
        throw new Error(`workload generator: ${ringError(ring)}`);
      }
      if (state === SLOT_END) {
        void close();
        chunk.length = 0;
        return false;
      }
      const from = ring.chunks[slot]!;
      const n = ring.lengths[slot]!;
      if (n > chunk.keys.length) throw new Error(`chunk of ${chunk.keys.length} requests is too small for the ring's ${n}`);
      chunk.keys.set(from.keys.subarray(0, n));
      chunk.times.set(from.times.subarray(0, n));
      chunk.length = n;
      Atomics.store(ring.state, slot, SLOT_EMPTY);
      Atomics.notify(ring.state, slot);
      seq++;
      return true;
    },
  };
}
