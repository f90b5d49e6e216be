// Every registered eviction policy against a local build of libCacheSim's `cachesim` on the lirs and
// cache2k traces of ../shared/traces, which have no published figures for these policies:
//   npx tsx scripts/cachesim-cross-check.ts --cachesim PATH [--dir ../shared/traces] [--traces cpp,web07] [--policies sieve,twoq]
// Each trace is written as an oracleGeneral file (obj_id = the key as read by our trace reader, so a
// policy that hashes its keys as libCacheSim does, w-tinylfu, sees cachesim's ids; and a size per key
// from a fixed hash, 512 .. 8192 bytes, so byte mode has something to do), then replayed into the
// policy directly (find, else insert, as cachesim's cache_get_base) and by cachesim, at 1 %, 10 % and
// 50 % of the distinct keys (object mode, --ignore-obj-size 1) and of the working set in bytes.
// cachesim prints the miss ratio with 4 decimals: that must equal ours rounded the same way (on a
// trace under 20,000 requests this pins the exact miss count), w-tinylfu included (its filter and
// hash are libCacheSim's). Prints one row per point; exit 1 on any mismatch.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { declaredDefaults } from '../src/core/param-decl.ts';
import type { AnyRequestStream } from '../src/core/types.ts';
import { NOT_CACHED } from '../src/strategies/eviction/eviction-policy.ts';
import { allPolicySpecs } from '../src/strategies/eviction/registry.ts';
import { createChunk, openWorkload } from '../src/workloads/stream.ts';
import { validateWorkload } from '../src/workloads/workload-config.ts';

/** libCacheSim's names where ours differ. */
const CACHESIM_NAME: Record<string, string> = { 'w-tinylfu': 'tinyLFU' };
/** Policies whose result depends on a hash libCacheSim does not share: allowed miss-ratio difference (none now). */
const TOLERANCE: Record<string, number> = {};
const SHARES = [0.01, 0.1, 0.5];

const { values } = parseArgs({ options: { cachesim: { type: 'string' }, dir: { type: 'string', default: '../shared/traces' }, traces: { type: 'string' }, policies: { type: 'string' } } });
if (!values.cachesim) {
  console.error('--cachesim PATH is required: the cachesim binary of a libCacheSim build');
  process.exit(2);
}
const wanted = (list: string | undefined) => (list === undefined ? undefined : new Set(list.split(',')));
const traceNames = wanted(values.traces);
const policyNames = wanted(values.policies);
const policies = allPolicySpecs().filter((s) => policyNames === undefined || policyNames.has(s.name));

const sizeOfKey = (key: number) => 512 * (1 + (Math.imul(key ^ 0x5bd1e995, 0x27d4eb2d) >>> 28));

async function readKeys(stream: AnyRequestStream): Promise<Uint32Array> {
  const chunk = createChunk(65536);
  const keys: number[] = [];
  while (await stream.nextChunk(chunk)) for (let i = 0; i < chunk.length; i++) keys.push(chunk.keys[i]!);
  return Uint32Array.from(keys);
}

function writeOracleGeneral(path: string, keys: Uint32Array): void {
  const buf = Buffer.alloc(keys.length * 24);
  for (let i = 0; i < keys.length; i++) {
    buf.writeUInt32LE(i, i * 24);
    buf.writeBigUInt64LE(BigInt(keys[i]!), i * 24 + 4);
    buf.writeUInt32LE(sizeOfKey(keys[i]!), i * 24 + 12);
    buf.writeBigInt64LE(-1n, i * 24 + 16);
  }
  writeFileSync(path, buf);
}

function cachesimRatio(file: string, policy: string, capacity: number, bytes: boolean): string {
  const args = [file, 'oracleGeneral', CACHESIM_NAME[policy] ?? policy, String(capacity), ...(bytes ? [] : ['--ignore-obj-size', '1'])];
  // cachesim writes a <trace>.cachesim file into its working folder: the temporary one.
  const out = execFileSync(values.cachesim!, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], cwd: work });
  const m = /miss ratio (\d\.\d{4})/.exec(out);
  if (!m) throw new Error(`no miss ratio in cachesim's output for ${args.join(' ')}: ${out}`);
  return m[1]!;
}

const work = mkdtempSync(join(tmpdir(), 'bb-cachesim-'));
let failed = 0;
try {
  for (const folder of ['lirs', 'cache2k']) {
    for (const name of readdirSync(join(values.dir, folder)).filter((f) => /\.trace\.(gz|xz)$/.test(f))) {
      const short = name.replace(/\.trace\..*$/, '');
      if (traceNames !== undefined && !traceNames.has(short)) continue;
      const path = join(values.dir, folder, name);
      const keys = await readKeys((await openWorkload(validateWorkload(path, { workload: 'trace', path }, path), 1)).stream);
      const distinct = new Set(keys).size;
      let keySpace = 0;
      for (const key of keys) keySpace = Math.max(keySpace, key + 1);
      let wss = 0;
      for (const key of new Set(keys)) wss += sizeOfKey(key);
      const file = join(work, `${basename(short)}.oracleGeneral.bin`);
      writeOracleGeneral(file, keys);
      for (const spec of policies) {
        for (const bytes of [false, true]) {
          for (const share of SHARES) {
            const capacity = Math.max(1, Math.round((bytes ? wss : distinct) * share));
            const policy = spec.create(capacity, keySpace, declaredDefaults(spec.params) as Record<string, number>);
            let misses = 0;
            for (let i = 0; i < keys.length; i++) {
              const key = keys[i]!;
              if (policy.find(key) !== NOT_CACHED) continue;
              misses++;
              policy.insert(key, bytes ? sizeOfKey(key) : 1);
            }
            const ours = (misses / keys.length).toFixed(4);
            const theirs = cachesimRatio(file, spec.name, capacity, bytes);
            const ok = Math.abs(Number(ours) - Number(theirs)) <= (TOLERANCE[spec.name] ?? 0) + 1e-9;
            if (!ok) failed++;
            console.log(
              `${ok ? 'same' : 'DIFF'}  ${short.padEnd(8)} ${spec.name.padEnd(9)} ${bytes ? 'bytes  ' : 'objects'} ${String(capacity).padStart(10)}  ours ${ours}  cachesim ${theirs}  (${misses} misses of ${keys.length})`,
            );
          }
        }
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(failed === 0 ? 'every point agrees' : `${failed} points differ`);
process.exit(failed === 0 ? 0 : 1);
