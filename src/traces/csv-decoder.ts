// `csv`: delimited text, one request per line. Only the key, time, size, op and ttl fields are
// looked at; fields may be quoted ("a,b", with "" for a quote; no line breaks inside quotes). Spaces
// around a field are trimmed. Keys follow the txt rule: canonical decimal integers are integer keys,
// any other text a string key. Blank lines are skipped; the header line, when there is one, too.
// `twitter` is this decoder over a fixed layout (detect-format.ts, TWITTER_LAYOUT): its size is key
// size + value size, as libCacheSim's Twitter reader computes obj_size
// (1a1a11a/libCacheSim, libCacheSim/traceReader/customizedReader/twrBin.h: obj_size = key_size + val_size).
// An op is one of trace-ops.ts's names (a bad one is a bad record listing them); a TTL is a
// non-negative number in the layout's TTL unit, stored in ms (0 = none).
import type { RecordDecoder } from './decoder.ts';
import type { CsvLayout } from './formats.ts';
import type { KeyDictionary } from './key-dictionary.ts';
import { CANONICAL, IntParser, isBlank, parseDecimal, showBytes } from './parse-number.ts';
import type { BadRecords, RecordSink } from './record-sink.ts';
import { matchOp, NOT_AN_OP, TRACE_OP_ALLOWED } from './trace-ops.ts';

const NL = 10;
// Field roles: where each one's bounds go in CsvDecoder.bounds.
const KEY = 0;
const TIME = 1;
const SIZE = 2;
const VALUE_SIZE = 3;
const OP = 4;
const TTL = 5;
const ROLES = 6;
const QUOTE = 34;
const WHITESPACE = 32;

export class CsvDecoder implements RecordDecoder {
  base = 0;
  line = 0;
  readonly hasTimes: boolean;
  readonly hasSizes: boolean;
  readonly hasOps: boolean;
  readonly hasTtls: boolean;
  private readonly int = new IntParser();
  private readonly need: number;
  private readonly delim: number;
  // Field bounds of the current line, filled by splitLine: start and end of each role's field.
  private readonly bounds = new Int32Array(2 * ROLES);
  /** Each field index's roles, a bit per role (1 << KEY, 1 << TIME, ...); 0 for a field not looked at. */
  private readonly roles: Uint8Array;

  constructor(
    private readonly layout: CsvLayout,
    private readonly dict: KeyDictionary,
    private readonly bad: BadRecords,
    private readonly file: string,
  ) {
    this.hasTimes = layout.timeField >= 0;
    this.hasSizes = layout.sizeField >= 0;
    this.hasOps = layout.opField >= 0;
    this.hasTtls = layout.ttlField >= 0;
    this.need = Math.max(layout.keyField, layout.timeField, layout.sizeField, layout.valueSizeField, layout.opField, layout.ttlField);
    this.roles = new Uint8Array(this.need + 1);
    const fields = [layout.keyField, layout.timeField, layout.sizeField, layout.valueSizeField, layout.opField, layout.ttlField];
    for (let r = 0; r < ROLES; r++) if (fields[r]! >= 0) this.roles[fields[r]!]! |= 1 << r;
    this.delim = layout.delimiter;
  }

  decode(buf: Uint8Array, pos: number, end: number, eof: boolean, sink: RecordSink): number {
    let i = pos;
    while (!sink.full && i < end) {
      let nl = buf.indexOf(NL, i);
      if (nl < 0 || nl >= end) {
        if (!eof) break;
        nl = end;
      }
      this.line++;
      if (!(this.line === 1 && this.layout.header)) this.record(buf, i, nl, sink);
      i = nl < end ? nl + 1 : end;
    }
    return i;
  }

  private record(buf: Uint8Array, start: number, end: number, sink: RecordSink): void {
    let s = start;
    let e = end;
    while (s < e && isBlank(buf[s]!)) s++;
    while (e > s && isBlank(buf[e - 1]!)) e--;
    if (s === e) return; // blank line
    const where = `${this.file}:${this.line}`;
    const found = this.splitLine(buf, s, e);
    if (found < 0) return this.bad.report(where, `unterminated quoted field; expected a closing '"' on the same line`);
    if (found <= this.need) {
      const sep = this.delim === WHITESPACE ? 'whitespace' : JSON.stringify(String.fromCharCode(this.delim));
      const l = this.layout;
      const at = (what: string, f: number) => (f >= 0 ? `, ${what} in ${f + 1}` : '');
      return this.bad.report(
        where,
        `${found} field${found === 1 ? '' : 's'} separated by ${sep}; expected at least ${this.need + 1} (key in column ${l.keyField + 1}${at('time', l.timeField)}${at('size', l.sizeField)}${at('value size', l.valueSizeField)}${at('op', l.opField)}${at('ttl', l.ttlField)})`,
      );
    }
    let time = 0;
    if (this.hasTimes) {
      time = parseDecimal(buf, this.bounds[2 * TIME]!, this.bounds[2 * TIME + 1]!);
      if (!Number.isFinite(time)) return this.bad.report(where, `time ${showBytes(buf, this.bounds[2 * TIME]!, this.bounds[2 * TIME + 1]!)} in column ${this.layout.timeField + 1} is not a number`);
    }
    let size = -1;
    if (this.hasSizes) {
      size = parseDecimal(buf, this.bounds[2 * SIZE]!, this.bounds[2 * SIZE + 1]!);
      if (!(Number.isSafeInteger(size) && size >= 0))
        return this.bad.report(where, `size ${showBytes(buf, this.bounds[2 * SIZE]!, this.bounds[2 * SIZE + 1]!)} in column ${this.layout.sizeField + 1} is not a non-negative integer`);
      if (this.layout.valueSizeField >= 0) {
        const v = parseDecimal(buf, this.bounds[2 * VALUE_SIZE]!, this.bounds[2 * VALUE_SIZE + 1]!);
        if (!(Number.isSafeInteger(v) && v >= 0))
          return this.bad.report(
            where,
            `value size ${showBytes(buf, this.bounds[2 * VALUE_SIZE]!, this.bounds[2 * VALUE_SIZE + 1]!)} in column ${this.layout.valueSizeField + 1} is not a non-negative integer`,
          );
        size += v;
      }
    }
    let op = 0;
    if (this.hasOps) {
      op = matchOp(buf, this.bounds[2 * OP]!, this.bounds[2 * OP + 1]!);
      if (op === NOT_AN_OP)
        return this.bad.report(where, `operation ${showBytes(buf, this.bounds[2 * OP]!, this.bounds[2 * OP + 1]!)} in column ${this.layout.opField + 1} is not one of ${TRACE_OP_ALLOWED}`);
    }
    let ttl = 0;
    if (this.hasTtls) {
      ttl = this.bounds[2 * TTL]! === this.bounds[2 * TTL + 1]! ? 0 : parseDecimal(buf, this.bounds[2 * TTL]!, this.bounds[2 * TTL + 1]!);
      if (!(ttl >= 0 && ttl < Infinity))
        return this.bad.report(
          where,
          `ttl ${showBytes(buf, this.bounds[2 * TTL]!, this.bounds[2 * TTL + 1]!)} in column ${this.layout.ttlField + 1} is not a non-negative number (0 or empty: no TTL)`,
        );
    }
    if (this.bounds[2 * KEY]! === this.bounds[2 * KEY + 1]!) return this.bad.report(where, `the key in column ${this.layout.keyField + 1} is empty`);
    const id =
      this.int.parse(buf, this.bounds[2 * KEY]!, this.bounds[2 * KEY + 1]!) === CANONICAL
        ? this.dict.ints.intern(this.int.hi, this.int.lo)
        : this.dict.strings.intern(buf, this.bounds[2 * KEY]!, this.bounds[2 * KEY + 1]!);
    const n = sink.n++;
    sink.ids[n] = id;
    if (this.hasTimes) sink.times[n] = time;
    if (this.hasSizes) sink.sizes[n] = size;
    if (this.hasOps) sink.ops[n] = op;
    if (this.hasTtls) sink.ttls[n] = ttl * this.layout.msPerTtl;
  }

  /**
   * Finds the fields of the line [s, e) up to the last one needed, recording the bounds of the key,
   * time, size, op and ttl fields. Returns the number of fields seen (at most need + 1), or -1 for an
   * unterminated quote.
   */
  private splitLine(buf: Uint8Array, s: number, e: number): number {
    const delim = this.delim;
    const roles = this.roles;
    const b = this.bounds;
    const ws = delim === WHITESPACE;
    let p = s;
    let field = 0;
    for (;;) {
      if (ws) while (p < e && (buf[p] === 32 || buf[p] === 9)) p++;
      let fs: number;
      let fe: number;
      if (buf[p] === QUOTE && p < e) {
        fs = p + 1;
        let q = fs;
        for (;;) {
          if (q >= e) return -1;
          if (buf[q] === QUOTE) {
            if (buf[q + 1] === QUOTE && q + 1 < e) q += 2;
            else break;
          } else q++;
        }
        fe = q;
        p = q + 1;
        while (p < e && !(ws ? buf[p] === 32 || buf[p] === 9 : buf[p] === delim)) p++;
      } else {
        fs = p;
        if (ws) while (p < e && buf[p] !== 32 && buf[p] !== 9) p++;
        else while (p < e && buf[p] !== delim) p++;
        fe = p;
        while (fs < fe && (buf[fs] === 32 || buf[fs] === 9)) fs++;
        while (fe > fs && (buf[fe - 1] === 32 || buf[fe - 1] === 9)) fe--;
      }
      // The field's roles (key, time, size...), if any: one lookup per field.
      const m = field < roles.length ? roles[field]! : 0;
      if (m !== 0) {
        for (let r = 0; r < ROLES; r++) {
          if ((m & (1 << r)) !== 0) {
            b[2 * r] = fs;
            b[2 * r + 1] = fe;
          }
        }
      }
      field++;
      if (field > this.need || p >= e) return field;
      p++; // the delimiter
    }
  }
}
