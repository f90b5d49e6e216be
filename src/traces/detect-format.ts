// Deciding how to read a trace: compression from the magic bytes, format from the name and the first
// 256 KiB of (decompressed) content, and for CSV the delimiter, header and columns. Every choice the
// user made wins; what auto detection cannot tell apart is an error asking for the flag.
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ConfigError } from '../core/errors.ts';
import { compressionOfName, detectCompression, readHead } from './byte-reader.ts';
import { MS_PER_UNIT, RECORD_BYTES, TRACE_FORMATS, type ColumnRef, type CsvLayout, type ResolvedTraceFormat, type TimeUnit, type TraceFormat, type TraceOptions } from './formats.ts';
import { NOT_AN_OP, opOfName } from './trace-ops.ts';

const HEAD_BYTES = 256 * 1024;
const SAMPLE_LINES = 200;

const KEY_NAMES = ['key', 'obj_id', 'object_id', 'objid', 'id', 'lbn', 'lba', 'block', 'object', 'url'];
const TIME_NAMES = ['time', 'timestamp', 'ts', 'clock', 'time_s', 'time_ms', 'time_us', 'time_ns', 'timestamp_ms', 'timestamp_us', 'timestamp_ns'];
const SIZE_NAMES = ['size', 'obj_size', 'object_size', 'bytes', 'length'];
const OP_NAMES = ['op', 'operation', 'opcode', 'command', 'cmd'];
const TTL_NAMES = ['ttl', 'ttl_s', 'ttl_ms', 'ttl_us', 'ttl_ns'];

/**
 * The Twitter cache-trace's fixed layout: timestamp (s), anonymized key, key size, value size,
 * client id, operation, TTL (s); comma-separated, no header. Size = key size + value size.
 */
export const TWITTER_LAYOUT: CsvLayout = {
  delimiter: 44,
  header: false,
  keyField: 1,
  timeField: 0,
  sizeField: 2,
  valueSizeField: 3,
  opField: 5,
  ttlField: 6,
  msPerTtl: MS_PER_UNIT.s,
  names: [],
};

/**
 * Whether the sampled lines read as Twitter cache-trace records: 7 comma-separated fields, an
 * operation name in the 6th and integers in the time, size and TTL fields, on every sampled line
 * (the first included: the format has no header).
 */
function looksLikeTwitter(lines: readonly string[]): boolean {
  const rows = lines.filter((l) => l !== '').slice(0, SAMPLE_LINES);
  if (rows.length === 0) return false;
  return rows.every((l) => {
    const f = splitFields(l, ',');
    return f.length === 7 && opOfName(f[5]!) !== NOT_AN_OP && [0, 2, 3, 6].every((i) => INTEGER.test(f[i]!)) && f[1] !== '';
  });
}

/** Lines of the sample (the last one dropped when the sample is cut short), CR and spaces trimmed. */
function sampleLines(head: Uint8Array, complete: boolean): string[] {
  let text = Buffer.from(head.buffer, head.byteOffset, head.length).toString('latin1');
  if (!complete) text = text.slice(0, Math.max(0, text.lastIndexOf('\n')));
  return text
    .split('\n')
    .slice(0, SAMPLE_LINES * 5)
    .map((l) => l.trim());
}

function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return true;
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head[i]!;
    if (c === 0) return false;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) control++;
  }
  return control <= head.length / 1000;
}

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const CANDIDATE_DELIMITERS = [',', '\t', ';', '|'];

function splitFields(line: string, delimiter: string): string[] {
  const raw = delimiter === ' ' ? line.trim().split(/[ \t]+/) : line.split(delimiter);
  return raw.map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
}

/** How many rows share the most common field count, when that count is >= 2. */
function modalCoverage(counts: readonly number[]): number {
  const freq = new Map<number, number>();
  for (const c of counts) if (c >= 2) freq.set(c, (freq.get(c) ?? 0) + 1);
  return Math.max(0, ...freq.values());
}

/**
 * The delimiter that splits the sampled lines into the same number (>= 2) of fields, on at least
 * three quarters of them (a few malformed lines do not hide it), if any.
 */
function detectDelimiter(lines: readonly string[]): string | undefined {
  const rows = lines.filter((l) => l !== '').slice(0, SAMPLE_LINES);
  if (rows.length === 0) return undefined;
  let best: string | undefined;
  let bestCover = 0;
  for (const d of CANDIDATE_DELIMITERS) {
    const cover = modalCoverage(rows.map((l) => splitFields(l, d).length));
    if (cover >= rows.length * 0.75 && cover > bestCover) {
      best = d;
      bestCover = cover;
    }
  }
  if (best !== undefined) return best;
  // Whitespace-separated columns, one of them numeric on every line but a possible header.
  const split = rows.map((l) => splitFields(l, ' '));
  const width = split[split.length - 1]!.length;
  if (width >= 2 && split.every((f) => f.length === width)) {
    const body = split.slice(1);
    for (let c = 0; c < width; c++) if (body.length > 0 && body.every((f) => NUMBER.test(f[c]!))) return ' ';
  }
  return undefined;
}

/** Whether the 4-byte words of the sample look like 8-byte values (repeats only at even distances). */
function wordParity(head: Uint8Array): { repeats: number; oddShare: number } {
  const words = Math.floor(head.length / 4);
  const dv = new DataView(head.buffer, head.byteOffset, words * 4);
  const last = new Map<number, number>();
  let repeats = 0;
  let odd = 0;
  for (let i = 0; i < words; i++) {
    const v = dv.getInt32(i * 4, false);
    const j = last.get(v);
    if (j !== undefined) {
      repeats++;
      if ((i - j) % 2 === 1) odd++;
    }
    last.set(v, i);
  }
  return { repeats, oddShare: repeats === 0 ? 0 : odd / repeats };
}

/** Whether the sample reads as 8-byte big-endian integers that all fit 32 bits (hi = sign of lo). */
function smallInt64s(head: Uint8Array): boolean {
  const records = Math.floor(head.length / 8);
  if (records < 16) return false;
  const dv = new DataView(head.buffer, head.byteOffset, records * 8);
  let nonZeroLo = 0;
  for (let i = 0; i < records; i++) {
    const hi = dv.getInt32(i * 8, false);
    const lo = dv.getInt32(i * 8 + 4, false);
    if (hi !== lo >> 31) return false;
    if (lo !== 0) nonZeroLo++;
  }
  return nonZeroLo >= records / 2;
}

/** oracle-general's structure: every sampled record's next-access field is -1 or a later request. */
function looksLikeOracle(head: Uint8Array, fileBytes: number | undefined): boolean {
  const records = Math.floor(head.length / 24);
  if (records === 0 || (fileBytes !== undefined && fileBytes % 24 !== 0)) return false;
  const dv = new DataView(head.buffer, head.byteOffset, records * 24);
  let prevTime = 0;
  let ordered = 0;
  for (let i = 0; i < records; i++) {
    const next = dv.getBigInt64(i * 24 + 16, true);
    if (next !== -1n && !(next > BigInt(i + 1) && next < 1n << 40n)) return false;
    const t = dv.getUint32(i * 24, true);
    if (t >= prevTime) ordered++;
    prevTime = t;
  }
  return ordered >= records * 0.9;
}

/** The format, from the name first (when the content agrees), then from the content. */
export function detectFormat(path: string, head: Uint8Array, complete: boolean, fileBytes: number | undefined): { format: TraceFormat; why: string } {
  const name = basename(compressionOfName(path).inner).toLowerCase();
  const text = looksLikeText(head);
  const cannot = (why: string): never => {
    throw new ConfigError(`${path}: cannot tell the trace format (${why}); give --trace-format (one of ${TRACE_FORMATS.join(', ')})`);
  };
  if (head.length === 0) cannot('the file is empty');
  if (!text) {
    if (/oracle/.test(name)) return { format: 'oracle-general', why: 'name' };
    if (/\.bin64be$|scarab|corda/.test(name)) return { format: 'bin64be', why: 'name' };
    if (looksLikeOracle(head, fileBytes)) return { format: 'oracle-general', why: 'content: 24-byte records with valid next-access fields' };
    if (fileBytes !== undefined && fileBytes % 8 !== 0) {
      if (fileBytes % 4 === 0) return { format: 'cache2k', why: 'content: binary, a multiple of 4 bytes but not of 8' };
      cannot(`binary, ${fileBytes} bytes: not a multiple of 4`);
    }
    if (smallInt64s(head)) return { format: 'bin64be', why: 'content: binary 8-byte big-endian integers whose high halves are all sign extension' };
    const { repeats, oddShare } = wordParity(head);
    if (repeats >= 20 && oddShare >= 0.2) return { format: 'cache2k', why: 'content: binary 4-byte keys (repeats at odd word distances)' };
    if (repeats >= 20 && oddShare <= 0.02) return { format: 'bin64be', why: 'content: binary 8-byte keys (repeats only at even word distances)' };
    if (/cache2k/.test(path.toLowerCase())) return { format: 'cache2k', why: 'name' };
    return cannot('binary, but neither oracle-general records nor clearly 4- or 8-byte keys');
  }
  const lines = sampleLines(head, complete);
  const body = lines.filter((l) => l !== '');
  if (body.length === 0) cannot('no non-blank line in the first 256 KiB');
  if (looksLikeTwitter(lines)) return { format: 'twitter', why: 'content: 7 comma-separated fields with an operation (get, set, ...) in the 6th (the Twitter cache-trace)' };
  if (/\.(csv|tsv)$/.test(name)) return { format: 'csv', why: 'name' };
  const integersOnly = body.every((l) => l === '*' || INTEGER.test(l));
  if (integersOnly) {
    const marks = lines.some((l, i) => l === '*' || (l === '' && i < lines.length - 1));
    return marks ? { format: 'lirs', why: 'content: integer keys with "*" or blank lines' } : { format: 'txt', why: 'content: one integer key per line' };
  }
  if (detectDelimiter(lines) !== undefined) return { format: 'csv', why: 'content: delimited columns' };
  return { format: 'txt', why: 'content: one key per line' };
}

function columnIndex(ref: ColumnRef, names: readonly string[], header: boolean, fields: number, flag: string, path: string): number {
  if (typeof ref === 'number') {
    if (ref > fields) throw new ConfigError(`${flag} ${ref}: ${path} has ${fields} column${fields === 1 ? '' : 's'} on its first line`);
    return ref - 1;
  }
  if (!header) throw new ConfigError(`${flag} ${JSON.stringify(ref)}: a column name needs a header line, and ${path} has none (give the column number, or --header true)`);
  let i = names.indexOf(ref);
  if (i < 0) i = names.findIndex((n) => n.toLowerCase() === ref.toLowerCase());
  if (i < 0) throw new ConfigError(`${flag} ${JSON.stringify(ref)}: no such column in the header of ${path}; columns: ${names.join(', ')}`);
  return i;
}

function unitFromName(name: string | undefined): TimeUnit | undefined {
  const m = name === undefined ? null : /_(s|ms|us|ns)$/i.exec(name);
  return m ? (m[1]!.toLowerCase() as TimeUnit) : undefined;
}

/** The CSV layout: delimiter, header, key/time/size/op/ttl columns, with the user's choices applied. */
export function resolveCsvLayout(o: TraceOptions, head: Uint8Array, complete: boolean): { layout: CsvLayout; unit: TimeUnit | undefined; ttlUnit: TimeUnit | undefined } {
  const lines = sampleLines(head, complete).filter((l) => l !== '');
  const delimiter = o.delimiter !== 'auto' ? o.delimiter : (detectDelimiter(lines) ?? ',');
  const first = splitFields(lines[0] ?? '', delimiter);
  const second = lines[1] === undefined ? undefined : splitFields(lines[1], delimiter);
  const namedColumn = [o.keyColumn, o.timeColumn, o.sizeColumn, o.opColumn, o.ttlColumn].some((c) => typeof c === 'string');
  const header = o.header !== 'auto' ? o.header : namedColumn || (second !== undefined && first.some((f, i) => !NUMBER.test(f) && second[i] !== undefined && NUMBER.test(second[i]!)));
  const names = header ? first : [];
  const byName = (candidates: readonly string[]) => names.findIndex((n) => candidates.includes(n.toLowerCase()));
  const fields = first.length;
  const keyField = o.keyColumn !== undefined ? columnIndex(o.keyColumn, names, header, fields, '--key-column', o.path) : Math.max(0, byName(KEY_NAMES));
  const timeField = o.timeColumn !== undefined ? columnIndex(o.timeColumn, names, header, fields, '--time-column', o.path) : header ? byName(TIME_NAMES) : -1;
  const sizeField = o.sizeColumn !== undefined ? columnIndex(o.sizeColumn, names, header, fields, '--size-column', o.path) : header ? byName(SIZE_NAMES) : -1;
  // A header named op/operation or ttl is taken only when the sampled values read as such (at least
  // 90 % of them: the rest are bad records, reported at their line): libCacheSim's csv traces have an
  // "op" column of other codes, which stays an ordinary column.
  const body = lines.slice(header ? 1 : 0, SAMPLE_LINES).map((l) => splitFields(l, delimiter));
  const mostly = (i: number, ok: (v: string) => boolean) => i >= 0 && body.length > 0 && body.filter((f) => f[i] !== undefined && ok(f[i])).length >= body.length * 0.9;
  const autoOp = header ? byName(OP_NAMES) : -1;
  const autoTtl = header ? byName(TTL_NAMES) : -1;
  const opField = o.opColumn !== undefined ? columnIndex(o.opColumn, names, header, fields, '--op-column', o.path) : mostly(autoOp, (v) => opOfName(v) !== NOT_AN_OP) ? autoOp : -1;
  const ttlField =
    o.ttlColumn !== undefined ? columnIndex(o.ttlColumn, names, header, fields, '--ttl-column', o.path) : mostly(autoTtl, (v) => v === '' || (NUMBER.test(v) && Number(v) >= 0)) ? autoTtl : -1;
  if (timeField === keyField && timeField >= 0) throw new ConfigError(`${o.path}: the key and time columns are both column ${keyField + 1}`);
  for (const [what, f] of [
    ['op', opField],
    ['ttl', ttlField],
  ] as const) {
    if (f >= 0 && (f === keyField || f === timeField || f === sizeField))
      throw new ConfigError(`${o.path}: the ${what} column ${f + 1} is also the ${f === keyField ? 'key' : f === timeField ? 'time' : 'size'} column`);
  }
  if (opField >= 0 && opField === ttlField) throw new ConfigError(`${o.path}: the op and ttl columns are both column ${opField + 1}`);
  return {
    // msPerTtl is set by resolveTraceFormat once the units are known.
    layout: { delimiter: delimiter.charCodeAt(0), header, keyField, timeField, sizeField, valueSizeField: -1, opField, ttlField, msPerTtl: 1, names },
    unit: timeField >= 0 ? unitFromName(names[timeField]) : undefined,
    ttlUnit: ttlField >= 0 ? unitFromName(names[ttlField]) : undefined,
  };
}

/** Every auto choice made for the trace at o.path. */
export async function resolveTraceFormat(o: TraceOptions): Promise<ResolvedTraceFormat> {
  const compression = await detectCompression(o.path, o.compression);
  const head = await readHead(o.path, compression, HEAD_BYTES);
  const complete = head.length < HEAD_BYTES;
  let fileBytes: number | undefined;
  if (compression === 'none') fileBytes = (await stat(o.path)).size;
  else if (complete) fileBytes = head.length;
  const detected = o.format === 'auto' ? detectFormat(o.path, head, complete, fileBytes) : { format: o.format, why: '' };
  const format = detected.format;
  if (format !== 'csv') {
    for (const [flag, v] of [
      ['--key-column', o.keyColumn],
      ['--time-column', o.timeColumn],
      ['--size-column', o.sizeColumn],
      ['--op-column', o.opColumn],
      ['--ttl-column', o.ttlColumn],
      ['--ttl-unit', o.ttlUnit === 'auto' ? undefined : o.ttlUnit],
    ] as const) {
      if (v !== undefined)
        throw new ConfigError(
          `${flag} applies to csv traces only; ${o.path} is read as ${format}${detected.why ? ` (detected from its ${detected.why.startsWith('name') ? 'name' : 'content'}; give --trace-format csv to read it as csv)` : ''}`,
        );
    }
  }
  const csv = format === 'csv' ? resolveCsvLayout(o, head, complete) : undefined;
  const timeUnit: TimeUnit = o.timeUnit !== 'auto' ? o.timeUnit : (csv?.unit ?? 's');
  if (RECORD_BYTES[format] !== undefined && fileBytes === 0) throw new ConfigError(`${o.path}: the trace is empty`);
  if (format === 'twitter') {
    // The Twitter cache-trace's timestamps and TTLs are in seconds; --time-unit may still say otherwise.
    return { format, compression, csv: TWITTER_LAYOUT, timeUnit, hasTimes: true, hasOps: true, hasTtls: true, ttlUnit: 's', detectedBy: detected.why };
  }
  const hasTimes = format === 'oracle-general' || (csv !== undefined && csv.layout.timeField >= 0);
  const hasOps = csv !== undefined && csv.layout.opField >= 0;
  const hasTtls = csv !== undefined && csv.layout.ttlField >= 0;
  if (o.ttlUnit !== undefined && o.ttlUnit !== 'auto' && !hasTtls) throw new ConfigError(`--ttl-unit: ${o.path} has no ttl column (give --ttl-column, or a header named ttl)`);
  // TTLs: --ttl-unit, else a header suffix (ttl_ms), else the time unit (seconds when there are no times).
  const ttlUnit: TimeUnit = o.ttlUnit !== undefined && o.ttlUnit !== 'auto' ? o.ttlUnit : (csv?.ttlUnit ?? timeUnit);
  const layout = csv && { ...csv.layout, msPerTtl: MS_PER_UNIT[ttlUnit] };
  return { format, compression, csv: layout, timeUnit, hasTimes, hasOps, hasTtls, ttlUnit, detectedBy: detected.why };
}
