// Bytes of a trace file, pulled into the caller's buffer, decompressed on the fly: gzip with Node's
// zlib, xz with xz-decompress (WebAssembly, no native code), zstd with fzstd (plain JavaScript).
// The compressed input is streamed, never read whole; memory is one read buffer plus the
// decompressor's window.
import { createReadStream, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ConfigError } from '../core/errors.ts';
import type { Compression } from './formats.ts';

export interface ByteReader {
  /** Reads up to `len` bytes into buf[off..); resolves to the count, 0 at the end of the input. */
  read(buf: Uint8Array, off: number, len: number): Promise<number>;
  /** Releases the file and the decompressor; safe to call more than once. */
  close(): Promise<void>;
}

const READ_CHUNK = 1 << 20;

function fileError(path: string, e: unknown): ConfigError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (code ?? String(e));
  return new ConfigError(`${path}: cannot read the trace: ${why}`);
}

/**
 * Traces are regular files: they are opened more than once (format detection, then one or two
 * passes), which a FIFO or a device cannot serve (opening a FIFO waits for a writer forever, seeking
 * one fails with ESPIPE). Refused up front; give a file (save the stream to one first).
 */
function assertRegularFile(path: string): void {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw fileError(path, e);
  }
  if (st.isDirectory()) throw fileError(path, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  if (!st.isFile()) {
    const kind = st.isFIFO() ? 'a FIFO (named pipe)' : st.isCharacterDevice() ? 'a character device' : st.isSocket() ? 'a socket' : 'not a regular file';
    throw new ConfigError(`${path}: cannot read the trace: it is ${kind}; a trace is read more than once, so give a regular file (save the stream to a file first)`);
  }
}

async function openFile(path: string): Promise<FileHandle> {
  assertRegularFile(path);
  try {
    const fh = await open(path, 'r');
    if ((await fh.stat()).isDirectory()) {
      await fh.close();
      throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    }
    return fh;
  } catch (e) {
    throw fileError(path, e);
  }
}

/** The compression a file's first bytes announce (magic numbers), or none. */
export function compressionOf(head: Uint8Array): Compression {
  const b = (i: number) => head[i] ?? -1;
  if (b(0) === 0x1f && b(1) === 0x8b) return 'gzip';
  if (b(0) === 0xfd && b(1) === 0x37 && b(2) === 0x7a && b(3) === 0x58 && b(4) === 0x5a && b(5) === 0x00) return 'xz';
  if (b(0) === 0x28 && b(1) === 0xb5 && b(2) === 0x2f && b(3) === 0xfd) return 'zstd';
  return 'none';
}

const EXTENSIONS: Readonly<Record<string, Compression>> = { '.gz': 'gzip', '.gzip': 'gzip', '.xz': 'xz', '.zst': 'zstd', '.zstd': 'zstd' };

/** The compression a file name announces, and the name without that extension. */
export function compressionOfName(path: string): { compression: Compression | undefined; inner: string } {
  const m = /\.(gz|gzip|xz|zst|zstd)$/i.exec(path);
  if (!m) return { compression: undefined, inner: path };
  return { compression: EXTENSIONS[m[0].toLowerCase()], inner: path.slice(0, -m[0].length) };
}

/** Decides the compression: the given one, else the magic bytes (a name that disagrees is an error). */
export async function detectCompression(path: string, given: Compression | 'auto'): Promise<Compression> {
  if (given !== 'auto') return given;
  const fh = await openFile(path);
  const head = new Uint8Array(6);
  try {
    await fh.read(head, 0, 6, 0);
  } finally {
    await fh.close();
  }
  const byMagic = compressionOf(head);
  const byName = compressionOfName(path).compression;
  if (byName !== undefined && byName !== byMagic) {
    throw new ConfigError(`${path}: the name says ${byName} but the content is ${byMagic === 'none' ? 'not compressed' : byMagic}; give --compression to override`);
  }
  return byMagic;
}

class FileReader implements ByteReader {
  private closed = false;
  constructor(private readonly fh: FileHandle) {}
  async read(buf: Uint8Array, off: number, len: number): Promise<number> {
    const { bytesRead } = await this.fh.read(buf, off, len, null);
    return bytesRead;
  }
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fh.close();
  }
}

/** A reader over an async sequence of decompressed chunks. */
class ChunkReader implements ByteReader {
  private current: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private done = false;
  constructor(
    private readonly chunks: AsyncIterator<Uint8Array>,
    private readonly onClose: () => void,
    private readonly describeError: (e: unknown) => Error,
  ) {}
  async read(buf: Uint8Array, off: number, len: number): Promise<number> {
    while (this.pos >= this.current.length) {
      if (this.done) return 0;
      let r: IteratorResult<Uint8Array>;
      try {
        r = await this.chunks.next();
      } catch (e) {
        throw this.describeError(e);
      }
      if (r.done) {
        this.done = true;
        return 0;
      }
      this.current = r.value;
      this.pos = 0;
    }
    const n = Math.min(len, this.current.length - this.pos);
    buf.set(this.current.subarray(this.pos, this.pos + n), off);
    this.pos += n;
    return n;
  }
  async close(): Promise<void> {
    this.done = true;
    this.onClose();
  }
}

function fileChunks(path: string): Readable {
  assertRegularFile(path);
  return createReadStream(path, { highWaterMark: READ_CHUNK });
}

async function* zstdChunks(src: Readable): AsyncGenerator<Uint8Array> {
  const { Decompress } = await import('fzstd');
  const out: Uint8Array[] = [];
  const d = new Decompress((data) => {
    out.push(data);
  });
  for await (const chunk of src) {
    d.push(chunk as Uint8Array);
    while (out.length > 0) yield out.shift()!;
  }
  d.push(new Uint8Array(0), true);
  while (out.length > 0) yield out.shift()!;
}

/** Opens the file for reading, decompressing as it goes. */
export async function openByteReader(path: string, compression: Compression): Promise<ByteReader> {
  if (compression === 'none') return new FileReader(await openFile(path));
  // Fail on a missing file with the same message whatever the compression.
  await (await openFile(path)).close();
  const corrupt = (e: unknown) => (e instanceof ConfigError ? e : new ConfigError(`${path}: ${compression} data is corrupt or truncated (${e instanceof Error ? e.message : String(e)})`));
  const src = fileChunks(path);
  if (compression === 'gzip') {
    const gz = createGunzip({ chunkSize: 1 << 16 });
    src.on('error', (e) => gz.destroy(e));
    src.pipe(gz);
    return new ChunkReader(
      gz[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>,
      () => {
        src.destroy();
        gz.destroy();
      },
      corrupt,
    );
  }
  if (compression === 'xz') {
    const xz = (await import('xz-decompress')) as unknown as { default?: { XzReadableStream: XzCtor }; XzReadableStream?: XzCtor };
    const Xz = xz.XzReadableStream ?? xz.default!.XzReadableStream;
    const web = new Xz(Readable.toWeb(src) as unknown as ReadableStream<Uint8Array>);
    const reader = web.getReader();
    const it: AsyncIterator<Uint8Array> = {
      next: async () => {
        const r = await reader.read();
        return r.done ? { done: true, value: undefined } : { done: false, value: r.value };
      },
    };
    return new ChunkReader(
      it,
      () => {
        reader.cancel().catch(() => undefined);
        src.destroy();
      },
      corrupt,
    );
  }
  const gen = zstdChunks(src);
  return new ChunkReader(
    gen,
    () => {
      src.destroy();
      void gen.return(undefined);
    },
    corrupt,
  );
}

type XzCtor = new (s: ReadableStream<Uint8Array>) => ReadableStream<Uint8Array>;

/** The first `n` bytes of the decompressed content (fewer if the file is shorter). */
export async function readHead(path: string, compression: Compression, n: number): Promise<Uint8Array> {
  const r = await openByteReader(path, compression);
  const buf = new Uint8Array(n);
  let got = 0;
  try {
    for (;;) {
      const k = await r.read(buf, got, n - got);
      if (k === 0) break;
      got += k;
      if (got === n) break;
    }
  } finally {
    await r.close();
  }
  return buf.subarray(0, got);
}
