// Traces with operations and TTLs: the Twitter cache-trace format (fixtures twitter-tiny.trace and
// twitter-small.trace, see test/fixtures/traces/README.md) and csv op/ttl columns. Every record's
// key, time, size, op and TTL come out as written, through the decoded (one-pass) and the streamed
// (two-pass) paths alike; bad operations and TTLs stop the run at file:line naming what is allowed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { OP_DELETE, OP_READ, OP_WRITE } from '../../src/core/ops.ts';
import { createChunk } from '../../src/core/chunks.ts';
import type { AnyRequestStream } from '../../src/core/types.ts';
import { decodeConfig, DECODE_MAX_REQUESTS } from '../../src/traces/decoded-trace.ts';
import { readerConfig } from '../../src/traces/record-reader.ts';
import { forgetIndexes } from '../../src/traces/trace-index.ts';
import { opOfName, TRACE_OP_NAMES } from '../../src/traces/trace-ops.ts';
import { traceStats } from '../../src/traces/trace-stats.ts';
import { traceOptions, validateTraceParams } from '../../src/traces/trace-workload.ts';
import { openWorkload, reopenStream } from '../../src/workloads/stream.ts';
import { exportTrace } from '../../src/traces/trace-export.ts';
import { fixture, tempDir, traceWorkload } from '../helpers/traces.ts';

const dir = tempDir();
function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

afterEach(() => {
  decodeConfig.maxRequests = DECODE_MAX_REQUESTS;
  readerConfig.bufferBytes = 1 << 20;
  forgetIndexes();
});

interface Records {
  keys: number[];
  times: number[];
  ops: number[];
  ttls: number[];
  sizes: number[];
  stream: AnyRequestStream;
  summary: string;
}

/** Every record of a trace, read 5 at a time into chunks with ops, TTLs and sizes. */
async function records(path: string, fields: Record<string, unknown> = {}): Promise<Records> {
  const { stream, workload } = await openWorkload(traceWorkload(path, fields), 1);
  const chunk = { ...createChunk(5, true), ops: new Uint8Array(5), ttls: new Float64Array(5) };
  const r: Records = { keys: [], times: [], ops: [], ttls: [], sizes: [], stream, summary: workload.summary ?? '' };
  while (await stream.nextChunk(chunk)) {
    for (let i = 0; i < chunk.length; i++) {
      r.keys.push(chunk.keys[i]!);
      r.times.push(chunk.times[i]!);
      r.ops.push(chunk.ops[i]!);
      r.ttls.push(chunk.ttls[i]!);
      r.sizes.push(chunk.sizes![i]!);
    }
  }
  return r;
}

async function failure(path: string, fields: Record<string, unknown>): Promise<string> {
  const e = await records(path, fields).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ConfigError);
  return (e as ConfigError).message;
}

// twitter-tiny.trace, by hand: keys k1, k2, k3 are ids 0, 1, 2 (ascending key order).
const R = OP_READ;
const W = OP_WRITE;
const D = OP_DELETE;
const TINY = {
  keys: [0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 2, 0],
  times: [0, 1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13].map((s) => s * 1000),
  ops: [R, R, W, R, W, R, R, R, R, D, R, R],
  ttls: [0, 0, 5000, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  // key size + value size (2 + 10, 2 + 20, 2 + 30), as libCacheSim's twitter reader sizes objects
  sizes: [12, 12, 22, 22, 12, 12, 22, 22, 32, 32, 32, 12],
};

describe('the twitter format', () => {
  it('is detected from the content, and reads keys, times (s), ops, TTLs (s -> ms) and sizes (key + value)', async () => {
    const r = await records(fixture('twitter-tiny.trace'));
    expect(r.summary).toMatch(/\(twitter, times in s, ops and TTLs \(s\), detected from its content\): 3 distinct keys/);
    expect(r.stream.hasOps).toBe(true);
    expect(r.stream.hasTtls).toBe(true);
    expect({ keys: r.keys, times: r.times, ops: r.ops, ttls: r.ttls, sizes: r.sizes }).toEqual(TINY);
  });

  it('the streamed path (a trace too long to decode in memory) and a tiny read buffer give the same records', async () => {
    const decoded = await records(fixture('twitter-small.trace'));
    forgetIndexes();
    decodeConfig.maxRequests = 10;
    readerConfig.bufferBytes = 64;
    const streamed = await records(fixture('twitter-small.trace'), { format: 'twitter' });
    expect(streamed.ops).toEqual(decoded.ops);
    expect(streamed.ttls).toEqual(decoded.ttls);
    expect(streamed.keys).toEqual(decoded.keys);
    expect(streamed.times).toEqual(decoded.times);
    expect(streamed.sizes).toEqual(decoded.sizes);
    expect(decoded.keys).toHaveLength(400);
  });

  it('twitter-small.trace: every record as the file says (checked against a plain split of its lines)', async () => {
    const lines = readFileSync(fixture('twitter-small.trace'), 'utf8').trim().split('\n');
    const fields = lines.map((l) => l.split(','));
    const keys = [...new Set(fields.map((f) => f[1]!))].sort();
    const r = await records(fixture('twitter-small.trace'));
    expect(r.keys).toEqual(fields.map((f) => keys.indexOf(f[1]!)));
    expect(r.times).toEqual(fields.map((f) => Number(f[0]) * 1000));
    expect(r.sizes).toEqual(fields.map((f) => Number(f[2]) + Number(f[3])));
    expect(r.ttls).toEqual(fields.map((f) => Number(f[6]) * 1000));
    const code = new Map(TRACE_OP_NAMES);
    expect(r.ops).toEqual(fields.map((f) => code.get(f[5]!)));
    // The fixture holds every operation name of the format.
    expect(new Set(fields.map((f) => f[5]))).toEqual(new Set(['get', 'gets', 'set', 'add', 'replace', 'cas', 'append', 'prepend', 'incr', 'decr', 'delete']));
  });

  it('op names: the twitter commands and the generic ones, any case; anything else is not an op', () => {
    expect(['get', 'gets', 'GET', 'Read'].map(opOfName)).toEqual([R, R, R, R]);
    expect(['set', 'add', 'replace', 'cas', 'append', 'prepend', 'incr', 'decr', 'write', 'update', 'SET'].map(opOfName)).toEqual(Array(11).fill(W));
    expect(['delete', 'del', 'DELETE'].map(opOfName)).toEqual([D, D, D]);
    expect(['', 'gett', 'getx', 'remove', 'touch', 'g'].map(opOfName)).toEqual(Array(6).fill(-1));
  });

  it('a bad operation stops at file:line listing the allowed names; --skip-bad-records counts it', async () => {
    const p = file('bad-op.trace', '0,a,1,1,1,get,0\n1,a,1,1,1,set,10\n2,a,1,1,1,touch,0\n3,a,1,1,1,get,0\n');
    expect(await failure(p, { format: 'twitter' })).toBe(
      `${p}:3: operation "touch" in column 6 is not one of get, gets, read (reads); set, add, replace, cas, append, prepend, incr, decr, write, update (writes); delete, del (deletes) (or pass --skip-bad-records to skip such records)`,
    );
    const r = await records(p, { format: 'twitter', skipBadRecords: true });
    expect(r.ops).toEqual([R, W, R]);
    expect(r.summary).toMatch(/skipped 1 bad record \(first: .*bad-op\.trace:3: operation "touch"/);
  });

  it('a bad TTL or size stops at file:line', async () => {
    const p = file('bad-ttl.trace', '0,a,1,1,1,get,0\n1,a,1,1,1,set,-5\n');
    expect(await failure(p, { format: 'twitter' })).toMatch(/bad-ttl\.trace:2: ttl "-5" in column 7 is not a non-negative number \(0 or empty: no TTL\)/);
    const q = file('bad-size.trace', '0,a,1,x,1,get,0\n');
    expect(await failure(q, { format: 'twitter' })).toMatch(/bad-size\.trace:1: value size "x" in column 4 is not a non-negative integer/);
    const s = file('short.trace', '0,a,1,1,1,get,0\n1,a,1,1,1,get\n');
    expect(await failure(s, { format: 'twitter' })).toMatch(
      /short\.trace:2: 6 fields separated by ","; expected at least 7 \(key in column 2, time in 1, size in 3, value size in 4, op in 6, ttl in 7\)/,
    );
  });

  it('detection: 7 fields without an op in the 6th stay csv; csv-only flags are refused on a twitter trace', async () => {
    const p = file('seven.txt', '0,a,1,1,1,2,0\n1,b,1,1,1,3,0\n');
    expect((await records(p)).summary).toMatch(/\(csv, /);
    await expect(records(fixture('twitter-tiny.trace'), { opColumn: 6 })).rejects.toThrow(
      /--op-column applies to csv traces only; .*twitter-tiny\.trace is read as twitter \(detected from its content; give --trace-format csv to read it as csv\)/,
    );
    await expect(records(fixture('twitter-tiny.trace'), { ttlUnit: 'ms' })).rejects.toThrow(/--ttl-unit applies to csv traces only/);
  });
});

describe('csv op and ttl columns', () => {
  it('found by their header names; TTLs in the time unit unless the header says (ttl_ms)', async () => {
    const p = file('ops.csv', 'time,key,operation,ttl\n0,a,get,0\n2,b,SET,30\n3,a,update,\n4,b,del,0\n');
    const r = await records(p);
    expect(r.summary).toMatch(/op column 3 \(operation\), ttl column 4 \(ttl\) \(s\)/);
    expect(r.ops).toEqual([R, W, W, D]);
    expect(r.ttls).toEqual([0, 30_000, 0, 0]);
    const q = file('ops-ms.csv', 'time_ms,key,op,ttl_ms\n0,a,read,0\n2,b,write,1500\n');
    const m = await records(q);
    expect(m.ttls).toEqual([0, 1500]);
    expect(m.times).toEqual([0, 2]);
    // --ttl-unit wins over the header and the time unit.
    expect((await records(p, { ttlUnit: 'ms' })).ttls).toEqual([0, 30, 0, 0]);
    // No time column: TTLs in seconds.
    const n = file('ops-notime.csv', 'key,op,ttl\na,get,0\na,set,2\n');
    expect((await records(n)).ttls).toEqual([0, 2000]);
  });

  it('by number without a header (--op-column, --ttl-column)', async () => {
    const p = file('plain.csv', 'a,1,get,7\nb,2,set,9\n');
    const r = await records(p, { keyColumn: 1, timeColumn: 2, opColumn: 3, ttlColumn: 4, timeUnit: 'ms' });
    expect(r.ops).toEqual([R, W]);
    expect(r.ttls).toEqual([7, 9]);
    expect(r.stream.hasOps && r.stream.hasTtls).toBe(true);
  });

  it('a csv without op or ttl columns has neither (every record a read)', async () => {
    const r = await records(file('keys.csv', 'key,time\na,1\nb,2\n'));
    expect(r.stream.hasOps).toBe(false);
    expect(r.stream.hasTtls).toBe(false);
  });

  it('bad columns and units are refused saying what is allowed', async () => {
    const p = file('cols.csv', 'key,op\na,get\n');
    await expect(records(p, { ttlUnit: 's' })).rejects.toThrow(/--ttl-unit: .*cols\.csv has no ttl column \(give --ttl-column, or a header named ttl\)/);
    await expect(records(p, { opColumn: 'verb' })).rejects.toThrow(/--op-column "verb": no such column in the header of .*cols\.csv; columns: key, op/);
    await expect(records(p, { opColumn: 1 })).rejects.toThrow(/the op column 1 is also the key column/);
    expect(() => validateTraceParams({ path: 'x', ttlUnit: 'h' }, 'w.json')).toThrow(/ttlUnit/);
    const b = file('badop.csv', 'key,op\na,get\nb,fetch\n');
    expect(await failure(b, { opColumn: 'op' })).toMatch(/badop\.csv:3: operation "fetch" in column 2 is not one of get, gets, read \(reads\)/);
  });

  it('a header named op whose values are not operations stays an ordinary column (libCacheSim csv: op "2a")', async () => {
    const r = await records(fixture('seq.csv'));
    expect(r.stream.hasOps).toBe(false);
    expect(r.summary).not.toMatch(/op column/);
    // Nine good operations and one bad: the op column, and the bad one a bad record at its line.
    const p = file('mostly.csv', `key,time,op\n${Array.from({ length: 9 }, (_, i) => `k${i},${i},get`).join('\n')}\nk9,9,fetch\n`);
    expect(await failure(p, {})).toMatch(/mostly\.csv:11: operation "fetch"/);
  });
});

describe('trace stats', () => {
  it('twitter-tiny.trace: the op mix and the TTLs, counted by hand', async () => {
    const s = await traceStats(traceOptions(validateTraceParams({ path: fixture('twitter-tiny.trace') }, 'test')));
    expect(s.ops).toEqual({ reads: 9, writes: 2, deletes: 1 });
    expect(s.ttls).toEqual({ records: 1, writes: 1, minMs: 5000, p50Ms: 5000, p99Ms: 5000, maxMs: 5000, distinct: 1, common: [{ ms: 5000, records: 1 }] });
  });

  it('twitter-small.trace: op and TTL counts equal a plain count of its lines', async () => {
    const fields = readFileSync(fixture('twitter-small.trace'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const code = new Map(TRACE_OP_NAMES);
    const count = (op: number) => fields.filter((f) => code.get(f[5]!) === op).length;
    const ttls = fields
      .map((f) => Number(f[6]) * 1000)
      .filter((t) => t > 0)
      .sort((a, b) => a - b);
    const s = await traceStats(traceOptions(validateTraceParams({ path: fixture('twitter-small.trace') }, 'test')));
    expect(s.ops).toEqual({ reads: count(R), writes: count(W), deletes: count(D) });
    expect(s.ttls!.records).toBe(ttls.length);
    expect(s.ttls!.writes).toBe(fields.filter((f) => code.get(f[5]!) === W && Number(f[6]) > 0).length);
    expect(s.ttls!.p50Ms).toBe(ttls[Math.ceil(ttls.length * 0.5) - 1]);
    expect([s.ttls!.minMs, s.ttls!.maxMs]).toEqual([ttls[0], ttls[ttls.length - 1]]);
  });

  it('a trace without ops or TTLs shows neither', async () => {
    const s = await traceStats(traceOptions(validateTraceParams({ path: fixture('seq.csv') }, 'test')));
    expect(s.ops).toBeUndefined();
    expect(s.ttls).toBeUndefined();
  });
});

describe('trace export', () => {
  it('csv keeps the ops and TTLs (op and ttl_<unit> columns), and reading it back gives the same records', async () => {
    const out = join(dir, 'tiny-export.csv');
    await exportTrace(() => reopenStream(traceWorkload(fixture('twitter-small.trace')), 1), { format: 'csv', output: out, timeUnit: 's' });
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('key,time_s,op,ttl_s');
    const back = await records(out);
    const orig = await records(fixture('twitter-small.trace'));
    expect(back.ops).toEqual(orig.ops);
    expect(back.ttls).toEqual(orig.ttls);
    expect(back.times).toEqual(orig.times);
    expect(back.keys).toEqual(orig.keys);
  });

  it('txt and oracle-general refuse a trace with ops and TTLs (they would become reads), naming csv', async () => {
    for (const format of ['txt', 'oracle-general'] as const) {
      const out = join(dir, `refused.${format}`);
      await expect(exportTrace(() => reopenStream(traceWorkload(fixture('twitter-tiny.trace')), 1), { format, output: out })).rejects.toThrow(
        new RegExp(`--to ${format}: the trace has operations \\(writes, deletes\\) and TTLs, which a ${format} trace cannot hold .*export it --to csv`),
      );
      expect(existsSync(out)).toBe(false);
    }
  });
});
