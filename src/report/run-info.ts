// run.json: everything needed to reproduce a run: the command, resolved config, seed, versions of
// the packages that matter, Node, and the git commit.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { reportDocument } from './json.ts';
import type { BenchReport } from './report-data.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let prefetched: string | undefined;

/**
 * Asks git for the commit in the background (two child processes, ~50 ms), so that a command can
 * overlap it with its work; gitCommit() then answers at once.
 */
export function prefetchGitCommit(): Promise<void> {
  const git = (args: string[]) => new Promise<string>((resolve, reject) => execFile('git', args, { cwd: ROOT, encoding: 'utf8' }, (e, out) => (e ? reject(e) : resolve(out.trim()))));
  return Promise.all([git(['rev-parse', 'HEAD']), git(['status', '--porcelain', '--untracked-files=no'])]).then(
    ([commit, dirty]) => void (prefetched = dirty ? `${commit}-dirty` : commit),
    () => void (prefetched = 'unknown'),
  );
}

export function gitCommit(): string {
  if (prefetched !== undefined) return prefetched;
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${commit}-dirty` : commit;
  } catch {
    return 'unknown';
  }
}

export function packageVersions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const own = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string; dependencies?: Record<string, string> };
  const out: Record<string, string> = { 'backfill-bench': own.version };
  for (const name of Object.keys(own.dependencies ?? {}).sort()) {
    try {
      out[name] = (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
    } catch {
      out[name] = own.dependencies?.[name] ?? 'unknown';
    }
  }
  return out;
}

export function runInfo(r: BenchReport, argv: readonly string[], startedAt: Date, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const doc = reportDocument(r);
  return {
    command: ['backfill-bench', ...argv].join(' '),
    startedAt: startedAt.toISOString(),
    seed: r.seed,
    workload: doc.workload,
    // The resolved timeline (file events and --event flags, by time), when the run had one.
    ...(doc.events ? { events: doc.events } : {}),
    strategies: r.results.map((x) => ({ strategy: x.strategy, params: x.params })),
    latencyModel: r.latency,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    gitCommit: gitCommit(),
    packages: packageVersions(),
    ...extra,
  };
}
