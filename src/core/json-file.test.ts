// Hostile JSON files end in a ConfigError naming file:line, never in a stack overflow, a heap
// exhaustion, or a hang: deep nesting, huge config files, huge unknown fields, FIFOs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/helpers/cli.ts';
import { ConfigError } from './errors.ts';
import { checkJsonDepth, MAX_JSON_DEPTH, parseJsonDocument } from './json-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'json-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const nested = (depth: number) => `{"workload": "zipf", "x":\n${'['.repeat(depth)}${']'.repeat(depth)}}`;

describe('nesting depth', () => {
  it(`accepts ${MAX_JSON_DEPTH} levels and refuses one more, at the line and column of the first too-deep bracket`, () => {
    expect(() => checkJsonDepth('f.json', '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH), 'x')).not.toThrow();
    const text = `{\n "a":\n  ${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}`;
    expect(() => checkJsonDepth('f.json', text, 'workload file')).toThrow(/^f\.json:3:\d+: workload file is nested more than 1000 levels deep/);
  });

  it('brackets inside strings (escaped quotes too) do not count', () => {
    const text = JSON.stringify({ s: `\\"${'['.repeat(5000)}` });
    expect(() => parseJsonDocument('f.json', text, 'x')).not.toThrow();
  });

  it('a workload file nested 5,000 deep is a ConfigError with file:line (exit 2), not a stack overflow', async () => {
    const file = join(dir, 'deep-workload.json');
    writeFileSync(file, nested(5000));
    const r = await runCli(['bench', '--workload', file, '--no-progress', '--out', join(dir, 'never')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^backfill-bench: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2:\\d+: workload file is nested more than 1000 levels deep`));
  });

  it('a check --suite file nested 5,000 deep is a ConfigError with file:line', async () => {
    const file = join(dir, 'deep-suite.json');
    writeFileSync(file, `{"cells":\n${'['.repeat(5000)}${']'.repeat(5000)}}`);
    const r = await runCli(['check', '--suite', file, '--deterministic-only', '--out', join(dir, 'never-check')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/deep-suite\.json:2:\d+: regression suite is nested more than 1000 levels deep/);
  });

  it('a replay input nested 5,000 deep is a ConfigError with file:line', async () => {
    const file = join(dir, 'deep-replay.json');
    writeFileSync(file, `{"source": {"a":\n${'['.repeat(5000)}${']'.repeat(5000)}}}`);
    const r = await runCli(['replay', '--input', file, '--output', join(dir, 'never.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/deep-replay\.json:2:\d+: replay input is nested deeper than/);
  });
});

describe('huge workload files', () => {
  it('an unknown field is refused from the parse tree, before its value is built, naming file:line', async () => {
    // ~4 MB of an unknown array: refused by name, quickly (the value is never converted).
    const file = join(dir, 'unknown-array.json');
    writeFileSync(file, `{"workload": "zipf",\n "junk": [${Array.from({ length: 500_000 }, (_, i) => i).join(',')}]}`);
    const r = await runCli(['bench', '--workload', file, '--no-progress', '--out', join(dir, 'never2')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown-array\.json:2:2: unknown field "junk"/);
  });

  it('a workload file above 10 MB is refused up front with its size and the limit', async () => {
    const file = join(dir, 'huge.json');
    writeFileSync(file, `{"workload": "zipf", "description": "${'x'.repeat(11 * 1024 * 1024)}"}`);
    const r = await runCli(['bench', '--workload', file, '--no-progress', '--out', join(dir, 'never3')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/huge\.json: workload file is 11\.0 MB; at most 10 MB is allowed/);
  });

  it('a workload file that is a FIFO is refused, not waited on forever', async () => {
    const fifo = join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    const r = await runCli(['bench', '--workload', fifo, '--no-progress', '--out', join(dir, 'never4')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fifo\.json: cannot read workload file: not a regular file/);
  });
});

it('ConfigError is what the depth check throws (exit 2 in the CLI)', () => {
  expect(() => checkJsonDepth('f', '[[[', 'x', 2)).toThrow(ConfigError);
});
