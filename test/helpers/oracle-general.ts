// Reads a libCacheSim oracleGeneral trace plainly, for tests that replay it straight into a policy:
// 24-byte little-endian records <uint32 time, uint64 obj_id, uint32 obj_size, int64 next_access_vtime>,
// object ids renumbered densely in order of first appearance.
import { readFileSync } from 'node:fs';

export interface OracleGeneralTrace {
  readonly keys: Uint32Array;
  readonly sizes: Uint32Array;
  /** Distinct objects: keys are 0 .. distinct - 1. */
  readonly distinct: number;
}

export function readOracleGeneral(path: string): OracleGeneralTrace {
  const buf = readFileSync(path);
  if (buf.length % 24 !== 0) throw new Error(`${path}: ${buf.length} bytes is not a whole number of 24-byte records`);
  const n = buf.length / 24;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
  const keys = new Uint32Array(n);
  const sizes = new Uint32Array(n);
  const ids = new Map<bigint, number>();
  for (let i = 0; i < n; i++) {
    const id = dv.getBigUint64(i * 24 + 4, true);
    let key = ids.get(id);
    if (key === undefined) ids.set(id, (key = ids.size));
    keys[i] = key;
    sizes[i] = dv.getUint32(i * 24 + 12, true);
  }
  return { keys, sizes, distinct: ids.size };
}
