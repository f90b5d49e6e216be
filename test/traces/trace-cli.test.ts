// The trace features through the real CLI entry point: bench --trace, a trace workload file,
// trace stats, trace export; bad input exits 2 with one line.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { listText } from '../../src/cli/commands/list.ts';
import { SEQ_IDS } from '../fixtures/traces/seq.ts';
import { fixture, tempDir } from '../helpers/traces.ts';
import { captureStdio, resetCaptured, stderr, stdout } from '../helpers/cli.ts';

captureStdio();

const dir = tempDir();
let outs = 0;
const out = () => join(dir, `run-${outs++}`);

interface JsonReport {
  workload: Record<string, unknown>;
  results: { strategy: string; requests: number; hits: number; misses: number; params: Record<string, unknown> }[];
}

describe('bench --trace', () => {
  it('replays a trace into none and opt with the usual report', async () => {
    const code = await main(['bench', '--trace', fixture('seq.csv.zst'), '--strategies', 'none,opt', '--capacity', '2', '--format', 'json', '--out', out(), '--no-progress']);
    expect(code, stderr).toBe(0);
    const doc = JSON.parse(stdout) as JsonReport;
    expect(doc.workload).toMatchObject({ generator: 'trace', requests: 18, clock: 'trace timestamps (s)' });
    expect(String(doc.workload.summary)).toMatch(/csv, delimiter ",", header, key column 5 \(lbn\), time column 2 \(time\), size column 4 \(size\), times in s, zstd.*9 distinct keys/);
    const [none, opt] = doc.results;
    expect(none!.strategy).toBe('none');
    expect(opt!.hits).toBeGreaterThanOrEqual(none!.hits);
  });

  it('trace flags: --trace-format, --key-column, --skip-bad-records', async () => {
    const p = join(dir, 'mixed.csv');
    writeFileSync(p, 'a;b\n1;x\n2;y\nbad\n1;z\n');
    const code = await main(['bench', '--trace', p, '--trace-format', 'csv', '--key-column', 'b', '--skip-bad-records', '--strategies', 'none', '--format', 'json', '--out', out(), '--no-progress']);
    expect(code, stderr).toBe(0);
    const doc = JSON.parse(stdout) as JsonReport;
    expect(doc.results[0]!.requests).toBe(3); // the bad line skipped
    expect(String(doc.workload.summary)).toMatch(/skipped 1 bad record \(first: .*mixed\.csv:4: 1 field separated by ";"/);
  });

  it('a workload file {"workload": "trace", ...} works like --trace', async () => {
    const wf = join(dir, 'trace.json');
    writeFileSync(wf, JSON.stringify({ workload: 'trace', path: fixture('seq.lirs.xz'), format: 'lirs', rate: 100 }));
    expect(await main(['bench', '--workload', wf, '--strategies', 'none', '--capacity', 'unbounded', '--format', 'json', '--out', out(), '--no-progress'])).toBe(0);
    const doc = JSON.parse(stdout) as JsonReport;
    expect(doc.results[0]!.hits).toBe(18 - 9);
  });

  it.each([
    [['--trace', 'no-such-file.txt'], /no-such-file\.txt: cannot read the trace: no such file/],
    [['--trace', fixture('seq.txt'), '--workload', 'zipf'], /give --workload or --trace, not both/],
    [['--key-column', '3'], /--key-column applies to trace replay only; give --trace PATH/],
    [['--trace', fixture('seq.txt'), '--trace-format', 'parquet'], /--trace-format: "format" is "parquet"; allowed: "auto", "txt"/],
    [['--trace', fixture('seq.txt'), '--alpha', '1'], /--alpha: unknown field "alpha"/],
    [['--trace', fixture('seq.txt'), '--key-column', '2'], /--key-column applies to csv traces only/],
  ])('bad input %j exits 2 with one line', async (args, message) => {
    const code = await main(['bench', ...args, '--out', out(), '--no-progress']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^backfill-bench: [^\n]+\n$/);
    expect(stderr).toMatch(message);
  });

  it('a bad record stops bench with file:line', async () => {
    const p = join(dir, 'bad.lirs');
    writeFileSync(p, '1\n2\nthree\n');
    expect(await main(['bench', '--trace', p, '--trace-format', 'lirs', '--out', out(), '--no-progress'])).toBe(2);
    expect(stderr).toContain(`${p}:3: "three" is not a decimal integer`);
  });
});

describe('trace stats and export', () => {
  it('trace stats prints the figures, as text or json', async () => {
    expect(await main(['trace', 'stats', fixture('seq.bin64be.gz')])).toBe(0);
    expect(stdout).toMatch(/requests: +18\n/);
    expect(stdout).toMatch(/distinct keys: +9\n/);
    expect(stdout).toMatch(/unbounded hit ratio: +0\.500000/);
    resetCaptured();
    expect(await main(['trace', 'stats', fixture('seq.txt'), '--format', 'json'])).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ requests: 18, distinctKeys: 9, oneHitWonders: 5 });
  });

  it('trace export writes a trace (synthetic or trace) that reads back', async () => {
    const txt = join(dir, 'exported.txt');
    expect(await main(['trace', 'export', '--trace', fixture('seq.oracle.bin'), '--to', 'txt', '--output', txt])).toBe(0);
    expect(readFileSync(txt, 'latin1')).toBe(`${SEQ_IDS.join('\n')}\n`);
    const bin = join(dir, 'zipf.oracleGeneral.bin');
    expect(await main(['trace', 'export', '--workload', 'zipf', '--requests', '1000', '--to', 'oracle-general', '--output', bin])).toBe(0);
    expect(readFileSync(bin).length).toBe(24_000);
    expect(stderr).toMatch(/wrote 1,000 requests/);
  });

  it('trace export: bad --to or missing --output exit 2, nothing written', async () => {
    const p = join(dir, 'never.txt');
    expect(await main(['trace', 'export', '--to', 'parquet', '--output', p])).toBe(2);
    expect(await main(['trace', 'export', '--to', 'txt'])).toBe(2);
    expect(existsSync(p)).toBe(false);
  });
});

it('list shows the trace workload and opt, with its memory note', () => {
  const text = listText();
  expect(text).toMatch(/## trace: replay a recorded trace file/);
  expect(text).toMatch(/## opt: Belady's MIN.*bytes of memory per request/);
  expect(text).toMatch(/maxRequests/);
});
