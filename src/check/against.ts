// `check --against REF`: REF is checked out in a temporary git worktree outside the repository, its
// dependencies are the working tree's node_modules when the lock files are identical (else `npm ci`
// installs them there from the lock file), and the check worker is copied in so both trees speak
// the same protocol. The worktree is removed afterwards, whatever happens.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.ts';
import { REPO_ROOT } from './suite.ts';

export interface RefTree {
  readonly ref: string;
  readonly commit: string;
  readonly root: string;
  /** How node_modules was provided: linked to the working tree's, installed, or already in REF. */
  readonly deps: 'linked' | 'npm ci' | 'in the tree';
  remove(): void;
}

function git(args: readonly string[], cwd = REPO_ROOT): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** The commit REF names, or a ConfigError (exit 2) when it names none. */
export function resolveRef(ref: string, repo = REPO_ROOT): string {
  if (ref.startsWith('-')) throw new ConfigError(`--against: ${JSON.stringify(ref)} is not a git ref`);
  try {
    return git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], repo);
  } catch {
    throw new ConfigError(`--against: ${JSON.stringify(ref)} does not name a commit in ${repo} (try a branch, tag or commit, e.g. origin/main)`);
  }
}

/** Files of the check that must be the working tree's in REF's tree (the worker and what it runs). */
export const WORKER_FILES = ['src/check/worker.ts', 'src/check/engine.ts'];

export function checkoutRef(ref: string, log: (line: string) => void, repo = REPO_ROOT): RefTree {
  const commit = resolveRef(ref, repo);
  const root = mkdtempSync(join(tmpdir(), 'backfill-bench-against-'));
  let added = false;
  const remove = () => {
    try {
      if (added) git(['worktree', 'remove', '--force', root], repo);
    } catch {
      /* fall through to deleting it ourselves */
    }
    rmSync(root, { recursive: true, force: true });
    try {
      if (added) git(['worktree', 'prune'], repo);
    } catch {
      /* nothing more to do */
    }
  };
  try {
    git(['worktree', 'add', '--detach', '--quiet', root, commit], repo);
    added = true;
    for (const f of WORKER_FILES) {
      mkdirSync(join(root, 'src/check'), { recursive: true });
      copyFileSync(join(repo, f), join(root, f));
    }
    const lockHere = join(repo, 'package-lock.json');
    const lockThere = join(root, 'package-lock.json');
    const sameLock = existsSync(lockHere) && existsSync(lockThere) && readFileSync(lockHere, 'utf8') === readFileSync(lockThere, 'utf8');
    let deps: RefTree['deps'];
    if (lstatSync(join(root, 'node_modules'), { throwIfNoEntry: false })) {
      deps = 'in the tree';
    } else if (sameLock && existsSync(join(repo, 'node_modules'))) {
      symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
      deps = 'linked';
    } else {
      log(`${ref}: package-lock.json differs from the working tree's; installing its dependencies (npm ci)`);
      const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
      if (r.status !== 0) throw new Error(`npm ci in the worktree of ${ref} failed (status ${r.status ?? r.signal})`);
      deps = 'npm ci';
    }
    return { ref, commit, root, deps, remove };
  } catch (e) {
    remove();
    throw e;
  }
}
