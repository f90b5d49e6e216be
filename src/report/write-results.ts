// Writing a results folder without ever leaving it half-written: files go to a temporary folder
// beside the target, which is renamed into place when complete. With --out pointing at an existing
// folder, each file is written to a temporary name and renamed over the old one.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigError } from '../core/errors.ts';

export type ResultFiles = Readonly<Record<string, string>>;

/** results/<UTC time>-<workload>, e.g. results/2026-11-24T01-30-00Z-zipf. */
export function defaultResultsDir(root: string, workloadName: string, now: Date): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const label = basename(workloadName).replace(/\.json$/, '').replace(/[^A-Za-z0-9._-]+/g, '_') || 'workload';
  return join(root, `${stamp}-${label}`);
}

/**
 * Atomically writes one file: a temporary name in the same folder, then rename. The temporary name
 * is random, not the pid: sweep shards in containers (often all pid 1) may share one folder.
 */
export function writeFileAtomic(path: string, content: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Checks, before any work is done, that `dir` can become a results folder. */
export function checkResultsDir(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new ConfigError(`--out: ${dir} exists and is not a folder`);
}

export function writeResults(dir: string, files: ResultFiles): void {
  if (existsSync(dir)) {
    for (const [name, content] of Object.entries(files)) writeFileAtomic(join(dir, name), content);
    return;
  }
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = join(dirname(dir), `.${basename(dir)}.${process.pid}.tmp`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    mkdirSync(tmp);
    for (const [name, content] of Object.entries(files)) writeFileSync(join(tmp, name), content);
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
