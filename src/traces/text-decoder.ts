// `txt` and `lirs`: one key per line. The hot path reads a line of decimal digits ending in '\n'
// straight into a number and interns it, with no string and no allocation; anything else (CR,
// spaces, a sign, text, "*") takes the general path. Blank lines are skipped in both formats.
//   txt:  a line in canonical decimal form (no leading zeros) is an integer key; any other line is a
//         string key (its bytes, spaces and CR trimmed), so "007" and "7" stay different keys.
//   lirs: every line must be a decimal integer (leading zeros allowed); "*" lines are skipped.
import type { RecordDecoder } from './decoder.ts';
import type { KeyDictionary } from './key-dictionary.ts';
import { CANONICAL, IntParser, isBlank, NOT_INTEGER, OUT_OF_RANGE, showBytes } from './parse-number.ts';
import type { BadRecords, RecordSink } from './record-sink.ts';

const NL = 10;

export class LineDecoder implements RecordDecoder {
  base = 0;
  readonly hasTimes = false;
  readonly hasSizes = false;
  /** Lines consumed so far (the next line is line + 1). */
  line = 0;
  private readonly int = new IntParser();

  constructor(
    private readonly lirs: boolean,
    private readonly dict: KeyDictionary,
    private readonly bad: BadRecords,
    private readonly file: string,
  ) {}

  decode(buf: Uint8Array, pos: number, end: number, eof: boolean, sink: RecordSink): number {
    const ids = sink.ids;
    const cap = sink.cap;
    const ints = this.dict.ints;
    const lirs = this.lirs;
    let n = sink.n;
    let i = pos;
    while (n < cap && i < end) {
      // Fast path: digits then '\n'.
      let v = 0;
      let j = i;
      let c = 0;
      while (j < end) {
        c = buf[j]!;
        const d = c - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
        j++;
      }
      const digits = j - i;
      if (j < end && c === NL && digits > 0 && digits <= 15 && (lirs || buf[i] !== 48 || digits === 1)) {
        ids[n++] = v < 2147483648 ? ints.internSmall(v) : ints.intern((v / 4294967296) | 0, v | 0);
        this.line++;
        i = j + 1;
        continue;
      }
      // General path: find the end of the line.
      let nl = buf.indexOf(NL, j);
      if (nl < 0 || nl >= end) {
        if (!eof) break; // need more bytes
        nl = end;
      }
      this.line++;
      const id = this.lineKey(buf, i, nl);
      if (id >= 0) ids[n++] = id;
      i = nl < end ? nl + 1 : end;
    }
    sink.n = n;
    return i;
  }

  /** The id of the key on line [start, end), or -1 when the line holds no record. */
  private lineKey(buf: Uint8Array, start: number, end: number): number {
    let s = start;
    let e = end;
    while (s < e && isBlank(buf[s]!)) s++;
    while (e > s && isBlank(buf[e - 1]!)) e--;
    if (s === e) return -1; // blank line
    if (this.lirs && e - s === 1 && buf[s] === 42) return -1; // "*"
    const kind = this.int.parse(buf, s, e);
    if (kind === CANONICAL || (this.lirs && kind !== NOT_INTEGER && kind !== OUT_OF_RANGE)) return this.dict.ints.intern(this.int.hi, this.int.lo);
    if (!this.lirs) return this.dict.strings.intern(buf, s, e);
    this.bad.report(
      `${this.file}:${this.line}`,
      `${showBytes(buf, s, e)} is not ${kind === OUT_OF_RANGE ? 'a 64-bit' : 'a decimal'} integer; expected one integer key per line (lirs), "*" or a blank line`,
    );
    return -1;
  }
}
