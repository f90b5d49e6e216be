// The `trace` workload: a recorded request stream replayed from a file, usable from workload files
// ({"workload": "trace", "path": "...", "format": "auto"}) and from `bench --trace PATH`. Unlike the
// generators it reads its requests, so it opens its own (asynchronous) stream; see trace-stream.ts
// for source order and virtual time.
import { ConfigError, show } from '../core/errors.ts';
import { declaredDefaults, validateDeclared, type ParamDecl } from '../core/param-decl.ts';
import { booleanParam } from '../core/params.ts';
import type { WorkloadSpec } from '../core/types.ts';
import { COMPRESSIONS, describeFormat, TIME_UNITS, TRACE_FORMATS, type ColumnRef, type Compression, type TimeUnit, type TraceFormat, type TraceOptions } from './formats.ts';
import { indexTrace } from './trace-index.ts';
import { TRACE_OP_ALLOWED } from './trace-ops.ts';
import { decodedFor, DecodedTraceStream, loadedKey, rememberDecoded } from './decoded-trace.ts';
import { TraceStream } from './trace-stream.ts';

export interface TraceParams {
  readonly path: string;
  readonly format: TraceFormat | 'auto';
  readonly compression: Compression | 'auto';
  readonly keyColumn: ColumnRef | null;
  readonly timeColumn: ColumnRef | null;
  readonly sizeColumn: ColumnRef | null;
  readonly opColumn: ColumnRef | null;
  readonly ttlColumn: ColumnRef | null;
  readonly ttlUnit: TimeUnit | 'auto';
  readonly delimiter: string;
  readonly header: boolean | 'auto';
  readonly timeUnit: TimeUnit | 'auto';
  readonly skipBadRecords: boolean;
}

const COLUMN_ALLOWED = 'a column number >= 1, a header name, or null';

function columnParam(raw: Readonly<Record<string, unknown>>, field: string, where: string): ColumnRef | null {
  const v = raw[field];
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1) return v;
  if (typeof v === 'string' && v.trim() !== '') return /^\d+$/.test(v.trim()) && Number(v) >= 1 ? Number(v) : v.trim();
  throw ConfigError.at(where, `"${field}" is ${show(v)}; allowed: ${COLUMN_ALLOWED}`, field);
}

function delimiterParam(raw: Readonly<Record<string, unknown>>, where: string): string {
  const v = raw.delimiter;
  const named: Record<string, string> = { auto: 'auto', tab: '\t', '\\t': '\t', space: ' ', whitespace: ' ', comma: ',', semicolon: ';', pipe: '|' };
  if (typeof v === 'string' && named[v] !== undefined) return named[v];
  if (typeof v === 'string' && v.length === 1 && v !== '\n' && v !== '"') return v;
  throw ConfigError.at(where, `"delimiter" is ${show(v)}; allowed: auto, one character, "tab", "space"`, 'delimiter');
}

const column = (name: string, doc: string, defaultText: string): ParamDecl => ({
  name,
  kind: 'custom',
  type: 'string',
  doc,
  default: null,
  defaultText,
  allowed: COLUMN_ALLOWED,
  parse: (raw, where) => columnParam(raw, name, where),
});

export const TRACE_PARAMS: readonly ParamDecl[] = [
  {
    name: 'path',
    flag: 'trace',
    kind: 'custom',
    type: 'string',
    doc: 'the trace file (relative to the current folder); .gz, .xz and .zst are decompressed as read',
    default: '',
    defaultText: '(required)',
    allowed: 'a readable file',
    parse(raw, where) {
      if (typeof raw.path !== 'string' || raw.path === '') throw ConfigError.at(where, `"path" is ${show(raw.path)}; allowed: the path of a trace file`, 'path');
      return raw.path;
    },
  },
  {
    name: 'format',
    flag: 'trace-format',
    kind: 'choice',
    doc: `${TRACE_FORMATS.join(', ')}, or auto (from the content and the name)`,
    default: 'auto',
    choices: ['auto', ...TRACE_FORMATS],
  },
  { name: 'compression', kind: 'choice', doc: 'compression of the file; auto: from its first bytes', default: 'auto', choices: ['auto', ...COMPRESSIONS] },
  column('keyColumn', 'csv: the key column', 'a header named key, id, obj_id, lbn..., else 1'),
  column('timeColumn', 'csv: the timestamp column (virtual time comes from it)', 'a header named time, timestamp..., else none'),
  column('sizeColumn', 'csv: the object size column (used by a capacity in bytes or a share of the working set; see README, Object sizes)', 'a header named size, obj_size..., else none'),
  column(
    'opColumn',
    `csv: the operation column (${TRACE_OP_ALLOWED}); a trace with operations replays its writes and deletes at the source`,
    'a header named op or operation, else none (every record a read)',
  ),
  column('ttlColumn', "csv: the TTL column (0 or empty: none); a record's TTL becomes its key's expiry", 'a header named ttl, ttl_s, ttl_ms..., else none'),
  {
    name: 'delimiter',
    kind: 'custom',
    type: 'string',
    doc: 'csv: the field delimiter ("tab", "space" for runs of blanks)',
    default: 'auto',
    defaultText: 'auto (comma, tab, semicolon, pipe or blanks)',
    allowed: 'auto, one character, "tab", "space"',
    parse: delimiterParam,
  },
  {
    name: 'header',
    kind: 'custom',
    type: 'boolean',
    doc: 'csv: whether the first line is a header',
    default: 'auto',
    allowed: 'true, false, "auto"',
    parse: (raw, where) => (raw.header === 'auto' || raw.header === undefined ? 'auto' : booleanParam(raw, 'header', where)),
  },
  {
    name: 'timeUnit',
    kind: 'choice',
    doc: 'unit of the trace timestamps (oracle-general, csv time column)',
    default: 'auto',
    defaultText: 'auto (a csv header suffix like time_ms, else s)',
    choices: ['auto', ...TIME_UNITS],
  },
  {
    name: 'ttlUnit',
    kind: 'choice',
    doc: 'unit of the csv ttl column',
    default: 'auto',
    defaultText: 'auto (a header suffix like ttl_ms, else the time unit)',
    choices: ['auto', ...TIME_UNITS],
  },
  { name: 'skipBadRecords', kind: 'boolean', doc: 'count and skip malformed records instead of stopping at the first', default: false },
];

export const TRACE_DEFAULTS = declaredDefaults(TRACE_PARAMS) as unknown as TraceParams;

export function validateTraceParams(raw: Record<string, unknown>, where: string): TraceParams {
  return validateDeclared(TRACE_PARAMS, raw, where) as unknown as TraceParams;
}

export function traceOptions(p: TraceParams, maxRequests = Number.MAX_SAFE_INTEGER): TraceOptions {
  return {
    path: p.path,
    format: p.format,
    compression: p.compression,
    keyColumn: p.keyColumn ?? undefined,
    timeColumn: p.timeColumn ?? undefined,
    sizeColumn: p.sizeColumn ?? undefined,
    opColumn: p.opColumn ?? undefined,
    ttlColumn: p.ttlColumn ?? undefined,
    ttlUnit: p.ttlUnit,
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
  summary: `replay a recorded trace file (${TRACE_FORMATS.join(', ')}; gzip, xz, zstd)`,
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
