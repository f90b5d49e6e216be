// The trace formats we read and the options that say how to read one. Each format's decoder lives
// in its own file; this one only names them.

export const TRACE_FORMATS = ['txt', 'lirs', 'csv', 'twitter', 'oracle-general', 'cache2k', 'bin64be'] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

export const COMPRESSIONS = ['none', 'gzip', 'xz', 'zstd'] as const;
export type Compression = (typeof COMPRESSIONS)[number];

export const TIME_UNITS = ['s', 'ms', 'us', 'ns'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

/** Milliseconds per trace time unit. */
export const MS_PER_UNIT: Readonly<Record<TimeUnit, number>> = { s: 1000, ms: 1, us: 1e-3, ns: 1e-6 };

export const FORMAT_DOCS: Readonly<Record<TraceFormat, string>> = {
  txt: 'one key per line (a decimal integer, or any other text as a string key); blank lines skipped',
  lirs: 'one decimal integer key per line; lines "*" and blank lines skipped (the LIRS trace set)',
  csv: 'delimited text, header or not: key, optional time, size, op and ttl columns',
  twitter:
    'the Twitter cache-trace (twitter/cache-trace): timestamp (s), key, key size, value size, client id, operation, TTL (s, 0 = none); comma-separated; get/gets read, set/add/replace/cas/append/prepend/incr/decr write, delete deletes',
  'oracle-general': "libCacheSim's 24-byte little-endian records: uint32 time, uint64 id, uint32 size, int64 next access",
  cache2k: '4-byte big-endian signed integer keys (cache2k traces)',
  bin64be: "8-byte big-endian integer keys (the Caffeine simulator's scarab and corda traces)",
};

/** Bytes per record of the fixed-size binary formats. */
export const RECORD_BYTES: Readonly<Partial<Record<TraceFormat, number>>> = { 'oracle-general': 24, cache2k: 4, bin64be: 8 };

/** A CSV column: 1-based index, or a header name. */
export type ColumnRef = number | string;

/** How to read one trace file: everything the user can say, `auto` where we can find out. */
export interface TraceOptions {
  readonly path: string;
  readonly format: TraceFormat | 'auto';
  readonly compression: Compression | 'auto';
  /** CSV: the key column (default: a header named key/id/obj_id/lbn..., else column 1). */
  readonly keyColumn: ColumnRef | undefined;
  /** CSV: the time column (default: a header named time/timestamp..., else none). */
  readonly timeColumn: ColumnRef | undefined;
  /** CSV: the size column (default: a header named size/obj_size..., else none). */
  readonly sizeColumn: ColumnRef | undefined;
  /** CSV: the operation column (default: a header named op/operation, else none: every record a read). */
  readonly opColumn?: ColumnRef | undefined;
  /** CSV: the TTL column (default: a header named ttl/ttl_s/ttl_ms..., else none). */
  readonly ttlColumn?: ColumnRef | undefined;
  /** Unit of TTLs; auto: a CSV header's suffix (ttl_ms...), else the time unit (twitter: s). */
  readonly ttlUnit?: TimeUnit | 'auto' | undefined;
  /** CSV: the delimiter, or auto (the first of , TAB ; | found on every sampled line, else whitespace). */
  readonly delimiter: string | 'auto';
  /** CSV: whether the first line is a header, or auto. */
  readonly header: boolean | 'auto';
  /** Unit of the trace's timestamps; auto: a CSV header's suffix (time_ms...), else seconds. */
  readonly timeUnit: TimeUnit | 'auto';
  /** Count and skip malformed records instead of stopping at the first. */
  readonly skipBadRecords: boolean;
  /** Read at most this many requests (the rest of the file is not read). */
  readonly maxRequests: number;
}

export function defaultTraceOptions(path: string): TraceOptions {
  return {
    path,
    format: 'auto',
    compression: 'auto',
    keyColumn: undefined,
    timeColumn: undefined,
    sizeColumn: undefined,
    opColumn: undefined,
    ttlColumn: undefined,
    ttlUnit: 'auto',
    delimiter: 'auto',
    header: 'auto',
    timeUnit: 'auto',
    skipBadRecords: false,
    maxRequests: Number.MAX_SAFE_INTEGER,
  };
}

/** A CSV layout with every auto choice made (the key column is a 0-based index). */
export interface CsvLayout {
  /** Field separator byte; 32 (space) means runs of spaces and tabs. */
  readonly delimiter: number;
  readonly header: boolean;
  readonly keyField: number;
  readonly timeField: number;
  readonly sizeField: number;
  /** A second size field added to the first (twitter: value size beside key size); -1: none. */
  readonly valueSizeField: number;
  /** The operation field (trace-ops.ts names); -1: none (every record a read). */
  readonly opField: number;
  /** The TTL field (0 = none); -1: none. */
  readonly ttlField: number;
  /** Milliseconds per TTL unit. */
  readonly msPerTtl: number;
  /** Header names, when there is a header. */
  readonly names: readonly string[];
}

/** What was decided about a trace file: format, compression, layout, time unit. */
export interface ResolvedTraceFormat {
  readonly format: TraceFormat;
  readonly compression: Compression;
  readonly csv: CsvLayout | undefined;
  readonly timeUnit: TimeUnit;
  /** Whether records carry timestamps (oracle-general, or CSV with a time column). */
  readonly hasTimes: boolean;
  /** Whether records carry operations (twitter, csv with an op column): then writes and deletes, not only reads. */
  readonly hasOps: boolean;
  /** Whether records carry TTLs (twitter, csv with a ttl column), and their unit. */
  readonly hasTtls: boolean;
  readonly ttlUnit: TimeUnit;
  /** Why auto detection chose this format (empty when the format was given). */
  readonly detectedBy: string;
}

export function describeFormat(f: ResolvedTraceFormat): string {
  const parts: string[] = [f.format];
  if (f.csv && f.format === 'csv') {
    const col = (i: number) => (i < 0 ? undefined : f.csv!.names[i] !== undefined ? `${i + 1} (${f.csv!.names[i]})` : String(i + 1));
    const delim = f.csv.delimiter === 32 ? 'whitespace' : JSON.stringify(String.fromCharCode(f.csv.delimiter));
    parts.push(`delimiter ${delim}`, f.csv.header ? 'header' : 'no header', `key column ${col(f.csv.keyField)}`);
    if (f.csv.timeField >= 0) parts.push(`time column ${col(f.csv.timeField)}`);
    if (f.csv.sizeField >= 0) parts.push(`size column ${col(f.csv.sizeField)}${f.csv.valueSizeField >= 0 ? ` + ${col(f.csv.valueSizeField)}` : ''}`);
    if (f.csv.opField >= 0) parts.push(`op column ${col(f.csv.opField)}`);
    if (f.csv.ttlField >= 0) parts.push(`ttl column ${col(f.csv.ttlField)} (${f.ttlUnit})`);
  }
  if (f.hasTimes) parts.push(`times in ${f.timeUnit}`);
  if (f.format === 'twitter') parts.push('ops and TTLs (s)');
  if (f.compression !== 'none') parts.push(f.compression);
  return parts.join(', ');
}
