// Writes a file atomically: a temporary file in the same directory, flushed, then renamed over the
// target, so a reader never sees half a file. Parent directories are created as the reference's
// mkdir(parents=True) does. Bad output paths are ConfigErrors (exit 2) naming the path.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError } from '../core/errors.ts';

const PATH_ERRORS: Readonly<Record<string, string>> = {
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent of it is not a directory',
  EEXIST: 'a parent of it is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'name too long',
};

function pathError(path: string, what: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === undefined ? undefined : PATH_ERRORS[code];
  return why === undefined ? e : new ConfigError(`${path}: cannot write the ${what}: ${why}`);
}

/** Fails early, before any work, when `path` can plainly not be written as a file. */
export function checkWritableFile(path: string, what: string): void {
  if (path === '') throw new ConfigError(`cannot write the ${what}: the path is empty`);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw pathError(path, what, e);
  }
  if (isDirectory) throw new ConfigError(`${path}: cannot write the ${what}: is a directory; give a file path`);
}

export function writeFileAtomic(path: string, text: string, what: string): void {
  checkWritableFile(path, what);
  const target = followSymlink(resolve(path));
  const dir = dirname(target);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw pathError(path, what, e);
  }
  // Keep the permissions of a file being replaced, as writing it in place would.
  let mode = 0o666;
  try {
    mode = statSync(target).mode & 0o7777;
  } catch {
    /* a new file */
  }
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', mode);
    const bytes = Buffer.from(text, 'utf8');
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* never created, or already renamed */
    }
    throw pathError(path, what, e);
  }
}

/** A symlink to an existing file is written through (as an in-place write would), not replaced. */
function followSymlink(path: string): string {
  try {
    return lstatSync(path).isSymbolicLink() ? realpathSync(path) : path;
  } catch {
    return path;
  }
}
