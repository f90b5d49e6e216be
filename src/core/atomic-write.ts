// The one way this project writes a file: to a temporary name in the target's folder, flushed to disk
// (fsync), then renamed over the target, so a reader sees the old file or the new one, never half of
// one, and a crash leaves no torn file. Temporary names are random (see temp-files.ts) and removed if
// the process ends or is interrupted before the rename.
//
// What is at the target decides what happens:
//   nothing            the file is created (and its missing parent folders, as mkdir -p)
//   a regular file     it is replaced; its permissions are kept
//   a symlink          written through: the file it points to is replaced, the link stays (a dangling
//                      link is refused, as cp refuses to write through one)
//   anything else      refused with a ConfigError (exit 2): a folder, a character device (/dev/null),
//                      a FIFO, a socket. Renaming over them would replace a device node with a file.
// Bad paths (a parent that is a file, a name too long, a read-only or virtual file system) are
// ConfigErrors naming the path, never internal errors.
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError } from './errors.ts';
import { releaseTemp, removeStaleTemps, tempName, trackTemp } from './temp-files.ts';

const PATH_ERRORS: Readonly<Record<string, string>> = {
  EISDIR: 'is a folder',
  ENOTDIR: 'a parent of it is not a folder (a file, or a dangling symlink)',
  EEXIST: 'a parent of it is a file, not a folder',
  ENOENT: 'a parent folder does not exist and cannot be created here',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'a name in it is too long',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ELOOP: 'too many levels of symlinks',
  EXDEV: 'the temporary file and the target are on different file systems',
  EINVAL: 'the file system refuses the name',
  EIO: 'input/output error',
};

/** A file-system error on `path` as a ConfigError (exit 2) saying what could not be done; others unchanged. */
export function pathError(path: string, doing: string, e: unknown): unknown {
  if (e instanceof ConfigError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === undefined ? undefined : PATH_ERRORS[code];
  return why === undefined ? e : new ConfigError(`${path}: cannot ${doing}: ${why} (${code})`);
}

/**
 * mkdir -p, one level at a time. Node's own recursive mkdirSync never returns on some paths (under
 * /proc, where mkdir fails with ENOENT, it retries forever).
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); ;) {
    try {
      if (statSync(d).isDirectory()) break;
      throw Object.assign(new Error(`${d} is not a folder`), { code: 'ENOTDIR' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    missing.push(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(d).isDirectory()) throw e;
    }
  }
}

/** What a non-regular file is, for messages. */
export function fileKind(s: Stats): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  if (s.isSymbolicLink()) return 'a symlink';
  return 'not a regular file';
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * The file to replace for `path` (a symlink resolved to the file it points to), after checking it is
 * absent or a regular file. Throws a ConfigError otherwise.
 */
function resolveTarget(path: string, what: string): { target: string; existing: Stats | undefined } {
  const abs = resolve(path);
  let st: Stats | undefined;
  try {
    st = lstatOrUndefined(abs);
  } catch (e) {
    throw pathError(path, `write the ${what}`, e);
  }
  let target = abs;
  if (st?.isSymbolicLink()) {
    try {
      target = realpathSync(abs);
      st = statSync(target);
    } catch {
      throw new ConfigError(`${path}: cannot write the ${what}: it is a dangling symlink; remove it or point it at a file`);
    }
  }
  if (st && st.isDirectory()) throw new ConfigError(`${path}: cannot write the ${what}: it is a folder; give a file path`);
  if (st && !st.isFile())
    throw new ConfigError(
      `${path}: cannot write the ${what}: it is ${fileKind(st)}, not a regular file; give a file path (output is written to a temporary file and renamed into place, which would replace it)`,
    );
  return { target, existing: st };
}

/** Fails early, before any work, when `path` can plainly not be written as a file. */
export function checkWritableFile(path: string, what: string): void {
  if (path === '') throw new ConfigError(`cannot write the ${what}: the path is empty`);
  const { target } = resolveTarget(path, what);
  // The first existing ancestor must be a folder (else mkdir -p fails with ENOTDIR/EEXIST).
  let dir = dirname(target);
  for (;;) {
    let st: Stats | undefined;
    try {
      st = statSync(dir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw pathError(path, `write the ${what}`, e);
    }
    if (st) {
      if (!st.isDirectory()) throw new ConfigError(`${path}: cannot write the ${what}: ${dir} is ${fileKind(st)}, not a folder`);
      break;
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  if (basename(target).length > 200)
    throw new ConfigError(`${path}: cannot write the ${what}: the file name is ${basename(target).length} characters; at most 200 are allowed (room for the temporary name)`);
}

/**
 * A file being written: chunks go to the temporary file; commit() flushes and renames it into place;
 * abort() removes it. Synchronous, so an interrupt can only come between two writes.
 */
export class AtomicFile {
  bytes = 0;
  private fd: number | undefined;

  private constructor(
    readonly path: string,
    private readonly tmp: string,
    private readonly target: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  static open(path: string, what: string): AtomicFile {
    checkWritableFile(path, what);
    const { target, existing } = resolveTarget(path, what);
    const dir = dirname(target);
    try {
      makeFolders(dir);
    } catch (e) {
      throw pathError(path, `write the ${what}`, e);
    }
    removeStaleTemps(dir);
    const tmp = join(dir, tempName(basename(target)));
    trackTemp(tmp);
    let fd: number;
    try {
      // Keep the permissions of a file being replaced, as writing it in place would.
      fd = openSync(tmp, 'wx', existing ? existing.mode & 0o7777 : 0o666);
    } catch (e) {
      releaseTemp(tmp);
      throw pathError(path, `write the ${what}`, e);
    }
    return new AtomicFile(path, tmp, target, fd);
  }

  write(data: string | Uint8Array): void {
    const fd = this.fd;
    if (fd === undefined) throw new Error(`${this.path}: write after commit or abort`);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    try {
      for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (e) {
      this.abort();
      throw pathError(this.path, 'write', e);
    }
    this.bytes += bytes.length;
  }

  commit(): void {
    const fd = this.fd;
    if (fd === undefined) throw new Error(`${this.path}: commit after commit or abort`);
    try {
      fsyncSync(fd);
      closeSync(fd);
      this.fd = undefined;
      renameSync(this.tmp, this.target);
      releaseTemp(this.tmp);
    } catch (e) {
      this.abort();
      throw pathError(this.path, 'write', e);
    }
    syncFolder(dirname(this.target));
  }

  abort(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        /* already failing */
      }
      this.fd = undefined;
    }
    try {
      unlinkSync(this.tmp);
    } catch {
      /* never created, or already renamed */
    }
    releaseTemp(this.tmp);
  }
}

/** Flushes a folder's entries, so a rename survives a crash (best effort: not every system allows it). */
export function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* e.g. a file system that cannot fsync folders */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes `content` (a string, bytes, or chunks of either) to `path` atomically. */
export function writeFileAtomic(path: string, content: string | Uint8Array | Iterable<string | Uint8Array>, what = 'file'): void {
  const file = AtomicFile.open(path, what);
  try {
    if (typeof content === 'string' || content instanceof Uint8Array) file.write(content);
    else for (const chunk of content) file.write(chunk);
  } catch (e) {
    file.abort();
    throw e;
  }
  file.commit();
}
