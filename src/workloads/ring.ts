// The shared ring between the generator worker and the replaying main thread: RING slots of one
// chunk each, a state word per slot (empty, full, end, error), the hand-off words and an error
// message area.
import type { RequestChunk } from '../core/types.ts';
import { CHUNK_SIZE } from './stream.ts';

export const RING = 4;
export const SLOT_EMPTY = 0;
export const SLOT_FULL = 1;
export const SLOT_END = 2;
export const SLOT_ERROR = 3;
/** Control word: 1 once the worker has built its generator and waits for a start chunk. */
export const CTL_READY = 0;
/** Control word: the first chunk the worker publishes (-1 until the main thread decides). */
export const CTL_START = 1;

export interface RingBuffers {
  readonly keys: SharedArrayBuffer;
  readonly times: SharedArrayBuffer;
  readonly slots: SharedArrayBuffer;
  readonly control: SharedArrayBuffer;
  readonly error: SharedArrayBuffer;
}

export interface RingViews {
  readonly chunks: readonly RequestChunk[];
  readonly state: Int32Array;
  readonly lengths: Int32Array;
  readonly control: Int32Array;
  readonly error: Uint8Array;
}

export function createRingBuffers(): RingBuffers {
  const b = {
    keys: new SharedArrayBuffer(RING * CHUNK_SIZE * 4),
    times: new SharedArrayBuffer(RING * CHUNK_SIZE * 8),
    slots: new SharedArrayBuffer(2 * RING * 4),
    control: new SharedArrayBuffer(2 * 4),
    error: new SharedArrayBuffer(1024),
  };
  new Int32Array(b.control)[CTL_START] = -1;
  return b;
}

export function ringViews(b: RingBuffers): RingViews {
  const chunks: RequestChunk[] = [];
  for (let slot = 0; slot < RING; slot++) {
    chunks.push({
      keys: new Uint32Array(b.keys, slot * CHUNK_SIZE * 4, CHUNK_SIZE),
      times: new Float64Array(b.times, slot * CHUNK_SIZE * 8, CHUNK_SIZE),
      length: 0,
    });
  }
  return {
    chunks,
    state: new Int32Array(b.slots, 0, RING),
    lengths: new Int32Array(b.slots, RING * 4, RING),
    control: new Int32Array(b.control),
    error: new Uint8Array(b.error),
  };
}

export function ringError(v: RingViews): string {
  const n = new DataView(v.error.buffer).getUint32(0, true);
  return new TextDecoder().decode(v.error.slice(4, 4 + n));
}
