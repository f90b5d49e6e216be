#!/usr/bin/env node
// The `backfill-bench` command (package.json "bin"): runs the compiled CLI in dist/, which
// `npm run build` makes (`npm ci` and `npm install` run it as the `prepare` script). When a source
// file is newer than the build it says so: `npm run dev -- ...` runs the sources themselves.
import { readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) newest = Math.max(newest, newestSource(new URL(`${e.name}/`, dir)));
    else if (/\.(ts|mjs)$/.test(e.name) && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(new URL(e.name, dir)).mtimeMs);
  }
  return newest;
}

try {
  if (newestSource(new URL('src/', root)) > statSync(new URL('dist/cli/main.js', root)).mtimeMs) {
    process.stderr.write('backfill-bench: note: src/ has changed since dist/ was built; rebuild with: npm run build\n');
  }
} catch {
  /* no src/ (an installed copy) or no dist/ (reported below) */
}

import('../dist/cli/main.js').then(
  (cli) => cli.runAsProcess(process.argv.slice(2)),
  (e) => {
    if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes('dist')) throw e;
    process.stderr.write('backfill-bench: the compiled CLI (dist/) is missing; build it with: npm run build\n');
    process.exitCode = 1;
  },
);
