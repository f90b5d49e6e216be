// Start-up stays short: the CLI loads only the command it runs, and the slow packages load when
// first used, never for `list`, `replay` or a command's --help. Checked on the static import graph
// (the compiled CLI is checked at run time by test/compiled-cli.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadedBy, staticImports } from '../../test/helpers/import-graph.ts';
import { commandsNeeded } from './main.ts';

const src = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const HEAVY = ['vega', 'vega-lite', 'vega-embed', 'playwright-core', 'pg', 'ioredis', 'tinypool', 'tinybench', 'lru-cache', 'cli-progress', 'hdr-histogram-js'];
const MODULES = readdirSync(src('cli/commands')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
/** The command modules: those exporting a `...Command` factory (others are shared helpers). */
const COMMANDS = MODULES.filter((f) => /export function \w+Command\(/.test(readFileSync(src(`cli/commands/${f}`), 'utf8')));

describe('what a command line loads', () => {
  it('main.ts imports no command module and no heavy package', () => {
    const { files, packages } = loadedBy([src('cli/main.ts')]);
    expect([...files].filter((f) => f.includes('/cli/commands/'))).toEqual([]);
    expect([...packages].filter((p) => HEAVY.includes(p))).toEqual([]);
  });

  it.each(MODULES)('commands/%s (its flags, --help) imports no heavy package', (file) => {
    const { packages } = loadedBy([src('cli/main.ts'), src(`cli/commands/${file}`)]);
    expect([...packages].filter((p) => HEAVY.includes(p))).toEqual([]);
  });

  it("replay loads no workload or strategy registry (it reads the reference's own input format)", () => {
    const { files } = loadedBy([src('cli/main.ts'), src('cli/commands/replay.ts')]);
    expect([...files].filter((f) => /\/(workloads|strategies)\/registry\.ts$/.test(f))).toEqual([]);
  });

  it('the graph reader sees static imports, and skips `import type` and `import()`', () => {
    expect(loadedBy([src('report/csv.ts')]).packages.has('csv-stringify')).toBe(true);
    // vega-svg.ts has `import type ... from 'vega-lite'` and `import('vega')`.
    expect(readFileSync(src('report/vega-svg.ts'), 'utf8')).toMatch(/import type [^;]* from 'vega-lite'[\s\S]*import\('vega'\)/);
    expect(loadedBy([src('report/vega-svg.ts')]).packages).toEqual(new Set());
    expect(staticImports(src('cli/main.ts'))).toContain(src('cli/exit.ts'));
  });

  it('loads the named command only; all of them when the line may name another', () => {
    expect(commandsNeeded(['list'])).toEqual(['list']);
    expect(commandsNeeded(['replay', '--input', 'x.json'])).toEqual(['replay']);
    expect(commandsNeeded([])).toEqual(['bench']);
    expect(commandsNeeded(['--workload', 'zipf', '--requests', '1000'])).toEqual(['bench']);
    const all = commandsNeeded(['--help']);
    expect(all).toEqual(expect.arrayContaining(['bench', 'replay', 'list', 'sweep', 'mrc', 'load', 'trace', 'check']));
    expect(all).toHaveLength(COMMANDS.length);
    expect(commandsNeeded(['lsit'])).toEqual(all);
    expect(commandsNeeded(['--seed', '3', 'list'])).toEqual(all);
  });
});

describe('layering', () => {
  it('traces/ imports nothing from workloads/ (a trace is a stream source; workloads/ registers it)', () => {
    const traces = readdirSync(src('traces')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const offenders = traces.flatMap((f) =>
      staticImports(src(`traces/${f}`))
        .filter((s) => s.includes('/src/workloads/'))
        .map((s) => `${f} -> ${s}`),
    );
    expect(offenders).toEqual([]);
  });
});
