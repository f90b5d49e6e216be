// The replay command through the real CLI entry point: bad input exits 2 with one line naming the
// problem (file:line:col where there is one) and writes no output file.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import { captureStdio, resetCaptured, stderr, stdout } from '../../test/helpers/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'replay-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

captureStdio();

let n = 0;
/** A fresh directory with the input file (text or bytes); the output goes to out/summary.json in it. */
function setup(content: string | Uint8Array | undefined): { dir: string; input: string; output: string } {
  const dir = join(tmp, `case-${n++}`);
  mkdirSync(dir);
  const input = join(dir, 'in.json');
  if (content !== undefined) writeFileSync(input, content);
  return { dir, input, output: join(dir, 'out', 'summary.json') };
}

async function expectRejected(content: string | Uint8Array, message: RegExp): Promise<void> {
  const { dir, input, output } = setup(content);
  const code = await main(['replay', '--input', input, '--output', output]);
  expect(code, stderr).toBe(2);
  expect(stderr).toMatch(/^backfill-bench: [^\n]+\n$/);
  expect(stderr).toMatch(message);
  expect(stdout).toBe('');
  expect(existsSync(output)).toBe(false);
  expect(readdirSync(dir)).toEqual(['in.json']); // no output directory, no temp file
}

describe('replay rejects bad input with exit 2, one line, and no output file', () => {
  it.each([
    ['invalid UTF-8', Buffer.from([0x7b, 0x0a, 0x20, 0xff, 0x7d]), /in\.json:2:2: replay input is not valid UTF-8/],
    ['a UTF-8 byte order mark (json.loads rejects it)', '\ufeff{}', /in\.json:1:1: .*byte order mark/],
    ['an empty file', '', /in\.json:1:1: replay input is empty/],
    ['invalid JSON (trailing comma)', '{\n  "source": {"a": 1,}\n}', /in\.json:2:21: replay input is not valid JSON \(PropertyNameExpected\)/],
    ['a comment', '{} // no', /in\.json:1:4: replay input is not valid JSON/],
    ['NaN (Python accepts it, JSON does not)', '{"miss_threshold": NaN}', /in\.json:1:20: replay input is not valid JSON/],
    ['a top-level array', '[1, 2]', /in\.json:1:1: replay input must be a JSON object .*got an array/],
    ['a top-level string', '"x"', /in\.json:1:1: replay input must be a JSON object/],
    ['source as an array', '{\n  "source": ["a"]\n}', /in\.json:2:3: "source" is an array; allowed: a JSON object/],
    ['source null', '{"source": null}', /in\.json:1:2: "source" is null; allowed: a JSON object/],
    ['lookups as a string', '{"lookups": "abc"}', /in\.json:1:2: "lookups" is the string "abc"; allowed: an array of strings/],
    ['a lookup that is a number', '{"lookups": [\n  "a",\n  7\n]}', /in\.json:3:3: "lookups"\[1\] is 7; allowed: a string/],
    ['a lookup that is null', '{"lookups": ["a", "b", null]}', /"lookups"\[2\] is null; allowed: a string/],
    ['miss_threshold 0.0 (pitfall 1: thrashing)', '{"miss_threshold": 0.0}', /in\.json:1:2: "miss_threshold" is 0; allowed: a number 0\.01 \.\. 1\.0/],
    ['miss_threshold below 0.01', '{"miss_threshold": 0.0099}', /"miss_threshold" is 0\.0099; allowed: a number 0\.01 \.\. 1\.0/],
    ['miss_threshold above 1', '{"miss_threshold": 1.5}', /"miss_threshold" is 1\.5; allowed/],
    ['miss_threshold as a string', '{"miss_threshold": "0.5"}', /"miss_threshold" is the string "0\.5"; allowed/],
    ['miss_threshold true (Python would take it as 1)', '{"miss_threshold": true}', /"miss_threshold" is the boolean true; allowed/],
    ['miss_threshold null', '{"miss_threshold": null}', /"miss_threshold" is null; allowed/],
    ['backfill_batch 0', '{"backfill_batch": 0}', /"backfill_batch" is 0; allowed: an integer >= 1/],
    ['backfill_batch negative', '{"backfill_batch": -3}', /"backfill_batch" is -3; allowed: an integer >= 1/],
    ['backfill_batch fractional', '{"backfill_batch": 2.5}', /"backfill_batch" is 2\.5; allowed: an integer >= 1/],
    ['backfill_batch true', '{"backfill_batch": true}', /"backfill_batch" is the boolean true; allowed: an integer >= 1/],
    ['backfill_batch as a string', '{"backfill_batch": "10"}', /"backfill_batch" is the string "10"; allowed/],
    ['the last of duplicate fields (as json.loads keeps it)', '{"backfill_batch": 5,\n "backfill_batch": 0}', /in\.json:2:2: "backfill_batch" is 0/],
    ['an integer Python cannot read (over 4300 digits)', `{"source": {"a": ${'9'.repeat(4301)}}}`, /in\.json:1:13: an integer of 4301 digits/],
    ['nesting deeper than Python can read', `{"source": {"a": ${'['.repeat(1000)}${']'.repeat(1000)}}}`, /in\.json:1:1016: replay input is nested deeper than 1000 levels/],
  ] as const)('%s', async (_name, content, message) => {
    await expectRejected(content, message);
  });

  it('an input path that is a directory', async () => {
    const { dir, output } = setup(undefined);
    const input = join(dir, 'input-dir');
    mkdirSync(input);
    expect(await main(['replay', '--input', input, '--output', output])).toBe(2);
    expect(stderr).toMatch(/^backfill-bench: .*input-dir: cannot read the replay input: is a directory[^\n]*\n$/);
    expect(existsSync(output)).toBe(false);
  });

  it('an output path that is a directory', async () => {
    const { dir, input } = setup('{}');
    const output = join(dir, 'out-dir');
    mkdirSync(output);
    expect(await main(['replay', '--input', input, '--output', output])).toBe(2);
    expect(stderr).toMatch(/^backfill-bench: .*out-dir: cannot write the replay output: it is a folder[^\n]*\n$/);
    expect(readdirSync(output)).toEqual([]);
    expect(stdout).toBe('');
  });

  it('an output path under a regular file', async () => {
    const { dir, input } = setup('{}');
    writeFileSync(join(dir, 'file'), 'x');
    const output = join(dir, 'file', 'summary.json');
    expect(await main(['replay', '--input', input, '--output', output])).toBe(2);
    expect(stderr).toMatch(/^backfill-bench: .*summary\.json: cannot write the replay output: [^\n]*\n$/);
    expect(stdout).toBe('');
  });

  it('bad flags', async () => {
    const { input, output } = setup('{}');
    expect(await main(['replay', '--input', input, '--output', output, '--count-empty-backfills=maybe'])).toBe(2);
    expect(stderr).toMatch(/^backfill-bench: --count-empty-backfills: "maybe" is not true or false\n$/);
    expect(await main(['replay', '--input', input, '--input', input, '--output', output])).toBe(2);
    expect(await main(['replay', '--input', input, '--output', output, '--threshold', '0.5'])).toBe(2);
    expect(existsSync(output)).toBe(false);
  });
});

describe('replay through main()', () => {
  it('prints the summary plus a newline and writes it without one; unknown fields are ignored', async () => {
    const { input, output } = setup('{"source": {"a": "x"}, "lookups": ["a", "a"], "note": "ignored"}');
    expect(await main(['replay', '--input', input, '--output', output])).toBe(0);
    const file = readFileSync(output, 'utf8');
    expect(stdout).toBe(file + '\n');
    expect(file.startsWith('{\n  "cache_size": 1,\n  "hits": 1,\n  "misses": 1,\n  "hit_rate": 0.5,\n  "miss_rate": 0.5,\n  "backfills": 0,\n')).toBe(true);
    expect(stderr).toBe('');
  });

  it('replaces an existing output file whole', async () => {
    const { input, output } = setup('{}');
    mkdirSync(join(output, '..'), { recursive: true });
    writeFileSync(output, 'x'.repeat(10_000));
    expect(await main(['replay', '--input', input, '--output', output])).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe(stdout.slice(0, -1));
    expect(readdirSync(join(output, '..'))).toEqual(['summary.json']);
  });

  it('a missing input file is the empty config, with a note on stderr', async () => {
    const { dir, output } = setup(undefined);
    expect(await main(['replay', '--input', join(dir, 'nope.json'), '--output', output])).toBe(0);
    expect(stdout).toContain('"lookup_results": []\n}\n');
    expect(stderr).toMatch(/nope\.json does not exist; replayed the empty config/);
    expect(existsSync(output)).toBe(true);
  });

  it('by default the fruitless backfills count, as in the reference; --skip-fruitless-backfills skips them', async () => {
    const { input, output } = setup('{"source": {}, "lookups": ["a", "b", "c"]}');
    expect(await main(['replay', '--input', input, '--output', output])).toBe(0);
    expect(stdout).toContain('"backfills": 1,');
    resetCaptured();
    expect(await main(['replay', '--input', input, '--output', output, '--skip-fruitless-backfills'])).toBe(0);
    expect(stdout).toContain('"backfills": 0,');
    expect(readFileSync(output, 'utf8') + '\n').toBe(stdout);
    resetCaptured();
    // The old flag names the default now; it is still accepted.
    expect(await main(['replay', '--input', input, '--output', output, '--count-empty-backfills'])).toBe(0);
    expect(stdout).toContain('"backfills": 1,');
    resetCaptured();
    expect(await main(['replay', '--input', input, '--output', output, '--count-empty-backfills', '--skip-fruitless-backfills'])).toBe(2);
    expect(stderr).toMatch(/contradict each other/);
  });
});

describe('output files', () => {
  it('a symlinked output file is written through, not replaced', async () => {
    const { dir, input } = setup('{}');
    const real = join(dir, 'real.json');
    writeFileSync(real, 'old');
    const link = join(dir, 'link.json');
    symlinkSync(real, link);
    expect(await main(['replay', '--input', input, '--output', link])).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe(stdout.slice(0, -1));
  });
});

describe('default paths', () => {
  it('reads data/sample_input.json and writes data/output_summary.json under the working directory', async () => {
    const { dir } = setup(undefined);
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'sample_input.json'), '{"source": {"a": 1}, "lookups": ["a", "b"]}');
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(await main(['replay'])).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(readFileSync(join(dir, 'data', 'output_summary.json'), 'utf8') + '\n').toBe(stdout);
    expect(stdout).toContain('"misses": 2,');
  });
});
