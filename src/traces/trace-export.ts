// `trace export`: any workload's stream (synthetic or trace) written as a trace file, so the same
// requests can be replayed in libCacheSim or the Caffeine simulator. Keys are the stream's keys
// (dense integers; for a trace, its ids in source order, or its original keys with --original-keys;
// original-keys.ts lists what else a trace's export does not keep). The file is written atomically
// (core/atomic-write.ts): an interrupted export leaves the old file, or none, and no temporary file.
//   txt             one key per line
//   csv             header "key,time_<unit>", then key,time (time in ms by default, exact); a stream
//                   with operations adds an op column (read, write, delete), one with TTLs a
//                   ttl_<unit> column (same unit, 0 = none): `--trace` reads both back by their headers
//   A stream with operations or TTLs is refused as txt or oracle-general (neither can say a record is
//   a write or carries a TTL, and dropping them would turn writes into reads): export it as csv.
//   oracle-general  24-byte records: uint32 time (seconds by default, rounded down), uint64 key,
//                   uint32 size (1: an export does not carry object sizes), int64 next access (the 1-based index
//                   of the key's next request, -1 if none, as libCacheSim writes it). It needs every
//                   request's next use: the stream is read twice and its keys held (8 bytes each).
import { AtomicFile, checkWritableFile } from '../core/atomic-write.ts';
import { ConfigError } from '../core/errors.ts';
import type { AnyRequestStream } from '../core/types.ts';
import { NEVER, nextUses } from '../strategies/clairvoyant/next-use.ts';
import { OPT_DEFAULT_MAX_REQUESTS } from '../strategies/presets/opt.ts';
import { createChunkFor } from '../core/chunks.ts';
import { OP_NAMES } from '../core/ops.ts';
import { MS_PER_UNIT, type TimeUnit } from './formats.ts';
import type { OriginalKeys } from './original-keys.ts';

export const EXPORT_FORMATS = ['txt', 'csv', 'oracle-general'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  readonly format: ExportFormat;
  readonly output: string;
  /** Unit of written times (csv default ms, oracle-general default s). */
  readonly timeUnit?: TimeUnit | undefined;
  /** Write a trace's original keys instead of its ids (see original-keys.ts). */
  readonly originalKeys?: OriginalKeys | undefined;
}

/** A key as a csv field: quoted when it holds a delimiter, a quote or a line break. */
const csvField = (t: string) => (/[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t);

type Opener = () => AnyRequestStream | Promise<AnyRequestStream>;

async function forEachChunk(
  stream: AnyRequestStream,
  f: (keys: Uint32Array, times: Float64Array, n: number, ops: Uint8Array | undefined, ttls: Float64Array | undefined) => Promise<void> | void,
): Promise<void> {
  const chunk = createChunkFor(stream);
  try {
    // A generated stream never waits on I/O: yield to the event loop now and then, or an interrupt
    // (SIGINT/SIGTERM, which removes the temporary file) would wait for the whole export.
    for (let i = 1; await stream.nextChunk(chunk); i++) {
      await f(chunk.keys, chunk.times, chunk.length, chunk.ops, chunk.ttls);
      if (i % 8 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    if ('close' in stream && stream.close) await stream.close();
  }
}

/** Writes the stream `open()` gives (opened twice for oracle-general) as a trace file. */
export async function exportTrace(openStream: Opener, o: ExportOptions): Promise<{ requests: number; bytes: number }> {
  checkWritableFile(o.output, 'exported trace');
  let next: Int32Array | undefined;
  const refuseOps = async (s: AnyRequestStream) => {
    if (o.format === 'csv' || !(s.hasOps || s.hasTtls)) return;
    if ('close' in s && s.close) await s.close();
    throw new ConfigError(
      `--to ${o.format}: the trace has ${s.hasOps ? 'operations (writes, deletes)' : ''}${s.hasOps && s.hasTtls ? ' and ' : ''}${s.hasTtls ? 'TTLs' : ''}, which a ${o.format} trace cannot hold (every record would become a read); export it --to csv, which keeps them in op and ttl columns`,
    );
  };
  if (o.format === 'oracle-general') {
    const first = await openStream();
    await refuseOps(first);
    if (first.requests > OPT_DEFAULT_MAX_REQUESTS) {
      if ('close' in first && first.close) await first.close();
      throw new ConfigError(
        `oracle-general export holds every key to compute next accesses (8 bytes a request); ${first.requests.toLocaleString('en-US')} requests is above the limit of ${OPT_DEFAULT_MAX_REQUESTS.toLocaleString('en-US')}; export fewer (--requests) or as csv`,
      );
    }
    const keys = new Uint32Array(first.requests);
    let n = 0;
    const keySpace = first.keySpace;
    await forEachChunk(first, (k, _t, m) => {
      keys.set(k.subarray(0, m), n);
      n += m;
    });
    next = nextUses(keys.subarray(0, n), keySpace);
  }
  const stream = await openStream();
  await refuseOps(stream);
  const out = AtomicFile.open(o.output, 'exported trace');
  let requests = 0;
  const orig = o.originalKeys;
  try {
    if (o.format === 'txt') {
      await forEachChunk(stream, (keys, _t, n) => {
        const text = orig ? Array.from(keys.subarray(0, n), (k) => orig.text(k)).join('\n') : keys.subarray(0, n).join('\n');
        out.write(Buffer.from(`${text}\n`, orig ? 'utf8' : 'latin1'));
        requests += n;
      });
    } else if (o.format === 'csv') {
      const unit = o.timeUnit ?? 'ms';
      const per = MS_PER_UNIT[unit];
      out.write(Buffer.from(`key,time_${unit}${stream.hasOps ? ',op' : ''}${stream.hasTtls ? `,ttl_${unit}` : ''}\n`, 'latin1'));
      const inUnit = (ms: number) => (unit === 'ms' ? ms : ms / per);
      await forEachChunk(stream, (keys, times, n, ops, ttls) => {
        const lines = new Array<string>(n);
        for (let i = 0; i < n; i++) {
          let line = `${orig ? csvField(orig.text(keys[i]!)) : keys[i]},${inUnit(times[i]!)}`;
          if (ops) line += `,${OP_NAMES[ops[i]!]}`;
          if (ttls) line += `,${inUnit(ttls[i]!)}`;
          lines[i] = line;
        }
        out.write(Buffer.from(`${lines.join('\n')}\n`, orig ? 'utf8' : 'latin1'));
        requests += n;
      });
    } else {
      const unit = o.timeUnit ?? 's';
      const per = MS_PER_UNIT[unit];
      const nx = next!;
      await forEachChunk(stream, (keys, times, n) => {
        const buf = Buffer.allocUnsafe(n * 24);
        const dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
        for (let i = 0; i < n; i++) {
          const p = i * 24;
          const t = Math.floor(times[i]! / per);
          if (!(t >= 0 && t <= 0xffffffff)) throw new ConfigError(`request ${requests + i}: time ${t} ${unit} does not fit oracle-general's uint32 time field; give a coarser --time-unit`);
          const v = nx[requests + i]!;
          dv.setUint32(p, t, true);
          if (orig) dv.setBigUint64(p + 4, orig.uint64(keys[i]!)!, true);
          else {
            dv.setUint32(p + 4, keys[i]!, true);
            dv.setUint32(p + 8, 0, true);
          }
          dv.setUint32(p + 12, 1, true);
          dv.setInt32(p + 16, v === NEVER ? -1 : v + 1, true);
          dv.setInt32(p + 20, v === NEVER ? -1 : 0, true);
        }
        out.write(buf);
        requests += n;
      });
    }
    out.commit();
  } catch (e) {
    out.abort();
    throw e;
  }
  return { requests, bytes: out.bytes };
}
