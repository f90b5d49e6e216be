// Results folders are written whole and never mixed. A folder is built under a temporary name beside
// its target (every file fsynced) and renamed into place once. A default folder's name carries a
// random suffix, so two runs in the same second never share one. An existing non-empty folder is
// refused unless --force; with --force the new folder is built beside the old one, then swapped in:
// the old folder is renamed aside, the new one renamed into place, the old one removed. A kill at any
// moment leaves the old folder or the new one whole (plus, at worst, a hidden temporary folder that the
// next run in the same parent folder removes), never old and new files side by side.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, realpathSync, renameSync, rmSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigError } from '../core/errors.ts';
import { AtomicFile, fileKind, makeFolders, pathError, syncFolder } from '../core/atomic-write.ts';
import { releaseTemp, removeStaleTemps, tempName, trackTemp } from '../core/temp-files.ts';

export type ResultFiles = Readonly<Record<string, string>>;

/**
 * results/<UTC time>-<workload>-<6 random hex digits>, e.g. results/2026-11-24T01-30-00Z-zipf-3fa9c1.
 * The suffix keeps two runs started in the same second apart.
 */
export function defaultResultsDir(root: string, workloadName: string, now: Date, suffix = randomBytes(3).toString('hex')): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  const label =
    basename(workloadName)
      .replace(/\.json$/, '')
      .replace(/[^A-Za-z0-9._-]+/g, '_') || 'workload';
  return join(root, `${stamp}-${label}-${suffix}`);
}

export interface ResultsDirOptions {
  /** Replace an existing non-empty folder (--force). */
  readonly force?: boolean | undefined;
  /** The flag that named the folder, for messages. */
  readonly flag?: string | undefined;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** The real folder a results path names (a symlink to a folder is followed). */
function realDir(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/**
 * Checks, before any work is done, that `dir` can become a results folder: it is absent, an empty
 * folder, or (with force) a folder to replace; its parent can be created and written. Creates the
 * parent folder (a probe: /proc/x or a read-only disk fail here, not after the run).
 */
export function checkResultsDir(dir: string, o: ResultsDirOptions = {}): void {
  const flag = o.flag ?? '--out';
  let st: Stats | undefined;
  try {
    st = statOrUndefined(dir);
  } catch (e) {
    throw pathError(dir, `use ${flag}`, e);
  }
  if (st && !st.isDirectory()) throw new ConfigError(`${flag}: ${dir} exists and is ${fileKind(st)}, not a folder; give a folder path`);
  if (st && !o.force && readdirSync(dir).length > 0) {
    throw new ConfigError(`${flag}: ${dir} already holds files; give a new or empty folder, or --force to replace it (the old folder is swapped out only once the new one is complete)`);
  }
  const real = realDir(dir);
  const parent = dirname(real);
  const probe = join(parent, tempName(basename(real)));
  trackTemp(probe);
  try {
    makeFolders(parent);
    mkdirSync(probe);
  } catch (e) {
    throw pathError(dir, `create the results folder`, e);
  } finally {
    rmSync(probe, { recursive: true, force: true });
    releaseTemp(probe);
  }
}

/** Writes the folder whole (see the file comment). `force` allows replacing a non-empty folder. */
export function writeResults(dir: string, files: ResultFiles, o: ResultsDirOptions = {}): void {
  const real = realDir(dir);
  const parent = dirname(real);
  removeStaleTemps(parent);
  const tmp = join(parent, tempName(basename(real)));
  trackTemp(tmp);
  try {
    mkdirSync(tmp);
    for (const [name, content] of Object.entries(files)) {
      const f = AtomicFile.open(join(tmp, name), name);
      f.write(content);
      f.commit();
    }
    syncFolder(tmp);
    swapIn(tmp, real, o);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw pathError(dir, 'write the results folder', e);
  } finally {
    releaseTemp(tmp);
  }
  syncFolder(parent);
}

/** Renames the complete folder `tmp` to `dir`, moving a non-empty `dir` aside first and removing it. */
function swapIn(tmp: string, dir: string, o: ResultsDirOptions): void {
  try {
    // rename(2) replaces an absent or empty folder in one step.
    renameSync(tmp, dir);
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
  }
  if (!o.force) {
    // Something filled the folder while this run worked: keep both, under a new name for ours.
    const aside = `${dir}-${randomBytes(3).toString('hex')}`;
    renameSync(tmp, aside);
    throw new ConfigError(`${o.flag ?? '--out'}: ${dir} was filled by something else during this run; this run's results are in ${aside}`);
  }
  const old = join(dirname(dir), tempName(basename(dir), 'old'));
  trackTemp(old);
  try {
    renameSync(dir, old);
    renameSync(tmp, dir);
  } catch (e) {
    // Put the old folder back if the new one could not take its place.
    try {
      renameSync(old, dir);
    } catch {
      /* the old folder stays under its temporary name; the next run removes it */
    }
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
  releaseTemp(old);
}
