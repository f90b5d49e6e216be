// Request chunks: the unit every stream fills and every consumer reads (keys and virtual times in
// typed arrays, filled in place). Shared by generated workloads and trace readers alike.
import type { RequestChunk } from './types.ts';

export const CHUNK_SIZE = 65_536;

export function createChunk(size = CHUNK_SIZE): RequestChunk {
  return { keys: new Uint32Array(size), times: new Float64Array(size), length: 0 };
}
