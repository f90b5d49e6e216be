// The first pass over a trace: every record is read and every key interned, so that before any
// request is replayed we know the request count, the distinct keys (the source's size), the time
// range, and the bad records; then the dictionary is renumbered in ascending key order. A trace to
// replay is also decoded in this pass (ids and times, up to DECODE_MAX_REQUESTS requests; see
// decoded-trace.ts), so it is never parsed again; a longer one keeps only the dictionary (memory
// proportional to the distinct keys) and is parsed a second time as it is replayed.
// The last few indexes are kept (keyed by file, size, mtime and options), so re-opening the same
// trace (the runner reading ahead for a clairvoyant strategy, --cpu) does not scan it again.
import { stat } from 'node:fs/promises';
import { ConfigError } from '../core/errors.ts';
import { resolveTraceFormat } from './detect-format.ts';
import type { ResolvedTraceFormat, TraceOptions } from './formats.ts';
import { forgetDecoded, TraceDecoding, type DecodedTrace } from './decoded-trace.ts';
import { MS_PER_UNIT, RECORD_BYTES } from './formats.ts';
import { KeyDictionary } from './key-dictionary.ts';
import { KeySizeTable } from './key-sizes.ts';
import { RecordReader, createDecoder } from './record-reader.ts';
import { BadRecords, RecordSink } from './record-sink.ts';

export interface TraceIndex {
  readonly options: TraceOptions;
  readonly format: ResolvedTraceFormat;
  /** Keys renumbered 0 .. distinct-1 in ascending key order (after sortIds). */
  readonly dict: KeyDictionary;
  readonly requests: number;
  readonly distinct: number;
  /** First and largest timestamp, in trace units (0 when the trace has none). */
  readonly firstTime: number;
  readonly maxTime: number;
  /** Sum of object sizes, when the format has sizes. */
  readonly totalBytes: number | undefined;
  /** Each key id's size as first seen, when the format has sizes (indexed by the renumbered ids when sorted, else by first-seen ids). */
  readonly keySizes: Uint32Array | undefined;
  /** Whether some key was requested with different sizes. */
  readonly sizesVary: boolean;
  /** Bad records skipped (with --skip-bad-records) and the first one's message. */
  readonly skipped: number;
  readonly skippedSummary: string | undefined;
  /** File size and modification time when scanned: a changed file is scanned again. */
  readonly fileStamp: string;
  /** Every request's id and time, when decoded in this pass (else the replay reads the file again). */
  readonly decoded: DecodedTrace | undefined;
}

const SCAN_CHUNK = 1 << 16;

async function fileStamp(path: string): Promise<string> {
  try {
    const s = await stat(path);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/**
 * Reads the whole trace once. `onRecords` sees each batch of records with their first-seen ids
 * (before renumbering); `sort` renumbers the dictionary at the end (skip it when only counting);
 * `decode` keeps every request (when the trace is short enough) for replay without a second pass.
 */
export async function scanTrace(o: TraceOptions, onRecords?: (sink: RecordSink) => void, sort = true, decode = false): Promise<TraceIndex> {
  const stamp = await fileStamp(o.path);
  const format = await resolveTraceFormat(o);
  const dict = new KeyDictionary();
  const bad = new BadRecords(o.skipBadRecords);
  const reader = await RecordReader.open(o.path, format, createDecoder(format, dict, bad, o.path));
  const sink = RecordSink.create(SCAN_CHUNK, format.hasOps, format.hasTtls);
  let requests = 0;
  let firstTime = 0;
  let maxTime = -Infinity;
  let totalBytes = 0;
  const hasTimes = format.hasTimes;
  const hasSizes = reader.decoder.hasSizes;
  // An uncompressed file of fixed-size records says its request count: the arrays are sized once.
  const recordBytes = format.compression === 'none' ? RECORD_BYTES[format.format] : undefined;
  const expected = recordBytes ? Math.min(o.maxRequests, Math.floor(Number(stamp.split(':')[0]) / recordBytes)) : 0;
  const hasOps = format.hasOps;
  const hasTtls = format.hasTtls;
  const decoding = decode ? new TraceDecoding(hasTimes, expected, undefined, hasSizes, hasOps, hasTtls) : undefined;
  // Per-key sizes: a replay's backfills and byte capacities; `trace stats` sums them (the working set).
  const keySizes = hasSizes ? new KeySizeTable() : undefined;
  const msPerUnit = MS_PER_UNIT[format.timeUnit];
  const own = { ids: sink.ids, times: sink.times, ops: sink.ops, ttls: sink.ttls };
  try {
    while (requests < o.maxRequests && !reader.finished) {
      sink.n = 0;
      sink.cap = Math.min(SCAN_CHUNK, o.maxRequests - requests);
      // Decoding for replay: records go straight into the kept arrays.
      const into = decoding?.target(sink.cap);
      if (into) sink.cap = into.ids.length;
      sink.ids = into ? into.ids : own.ids;
      sink.times = into?.times ?? own.times;
      sink.ops = into?.ops ?? own.ops;
      sink.ttls = into?.ttls ?? own.ttls;
      await reader.fill(sink);
      const n = sink.n;
      if (n === 0) {
        if (reader.finished) break;
        throw new Error(`${o.path}: the reader made no progress`);
      }
      if (hasTimes) {
        const times = sink.times;
        if (requests === 0) firstTime = times[0]!;
        for (let i = 0; i < n; i++) if (times[i]! > maxTime) maxTime = times[i]!;
      }
      if (hasSizes) for (let i = 0; i < n; i++) totalBytes += sink.sizes[i]!;
      keySizes?.observe(sink.ids, sink.sizes, n);
      onRecords?.(sink);
      if (into) decoding!.commit(n, firstTime, msPerUnit, sink.sizes);
      else decoding?.add(sink.ids, sink.times, n, firstTime, msPerUnit, sink.sizes, sink.ops, sink.ttls);
      requests += n;
    }
  } finally {
    await reader.close();
  }
  if (requests === 0) throw new ConfigError(`${o.path}: the trace has no requests${bad.count > 0 ? ` (${bad.summary()})` : ''}`);
  const perm = sort ? dict.sortIds(decoding?.keeping === true || keySizes !== undefined) : undefined;
  const keySizesById = keySizes?.finish(perm, dict.size);
  const sizesVary = keySizes?.varies ?? false;
  return {
    options: o,
    format,
    dict,
    requests,
    distinct: dict.size,
    firstTime,
    maxTime: hasTimes ? maxTime : 0,
    totalBytes: hasSizes ? totalBytes : undefined,
    keySizes: keySizesById,
    sizesVary,
    skipped: bad.count,
    skippedSummary: bad.summary(),
    fileStamp: stamp,
    decoded: perm && decoding ? decoding.finish(perm, keySizesById, sizesVary) : undefined,
  };
}

const cache = new Map<string, Promise<TraceIndex>>();
const CACHE_ENTRIES = 2;

/** scanTrace, remembered for the last few (file, options): re-opening a trace does not scan it again. */
export async function indexTrace(o: TraceOptions): Promise<TraceIndex> {
  const key = `${JSON.stringify(o)}@${await fileStamp(o.path)}`;
  let p = cache.get(key);
  if (!p) {
    p = scanTrace(o, undefined, true, true);
    cache.set(key, p);
    p.catch(() => cache.delete(key));
    while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  }
  return p;
}

/** Drops the remembered indexes (benchmarks time the first pass; tests free memory). */
export function forgetIndexes(): void {
  cache.clear();
  forgetDecoded();
}
