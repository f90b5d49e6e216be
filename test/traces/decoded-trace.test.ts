// A trace is read once: its first pass decodes every request, and replay comes from memory. The
// decoded replay gives exactly the requests of the two-pass replay (kept for traces too long to hold),
// absent keys and Poisson clock included, and never opens the file again.
import { copyFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeConfig, DECODE_MAX_REQUESTS, DecodedTraceStream } from '../../src/traces/decoded-trace.ts';
import { forgetIndexes, scanTrace } from '../../src/traces/trace-index.ts';
import { TraceStream } from '../../src/traces/trace-stream.ts';
import { TRACE_DEFAULTS, traceOptions, validateTraceParams } from '../../src/traces/trace-workload.ts';
import { loadWorkload, openWorkload } from '../../src/workloads/stream.ts';
import { main } from '../../src/cli/main.ts';
import { captureStdio, resetCaptured, stderr } from '../helpers/cli.ts';
import { SEQ, SEQ_IDS } from '../fixtures/traces/seq.ts';
import { fixture, readStream, tempDir, traceWorkload } from '../helpers/traces.ts';

captureStdio();

afterEach(() => {
  decodeConfig.maxRequests = DECODE_MAX_REQUESTS;
  forgetIndexes();
});

const options = (path: string) => traceOptions(validateTraceParams({ ...TRACE_DEFAULTS, path }, 'test'));

describe.each(['seq.txt.gz', 'seq.csv', 'seq.oracle.bin.zst', 'seq.bin64be'])('%s', (file) => {
  it.each([[{ absentRatio: 0, arrival: 'constant', rate: 10_000 }], [{ absentRatio: 0.3, arrival: 'poisson', rate: 777 }]] as const)('decoded replay = two-pass replay (%j)', async (common) => {
    const decoded = await scanTrace(options(fixture(file)), undefined, true, true);
    const streamed = await scanTrace(options(fixture(file)), undefined, true, false);
    expect(decoded.decoded?.ids.length).toBe(SEQ.length);
    expect(streamed.decoded).toBeUndefined();
    const a = await readStream(new DecodedTraceStream(decoded.decoded!, common, 9), 4);
    const b = await readStream(new TraceStream(streamed, common, 9), 7);
    expect(a).toEqual(b);
    if (common.absentRatio === 0) expect(a.keys).toEqual(SEQ_IDS);
    else expect(a.keys.some((k) => k >= a.sourceKeys)).toBe(true);
  });
});

describe('one pass', () => {
  it('a trace longer than the first arrays (150,000 lines, size unknown: grown as read) decodes exactly', async () => {
    const path = join(tempDir(), 'long.txt');
    writeFileSync(path, `${Array.from({ length: 150_000 }, (_, i) => String((i * 7919) % 50_021)).join('\n')}\n`);
    const decoded = await scanTrace(options(path), undefined, true, true);
    const streamed = await scanTrace(options(path), undefined, true, false);
    expect(decoded.decoded?.ids.length).toBe(150_000);
    const common = { absentRatio: 0, arrival: 'constant', rate: 1000 } as const;
    expect(await readStream(new DecodedTraceStream(decoded.decoded!, common, 1), 4096)).toEqual(await readStream(new TraceStream(streamed, common, 1), 4096));
  });

  it('the replay never opens the file again: it replays after the file is deleted', async () => {
    const path = join(tempDir(), 'seq.csv');
    copyFileSync(fixture('seq.csv'), path);
    const { stream } = await openWorkload(traceWorkload(path), 1);
    unlinkSync(path);
    expect((await readStream(stream)).keys).toEqual(SEQ_IDS);
  });

  it('a trace above the decode limit is read twice with flat memory, and gives the same requests', async () => {
    decodeConfig.maxRequests = 10;
    const index = await scanTrace(options(fixture('seq.txt')), undefined, true, true);
    expect(index.decoded).toBeUndefined();
    const { stream } = await openWorkload(traceWorkload(fixture('seq.txt')), 1);
    expect(stream).toBeInstanceOf(TraceStream);
    expect((await readStream(stream)).keys).toEqual(SEQ_IDS);
  });

  it('sweep, mrc, load and check refuse a trace too long to hold, saying how to take its first part (exit 2)', async () => {
    decodeConfig.maxRequests = 10;
    await expect(loadWorkload(traceWorkload(fixture('seq.txt')), 1)).rejects.toThrow(/the trace has 18 requests, more than the 10 this command holds in memory; replay its first part \(--requests N/);
    expect((await loadWorkload(traceWorkload(fixture('seq.txt'), { requests: 10 }), 1)).requests).toBe(10);
    resetCaptured();
    expect(await main(['mrc', '--trace', fixture('seq.txt'), '--out', join(tempDir(), 'mrc')])).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^backfill-bench: workload .*seq\.txt: the trace has 18 requests/);
  });
});
