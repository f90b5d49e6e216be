// `trace export` of a real trace says exactly what the file does not keep (renumbered keys, shifted
// times, dropped sizes), on stderr and in --help, and --original-keys keeps the keys.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { SEQ, SEQ_IDS } from '../fixtures/traces/seq.ts';
import { captureStdio, resetCaptured, stderr, stdout } from '../helpers/cli.ts';
import { fixture, tempDir } from '../helpers/traces.ts';

captureStdio();
const dir = tempDir();

async function exportTo(args: string[]): Promise<number> {
  resetCaptured();
  return main(['trace', 'export', '--no-progress', ...args]);
}

const notes = () => stderr.split('\n').filter((l) => l.startsWith('note: '));

describe('trace export of a trace', () => {
  it('by default writes ids and says that keys are renumbered, times shifted and sizes dropped', async () => {
    const out = join(dir, 'ids.csv');
    expect(await exportTo(['--trace', fixture('seq.oracle.bin'), '--to', 'csv', '--output', out]), stderr).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1);
    expect(rows.map((r) => Number(r.split(',')[0]))).toEqual(SEQ_IDS);
    expect(rows[0]).toBe('4,0'); // key 5 is id 4; the first time (100 s) is subtracted
    expect(notes()).toEqual([
      'note: keys are renumbered: written as ids 0 .. 8 in ascending order of the original keys (give --original-keys to keep them)',
      'note: timestamps are written relative to the first request (100 s is subtracted), times that go back are raised to the one before',
      'note: object sizes are dropped',
    ]);
  });

  it('--original-keys keeps the keys, through oracle-general and back', async () => {
    const bin = join(dir, 'orig.bin');
    expect(await exportTo(['--trace', fixture('seq.csv'), '--to', 'oracle-general', '--original-keys', '--output', bin]), stderr).toBe(0);
    expect(notes().some((l) => l.includes('renumbered'))).toBe(false);
    expect(notes()).toContain('note: timestamps are written relative to the first request (100 s is subtracted), times that go back are raised to the one before, and rounded down to whole s');
    const txt = join(dir, 'orig.txt');
    expect(await exportTo(['--trace', bin, '--to', 'txt', '--original-keys', '--output', txt]), stderr).toBe(0);
    expect(readFileSync(txt, 'utf8').trim().split('\n').map(Number)).toEqual(SEQ);
    expect(notes()).toContain('note: timestamps are dropped: a txt trace has none (export as csv or oracle-general to keep them)');
  });

  it('string keys: kept in txt and csv (quoted when needed), refused for oracle-general', async () => {
    const src = join(dir, 'strings.txt');
    writeFileSync(src, ['apple', 'a,b', '-3', 'apple', '18446744073709551616'].join('\n'));
    const csv = join(dir, 'strings.csv');
    expect(await exportTo(['--trace', src, '--to', 'csv', '--original-keys', '--output', csv]), stderr).toBe(0);
    expect(
      readFileSync(csv, 'utf8')
        .split('\n')
        .slice(1, 6)
        .map((l) => l.replace(/,[^,]*$/, '')),
    ).toEqual(['apple', '"a,b"', '-3', 'apple', '18446744073709551616']);
    expect(notes()).toEqual(["note: the trace has no timestamps: times are the workload's arrival clock (ms), not recorded ones"]);
    expect(await exportTo(['--trace', src, '--to', 'oracle-general', '--original-keys', '--output', join(dir, 'strings.bin')])).toBe(2);
    expect(stderr).toMatch(/^backfill-bench: --original-keys: oracle-general keys are unsigned 64-bit integers/);
  });

  it('a synthetic workload loses nothing and has no original keys', async () => {
    expect(await exportTo(['--workload', 'zipf', '--requests', '100', '--to', 'txt', '--output', join(dir, 'zipf.txt')]), stderr).toBe(0);
    expect(notes()).toEqual([]);
    expect(await exportTo(['--workload', 'zipf', '--requests', '100', '--to', 'txt', '--original-keys', '--output', join(dir, 'zipf2.txt')])).toBe(2);
    expect(stderr).toMatch(/--original-keys: only a trace has original keys/);
  });

  it('--help says what an export of a trace does not keep', async () => {
    resetCaptured();
    const logged: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void logged.push(a.join(' ')));
    try {
      await main(['trace', 'export', '--help']);
    } finally {
      spy.mockRestore();
    }
    const help = `${stdout}${logged.join('\n')}`.replace(/\s+/g, ' ');
    expect(help).toContain('--original-keys');
    expect(help).toMatch(/keys renumbered to dense ids \(unless --original-keys\), times relative to the first request .* no object sizes/);
  });
});
