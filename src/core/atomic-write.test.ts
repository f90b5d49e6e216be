// The one atomic writer: what it does with each kind of target, bad paths as ConfigErrors, and no
// temporary file left behind by a failure, an exit, an interrupt, or (on the next write) a dead process.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempCases } from '../../test/helpers/temp-cases.ts';
import { AtomicFile, checkWritableFile, writeFileAtomic } from './atomic-write.ts';
import { ConfigError } from './errors.ts';
import { forgetSweptFolders, removeStaleTemps, tempName } from './temp-files.ts';

const { tmp, fresh } = tempCases('atomic-write');
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MODULE = fileURLToPath(new URL('./atomic-write.ts', import.meta.url));

function configError(f: () => void): ConfigError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

describe('writeFileAtomic', () => {
  it('creates the file and its parent folders, and leaves no temporary file', () => {
    const d = fresh();
    writeFileAtomic(join(d, 'a', 'b', 'out.txt'), 'hello', 'test file');
    expect(readFileSync(join(d, 'a', 'b', 'out.txt'), 'utf8')).toBe('hello');
    expect(readdirSync(join(d, 'a', 'b'))).toEqual(['out.txt']);
  });

  it('replaces a regular file and keeps its permissions', () => {
    const d = fresh();
    const f = join(d, 'out.txt');
    writeFileSync(f, 'old');
    chmodSync(f, 0o640);
    writeFileAtomic(f, ['new ', Buffer.from('bytes')]);
    expect(readFileSync(f, 'utf8')).toBe('new bytes');
    expect(statSync(f).mode & 0o777).toBe(0o640);
  });

  it('writes through a symlink to a file: the link stays, the file it points to is replaced', () => {
    const d = fresh();
    writeFileSync(join(d, 'real.txt'), 'old');
    symlinkSync('real.txt', join(d, 'link.txt'));
    writeFileAtomic(join(d, 'link.txt'), 'new');
    expect(lstatSync(join(d, 'link.txt')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(d, 'link.txt'))).toBe('real.txt');
    expect(readFileSync(join(d, 'real.txt'), 'utf8')).toBe('new');
    expect(readdirSync(d).sort()).toEqual(['link.txt', 'real.txt']);
  });

  it('refuses a dangling symlink and leaves it as it was', () => {
    const d = fresh();
    symlinkSync('missing.txt', join(d, 'link.txt'));
    expect(configError(() => writeFileAtomic(join(d, 'link.txt'), 'x', 'replay output')).message).toMatch(/link\.txt: cannot write the replay output: it is a dangling symlink/);
    expect(lstatSync(join(d, 'link.txt')).isSymbolicLink()).toBe(true);
    expect(readdirSync(d)).toEqual(['link.txt']);
  });

  it('refuses a FIFO target and leaves it a FIFO (renaming over it would replace it with a file)', () => {
    const d = fresh();
    const fifo = join(d, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(configError(() => checkWritableFile(fifo, 'replay output')).message).toMatch(/pipe: cannot write the replay output: it is a FIFO \(named pipe\), not a regular file/);
    expect(configError(() => writeFileAtomic(fifo, 'x', 'replay output')).message).toMatch(/FIFO/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(d)).toEqual(['pipe']);
  });

  // A device node like /dev/null, made in a temporary folder (never the real one): needs root.
  const canMknod = process.getuid?.() === 0 && spawnSync('mknod', [join(tmp, 'probe-null'), 'c', '1', '3']).status === 0;
  it.runIf(canMknod)('refuses a character device (a copy of /dev/null) and leaves it a device', () => {
    const d = fresh();
    const dev = join(d, 'null');
    execFileSync('mknod', [dev, 'c', '1', '3']);
    expect(configError(() => writeFileAtomic(dev, 'x', 'replay output')).message).toMatch(/null: cannot write the replay output: it is a character device/);
    expect(lstatSync(dev).isCharacterDevice()).toBe(true);
  });

  it('refuses a symlink to a FIFO without touching the link or the FIFO', () => {
    const d = fresh();
    execFileSync('mkfifo', [join(d, 'pipe')]);
    symlinkSync('pipe', join(d, 'link'));
    expect(configError(() => writeFileAtomic(join(d, 'link'), 'x')).message).toMatch(/FIFO/);
    expect(lstatSync(join(d, 'link')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(d, 'pipe')).isFIFO()).toBe(true);
  });

  it('refuses a folder', () => {
    const d = fresh();
    expect(configError(() => writeFileAtomic(d, 'x', 'replay output')).message).toMatch(/cannot write the replay output: it is a folder/);
  });

  it.each([
    [
      'a parent that is a file (EEXIST/ENOTDIR)',
      (d: string) => {
        writeFileSync(join(d, 'file'), 'x');
        return join(d, 'file', 'sub', 'out.json');
      },
      /file is a regular file|not a folder/,
    ],
    [
      'a parent that is a dangling symlink',
      (d: string) => {
        symlinkSync('nowhere', join(d, 'dangling'));
        return join(d, 'dangling', 'out.json');
      },
      /cannot write/,
    ],
    ['a 300-character name (ENAMETOOLONG)', (d: string) => join(d, 'x'.repeat(300)), /too long/],
    ['a folder of /proc (ENOENT)', () => '/proc/backfill-bench-no-such/out.json', /cannot write/],
  ])('a bad path is a ConfigError (exit 2), not an internal error: %s', (_name, make, message) => {
    const d = fresh();
    const path = make(d);
    const e = configError(() => writeFileAtomic(path, 'x', 'test file'));
    expect(e.message).toMatch(message);
    expect(e.message.startsWith(path) || e.message.includes(path)).toBe(true);
  });

  it('an aborted file leaves neither the target nor a temporary file', () => {
    const d = fresh();
    const f = AtomicFile.open(join(d, 'out.bin'), 'test file');
    f.write(Buffer.alloc(1000));
    expect(readdirSync(d)).toHaveLength(1); // the temporary file
    f.abort();
    expect(readdirSync(d)).toEqual([]);
  });
});

/** Runs a script in a child process that imports the atomic writer. */
function childScript(body: string): string {
  const path = join(fresh(), 'child.ts');
  writeFileSync(path, `import { AtomicFile } from ${JSON.stringify(MODULE)};\n${body}\n`);
  return path;
}

describe('temporary files of an ended process', () => {
  it('an interrupted write (SIGINT) removes its temporary file, and the process still dies of SIGINT', async () => {
    const out = join(fresh(), 'big.bin');
    const script = childScript(`
      const f = AtomicFile.open(${JSON.stringify(out)}, 'export');
      f.write(Buffer.alloc(1 << 20));
      process.stdout.write('ready\\n');
      setInterval(() => f.write(Buffer.alloc(1 << 16)), 5);
    `);
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => String(d).includes('ready') && resolve()));
    const dir = join(out, '..');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toHaveLength(1);
    child.kill('SIGINT');
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, sig) => resolve(sig)));
    expect(signal).toBe('SIGINT');
    expect(readdirSync(dir).filter((f) => f !== 'child.ts')).toEqual([]);
  }, 30_000);

  it('a leftover of a dead process on this machine is removed by the next write to its folder; live or foreign ones stay', () => {
    const d = fresh();
    // A pid that ran and ended: a child we waited for.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const mine = tempName('out.json');
    const deadName = mine.replace(`.${process.pid}.`, `.${dead}.`);
    const liveName = mine.replace(`.${process.pid}.`, `.1.`); // pid 1 always runs
    // Another machine's host tag: its pid means nothing here.
    const foreign = deadName.replace(/^(\.out\.json\.)([0-9a-f]{6})/, (_m, p: string, tag: string) => p + (tag === '000000' ? '111111' : '000000'));
    for (const f of [deadName, liveName, foreign, '.unrelated.tmp']) writeFileSync(join(d, f), 'x');
    forgetSweptFolders();
    writeFileAtomic(join(d, 'out.json'), 'new');
    expect(readdirSync(d).sort()).toEqual([liveName, foreign, '.unrelated.tmp', 'out.json'].sort());
  });

  it('a stale folder moved aside for replacement is put back when its replacement never arrived', () => {
    const d = fresh();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const old = tempName('results', 'old').replace(`.${process.pid}.`, `.${dead}.`);
    mkdirSync(join(d, old));
    writeFileSync(join(d, old, 'summary.md'), 'old run');
    forgetSweptFolders();
    expect(removeStaleTemps(d)).toEqual([old]);
    expect(readFileSync(join(d, 'results', 'summary.md'), 'utf8')).toBe('old run');
    expect(existsSync(join(d, old))).toBe(false);
  });
});
