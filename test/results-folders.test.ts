// Results are never lost or mixed, through the real CLI: a non-empty --out is refused (exit 2) unless
// --force, which swaps the new folder in whole; a sweep reuses only its own folder; bad paths exit 2;
// output files that are not regular files are refused; Ctrl-C of `trace export` leaves no temporary.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempCases } from './helpers/temp-cases.ts';
import { main } from '../src/cli/main.ts';
import { captureStdio, resetCaptured, stderr, stdout } from './helpers/cli.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { fresh } = tempCases('results-folders');

captureStdio();

const BENCH = ['bench', '--workload', 'zipf', '--keys', '200', '--requests', '2000', '--strategies', 'none', '--no-progress'];

describe('bench --out', () => {
  it('a non-empty --out is refused with exit 2 and left untouched', async () => {
    const out = fresh();
    writeFileSync(join(out, 'notes.txt'), 'mine');
    expect(await main([...BENCH, '--out', out])).toBe(2);
    expect(stderr).toMatch(/^backfill-bench: --out: .* already holds files; give a new or empty folder, or --force to replace it/);
    expect(readdirSync(out)).toEqual(['notes.txt']);
    expect(stdout).toBe('');
  });

  it('--force replaces the folder whole: no file of the old run is left beside the new ones', async () => {
    const out = fresh();
    writeFileSync(join(out, 'notes.txt'), 'old');
    expect(await main([...BENCH, '--out', out, '--force']), stderr).toBe(0);
    expect(
      readdirSync(out)
        .filter((f) => f !== 'report.png')
        .sort(),
    ).toEqual(['report.html', 'run.json', 'summary.csv', 'summary.json', 'summary.md', 'timeseries.csv']);
  });

  it.each([
    [
      '--out FILE/sub',
      (d: string) => {
        writeFileSync(join(d, 'file'), 'x');
        return join(d, 'file', 'sub');
      },
    ],
    [
      '--out under a dangling symlink',
      (d: string) => {
        symlinkSync('nowhere', join(d, 'dangling'));
        return join(d, 'dangling', 'sub');
      },
    ],
    ['--out with a 300-character name', (d: string) => join(d, 'x'.repeat(300))],
    ['--out /proc/x', () => '/proc/backfill-bench-no-such'],
  ])('%s exits 2 with one line, not 1', async (_name, make) => {
    const out = make(fresh());
    expect(await main([...BENCH, '--out', out])).toBe(2);
    expect(stderr).toMatch(/^backfill-bench: [^\n]+\n$/);
    expect(stderr).not.toMatch(/internal error/);
  });
});

describe('sweep folders', () => {
  const SWEEP = ['sweep', '--workload', 'zipf', '--keys', '500', '--requests', '5000', '--workers', '0', '--strategies', 'none', '--no-progress'];
  it("a sweep into another sweep's folder is refused (exit 2); --force replaces it, leaving none of the old cells", async () => {
    const out = join(fresh(), 'sweep');
    expect(await main([...SWEEP, '--param', 'capacity=50,100', '--out', out]), stderr).toBe(0);
    const oldCells = readdirSync(join(out, 'cells'));
    expect(await main([...SWEEP, '--param', 'capacity=60,120', '--out', out])).toBe(2);
    expect(stderr).toMatch(/--out: .* holds another sweep \([0-9a-f]{10}; this one is [0-9a-f]{10}\); a sweep reuses a folder only to resume the same sweep/);
    expect(readdirSync(join(out, 'cells'))).toEqual(oldCells);
    expect(await main([...SWEEP, '--param', 'capacity=60,120', '--out', out, '--force']), stderr).toBe(0);
    const newCells = readdirSync(join(out, 'cells'));
    expect(newCells.filter((c) => oldCells.includes(c))).toEqual([]);
  });

  it('a reused cell whose file was edited fails its checksum: it is recomputed (said on stderr), never trusted', async () => {
    const out = join(fresh(), 'sweep');
    const args = [...SWEEP.filter((a) => a !== '--strategies' && a !== 'none'), '--strategies', 'none,lru-backfill', '--param', 'capacity=50,100', '--out', out];
    expect(await main(args), stderr).toBe(0);
    const csv = readFileSync(join(out, 'sweep.csv'), 'utf8');
    const cells = readdirSync(join(out, 'cells'));
    const victim = cells.map((f) => join(out, 'cells', f)).find((f) => readFileSync(f, 'utf8').includes('"strategy":"lru-backfill"'))!;
    const text = readFileSync(victim, 'utf8');
    const edited = text.replace(/"hits":(\d+)/, (_m, h: string) => `"hits":${Number(h) + 1}`);
    expect(edited).not.toBe(text);
    writeFileSync(victim, edited);
    resetCaptured();
    expect(await main(args), stderr).toBe(0);
    expect(stderr).toMatch(/cell [0-9a-f]{16} \(lru-backfill .*\) on disk does not match its checksum \(edited or damaged\): recomputing it/);
    expect(stderr).toMatch(new RegExp(`1 cells computed, ${cells.length - 1} reused`));
    expect(readFileSync(join(out, 'sweep.csv'), 'utf8')).toBe(csv);
    expect(readFileSync(victim, 'utf8')).toBe(text);
  });

  it('a non-empty folder that is not a sweep is refused', async () => {
    const out = fresh();
    writeFileSync(join(out, 'summary.md'), 'a bench run');
    expect(await main([...SWEEP, '--param', 'capacity=50', '--out', out])).toBe(2);
    expect(stderr).toMatch(/holds files that are not a sweep/);
    expect(readdirSync(out)).toEqual(['summary.md']);
  });
});

describe('output files', () => {
  it('replay --output FIFO exits 2 and the FIFO stays a FIFO (as /dev/null must)', async () => {
    const d = fresh();
    writeFileSync(join(d, 'in.json'), '{"source": {"a": 1}, "lookups": ["a"]}');
    execFileSync('mkfifo', [join(d, 'pipe')]);
    expect(await main(['replay', '--input', join(d, 'in.json'), '--output', join(d, 'pipe')])).toBe(2);
    expect(stderr).toMatch(/pipe: cannot write the replay output: it is a FIFO \(named pipe\), not a regular file/);
    expect(lstatSync(join(d, 'pipe')).isFIFO()).toBe(true);
  });

  it('a trace that is a FIFO is refused with exit 2, not read forever (nor ESPIPE)', async () => {
    const d = fresh();
    execFileSync('mkfifo', [join(d, 'trace.csv')]);
    expect(await main(['bench', '--trace', join(d, 'trace.csv'), '--strategies', 'none', '--no-progress', '--out', join(d, 'out')])).toBe(2);
    expect(stderr).toMatch(/trace\.csv: cannot read the trace: it is a FIFO \(named pipe\); a trace is read more than once/);
    expect(existsSync(join(d, 'out'))).toBe(false);
  });

  it('trace export writes through a symlink, as replay does (one behaviour for links)', async () => {
    const d = fresh();
    writeFileSync(join(d, 'real.txt'), 'old');
    symlinkSync('real.txt', join(d, 'link.txt'));
    expect(await main(['trace', 'export', '--workload', 'zipf', '--keys', '10', '--requests', '20', '--to', 'txt', '--output', join(d, 'link.txt')]), stderr).toBe(0);
    expect(readlinkSync(join(d, 'link.txt'))).toBe('real.txt');
    expect(readFileSync(join(d, 'real.txt'), 'utf8').trim().split('\n')).toHaveLength(20);
  });

  it('Ctrl-C of trace export leaves no temporary file (and no output)', async () => {
    const d = fresh();
    const output = join(d, 'big.csv');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'trace', 'export', '--workload', 'zipf', '--requests', '1e8', '--to', 'csv', '--output', output], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += String(b)));
    const tmpFile = () => readdirSync(d).find((f) => f.endsWith('.tmp'));
    const closed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_c, sig) => resolve(sig)));
    try {
      const started = Date.now();
      // Wait until the export has written a good part of a megabyte.
      for (;;) {
        const f = tmpFile();
        if (f !== undefined && statSync(join(d, f)).size > 500_000) break;
        if (Date.now() - started > 60_000) throw new Error(`no temporary file grew: ${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      child.kill('SIGINT');
      const signal = await Promise.race([closed, new Promise((r) => setTimeout(() => r('still running 10 s after SIGINT'), 10_000))]);
      expect(signal, err).toBe('SIGINT');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    expect(readdirSync(d)).toEqual([]);
    expect(existsSync(output)).toBe(false);
  }, 90_000);
});
