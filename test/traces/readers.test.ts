// Every trace format reads the fixture stream exactly, plain and compressed; auto detection finds
// each format; keys become ids in ascending key order; times come from the trace or the clock.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { readerConfig } from '../../src/traces/record-reader.ts';
import { forgetIndexes } from '../../src/traces/trace-index.ts';
import { SEQ, SEQ_IDS, SEQ_TIMES } from '../fixtures/traces/seq.ts';
import { fixture, readTrace, tempDir } from '../helpers/traces.ts';

const FILES: readonly [string, string, boolean][] = [
  // file, format, has times
  ['seq.txt', 'txt', false],
  ['seq.txt.gz', 'txt', false],
  ['seq.lirs', 'lirs', false],
  ['seq.lirs.xz', 'lirs', false],
  ['seq.csv', 'csv', true],
  ['seq.csv.zst', 'csv', true],
  ['seq.oracle.bin', 'oracle-general', true],
  ['seq.oracle.bin.zst', 'oracle-general', true],
  ['seq.cache2k', 'cache2k', false],
  ['seq.cache2k.xz', 'cache2k', false],
  ['seq.bin64be', 'bin64be', false],
  ['seq.bin64be.gz', 'bin64be', false],
];

/** SEQ_TIMES as the stream gives them: ms from the first, never going back. */
const EXPECTED_TIMES = (() => {
  let last = 0;
  return SEQ_TIMES.map((t) => (last = Math.max(last, (t - SEQ_TIMES[0]!) * 1000)));
})();

afterEach(() => {
  readerConfig.bufferBytes = 1 << 20;
});

describe.each(FILES)('%s', (file, format, hasTimes) => {
  it(`reads as ${format}, keys as ids in ascending key order${hasTimes ? ', times from the trace' : ''}`, async () => {
    const explicit = await readTrace(fixture(file), { format });
    expect(explicit.keys).toEqual(SEQ_IDS);
    expect(explicit.sourceKeys).toBe(new Set(SEQ).size);
    expect(explicit.keySpace).toBe(explicit.sourceKeys);
    expect(explicit.requests).toBe(SEQ.length);
    if (hasTimes) {
      expect(explicit.times).toEqual(EXPECTED_TIMES);
      expect(explicit.workload.clock).toBe('trace timestamps (s)');
    } else {
      // No timestamps: the workload's clock (constant arrivals at `rate`, 10,000/s by default).
      expect(explicit.times).toEqual(SEQ.map((_, i) => i * 0.1));
      expect(explicit.workload.clock).toBeUndefined();
    }
  });

  it('auto detection gives the same stream', async () => {
    const auto = await readTrace(fixture(file));
    expect(auto.keys).toEqual(SEQ_IDS);
    expect(auto.workload.summary).toContain(format === 'lirs' ? 'lirs' : format);
  });

  it('records crossing read-buffer boundaries (a 7-byte buffer) read the same', async () => {
    readerConfig.bufferBytes = 7;
    forgetIndexes(); // the first pass too
    expect((await readTrace(fixture(file), { format })).keys).toEqual(SEQ_IDS);
  });
});

describe('keys', () => {
  it('txt: canonical integers are integer keys, other lines string keys ("007" is not 7); integers sort first', async () => {
    const dir = tempDir();
    const path = join(dir, 'keys.txt');
    writeFileSync(path, ['7', '007', 'apple', '-3', '  7  ', '18446744073709551616', '9007199254740993', 'Apple', '7\r', 'apple'].join('\n'));
    const r = await readTrace(path, { format: 'txt' });
    // integers: -3 < 7 < 9007199254740993 (exact, beyond 2^53); strings byte-wise: "007" < "18446744073709551616" (beyond int64) < "Apple" < "apple"
    expect(r.keys).toEqual([1, 3, 6, 0, 1, 4, 2, 5, 1, 6]);
    expect(r.sourceKeys).toBe(7);
  });

  it('lirs: any decimal integer, leading zeros and signs allowed; 64-bit keys exact', async () => {
    const dir = tempDir();
    const path = join(dir, 'keys.lirs');
    writeFileSync(path, ['007', '7', '+7', '-1', '9223372036854775807', '-9223372036854775808', '4294967296', '4294967295', '*', ''].join('\n'));
    const r = await readTrace(path, { format: 'lirs' });
    // ascending: -2^63, -1, 7, 2^32-1, 2^32, 2^63-1
    expect(r.keys).toEqual([2, 2, 2, 1, 5, 0, 4, 3]);
  });

  it('csv: string keys, quoted fields with delimiters inside, whitespace trimmed', async () => {
    const dir = tempDir();
    const path = join(dir, 'keys.csv');
    writeFileSync(path, 'key,time\n"a,b", 1\nb,2\n"a,b",3\n 10 ,4\n');
    const r = await readTrace(path, { format: 'csv', keyColumn: 'key', timeColumn: 'time', timeUnit: 'ms' });
    expect(r.keys).toEqual([1, 2, 1, 0]);
    expect(r.times).toEqual([0, 1, 2, 3]);
  });

  it('cache2k: negative keys sort before positive ones', async () => {
    const dir = tempDir();
    const path = join(dir, 'neg.cache2k');
    const b = Buffer.alloc(16);
    [-5, 3, -5, 2147483647].forEach((k, i) => b.writeInt32BE(k, i * 4));
    writeFileSync(path, b);
    expect((await readTrace(path, { format: 'cache2k' })).keys).toEqual([0, 1, 0, 2]);
  });

  it('the requests field reads only the start of the trace (and counts only its keys)', async () => {
    const r = await readTrace(fixture('seq.txt'), { requests: 5 });
    expect(r.requests).toBe(5);
    expect(r.sourceKeys).toBe(new Set(SEQ.slice(0, 5)).size);
    expect(r.keys).toEqual([1, 0, 1, 2, 0]); // 5 3 5 70000 3: ids among {3, 5, 70000}
  });

  it('absentRatio moves a share of requests to absent keys, as for synthetic workloads', async () => {
    const r = await readTrace(fixture('seq.txt'), { absentRatio: 0.5 });
    expect(r.keySpace).toBe(2 * r.sourceKeys);
    expect(r.keys.some((k) => k >= r.sourceKeys)).toBe(true);
    expect(r.keys.map((k) => k % r.sourceKeys)).toEqual(SEQ_IDS);
  });

  it('csv time units: a header suffix (time_ms) or timeUnit', async () => {
    const dir = tempDir();
    const path = join(dir, 't.csv');
    writeFileSync(path, 'key,time_us\n1,1000\n2,2500\n');
    expect((await readTrace(path)).times).toEqual([0, 1.5]);
    expect((await readTrace(path, { timeUnit: 'ns' })).times).toEqual([0, 0.0015]);
  });

  it('a gzip file made of several members reads whole', async () => {
    const dir = tempDir();
    const path = join(dir, 'multi.txt.gz');
    writeFileSync(path, Buffer.concat([gzipSync('1\n2\n'), gzipSync('3\n1\n')]));
    expect((await readTrace(path)).keys).toEqual([0, 1, 2, 0]);
  });
});
