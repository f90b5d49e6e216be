// The installed command: bin/backfill-bench.js runs the compiled dist/ (built by `npm ci` through
// `prepare`; rebuilt here first when a source file is newer). It must run without tsx, find the
// repository's folders (workloads/, results/, package.json) as the sources do, and `list` and
// `replay` must not load the slow packages.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../scripts/build-state.ts';
import { listData } from '../src/cli/commands/list.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin/backfill-bench.js');
const HEAVY = ['vega', 'vega-lite', 'pg', 'ioredis', 'tinypool', 'tinybench', 'lru-cache', 'cli-progress', 'hdr-histogram-js', 'tsx'];
const tmp = mkdtempSync(join(tmpdir(), 'compiled-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(ensureBuilt, 240_000);

function run(args: readonly string[], nodeArgs: readonly string[] = [], script = BIN) {
  const r = spawnSync(process.execPath, [...nodeArgs, script, ...args], { cwd: tmp, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs the command with a module hook (in every thread: workers inherit --import) that records the
 * URL of every module loaded; returns those URLs.
 */
function modulesLoaded(name: string, args: readonly string[]): string[] {
  const log = join(tmp, `loaded-${name}.txt`);
  const hook = join(tmp, `hook-${name}.mjs`);
  const register = join(tmp, `register-${name}.mjs`);
  writeFileSync(
    hook,
    `import { appendFileSync } from 'node:fs';
export async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(log)}, r.url + '\\n'); return r; }`,
  );
  writeFileSync(register, `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hook).href)});`);
  const r = run(args, ['--import', pathToFileURL(register).href]);
  expect(r.code, r.stderr).toBe(0);
  return readFileSync(log, 'utf8').trim().split('\n');
}

const packagesOf = (urls: readonly string[]) => new Set(urls.flatMap((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? []));

describe('the compiled command', () => {
  it('--version prints the package version', () => {
    const r = run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  });

  it('says so when a source file is newer than the build (and runs the build all the same)', () => {
    expect(run(['--version']).stderr).toBe('');
    const file = join(ROOT, 'src/cli/version.ts');
    const { atime, mtime } = statSync(file);
    utimesSync(file, atime, new Date(Date.now() + 3_600_000));
    try {
      const r = run(['--version']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('backfill-bench: note: src/ has changed since dist/ was built; rebuild with: npm run build\n');
    } finally {
      utimesSync(file, atime, mtime);
    }
  });

  it('paths computed from import.meta.url are the same from dist/ as from the sources', async () => {
    const script = join(tmp, 'paths.mjs');
    const dist = (p: string) => JSON.stringify(pathToFileURL(join(ROOT, 'dist', p)).href);
    writeFileSync(
      script,
      `const [{ RESULTS_ROOT }, { PRESET_DIR }, { DEFAULT_SUITE }] = await Promise.all([import(${dist('cli/commands/bench.js')}), import(${dist('workloads/workload-config.js')}), import(${dist('check/suite.js')})]);
console.log(JSON.stringify({ RESULTS_ROOT, PRESET_DIR, DEFAULT_SUITE }));`,
    );
    const r = run([], [], script);
    expect(r.code, r.stderr).toBe(0);
    const [{ RESULTS_ROOT }, { PRESET_DIR }, { DEFAULT_SUITE }] = await Promise.all([
      import('../src/cli/commands/bench.ts'),
      import('../src/workloads/workload-config.ts'),
      import('../src/check/suite.ts'),
    ]);
    expect(PRESET_DIR).toBe(join(ROOT, 'workloads/'));
    // Results go under the folder the command runs in, from dist/ as from the sources.
    expect(RESULTS_ROOT).toBe(join(process.cwd(), 'results'));
    expect(JSON.parse(r.stdout)).toEqual({ RESULTS_ROOT: join(tmp, 'results'), PRESET_DIR, DEFAULT_SUITE });
  });

  it('list --format json gives what the sources give (presets found from dist/ too)', () => {
    const r = run(['list', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const data = JSON.parse(r.stdout) as ReturnType<typeof listData>;
    expect(data).toEqual(JSON.parse(JSON.stringify(listData())));
    expect(data.presets.map((p) => p.name)).toContain('zipf');
  });

  it.each([['list'], ['replay']])('%s loads none of the slow packages (nor tsx)', (command) => {
    const args = command === 'replay' ? ['replay', '--input', join(tmp, 'none.json'), '--output', join(tmp, 'summary.json')] : ['list'];
    const urls = modulesLoaded(command!, args);
    expect(urls.some((u) => u.endsWith('/dist/cli/main.js'))).toBe(true);
    const loaded = packagesOf(urls);
    expect(loaded.has('yargs')).toBe(true);
    expect([...loaded].filter((p) => HEAVY.includes(p))).toEqual([]);
  });

  it('bench runs (generator thread on) and writes into results/ of the folder it runs in, not its own package', () => {
    const r = run(['bench', '--workload', 'zipf', '--keys', '500', '--requests', '70000', '--strategies', 'none,lru-backfill', '--gen-thread', 'on', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { workload: { name: string }; results: { strategy: string; requests: number }[] };
    expect(report.results.map((x) => [x.strategy, x.requests])).toEqual([
      ['none', 70_000],
      ['lru-backfill', 70_000],
    ]);
    const dir = /results written to (.+) \(/.exec(r.stderr)?.[1];
    expect(dir?.startsWith(join(tmp, 'results'))).toBe(true);
    try {
      const info = JSON.parse(readFileSync(join(dir!, 'run.json'), 'utf8')) as { command: string };
      expect(info.command).toBe('backfill-bench bench --workload zipf --keys 500 --requests 70000 --strategies none,lru-backfill --gen-thread on --format json');
    } finally {
      rmSync(dir!, { recursive: true, force: true });
    }
  });

  it('a sweep runs its cells on worker threads from dist/, without tsx', () => {
    const out = join(tmp, 'sweep');
    const urls = modulesLoaded('sweep', [
      'sweep',
      '--workload',
      'zipf',
      '--keys',
      '200',
      '--requests',
      '3000',
      '--strategies',
      'none,lru-backfill',
      '--param',
      'capacity=20,50',
      '--workers',
      '1',
      '--out',
      out,
    ]);
    expect(urls.some((u) => u.endsWith('/dist/sweep/worker.js'))).toBe(true);
    expect(urls.some((u) => u.endsWith('.ts') || u.includes('/node_modules/tsx/'))).toBe(false);
    expect(existsSync(join(out, 'sweep.md'))).toBe(true);
  });

  it('the generator worker thread loads dist/ without tsx, and yields the same requests', () => {
    const script = join(tmp, 'parallel.mjs');
    const dist = (p: string) => JSON.stringify(pathToFileURL(join(ROOT, 'dist', p)).href);
    writeFileSync(
      script,
      `import ${dist('workloads/registry.js')};
import { resolveWorkload } from ${dist('workloads/workload-config.js')};
import { openStream } from ${dist('workloads/stream.js')};
import { openParallelStream } from ${dist('workloads/parallel-stream.js')};
import { createChunk } from ${dist('core/chunks.js')};
const w = resolveWorkload('zipf', { keys: 1000, requests: 200000 });
const sum = (s) => { const c = createChunk(); let h = 0; while (s.nextChunk(c)) for (let i = 0; i < c.length; i++) h = (Math.imul(h, 31) + c.keys[i]) | 0; return h; };
const p = openParallelStream(w, 7, { handoffAt: 0 });
const a = sum(p);
await p.close();
if (p.handoffChunk !== 0 || a !== sum(openStream(w, 7))) throw new Error('handoff ' + p.handoffChunk);
`,
    );
    // The worker's bootstrap is evaluated code, which resolves packages from the working folder:
    // here a temporary one, where tsx cannot be found. Had it tried to register tsx, the worker
    // would have failed and the script with it.
    const r = run([], [], script);
    expect(r.code, r.stderr).toBe(0);
  });

  it('`npm run -s bench -- --format json` prints only the JSON (what the README pipes to jq)', () => {
    const out = join(tmp, 'npm-run');
    const r = spawnSync('npm', ['run', '-s', 'bench', '--', '--workload', 'uniform', '--requests', '1000', '--strategies', 'none', '--format', 'json', '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { workload: { name: string } }).workload.name).toBe('uniform');
  });
});
