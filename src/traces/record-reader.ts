// Pulls records out of a trace file: bytes (decompressed as they come) into one reusable buffer,
// the format's decoder over it, records into the caller's sink. A partial record at the end of the
// buffer is moved to the front before the next read; the buffer grows only for a line longer than
// itself. Memory: the buffer, whatever the trace's length.
import { openByteReader, type ByteReader } from './byte-reader.ts';
import { BinaryDecoder } from './binary-decoder.ts';
import { CsvDecoder } from './csv-decoder.ts';
import type { RecordDecoder } from './decoder.ts';
import type { ResolvedTraceFormat } from './formats.ts';
import type { KeyDictionary } from './key-dictionary.ts';
import type { BadRecords, RecordSink } from './record-sink.ts';
import { LineDecoder } from './text-decoder.ts';

/** Read buffer size; tests shrink it to push records across buffer boundaries. */
export const readerConfig = { bufferBytes: 1 << 20 };

export function createDecoder(f: ResolvedTraceFormat, dict: KeyDictionary, bad: BadRecords, file: string): RecordDecoder {
  switch (f.format) {
    case 'txt':
    case 'lirs':
      return new LineDecoder(f.format === 'lirs', dict, bad, file);
    case 'csv':
    case 'twitter':
      return new CsvDecoder(f.csv!, dict, bad, file);
    default:
      return new BinaryDecoder(f.format, dict, bad, file);
  }
}

export class RecordReader {
  private buf = new Uint8Array(readerConfig.bufferBytes);
  private start = 0;
  private end = 0;
  private eof = false;

  private constructor(
    private readonly bytes: ByteReader,
    readonly decoder: RecordDecoder,
  ) {}

  static async open(path: string, f: ResolvedTraceFormat, decoder: RecordDecoder): Promise<RecordReader> {
    return new RecordReader(await openByteReader(path, f.compression), decoder);
  }

  /** True once every record has been read. */
  get finished(): boolean {
    return this.eof && this.start >= this.end;
  }

  /** Adds records to the sink until it is full or the input ends. */
  async fill(sink: RecordSink): Promise<void> {
    const d = this.decoder;
    for (;;) {
      if (this.start < this.end || this.eof) {
        this.start = d.decode(this.buf, this.start, this.end, this.eof, sink);
        if (sink.full || this.eof) return;
      }
      if (this.start > 0) {
        this.buf.copyWithin(0, this.start, this.end);
        d.base += this.start;
        this.end -= this.start;
        this.start = 0;
      }
      if (this.end === this.buf.length) {
        const grown = new Uint8Array(this.buf.length * 2);
        grown.set(this.buf);
        this.buf = grown;
      }
      const k = await this.bytes.read(this.buf, this.end, this.buf.length - this.end);
      if (k === 0) this.eof = true;
      else this.end += k;
    }
  }

  async close(): Promise<void> {
    await this.bytes.close();
  }
}
