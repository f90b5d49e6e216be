// Temporary files and folders of this process: named so a later run can tell whose they are, removed
// when the process ends (normally, or by SIGINT/SIGTERM/SIGHUP), and, when a process died without
// removing them (kill -9, power loss), removed by the next run that writes to the same folder.
//
// A temporary name is ".<target name>.<host tag>.<pid>.<random>.tmp" (".old" for a folder being
// replaced; a stale ".old" whose target is missing is renamed back rather than removed). A leftover is removed only when it is safely identifiable as dead: the same host tag
// (this machine) and a pid that no longer runs here. Another machine's or a live process's
// temporaries are never touched (a folder shared over NFS, or by containers that all run as pid 1).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 6);
const TEMP_NAME = /^\.(.+)\.([0-9a-f]{6})\.(\d+)\.[0-9a-f]{12}\.(tmp|old)$/;

/** A fresh temporary name beside `name` in the same folder (random: never reused, never guessed). */
export function tempName(name: string, kind: 'tmp' | 'old' = 'tmp'): string {
  return `.${name}.${HOST_TAG}.${process.pid}.${randomBytes(6).toString('hex')}.${kind}`;
}

const live = new Set<string>();
let hooked = false;

/** Registers a temporary path of this process: removed if the process ends before it is released. */
export function trackTemp(path: string): void {
  live.add(path);
  if (!hooked) hookExit();
}

/** The temporary path was renamed into place or removed: nothing to clean any more. */
export function releaseTemp(path: string): void {
  live.delete(path);
}

/** Removes every temporary path of this process still registered (files and folders). */
export function removeLiveTemps(): void {
  for (const p of live) {
    try {
      rmSync(p, { recursive: true, force: true });
    } catch {
      /* best effort: the process is ending */
    }
  }
  live.clear();
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function hookExit(): void {
  hooked = true;
  process.on('exit', removeLiveTemps);
  for (const sig of SIGNALS) {
    const onSignal = () => {
      removeLiveTemps();
      // Another handler (a sweep stops gracefully on SIGINT) decides what happens next; alone, we
      // end the process as the signal would have, so the exit status still says "killed by SIGINT".
      if (process.listenerCount(sig) > 1) return;
      for (const s of SIGNALS) process.removeAllListeners(s);
      process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

const swept = new Set<string>();

/**
 * Removes the temporaries that dead processes of this machine left in `dir` (once per folder and
 * process: a sweep writes thousands of cells into one folder). Returns the names removed.
 */
export function removeStaleTemps(dir: string): string[] {
  if (swept.has(dir)) return [];
  swept.add(dir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || m[2] !== HOST_TAG || alive(Number(m[3]))) continue;
    try {
      // An old folder moved aside whose replacement never arrived (killed between the two renames):
      // put it back rather than lose it.
      if (m[4] === 'old' && !existsSync(join(dir, m[1]!))) renameSync(join(dir, name), join(dir, m[1]!));
      else rmSync(join(dir, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      /* not ours to remove after all (permissions): leave it */
    }
  }
  return removed;
}

/** For tests: forget which folders were already swept. */
export function forgetSweptFolders(): void {
  swept.clear();
}
