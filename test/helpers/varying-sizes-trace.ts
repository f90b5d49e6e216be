// A small oracleGeneral trace whose keys change size between requests, made here from a seed rather
// than committed: 3,000 requests over 300 keys (1000 .. 1299, skewed towards the low ones), each key
// with a usual size of 100, 500, 1,000 or 4,000 bytes, and one request in ten asking for 2,000 or
// 8,000 bytes instead. The byte-capacity tests replay it and compare with libCacheSim's cachesim on
// the same file (its figures, and the command, are in test/sizes/byte-capacity.test.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../../src/core/rng.ts';
import { tempDir } from './traces.ts';

export const VARYING_REQUESTS = 3_000;
const USUAL = [100, 500, 1_000, 4_000];
const OTHER = [2_000, 8_000];

/** The requests: obj_id and obj_size of each (time = index, next access -1). */
export function varyingSizesRequests(): { keys: number[]; sizes: number[] } {
  const rng = createRng(12, 'varying-sizes-trace');
  const keys: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < VARYING_REQUESTS; i++) {
    const u = rng.nextDouble();
    const key = 1000 + Math.floor(300 * u * u);
    keys.push(key);
    sizes.push(rng.nextInt(10) === 0 ? OTHER[rng.nextInt(2)]! : USUAL[key % 4]!);
  }
  return { keys, sizes };
}

let written: string | undefined;

/** The trace as a libCacheSim oracleGeneral file (24-byte little-endian records), written once per process. */
export function varyingSizesTrace(): string {
  if (written !== undefined) return written;
  const { keys, sizes } = varyingSizesRequests();
  const buf = Buffer.alloc(keys.length * 24);
  keys.forEach((k, i) => {
    buf.writeUInt32LE(i, i * 24);
    buf.writeBigUInt64LE(BigInt(k), i * 24 + 4);
    buf.writeUInt32LE(sizes[i]!, i * 24 + 12);
    buf.writeBigInt64LE(-1n, i * 24 + 16);
  });
  written = join(tempDir(), 'varying-sizes.oracleGeneral.bin');
  writeFileSync(written, buf);
  return written;
}
