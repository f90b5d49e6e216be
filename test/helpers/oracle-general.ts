// Reads a libCacheSim oracleGeneral trace plainly, for tests that replay it straight into a policy:
// 24-byte little-endian records <uint32 time, uint64 obj_id, uint32 obj_size, int64 next_access_vtime>,
// object ids renumbered densely in order of first appearance, or kept (each below 2^32) with `ownIds`:
// cachesim's own ids, which a policy that hashes its keys as libCacheSim does (w-tinylfu) needs to
// give cachesim's exact misses.
import { readFileSync } from 'node:fs';

export interface OracleGeneralTrace {
  readonly keys: Uint32Array;
  readonly sizes: Uint32Array;
  /** Distinct objects: keys are 0 .. distinct - 1 unless the ids were kept. */
  readonly distinct: number;
  /** One past the largest key. */
  readonly keySpace: number;
}

export function readOracleGeneral(path: string, ownIds = false): OracleGeneralTrace {
  const buf = readFileSync(path);
  if (buf.length % 24 !== 0) throw new Error(`${path}: ${buf.length} bytes is not a whole number of 24-byte records`);
  const n = buf.length / 24;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
  const keys = new Uint32Array(n);
  const sizes = new Uint32Array(n);
  const ids = new Map<bigint, number>();
  let keySpace = 0;
  for (let i = 0; i < n; i++) {
    const id = dv.getBigUint64(i * 24 + 4, true);
    let key = ids.get(id);
    if (key === undefined) {
      if (ownIds && id >= 2n ** 32n) throw new Error(`${path}: record ${i}: obj_id ${id} does not fit in 32 bits`);
      ids.set(id, (key = ownIds ? Number(id) : ids.size));
    }
    keys[i] = key;
    if (key >= keySpace) keySpace = key + 1;
    sizes[i] = dv.getUint32(i * 24 + 12, true);
  }
  return { keys, sizes, distinct: ids.size, keySpace };
}
