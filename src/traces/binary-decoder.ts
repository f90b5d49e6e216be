// Fixed-size binary records, no header:
//   oracle-general  24 bytes, little-endian: uint32 time, uint64 id, uint32 size, int64 next access
//                   (libCacheSim; the next-access field is not needed and not read)
//   cache2k         4 bytes, big-endian signed int key
//   bin64be         8 bytes, big-endian integer key
// A file that ends inside a record has a truncated last record: a bad record at its byte offset.
import type { RecordDecoder } from './decoder.ts';
import { RECORD_BYTES, type TraceFormat } from './formats.ts';
import type { KeyDictionary } from './key-dictionary.ts';
import type { BadRecords, RecordSink } from './record-sink.ts';

export type BinaryFormat = 'oracle-general' | 'cache2k' | 'bin64be';

export class BinaryDecoder implements RecordDecoder {
  base = 0;
  readonly hasTimes: boolean;
  readonly hasSizes: boolean;
  readonly size: number;
  private view: DataView | undefined;
  private viewOf: ArrayBufferLike | undefined;

  constructor(
    private readonly format: BinaryFormat,
    private readonly dict: KeyDictionary,
    private readonly bad: BadRecords,
    private readonly file: string,
  ) {
    this.size = RECORD_BYTES[format as TraceFormat]!;
    this.hasTimes = format === 'oracle-general';
    this.hasSizes = format === 'oracle-general';
  }

  decode(buf: Uint8Array, pos: number, end: number, eof: boolean, sink: RecordSink): number {
    if (this.viewOf !== buf.buffer || this.view!.byteOffset !== buf.byteOffset) {
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      this.viewOf = buf.buffer;
    }
    const dv = this.view!;
    const size = this.size;
    const room = sink.cap - sink.n;
    const whole = Math.min(room, Math.floor((end - pos) / size));
    const ints = this.dict.ints;
    const ids = sink.ids;
    let n = sink.n;
    let p = pos;
    const stop = pos + whole * size;
    if (this.format === 'oracle-general') {
      const times = sink.times;
      const sizes = sink.sizes;
      for (; p < stop; p += size) {
        times[n] = dv.getUint32(p, true);
        sizes[n] = dv.getUint32(p + 12, true);
        ids[n++] = ints.intern(dv.getInt32(p + 8, true), dv.getInt32(p + 4, true));
      }
    } else if (this.format === 'cache2k') {
      for (; p < stop; p += 4) {
        const v = dv.getInt32(p, false);
        ids[n++] = ints.intern(v >> 31, v);
      }
    } else {
      for (; p < stop; p += 8) ids[n++] = ints.intern(dv.getInt32(p, false), dv.getInt32(p + 4, false));
    }
    sink.n = n;
    if (eof && n < sink.cap && end - p > 0 && end - p < size) {
      this.bad.report(`${this.file}: byte offset ${this.base + p}`, `truncated record: ${end - p} of ${size} bytes at the end; expected ${this.format} records of ${size} bytes`);
      return end;
    }
    return p;
  }
}
