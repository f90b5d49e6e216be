// The `trace` workload: a recorded request stream replayed from a file, usable from workload files
// ({"workload": "trace", "path": "...", "format": "auto"}) and from `bench --trace PATH`. Unlike the
// generators it reads its requests, so it opens its own (asynchronous) stream; see trace-stream.ts
// for source order and virtual time.
import { ConfigError, show } from '../core/errors.ts';
import { booleanParam, choiceParam } from '../core/params.ts';
import type { ParamDoc, WorkloadSpec } from '../core/types.ts';
import { COMPRESSIONS, describeFormat, TIME_UNITS, TRACE_FORMATS, type ColumnRef, type Compression, type TimeUnit, type TraceFormat, type TraceOptions } from './formats.ts';
import { indexTrace } from './trace-index.ts';
import { decodedFor, DecodedTraceStream, loadedKey, rememberDecoded } from './decoded-trace.ts';
import { TraceStream } from './trace-stream.ts';

export interface TraceParams {
  readonly path: string;
  readonly format: TraceFormat | 'auto';
  readonly compression: Compression | 'auto';
  readonly keyColumn: ColumnRef | null;
  readonly timeColumn: ColumnRef | null;
  readonly sizeColumn: ColumnRef | null;
  readonly delimiter: string;
  readonly header: boolean | 'auto';
  readonly timeUnit: TimeUnit | 'auto';
  readonly skipBadRecords: boolean;
}

const COLUMN_ALLOWED = 'a column number >= 1, a header name, or null';

export const TRACE_PARAMS: readonly ParamDoc[] = [
  { name: 'path', kind: 'string', description: 'the trace file (relative to the current folder); .gz, .xz and .zst are decompressed as read', default: '(required)', allowed: 'a readable file' },
  {
    name: 'format',
    kind: 'string',
    description: 'txt, lirs, csv, oracle-general, cache2k, bin64be, or auto (from the content and the name)',
    default: 'auto',
    allowed: ['auto', ...TRACE_FORMATS].map((f) => `"${f}"`).join(', '),
  },
  { name: 'compression', kind: 'string', description: 'compression of the file; auto: from its first bytes', default: 'auto', allowed: ['auto', ...COMPRESSIONS].map((f) => `"${f}"`).join(', ') },
  { name: 'keyColumn', kind: 'string', description: 'csv: the key column', default: 'a header named key, id, obj_id, lbn..., else 1', allowed: COLUMN_ALLOWED },
  { name: 'timeColumn', kind: 'string', description: 'csv: the timestamp column (virtual time comes from it)', default: 'a header named time, timestamp..., else none', allowed: COLUMN_ALLOWED },
  {
    name: 'sizeColumn',
    kind: 'string',
    description: 'csv: the object size column (only reported: capacities count objects)',
    default: 'a header named size, obj_size..., else none',
    allowed: COLUMN_ALLOWED,
  },
  {
    name: 'delimiter',
    kind: 'string',
    description: 'csv: the field delimiter ("tab", "space" for runs of blanks)',
    default: 'auto (comma, tab, semicolon, pipe or blanks)',
    allowed: 'auto, one character, "tab", "space"',
  },
  { name: 'header', kind: 'boolean', description: 'csv: whether the first line is a header', default: 'auto', allowed: 'true, false, "auto"' },
  {
    name: 'timeUnit',
    kind: 'string',
    description: 'unit of the trace timestamps (oracle-general, csv time column)',
    default: 'auto (a csv header suffix like time_ms, else s)',
    allowed: ['auto', ...TIME_UNITS].map((f) => `"${f}"`).join(', '),
  },
  { name: 'skipBadRecords', kind: 'boolean', description: 'count and skip malformed records instead of stopping at the first', default: 'false', allowed: 'true or false' },
];

export const TRACE_DEFAULTS: TraceParams = {
  path: '',
  format: 'auto',
  compression: 'auto',
  keyColumn: null,
  timeColumn: null,
  sizeColumn: null,
  delimiter: 'auto',
  header: 'auto',
  timeUnit: 'auto',
  skipBadRecords: false,
};

function columnParam(raw: Record<string, unknown>, field: string, where: string): ColumnRef | null {
  const v = raw[field];
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1) return v;
  if (typeof v === 'string' && v.trim() !== '') return /^\d+$/.test(v.trim()) && Number(v) >= 1 ? Number(v) : v.trim();
  throw ConfigError.at(where, `"${field}" is ${show(v)}; allowed: ${COLUMN_ALLOWED}`, field);
}

function delimiterParam(raw: Record<string, unknown>, where: string): string {
  const v = raw.delimiter;
  const named: Record<string, string> = { auto: 'auto', tab: '\t', '\\t': '\t', space: ' ', whitespace: ' ', comma: ',', semicolon: ';', pipe: '|' };
  if (typeof v === 'string' && named[v] !== undefined) return named[v];
  if (typeof v === 'string' && v.length === 1 && v !== '\n' && v !== '"') return v;
  throw ConfigError.at(where, `"delimiter" is ${show(v)}; allowed: auto, one character, "tab", "space"`, 'delimiter');
}

export function validateTraceParams(raw: Record<string, unknown>, where: string): TraceParams {
  if (typeof raw.path !== 'string' || raw.path === '') throw ConfigError.at(where, `"path" is ${show(raw.path)}; allowed: the path of a trace file`, 'path');
  const header = raw.header === 'auto' || raw.header === undefined ? 'auto' : booleanParam(raw, 'header', where);
  return {
    path: raw.path,
    format: choiceParam(raw, 'format', ['auto', ...TRACE_FORMATS] as const, where),
    compression: choiceParam(raw, 'compression', ['auto', ...COMPRESSIONS] as const, where),
    keyColumn: columnParam(raw, 'keyColumn', where),
    timeColumn: columnParam(raw, 'timeColumn', where),
    sizeColumn: columnParam(raw, 'sizeColumn', where),
    delimiter: delimiterParam(raw, where),
    header,
    timeUnit: choiceParam(raw, 'timeUnit', ['auto', ...TIME_UNITS] as const, where),
    skipBadRecords: booleanParam(raw, 'skipBadRecords', where),
  };
}

export function traceOptions(p: TraceParams, maxRequests = Number.MAX_SAFE_INTEGER): TraceOptions {
  return {
    path: p.path,
    format: p.format,
    compression: p.compression,
    keyColumn: p.keyColumn ?? undefined,
    timeColumn: p.timeColumn ?? undefined,
    sizeColumn: p.sizeColumn ?? undefined,
    delimiter: p.delimiter,
    header: p.header,
    timeUnit: p.timeUnit,
    skipBadRecords: p.skipBadRecords,
    maxRequests,
  };
}

const notGenerated = (what: string): never => {
  throw new ConfigError(`a trace workload ${what}: its keys are known only once the file is read (it cannot be a mix component)`);
};

const trace: WorkloadSpec<TraceParams> = {
  name: 'trace',
  summary: 'replay a recorded trace file (txt, lirs, csv, oracle-general, cache2k, bin64be; gzip, xz, zstd)',
  params: TRACE_PARAMS,
  defaults: TRACE_DEFAULTS,
  commonDefaults: { requests: Number.MAX_SAFE_INTEGER, arrival: 'constant' },
  validate: validateTraceParams,
  keys: () => notGenerated('has no fixed key count'),
  createGenerator: () => notGenerated('is not generated'),
  describe: (p) => `trace ${p.path}${p.format === 'auto' ? '' : ` (${p.format})`}`,
  async openStream(p, seed, common) {
    const index = await indexTrace(traceOptions(p, common.requests));
    // Decoded in the first pass (the usual case): replayed from memory, the file is not read again.
    const stream = index.decoded ? new DecodedTraceStream(index.decoded, common, seed) : new TraceStream(index, common, seed);
    // Opened again (synchronously) by commands that replay it many times: see openLoaded.
    // Under the request count asked for (all of it, by default) and the one found.
    if (index.decoded) for (const n of [common.requests, index.requests]) rememberDecoded(loadedKey(p, n), index.decoded);
    const f = index.format;
    const keys = `${index.distinct.toLocaleString('en-US')} distinct keys`;
    const skipped = index.skippedSummary ? `; ${index.skippedSummary}` : '';
    return {
      stream,
      summary: `trace ${p.path} (${describeFormat(f)}${f.detectedBy ? `, detected from its ${f.detectedBy.startsWith('name') ? 'name' : 'content'}` : ''}): ${keys}${skipped}`,
      ...(f.hasTimes ? { clock: `trace timestamps (${f.timeUnit})` } : {}),
    };
  },
  openLoaded(p, seed, common) {
    const decoded = decodedFor(loadedKey(p, common.requests));
    return decoded && new DecodedTraceStream(decoded, common, seed);
  },
};

export default trace;
