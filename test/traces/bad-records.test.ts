// Malformed records stop the run with file:line (text) or byte offset (binary) and what was
// expected, unless skipBadRecords, which counts them, skips them and reports the first.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { traceStats } from '../../src/traces/trace-stats.ts';
import { traceOptions, validateTraceParams, TRACE_DEFAULTS } from '../../src/traces/trace-workload.ts';
import { readTrace, tempDir } from '../helpers/traces.ts';

const dir = tempDir();
function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function failure(path: string, fields: Record<string, unknown>): Promise<ConfigError> {
  const e = await readTrace(path, fields).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ConfigError);
  return e as ConfigError;
}

describe('stopping at the first bad record', () => {
  it('lirs: a non-integer line, with its line number', async () => {
    const p = file('bad.lirs', '1\n2\n*\nthree\n4\n');
    const e = await failure(p, { format: 'lirs' });
    expect(e.message).toBe(`${p}:4: "three" is not a decimal integer; expected one integer key per line (lirs), "*" or a blank line (or pass --skip-bad-records to skip such records)`);
  });

  it('lirs: the line number counts CRLF lines and lines past a gzip stream boundary alike', async () => {
    const p = file('bad.lirs.gz', gzipSync('1\r\n2\r\n\r\n99999999999999999999\r\n'));
    expect((await failure(p, { format: 'lirs' })).message).toMatch(/bad\.lirs\.gz:4: "99999999999999999999" is not a 64-bit integer/);
  });

  it('csv: too few fields, a bad time, a bad size, an empty key', async () => {
    const p = file('bad.csv', 'time,key,size\n1,a,10\n2,b\n');
    expect((await failure(p, { timeColumn: 1, keyColumn: 2, sizeColumn: 3 })).message).toMatch(/bad\.csv:3: 2 fields separated by ","; expected at least 3 \(key in column 2, time in 1, size in 3\)/);
    const q = file('bad2.csv', 'time,key\n1,a\nsoon,b\n');
    expect((await failure(q, { timeColumn: 'time' })).message).toMatch(/bad2\.csv:3: time "soon" in column 1 is not a number/);
    const r = file('bad3.csv', 'key,size\na,10\nb,-1\n');
    expect((await failure(r, { sizeColumn: 'size' })).message).toMatch(/bad3\.csv:3: size "-1" in column 2 is not a non-negative integer/);
    const s = file('bad4.csv', 'k,v\na,1\n,2\n');
    expect((await failure(s, {})).message).toMatch(/bad4\.csv:3: the key in column 1 is empty/);
    const t = file('bad5.csv', 'k,v\n"a,1\n');
    expect((await failure(t, { header: true })).message).toMatch(/bad5\.csv:2: unterminated quoted field/);
  });

  it('binary: a truncated last record, with its byte offset', async () => {
    const b = Buffer.alloc(24 * 2 + 10);
    b.writeBigInt64LE(-1n, 16);
    b.writeBigInt64LE(-1n, 40);
    const p = file('bad.oracleGeneral.bin', b);
    expect((await failure(p, { format: 'oracle-general' })).message).toMatch(
      /bad\.oracleGeneral\.bin: byte offset 48: truncated record: 10 of 24 bytes at the end; expected oracle-general records of 24 bytes/,
    );
    const q = file('bad.cache2k', Buffer.from([0, 0, 0, 1, 0, 0]));
    expect((await failure(q, { format: 'cache2k' })).message).toMatch(/byte offset 4: truncated record: 2 of 4 bytes/);
  });
});

describe('skipBadRecords', () => {
  it('skips, counts and reports them; the good records replay as usual', async () => {
    const p = file('mixed.lirs', '1\nx\n2\n1\ny\n*\n3\n');
    const r = await readTrace(p, { format: 'lirs', skipBadRecords: true });
    expect(r.keys).toEqual([0, 1, 0, 2]);
    expect(r.workload.summary).toContain(`skipped 2 bad records (first: ${p}:2: "x" is not a decimal integer`);
  });

  it('a truncated binary tail is skipped too', async () => {
    const b = Buffer.alloc(8 * 3 + 3);
    [5, 6, 5].forEach((k, i) => b.writeBigInt64BE(BigInt(k), i * 8));
    const r = await readTrace(file('tail.bin64be', b), { format: 'bin64be', skipBadRecords: true });
    expect(r.keys).toEqual([0, 1, 0]);
    expect(r.workload.summary).toMatch(/skipped 1 bad record \(first: .*byte offset 24/);
  });

  it('stats report the skipped records', async () => {
    const p = file('stats.lirs', '1\nx\n2\n');
    const s = await traceStats(traceOptions(validateTraceParams({ ...TRACE_DEFAULTS, path: p, format: 'lirs', skipBadRecords: true }, 't')));
    expect(s.requests).toBe(2);
    expect(s.skippedBadRecords).toBe(1);
    expect(s.firstSkipped).toMatch(/stats\.lirs:2:/);
  });

  it('a trace of bad records only has no requests', async () => {
    const p = file('allbad.lirs', 'a\nb\n');
    expect((await failure(p, { format: 'lirs', skipBadRecords: true })).message).toMatch(/the trace has no requests \(skipped 2 bad records/);
  });
});
