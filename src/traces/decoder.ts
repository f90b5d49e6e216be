// What every format's decoder does: turn bytes into records, in place, resumably. The reader hands
// it a buffer window; it decodes whole records until the sink is full or the window holds no whole
// record, and says how far it got. It never keeps a reference to the buffer between calls.
import type { RecordSink } from './record-sink.ts';

export interface RecordDecoder {
  /**
   * Decodes whole records from buf[pos, end) into the sink, stopping when it is full. With `eof`,
   * the window ends the input, so a last record without its terminator is decoded too (and a
   * truncated binary record is a bad record). Returns the position after the last byte consumed.
   */
  decode(buf: Uint8Array, pos: number, end: number, eof: boolean, sink: RecordSink): number;
  /** Byte offset in the (decompressed) input of buf[0]; the reader keeps it current. */
  base: number;
  /** Whether records carry timestamps. */
  readonly hasTimes: boolean;
  /** Whether records carry object sizes. */
  readonly hasSizes: boolean;
  /** Whether records carry operations (sink.ops) and TTLs (sink.ttls, ms). */
  readonly hasOps?: boolean;
  readonly hasTtls?: boolean;
}
