// `--trace` and trace workload files beyond `bench`: sweep, mrc, load and check suites replay the
// fixture trace exactly as bench does (same requests, same results), each reading it once.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { SEQ } from '../fixtures/traces/seq.ts';
import { captureStdio, resetCaptured, stderr, stdout } from '../helpers/cli.ts';
import { fixture } from '../helpers/traces.ts';

captureStdio();
const tmp = mkdtempSync(join(tmpdir(), 'trace-commands-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const DISTINCT = new Set(SEQ).size;

/** bench's JSON summary of one strategy on the fixture trace (a fresh --out each: a used one is refused). */
let benches = 0;
async function benchResult(strategy: string, capacity: number, extra: string[] = []) {
  resetCaptured();
  expect(
    await main(['bench', '--trace', fixture('seq.oracle.bin.zst'), '--strategies', strategy, '--capacity', String(capacity), '--format', 'json', '--out', join(tmp, `bench-${benches++}`), ...extra]),
    stderr,
  ).toBe(0);
  return JSON.parse(stdout).results[0] as { hitRatio: number; hits: number; sourceReads: number; requests: number };
}

describe('sweep --trace', () => {
  it('runs the grid on the trace; each cell equals bench on the same trace', async () => {
    const out = join(tmp, 'sweep');
    resetCaptured();
    const code = await main(['sweep', '--trace', fixture('seq.oracle.bin.zst'), '--strategies', 'none,lru-backfill', '--param', 'capacity=2,4', '--workers', '1', '--out', out]);
    expect(code, stderr).toBe(0);
    const csv = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n');
    const header = csv[0]!.split(',');
    const row = (strategy: string, capacity: number) => {
      const r = csv
        .slice(1)
        .map((l) => l.split(','))
        .find((f) => f[header.indexOf('strategy')] === strategy && f[header.indexOf('capacity')] === String(capacity));
      expect(r, `${strategy} ${capacity}`).toBeDefined();
      return { hitRatio: Number(r![header.indexOf('hitRatio')]), sourceReads: Number(r![header.indexOf('sourceReads')]) };
    };
    for (const [strategy, capacity] of [
      ['none', 2],
      ['lru-backfill', 4],
    ] as const) {
      const b = await benchResult(strategy, capacity);
      const r = row(strategy, capacity); // CSV numbers carry 15 significant digits
      expect(r.hitRatio).toBeCloseTo(b.hitRatio, 13);
      expect(r.sourceReads).toBe(b.sourceReads);
    }
    expect(readFileSync(join(out, 'sweep.json'), 'utf8')).toContain(`"requests": ${SEQ.length}`);
  });

  it('trace flags without --trace, and --trace with --workload, exit 2', async () => {
    resetCaptured();
    expect(await main(['sweep', '--workload', 'zipf', '--trace-format', 'csv', '--out', join(tmp, 'bad1')])).toBe(2);
    expect(stderr).toMatch(/--trace-format applies to trace replay only/);
    resetCaptured();
    expect(await main(['sweep', '--workload', 'zipf', '--trace', fixture('seq.txt'), '--out', join(tmp, 'bad2')])).toBe(2);
    expect(stderr).toMatch(/give --workload or --trace, not both/);
  });
});

describe('mrc --trace', () => {
  it('profiles the trace: the unbounded hit ratio is 1 - distinct/requests', async () => {
    resetCaptured();
    expect(await main(['mrc', '--trace', fixture('seq.csv'), '--format', 'csv', '--out', join(tmp, 'mrc')]), stderr).toBe(0);
    const unbounded = stdout
      .trim()
      .split('\n')
      .find((l) => l.startsWith('unbounded,'))!;
    expect(Number(unbounded.split(',')[1])).toBe(1 - DISTINCT / SEQ.length);
    // The curve at capacity 2 is `none` at capacity 2 in bench.
    const at2 = stdout
      .trim()
      .split('\n')
      .find((l) => l.startsWith('2,'))!;
    expect(Number(at2.split(',')[1])).toBeCloseTo((await benchResult('none', 2)).hitRatio, 13);
  });
});

describe('load --trace (stand-ins)', () => {
  it('sends the trace (no timestamps: at --rate) and the simulator agrees with the live run', async () => {
    const out = join(tmp, 'load');
    resetCaptured();
    const code = await main(['load', '--trace', fixture('seq.txt'), '--rate', '400', '--duration', '2s', '--strategies', 'none', '--capacity', '4', '--format', 'json', '--out', out, '--no-progress']);
    expect(code, stderr).toBe(0);
    const doc = JSON.parse(stdout) as { status: string; results: { decisionsMatchSimulator: boolean; simulator: { requests: number; hitRatio: number } }[] };
    expect(doc.status).toBe('complete');
    expect(doc.results[0]!.simulator.requests).toBe(SEQ.length); // the whole trace, then the run ends
    expect(doc.results[0]!.decisionsMatchSimulator).toBe(true);
    expect(doc.results[0]!.simulator.hitRatio).toBe((await benchResult('none', 4, ['--trace-format', 'oracle-general'])).hitRatio);
  });
});

describe('check suites with a trace workload', () => {
  it('a suite cell on a trace replays it; the baseline it writes then passes', async () => {
    const suite = join(tmp, 'suite.json');
    writeFileSync(
      suite,
      JSON.stringify({
        description: 'trace suite',
        seed: 1,
        latency: { hitMs: 0.2, callMs: 2, perKeyMs: 0.02, jitter: 0 },
        workloads: { seq: { workload: 'trace', path: fixture('seq.lirs.xz') } },
        cells: [{ workload: 'seq', strategy: ['none', 'lru-backfill'], params: { capacity: 3 } }],
      }),
    );
    const baseline = join(tmp, 'baseline.json');
    const args = ['check', '--suite', suite, '--baseline', baseline, '--deterministic-only', '--quiet'];
    resetCaptured();
    expect(await main([...args, '--update-baseline', '--out', join(tmp, 'check1')]), stderr).toBe(0);
    const written = JSON.parse(readFileSync(baseline, 'utf8')) as { cells: { id: string; metrics: { hits: number; requests: number } }[] };
    const none = written.cells.find((c) => c.id === 'seq/none(capacity=3)')!;
    expect(none.metrics.requests).toBe(SEQ.length);
    expect(none.metrics.hits).toBe((await benchResult('none', 3)).hits);
    resetCaptured();
    expect(await main([...args, '--out', join(tmp, 'check2')]), stderr).toBe(0);
  });
});
