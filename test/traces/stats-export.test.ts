// `trace stats` figures on the fixture, and export round trips: a stream exported then read back is
// the same stream (the same ids; for a synthetic stream, its keys renumbered in ascending order).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportTrace } from '../../src/traces/trace-export.ts';
import { traceStats } from '../../src/traces/trace-stats.ts';
import { defaultTraceOptions } from '../../src/traces/formats.ts';
import { openStream, openWorkload, reopenStream } from '../../src/workloads/stream.ts';
import { validateWorkload } from '../../src/workloads/workload-config.ts';
import { SEQ, SEQ_IDS } from '../fixtures/traces/seq.ts';
import { fixture, readStream, readTrace, tempDir, traceWorkload } from '../helpers/traces.ts';

describe('trace stats', () => {
  it.each(['seq.txt', 'seq.csv.zst', 'seq.oracle.bin'])('%s', async (name) => {
    const s = await traceStats(defaultTraceOptions(fixture(name)));
    expect(s).toMatchObject({
      requests: 18,
      distinctKeys: 9,
      oneHitWonders: 5, // 0, 1, 2, 42, 99
      top1PercentKeys: 1,
      top1PercentShare: 5 / 18, // key 5
      top10PercentKeys: 1,
      top10PercentShare: 5 / 18,
      unboundedHitRatio: 0.5,
      maxKeyRequests: 5,
      skippedBadRecords: 0,
    });
    if (name === 'seq.txt') expect(s.firstTime).toBeUndefined();
    else expect([s.firstTime, s.lastTime, s.timeUnit]).toEqual([100, 111, 's']);
  });

  it('top shares on a larger skewed stream', async () => {
    const dir = tempDir();
    const path = join(dir, 'skew.txt');
    const w = validateWorkload('z', { workload: 'zipf', keys: 1000, alpha: 1.2, scramble: false, requests: 20_000 }, 'z');
    await exportTrace(() => openStream(w, 3), { format: 'txt', output: path });
    const keys = readFileSync(path, 'latin1').trim().split('\n').map(Number);
    const counts = new Map<number, number>();
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const top = (f: number) => sorted.slice(0, Math.max(1, Math.ceil(counts.size * f))).reduce((a, b) => a + b, 0) / keys.length;
    const s = await traceStats(defaultTraceOptions(path));
    expect(s.distinctKeys).toBe(counts.size);
    expect(s.oneHitWonders).toBe(sorted.filter((c) => c === 1).length);
    expect(s.top1PercentShare).toBeCloseTo(top(0.01), 12);
    expect(s.top10PercentShare).toBeCloseTo(top(0.1), 12);
  });
});

describe('trace export', () => {
  const dir = tempDir();

  it.each(['txt', 'csv', 'oracle-general'] as const)('a trace exported as %s reads back as the same stream', async (format) => {
    const original = await readTrace(fixture('seq.csv'));
    const out = join(dir, `seq-out.${format}`);
    const done = await exportTrace(() => reopenStream(traceWorkload(fixture('seq.csv')), 1), { format, output: out });
    expect(done.requests).toBe(SEQ.length);
    const back = await readTrace(out, { format });
    expect(back.keys).toEqual(SEQ_IDS);
    expect(back.sourceKeys).toBe(original.sourceKeys);
    if (format !== 'txt') expect(back.times).toEqual(original.times);
  });

  it('a synthetic stream exported as csv reads back with its keys renumbered in ascending order and its times', async () => {
    const w = validateWorkload('z', { workload: 'zipf', keys: 500, alpha: 0.9, requests: 3000, arrival: 'poisson', rate: 1000, absentRatio: 0.1 }, 'z');
    const original = await readStream(openStream(w, 5));
    const out = join(dir, 'zipf.csv');
    await exportTrace(() => openStream(w, 5), { format: 'csv', output: out });
    const back = await readTrace(out);
    const rank = new Map([...new Set(original.keys)].sort((a, b) => a - b).map((k, i) => [k, i]));
    expect(back.keys).toEqual(original.keys.map((k) => rank.get(k)));
    expect(back.times).toEqual(original.times.map((t) => t - original.times[0]!));
  });

  it('oracle-general records carry libCacheSim next-access fields (1-based index of the next request, -1 if none)', async () => {
    const out = join(dir, 'seq.oracle.bin');
    await exportTrace(() => reopenStream(traceWorkload(fixture('seq.txt')), 1), { format: 'oracle-general', output: out });
    const b = readFileSync(out);
    expect(b.length).toBe(SEQ.length * 24);
    SEQ_IDS.forEach((k, i) => {
      const next = SEQ_IDS.indexOf(k, i + 1);
      expect(b.readBigUInt64LE(i * 24 + 4)).toBe(BigInt(k));
      expect(b.readUInt32LE(i * 24 + 12)).toBe(1);
      expect(b.readBigInt64LE(i * 24 + 16)).toBe(next < 0 ? -1n : BigInt(next + 1));
    });
  });

  it('a failed export leaves neither the file nor a temporary one', async () => {
    const sub = join(tempDir(), 'x');
    const out = join(sub, 'big.oracleGeneral.bin');
    // Times in ns overflow oracle-general's uint32 time field: the export stops half way.
    const w = validateWorkload('z', { workload: 'uniform', keys: 10, requests: 200_000, arrival: 'constant', rate: 10 }, 'z');
    await expect(exportTrace(() => openStream(w, 1), { format: 'oracle-general', output: out, timeUnit: 'ns' })).rejects.toThrow(/does not fit oracle-general's uint32 time field/);
    expect(readdirSync(sub)).toEqual([]);
  });

  it('exports go through openWorkload for traces (the same path bench takes)', async () => {
    const { stream } = await openWorkload(traceWorkload(fixture('seq.cache2k.xz')), 1);
    expect((await readStream(stream)).keys).toEqual(SEQ_IDS);
  });
});
