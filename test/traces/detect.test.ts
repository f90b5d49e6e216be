// Auto detection: compression from magic bytes, format from content (names are neutral here) and
// from names, CSV delimiter / header / columns; and the errors when it cannot tell.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { resolveTraceFormat } from '../../src/traces/detect-format.ts';
import { defaultTraceOptions, type TraceOptions } from '../../src/traces/formats.ts';
import { readTrace, tempDir } from '../helpers/traces.ts';

const dir = tempDir();
function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}
const detect = (path: string, o: Partial<TraceOptions> = {}) => resolveTraceFormat({ ...defaultTraceOptions(path), ...o });

/** A skewed key sequence with many repeats. */
function skewed(n: number, seed = 7): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return Math.floor(Math.pow((x / 2 ** 32) * 30, 2));
  });
}

describe('binary formats from content alone', () => {
  const keys = skewed(3000);
  it('oracle-general: 24-byte records whose next-access fields are consistent', async () => {
    const b = Buffer.alloc(keys.length * 24);
    keys.forEach((k, i) => {
      const next = keys.indexOf(k, i + 1);
      b.writeUInt32LE(1000 + i, i * 24);
      b.writeBigUInt64LE(BigInt(k) * 1_000_003n, i * 24 + 4);
      b.writeUInt32LE(4096, i * 24 + 12);
      b.writeBigInt64LE(next < 0 ? -1n : BigInt(next + 1), i * 24 + 16);
    });
    expect((await detect(file('a.bin', b))).format).toBe('oracle-general');
  });

  it('cache2k: 4-byte keys repeat at odd and even distances', async () => {
    const b = Buffer.alloc(keys.length * 4);
    keys.forEach((k, i) => b.writeInt32BE(k * 7919 + 123, i * 4));
    expect((await detect(file('b.bin', b))).format).toBe('cache2k');
  });

  it('bin64be: 8-byte keys, small or large, repeat only at even word distances', async () => {
    const small = Buffer.alloc(keys.length * 8);
    const large = Buffer.alloc(keys.length * 8);
    keys.forEach((k, i) => {
      small.writeBigInt64BE(BigInt(k), i * 8);
      large.writeBigInt64BE(BigInt(k) * 0x9e3779b97f4a7n + 0x1234567n, i * 8);
    });
    expect((await detect(file('c.bin', small))).format).toBe('bin64be');
    expect((await detect(file('d.bin', large))).format).toBe('bin64be');
  });

  it('a file of 4-byte records that is not a multiple of 8 bytes is cache2k', async () => {
    const b = Buffer.alloc(12);
    [1, 2, 3].forEach((k, i) => b.writeInt32BE(k, i * 4));
    expect((await detect(file('e.bin', b))).format).toBe('cache2k');
  });

  it('ambiguous binary content asks for --trace-format', async () => {
    await expect(detect(file('f.bin', Buffer.from([0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4])))).rejects.toThrow(/cannot tell the trace format.*--trace-format/);
  });
});

describe('text formats', () => {
  it('integers only: txt; with "*" or blank lines: lirs; other text: txt', async () => {
    expect((await detect(file('g', '1\n2\n3\n'))).format).toBe('txt');
    expect((await detect(file('h', '1\n*\n2\n\n3\n'))).format).toBe('lirs');
    expect((await detect(file('i', 'user:1\nuser:2\n'))).format).toBe('txt');
  });

  it('delimited columns: csv, with the delimiter, header and columns found', async () => {
    const tsv = await detect(file('j', 'ts\tobj_id\tsize\n1\t10\t5\n2\t11\t5\n'));
    expect(tsv.format).toBe('csv');
    expect(tsv.csv).toMatchObject({ delimiter: 9, header: true, keyField: 1, timeField: 0, sizeField: 2 });
    const semi = await detect(file('k', '5;a\n6;b\n'));
    expect(semi.csv).toMatchObject({ delimiter: 59, header: false, keyField: 0, timeField: -1, sizeField: -1 });
    const spaces = await detect(file('l', 'time key\n1   10\n2   11\n'));
    expect(spaces.csv).toMatchObject({ delimiter: 32, header: true, keyField: 1, timeField: 0 });
  });

  it('a .csv name reads as csv even with one column', async () => {
    expect((await detect(file('m.csv', '1\n2\n'))).format).toBe('csv');
  });

  it('columns by name or number; an unknown name lists the columns', async () => {
    const p = file('n.csv', 'a,b,c\n1,2,3\n');
    expect((await detect(p, { keyColumn: 'c' })).csv!.keyField).toBe(2);
    expect((await detect(p, { keyColumn: 2, header: true })).csv!.keyField).toBe(1);
    await expect(detect(p, { keyColumn: 'z' })).rejects.toThrow(/--key-column "z": no such column .*columns: a, b, c/);
    await expect(detect(p, { keyColumn: 9 })).rejects.toThrow(/--key-column 9: .* has 3 columns/);
    await expect(detect(file('o.csv', '1,2\n3,4\n'), { keyColumn: 'x', header: false })).rejects.toThrow(/needs a header line/);
  });

  it('csv options on a trace that is not csv are an error', async () => {
    await expect(detect(file('p', '1\n2\n'), { keyColumn: 2 })).rejects.toThrow(/--key-column applies to csv traces only/);
  });
});

describe('compression', () => {
  it('comes from the magic bytes, whatever the name', async () => {
    const f = await detect(file('q.dat', gzipSync('4\n5\n')));
    expect(f.compression).toBe('gzip');
    expect(f.format).toBe('txt');
  });

  it('a name that says .gz over content that is not gzip is an error', async () => {
    await expect(detect(file('r.txt.gz', '1\n'))).rejects.toThrow(/the name says gzip but the content is not compressed/);
  });

  it('corrupt compressed data is a ConfigError naming the file', async () => {
    const good = gzipSync('1\n2\n3\n'.repeat(100));
    const bad = file('s.gz', Buffer.concat([good.subarray(0, 20), Buffer.alloc(30, 0x55)]));
    const err = await readTrace(bad, { format: 'txt' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/s\.gz: gzip data is corrupt or truncated/);
  });
});

describe('files', () => {
  it('a missing file, a folder, an empty file: one clear line each', async () => {
    await expect(readTrace(join(dir, 'nope.txt'))).rejects.toThrow(/nope\.txt: cannot read the trace: no such file/);
    await expect(readTrace(dir)).rejects.toThrow(/cannot read the trace: is a directory/);
    await expect(readTrace(file('empty', ''))).rejects.toThrow(/cannot tell the trace format \(the file is empty\)/);
    await expect(readTrace(file('blank.txt', '\n\n'), { format: 'txt' })).rejects.toThrow(/the trace has no requests/);
  });
});
