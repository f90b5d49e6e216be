// Results folders are never lost or mixed: unique default names, a non-empty folder refused unless
// forced, a forced rewrite swapped in whole, bad paths refused up front with exit 2.
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempCases } from '../../test/helpers/temp-cases.ts';
import { ConfigError } from '../core/errors.ts';
import { checkResultsDir, defaultResultsDir, writeResults } from './write-results.ts';

const { fresh } = tempCases('write-results');

function configError(f: () => void): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

describe('results folders', () => {
  it('two runs started in the same second get different default folders', () => {
    const now = new Date('2026-11-24T01:30:00.123Z');
    const a = defaultResultsDir('/r', 'zipf', now);
    const b = defaultResultsDir('/r', 'zipf', now);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^\/r\/2026-11-24T01-30-00Z-zipf-[0-9a-f]{6}$/);
  });

  it('writes the folder whole and leaves nothing else in its parent', () => {
    const d = fresh();
    writeResults(join(d, 'run'), { 'a.md': 'A', 'b.csv': 'B' });
    expect(readdirSync(d)).toEqual(['run']);
    expect(readdirSync(join(d, 'run')).sort()).toEqual(['a.md', 'b.csv']);
  });

  it('an empty existing folder is used; a non-empty one is refused without --force and left untouched', () => {
    const d = fresh();
    mkdirSync(join(d, 'empty'));
    writeResults(join(d, 'empty'), { 'a.md': 'A' });
    expect(readFileSync(join(d, 'empty', 'a.md'), 'utf8')).toBe('A');
    const msg = configError(() => checkResultsDir(join(d, 'empty')));
    expect(msg).toMatch(/--out: .*empty already holds files; give a new or empty folder, or --force to replace it/);
    expect(readdirSync(join(d, 'empty'))).toEqual(['a.md']);
  });

  it('--force replaces the old folder whole: no old file survives beside the new ones', () => {
    const d = fresh();
    const out = join(d, 'run');
    writeResults(out, { 'old-only.md': 'old', 'summary.md': 'old summary' });
    writeResults(out, { 'summary.md': 'new summary' }, { force: true });
    expect(readdirSync(out)).toEqual(['summary.md']);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toBe('new summary');
    expect(readdirSync(d)).toEqual(['run']); // the old folder and the temporary one are gone
  });

  it('a rewrite that fails midway leaves the old folder exactly as it was and no temporary folder', () => {
    const d = fresh();
    const out = join(d, 'run');
    writeResults(out, { 'summary.md': 'old summary', 'summary.csv': 'old csv' });
    // The second file cannot be written (its name is too long): the first must not reach the folder.
    expect(() => writeResults(out, { 'summary.md': 'new summary', ['x'.repeat(300)]: 'y' }, { force: true })).toThrow(ConfigError);
    expect(readdirSync(out).sort()).toEqual(['summary.csv', 'summary.md']);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toBe('old summary');
    expect(readdirSync(d)).toEqual(['run']);
  });

  it.each([
    [
      'a file (--out FILE)',
      (d: string) => {
        writeFileSync(join(d, 'f'), 'x');
        return join(d, 'f');
      },
      /exists and is a regular file|not a folder/,
    ],
    [
      'under a file (--out FILE/sub, EEXIST/ENOTDIR)',
      (d: string) => {
        writeFileSync(join(d, 'f'), 'x');
        return join(d, 'f', 'sub');
      },
      /cannot create the results folder|not a folder/,
    ],
    [
      'under a dangling symlink (ENOTDIR)',
      (d: string) => {
        symlinkSync('nowhere', join(d, 'dangling'));
        return join(d, 'dangling', 'sub');
      },
      /cannot create the results folder/,
    ],
    ['a 300-character name (ENAMETOOLONG)', (d: string) => join(d, 'x'.repeat(300)), /too long/],
    ['under /proc (ENOENT)', () => '/proc/backfill-bench-no-such', /cannot create the results folder/],
  ])('a bad --out is a ConfigError before any work: %s', (_name, make, message) => {
    const d = fresh();
    const out = make(d);
    const before = readdirSync(d).sort();
    expect(configError(() => checkResultsDir(out))).toMatch(message);
    expect(readdirSync(d).sort()).toEqual(before);
  });
});
