// Input fuzzing at the edges: malformed flags and workload files always exit 2 with a one-line
// message (never a stack trace), and never leave a results folder behind.
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.ts';
import { parseSize } from '../src/core/size.ts';

/** 150 in-process CLI runs: seconds alone, over a minute on a 2-core machine shared with other work. */
const FUZZ_TIMEOUT_MS = 180_000;

const dir = mkdtempSync(join(tmpdir(), 'bb-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function parsesAsSize(v: string): boolean {
  try {
    parseSize(v, 'capacity');
    return true;
  } catch {
    return false;
  }
}

/** Values no numeric flag accepts. */
const badNumber = fc.oneof(
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '', ' ', 'abc', '1e309', '0x', '--', '1,5', '½', '\u0000', 'null', 'true'),
  fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !Number.isFinite(Number(s)) || s.trim() === ''),
);

/** One flag with a value outside what it allows. */
const badFlag: fc.Arbitrary<string[]> = fc.oneof(
  // capacity is a size: "null" (unbounded, as declared) and sizes such as "5%" or "1KB" are valid.
  badNumber.filter((v) => v.trim() !== 'null' && !parsesAsSize(v)).map((v) => [`--capacity=${v}`]),
  fc.constantFrom('0', '-5', '1.5', '3000000000').map((v) => [`--capacity=${v}`]),
  fc.oneof(badNumber, fc.constantFrom('0', '0.001', '1.01', '-0.5', '2')).map((v) => [`--threshold=${v}`]),
  fc
    .oneof(
      badNumber.filter((v) => !parsesAsSize(v)),
      fc.constantFrom('0', '-1', '2.5', '1e12'),
    )
    .map((v) => [`--batch=${v}`]), // a size too
  fc.oneof(badNumber, fc.constantFrom('0', '-10')).map((v) => [`--interval=${v}`, '--strategies=time-based']),
  fc.oneof(badNumber, fc.constantFrom('0', '-1', '0.5', '1e20')).map((v) => [`--requests=${v}`]),
  fc.oneof(badNumber, fc.constantFrom('0', '-3', '1e12')).map((v) => [`--keys=${v}`]),
  fc.oneof(badNumber, fc.constantFrom('-1', '1000')).map((v) => [`--alpha=${v}`]),
  fc.oneof(badNumber, fc.constantFrom('0', '-5')).map((v) => [`--rate=${v}`]),
  fc.oneof(badNumber, fc.constantFrom('-0.1', '1.5')).map((v) => [`--absent-ratio=${v}`]),
  fc.oneof(badNumber, fc.constantFrom('-1', '1.5', '1e300')).map((v) => [`--seed=${v}`]),
  fc.constantFrom('weekly', 'CONSTANT', '').map((v) => [`--arrival=${v}`]),
  fc.constantFrom('xml', 'JSON', '').map((v) => [`--format=${v}`]),
  fc.constantFrom('nope', 'none,none', 'none,', ',', 'None').map((v) => [`--strategies=${v}`]),
  fc.constantFrom('nope', 'zipff', '/no/such/file.json', './missing.json').map((v) => [`--workload=${v}`]),
  fc.constantFrom('--bogus', '--capacityy=5', '--strategy=none', '-x').map((f) => [f]),
  fc.constantFrom('frobnicate', 'benchh').map((c) => [c]),
  fc.constantFrom('noequals', '=5', 'alpha').map((v) => [`--param=${v}`]),
);

/** Flags that are fine on their own, mixed in so errors are found among valid input. */
const goodFlag = fc.constantFrom(['--seed=3'], ['--capacity=500'], ['--format=json'], ['--strategies=none,threshold'], ['--batch=5'], ['--requests=2000'], []);

function expectCleanUsageError(r: { code: number; stdout: string; stderr: string }, argv: readonly string[]): void {
  expect(r.code, `argv ${JSON.stringify(argv)} -> ${r.stderr}`).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, `one line for ${JSON.stringify(argv)}: ${r.stderr}`).toHaveLength(1);
  expect(lines[0]).toMatch(/^backfill-bench: /);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  expect(r.stdout).toBe('');
}

describe('malformed command lines', () => {
  it(
    'exit 2 with one line and write nothing',
    async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(goodFlag, { maxLength: 3 }), badFlag, fc.nat(), async (goods, bad, pos) => {
          const flags: string[] = goods.flat();
          flags.splice(pos % (flags.length + 1), 0, ...bad);
          const out = join(dir, `out-${n++}`);
          const argv = bad[0] === 'frobnicate' || bad[0] === 'benchh' ? [...bad, `--out=${out}`] : ['bench', ...flags, `--out=${out}`];
          expectCleanUsageError(await runCli(argv), argv);
          expect(existsSync(out)).toBe(false);
        }),
        { numRuns: 150 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

/** Valid preset text, then a mutation that makes it invalid. */
const validWorkload = { workload: 'zipf', keys: 1000, alpha: 0.99, scramble: true, requests: 1000, absentRatio: 0, arrival: 'poisson', rate: 1000 };
const badValue = fc.oneof(fc.constantFrom(null, 'text', true, [], {}, -1, 0, 1e300, -1e300, 2 ** 53, 0.5));
const fieldNames = Object.keys(validWorkload);

const badFileContent: fc.Arbitrary<Uint8Array> = fc.oneof(
  // a field set to a value of the wrong type or out of range (only those that are bad for that field)
  fc
    .tuple(fc.constantFrom(...fieldNames), badValue)
    .filter(([f, v]) => !isAllowed(f, v))
    .map(([f, v]) => text(JSON.stringify({ ...validWorkload, [f]: v }, null, 2))),
  // a required field missing
  fc.constant(text(JSON.stringify({ ...validWorkload, workload: undefined }))),
  // an unknown field
  fc
    .string({ minLength: 1, maxLength: 10 })
    .filter((k) => !fieldNames.includes(k) && k !== 'description' && k !== '__proto__')
    .map((k) => text(JSON.stringify({ ...validWorkload, [k]: 1 }))),
  // not JSON: NaN/Infinity literals, truncation, trailing commas, comments, empty
  fc
    .constantFrom('{"workload":"zipf","alpha":NaN}', '{"workload":"zipf","keys":Infinity}', '{"workload":"zipf",', '{"workload":"zipf",}', '// c\n{}', '', '   \n', '[]', 'null', '42', '"zipf"')
    .map(text),
  fc.nat({ max: 200 }).map((cut) => text(JSON.stringify(validWorkload).slice(0, cut % JSON.stringify(validWorkload).length))),
  // bytes that are not UTF-8
  fc
    .uint8Array({ minLength: 1, maxLength: 40 })
    .map((junk) => Buffer.concat([Buffer.from('{"workload":"zipf","description":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(junk), Buffer.from('"}')])),
);

function text(s: string): Uint8Array {
  return Buffer.from(s, 'utf8');
}

/** Whether a value happens to be valid for a field (so the mutation would not be an error). */
function isAllowed(field: string, v: unknown): boolean {
  switch (field) {
    case 'keys':
    case 'requests':
      return typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && (field === 'requests' || v < 2 ** 31);
    case 'alpha':
      return typeof v === 'number' && v >= 0 && v <= 100;
    case 'absentRatio':
      return typeof v === 'number' && v >= 0 && v <= 1;
    case 'rate':
      return typeof v === 'number' && v > 0 && v <= 1e12;
    case 'scramble':
      return typeof v === 'boolean';
    default:
      return false;
  }
}

describe('malformed workload files', () => {
  it(
    'exit 2 with one line naming the file, and write nothing',
    async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(badFileContent, async (content) => {
          const file = join(dir, `w-${n}.json`);
          writeFileSync(file, content);
          const out = join(dir, `wout-${n++}`);
          const argv = ['bench', `--workload=${file}`, `--out=${out}`];
          const r = await runCli(argv);
          expectCleanUsageError(r, argv);
          expect(r.stderr).toContain(file);
          expect(existsSync(out)).toBe(false);
        }),
        { numRuns: 150 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it('point at the line of the bad field', async () => {
    const file = join(dir, 'lines.json');
    writeFileSync(file, '{\n  "workload": "zipf",\n  "keys": 1000,\n  "alpha": -2\n}\n');
    const r = await runCli(['bench', `--workload=${file}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:4:`);
    expect(r.stderr).toContain('"alpha" is -2');
  });
});

describe('the real process', () => {
  // In a copy of the sources, whose results/ no other test file writes to (files run in parallel),
  // so that a folder left behind there can only come from this run.
  const copy = join(dir, 'tree');
  beforeAll(() => {
    const repo = fileURLToPath(new URL('..', import.meta.url));
    for (const p of ['src', 'workloads', 'package.json', 'tsconfig.json']) if (existsSync(join(repo, p))) cpSync(join(repo, p), join(copy, p), { recursive: true });
    symlinkSync(join(repo, 'node_modules'), join(copy, 'node_modules'), 'dir');
  });

  it('exits with status 2 and no stack trace on bad input, and leaves no results folder behind', () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'bench', '--threshold', '0'], { cwd: copy, stdio: 'pipe' });
    } catch (e) {
      const err = e as { status: number; stderr: Buffer };
      status = err.status;
      stderr = err.stderr.toString();
    }
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^backfill-bench: --threshold: .*0\.01/)]);
    expect(existsSync(join(copy, 'results'))).toBe(false);
  });
});

describe('config objects', () => {
  it('blame the file, not a flag, for an unknown field named like an Object method (found by a fresh seed)', async () => {
    const file = join(dir, 'tostring.json');
    writeFileSync(file, '{"workload": "zipf", "toString": 1}');
    const r = await runCli(['bench', `--workload=${file}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:1:`);
    expect(r.stderr).toContain('unknown field "toString"');
  });

  it('treat a "__proto__" key as an unknown field, not as a prototype', async () => {
    const file = join(dir, 'proto.json');
    writeFileSync(file, '{"workload": "zipf", "__proto__": {"keys": 5}}');
    const r = await runCli(['bench', `--workload=${file}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown field "__proto__"');
  });
});

describe('malformed replay inputs', () => {
  const valid = { source: { a: '1', b: '2' }, lookups: ['a', 'b', 'c'], miss_threshold: 0.5, backfill_batch: 2 };
  const badReplay: fc.Arbitrary<Uint8Array> = fc.oneof(
    fc.constantFrom(null, 'x', 1, true, []).map((v) => text(JSON.stringify({ ...valid, source: v }))),
    fc.constantFrom(null, 'x', 1, {}, [1], ['a', 2], [null], [['a']]).map((v) => text(JSON.stringify({ ...valid, lookups: v }))),
    fc.constantFrom(null, 'x', true, 0, 0.0099, 1.0001, -1, 1e300, [], {}).map((v) => text(JSON.stringify({ ...valid, miss_threshold: v }))),
    fc.constantFrom(null, 'x', true, 0, -1, 1.5, 0.5, [], {}).map((v) => text(JSON.stringify({ ...valid, backfill_batch: v }))),
    fc.constantFrom('', ' ', '[]', '42', 'null', '{"source": {}, "miss_threshold": NaN}', '{"lookups": [Infinity]}', '{"source": {"a": 1},}').map(text),
    fc.nat({ max: 200 }).map((cut) => text(JSON.stringify(valid).slice(0, cut % JSON.stringify(valid).length))),
    fc.uint8Array({ minLength: 1, maxLength: 30 }).map((junk) => Buffer.concat([Buffer.from('{"source": {"'), Buffer.from([0xc0, 0x80]), Buffer.from(junk), Buffer.from('": "v"}}')])),
  );

  it(
    'exit 2 with one line and write no output file',
    async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(badReplay, async (content) => {
          const input = join(dir, `r-${n}.json`);
          const output = join(dir, `r-out-${n++}.json`);
          writeFileSync(input, content);
          const argv = ['replay', `--input=${input}`, `--output=${output}`];
          const r = await runCli(argv);
          expectCleanUsageError(r, argv);
          expect(existsSync(output)).toBe(false);
        }),
        { numRuns: 150 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
