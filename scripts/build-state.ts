// Whether the compiled CLI (dist/) is older than the sources, and a rebuild when it is: used by the
// start-up benchmark and the compiled-CLI test so that they never time or test a stale build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../', import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(ts|mjs)$/.test(e.name) && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

export function distIsFresh(): boolean {
  const main = join(REPO, 'dist/cli/main.js');
  return existsSync(main) && statSync(main).mtimeMs >= newestSource(join(REPO, 'src'));
}

/** Runs `npm run build` unless dist/ is newer than every source file. */
export function ensureBuilt(): void {
  if (distIsFresh()) return;
  const r = spawnSync('npm', ['run', '-s', 'build'], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed (status ${r.status}): ${r.stderr}`);
}
