// A RequestStream whose generation moves to a second core: a worker thread fills a ring of shared
// chunks while the caller replays the previous ones, so a long run costs max(generate, replay)
// rather than their sum. The requests are exactly those of openStream: the worker runs the same
// code with the same seed.
//
// Starting the worker takes ~0.1 s (more from the sources, through tsx), so the main thread
// does not wait for it: it generates chunks itself until the worker is ready, then picks a hand-off
// chunk far enough ahead for the worker (which only generates) to catch up, and from there on
// replays what the worker publishes.
import { Worker } from 'node:worker_threads';
import { FROM_SOURCES, moduleUrl } from '../core/module-url.ts';
import type { RequestChunk, RequestStream } from '../core/types.ts';
import { createRingBuffers, CTL_READY, CTL_START, RING, ringError, ringViews, SLOT_EMPTY, SLOT_END, SLOT_ERROR } from './ring.ts';
import { CHUNK_SIZE, createChunk, openStream } from './stream.ts';
import { fillKeySizes } from '../core/chunks.ts';
import type { ResolvedWorkload } from './workload-config.ts';

/** Streams at least this long are generated in parallel by default. */
export const PARALLEL_MIN_REQUESTS = 4_000_000;
/** A worker that produces nothing for this long is reported as stalled. */
const STALL_MS = 60_000;

export interface ParallelStream extends RequestStream {
  /** Stops the worker (also done at the end of the stream). */
  close(): Promise<void>;
  /** The first chunk the worker generated (-1 while, or if, this thread generates alone). */
  readonly handoffChunk: number;
}

export interface ParallelOptions {
  /** Hand off at exactly this chunk, waiting for the worker if needed (tests use it). */
  readonly handoffAt?: number;
}

export function openParallelStream(w: ResolvedWorkload, seed: number, opts: ParallelOptions = {}): ParallelStream {
  const buffers = createRingBuffers();
  const ring = ringViews(buffers);
  const workerUrl = moduleUrl('./stream-worker', import.meta.url).href;
  // From the sources the worker registers tsx itself. A failure to load is reported through the
  // ring, since the main thread may be blocked waiting on it.
  const load = FROM_SOURCES ? `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(workerUrl)}); })` : `import(${JSON.stringify(workerUrl)})`;
  const bootstrap = `
    const { workerData } = require('node:worker_threads');
    ${load}
      .catch((e) => {
        const b = workerData.buffers;
        const msg = new TextEncoder().encode(String((e && e.message) || e)).subarray(0, 1000);
        new Uint8Array(b.error).set(msg, 4);
        new DataView(b.error).setUint32(0, msg.length, true);
        const state = new Int32Array(b.slots, 0, ${RING});
        for (let i = 0; i < ${RING}; i++) { Atomics.store(state, i, ${SLOT_ERROR}); Atomics.notify(state, i); }
        const control = new Int32Array(b.control);
        Atomics.store(control, ${CTL_READY}, -1); Atomics.notify(control, ${CTL_READY});
      });`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { workload: w, seed, buffers } });
  worker.unref();

  // The main thread's own generator, used until the hand-off chunk; chunks are always CHUNK_SIZE so
  // both threads number them alike.
  let local: RequestStream | undefined = openStream(w, seed);
  const localChunk = createChunk(CHUNK_SIZE);
  // Object sizes are a function of the key: filled on this thread as chunks are handed over.
  const objectSizes = local.objectSizes;
  const sourceKeys = local.sourceKeys;
  let start = -1;
  let seq = 0;
  let done = false;

  const close = async () => {
    done = true;
    local = undefined;
    await worker.terminate();
  };

  const copy = (from: RequestChunk, n: number, to: RequestChunk) => {
    if (n > to.keys.length) throw new Error(`chunk of ${to.keys.length} requests is too small for ${n}`);
    to.keys.set(from.keys.subarray(0, n));
    to.times.set(from.times.subarray(0, n));
    if (objectSizes !== undefined && to.sizes !== undefined) fillKeySizes(objectSizes, to.keys, n, sourceKeys, to.sizes);
    to.length = n;
  };

  const fromWorker = (chunk: RequestChunk): boolean => {
    const slot = (seq - start) % RING;
    const waitedSince = Date.now();
    while (Atomics.load(ring.state, slot) === SLOT_EMPTY) {
      Atomics.wait(ring.state, slot, SLOT_EMPTY, 1000);
      if (Date.now() - waitedSince > STALL_MS) throw new Error(`workload generator worker produced nothing for ${STALL_MS / 1000} s`);
    }
    const state = Atomics.load(ring.state, slot);
    if (state === SLOT_ERROR) {
      void close();
      throw new Error(`workload generator worker: ${ringError(ring)}`);
    }
    if (state === SLOT_END) {
      void close();
      chunk.length = 0;
      return false;
    }
    copy(ring.chunks[slot]!, ring.lengths[slot]!, chunk);
    Atomics.store(ring.state, slot, SLOT_EMPTY);
    Atomics.notify(ring.state, slot);
    seq++;
    return true;
  };

  return {
    sourceKeys: local.sourceKeys,
    keySpace: local.keySpace,
    requests: w.requests,
    objectSizes,
    popularity: local.popularity,
    close,
    get handoffChunk() {
      return start;
    },
    nextChunk(chunk: RequestChunk): boolean {
      if (done) {
        chunk.length = 0;
        return false;
      }
      if (start < 0 && opts.handoffAt !== undefined && seq >= opts.handoffAt) {
        while (Atomics.load(ring.control, CTL_READY) === 0) Atomics.wait(ring.control, CTL_READY, 0, 1000);
        start = seq;
        Atomics.store(ring.control, CTL_START, start);
        Atomics.notify(ring.control, CTL_START);
        local = undefined;
      }
      if (start < 0 && opts.handoffAt === undefined && Atomics.load(ring.control, CTL_READY) === 1) {
        // The worker only generates, about twice as fast as this thread generates and replays:
        // a hand-off at twice the current position (plus slack) lets it catch up without waiting.
        start = 2 * seq + 2;
        Atomics.store(ring.control, CTL_START, start);
        Atomics.notify(ring.control, CTL_START);
      }
      if (start < 0 || seq < start) {
        if (!local!.nextChunk(localChunk)) {
          void close();
          chunk.length = 0;
          return false;
        }
        copy(localChunk, localChunk.length, chunk);
        seq++;
        if (seq === start) local = undefined; // the worker takes over from here
        return true;
      }
      return fromWorker(chunk);
    },
  };
}
