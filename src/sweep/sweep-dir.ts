// Which folder a sweep may write into. A sweep writes its cells one by one as they finish, so it reuses
// a folder only to resume itself: the folder's sweep.json must carry the same sweep id (the hash of
// every cell). Another sweep's folder, or any other non-empty folder, is refused, so old cells and
// charts never mix with a new report; with --force the old folder is moved aside and removed first.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigError } from '../core/errors.ts';
import { releaseTemp, tempName, trackTemp } from '../core/temp-files.ts';
import { checkResultsDir } from '../report/write-results.ts';
import { MANIFEST } from './manifest.ts';

/** The sweep id recorded in a folder's sweep.json, or undefined when there is none or it is unreadable. */
export function folderSweepId(dir: string): string | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as { id?: unknown };
    return typeof m.id === 'string' ? m.id : undefined;
  } catch {
    return undefined;
  }
}

export type SweepDirState = 'new' | 'resume' | 'replaced';

/**
 * Readies `dir` for sweep `id`: 'new' (absent or empty), 'resume' (the same sweep), or 'replaced'
 * (another sweep's or other files, removed because of --force). Throws a ConfigError otherwise.
 */
export function prepareSweepDir(dir: string, id: string, o: { force: boolean; flag?: string }): SweepDirState {
  const flag = o.flag ?? '--out';
  const exists = existsSync(dir);
  if (exists && statSync(dir).isDirectory() && readdirSync(dir).length > 0) {
    const found = folderSweepId(dir);
    if (found === id) {
      checkResultsDir(dir, { force: true, flag });
      return 'resume';
    }
    if (!o.force) {
      const what = found === undefined ? 'holds files that are not a sweep' : `holds another sweep (${found.slice(0, 10)}; this one is ${id.slice(0, 10)})`;
      throw new ConfigError(`${flag}: ${dir} ${what}; a sweep reuses a folder only to resume the same sweep. Give a new folder, or --force to replace it`);
    }
    checkResultsDir(dir, { force: true, flag });
    // Moved aside in one rename, then removed: a kill leaves the old folder whole or gone, never half.
    const old = join(dirname(dir), tempName(basename(dir), 'old'));
    renameSync(dir, old);
    trackTemp(old);
    rmSync(old, { recursive: true, force: true });
    releaseTemp(old);
    return 'replaced';
  }
  checkResultsDir(dir, { flag });
  return 'new';
}
