// Agreement with the actual Python reference: its code is extracted from the reference document at
// test time (never copied into the repository) and one python3 process runs its run() on every
// generated input. Our replay must match it byte for byte by default, and with
// --skip-fruitless-backfills everywhere except "backfills", which must then be the reference's count
// of backfills that loaded at least one key.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/helpers/cli.ts';
import { pyDumps } from './python-json.ts';
import { replayFile, summaryDict } from './replay.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REFERENCE_MD = resolve(ROOT, '../shared/reference/cache-backfill-reference.md');
/** Why the agreement tests cannot run here (a bare clone has no ../shared beside it), or undefined. */
const MISSING = !existsSync(REFERENCE_MD)
  ? `the Python reference ${REFERENCE_MD} is absent (it lives in the shared folder ${resolve(ROOT, '../shared')} beside this repository)`
  : spawnSync('python3', ['--version']).status !== 0
    ? 'python3 is not installed'
    : undefined;
// The suite's fast-check seed (vitest.setup.ts). A longer hunt:
// FC_SEED=7 REPLAY_AGREEMENT_CASES=20000 npx vitest run src/replay/reference-agreement.test.ts
const SEED = Number(process.env.FC_SEED ?? 20261124);
const CASES = Number(process.env.REPLAY_AGREEMENT_CASES ?? 200);

/** The first ```python block of the reference document: the complete solution. */
function extractReference(): string {
  const md = readFileSync(REFERENCE_MD, 'utf8');
  const m = /^```python\r?\n([\s\S]*?)^```/m.exec(md);
  const code = m?.[1];
  if (code === undefined || !code.includes('class CacheWithBackfill') || !code.includes('def run(')) {
    throw new Error(`${REFERENCE_MD}: no python block with CacheWithBackfill and run() found`);
  }
  return code;
}

// Runs the reference's own run() on each case. CacheWithBackfill is swapped for a subclass that only
// remembers its instances, so run() is untouched and its audit log can be read afterwards.
const DRIVER = String.raw`
import contextlib, importlib.util, io, json, sys
from pathlib import Path

spec = importlib.util.spec_from_file_location("reference", sys.argv[1])
ref = importlib.util.module_from_spec(spec)
sys.modules["reference"] = ref  # dataclasses look the module up while the class is built
spec.loader.exec_module(ref)
made = []

class Recording(ref.CacheWithBackfill):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        made.append(self)

ref.CacheWithBackfill = Recording
cases = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
report = []
for case in cases:
    made.clear()
    try:
        ref.run(Path(case["input"]), Path(case["output"]))
        cache = made[-1]
        report.append({"ok": True, "backfills": cache.stats.backfills,
                       "nonempty": len([a for a in cache.audit_log if a["loaded"] > 0])})
    except Exception as e:
        report.append({"ok": False, "error": repr(e)})
# The reference's main() for the cases the CLI is checked on: its exact stdout.
for case in cases:
    if case.get("stdout"):
        sys.argv = ["reference", "--input", case["input"], "--output", case["output"] + ".main"]
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(io.StringIO()):
            ref.main()
        Path(case["stdout"]).write_text(buf.getvalue(), encoding="utf-8")
print(json.dumps(report))
`;

// ---- generated inputs, written as JSON text so that key order, duplicates, int vs float literals
// and escapes are exactly what Python's json.loads sees.

const keyArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 30 }).map(String) }, // integer-like: JS would reorder them
  { weight: 2, arbitrary: fc.constantFrom('a', 'b', 'key', 'é', '😀', '\u0000', '"q"', 'back\\slash', '\ud800', 'tab\t', '\u007f', '-1', '01', '1.5', ' ', '', '__proto__') },
  { weight: 1, arbitrary: fc.string({ maxLength: 5, unit: 'binary' }) },
);

function floatLiteral(x: number): string {
  if (Object.is(x, -0)) return '-0.0';
  const s = String(x);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

const leafArb = fc.oneof(
  fc.integer().map(String),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(floatLiteral),
  fc.constantFrom('1e400', '-1e400', '1E5', '1e-400', '0.1', '2.50', '-0', '-0.0', '1.0', '1e16', '1e15', '123456789012345678', '0.0001', '0.00001'),
  fc.string({ maxLength: 6, unit: 'binary' }).map((s) => JSON.stringify(s)),
  fc.constantFrom('true', 'false', 'null'),
);

const { value: valueArb } = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.array(tie('value'), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
    fc.array(fc.tuple(keyArb, tie('value')), { maxLength: 3 }).map((kv) => `{${kv.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')}}`),
  ),
}));

type LookupPick = { readonly from: 'source'; readonly i: number } | { readonly from: 'any'; readonly key: string };

const configArb = fc
  .record({
    source: fc.option(fc.array(fc.tuple(keyArb, valueArb), { maxLength: 25 }), { freq: 12, nil: undefined }),
    picks: fc.option(
      fc.array(fc.oneof({ weight: 5, arbitrary: fc.nat().map((i): LookupPick => ({ from: 'source', i })) }, { weight: 1, arbitrary: keyArb.map((key): LookupPick => ({ from: 'any', key })) }), {
        maxLength: 80,
      }),
      { freq: 12, nil: undefined },
    ),
    threshold: fc.option(
      fc.oneof(fc.double({ min: 0.01, max: 1, noNaN: true }).map(String), fc.constantFrom('0.01', '0.1', '0.2', '0.25', '0.3333', '0.5', '0.6667', '0.75', '1', '1.0', '0.0312', '0.0313')),
      { freq: 5, nil: undefined },
    ),
    batch: fc.option(fc.integer({ min: 1, max: 20 }).map(String), { freq: 5, nil: undefined }),
    extra: fc.boolean(),
    asciiOnly: fc.boolean(),
  })
  .map((c) => {
    const sourceKeys = (c.source ?? []).map(([k]) => k);
    const lookups = (c.picks ?? []).map((p) => (p.from === 'source' && sourceKeys.length > 0 ? sourceKeys[p.i % sourceKeys.length]! : p.from === 'any' ? p.key : 'absent'));
    const str = (s: string) => (c.asciiOnly ? asciiJson(s) : JSON.stringify(s));
    const fields: string[] = [];
    if (c.extra) fields.push(`"comment": ["ignored", {"x": 1}]`);
    if (c.source !== undefined) fields.push(`"source": {${c.source.map(([k, v]) => `\n    ${str(k)}: ${v}`).join(',')}\n  }`);
    if (c.picks !== undefined) fields.push(`"lookups": [${lookups.map(str).join(', ')}]`);
    if (c.threshold !== undefined) fields.push(`"miss_threshold": ${c.threshold}`);
    if (c.batch !== undefined) fields.push(`"backfill_batch": ${c.batch}`);
    return `{\n  ${fields.join(',\n  ')}\n}\n`;
  });

/** JSON string with every non-ASCII unit escaped (the other way to write the same key). */
function asciiJson(s: string): string {
  return JSON.stringify(s).replace(/[^\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// ----

interface PyReport {
  readonly ok: boolean;
  readonly backfills?: number;
  readonly nonempty?: number;
  readonly error?: string;
}

interface Case {
  readonly input: string;
  readonly output: string;
  readonly stdout?: string;
  readonly text: string | undefined;
}

const work = mkdtempSync(join(tmpdir(), 'replay-reference-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let cases: Case[] = [];
let reports: PyReport[] = [];
/** Cases whose summary also goes through the CLI (with the reference's main() stdout). */
const CLI_CASES = [0, 1];

beforeAll(() => {
  if (MISSING) return;
  const code = extractReference();
  writeFileSync(join(work, 'reference.py'), code);
  writeFileSync(join(work, 'driver.py'), DRIVER);
  const texts = fc.sample(configArb, { seed: SEED, numRuns: CASES });
  // Fixed cases first: the CLI checks use them (a fruitless backfill in each), then a missing file.
  texts.unshift(
    '{"source": {"b": 1, "10": "ten", "a": {"z": [1.5, 1e16, -0.0, "\\u00e9\u{1F600}"]}}, "lookups": ["a", "x", "10", "b", "q", "y"], "backfill_batch": 2}',
    '{"source": {}, "lookups": ["a", "b", "c", "d", "e"], "miss_threshold": 0.01}',
  );
  cases = texts.map((text, i) => {
    const dir = join(work, `case-${i}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'in.json'), text);
    return { input: join(dir, 'in.json'), output: join(dir, 'py', 'out.json'), text, ...(CLI_CASES.includes(i) ? { stdout: join(dir, 'py-stdout.txt') } : {}) };
  });
  const missing = join(work, 'case-missing');
  cases.push({ input: join(missing, 'does-not-exist.json'), output: join(missing, 'py', 'out.json'), text: undefined });
  writeFileSync(join(work, 'cases.json'), JSON.stringify(cases.map(({ input, output, stdout }) => ({ input, output, stdout }))));
  const out = execFileSync('python3', [join(work, 'driver.py'), join(work, 'reference.py'), join(work, 'cases.json')], { encoding: 'utf8', maxBuffer: 1 << 26 });
  reports = JSON.parse(out) as PyReport[];
});

/** The reference's summary with its "backfills" replaced (the default semantics' expected output). */
function withBackfills(text: string, n: number): string {
  const re = /^ {2}"backfills": \d+,$/m;
  expect(text).toMatch(re);
  return text.replace(re, `  "backfills": ${n},`);
}

describe.skipIf(MISSING !== undefined)(MISSING ? `agreement with the Python reference: skipped, ${MISSING}` : `agreement with the Python reference on ${CASES} generated inputs (seed ${SEED})`, () => {
  it('the reference ran every case', () => {
    expect(reports).toHaveLength(cases.length);
    const failed = reports.findIndex((r) => !r.ok);
    expect(failed, failed >= 0 ? `reference failed on ${cases[failed]?.input}: ${reports[failed]?.error}` : '').toBe(-1);
  });

  it('the inputs exercise hits, backfills and fruitless backfills', () => {
    const nonempty = reports.filter((r) => (r.nonempty ?? 0) > 0).length;
    const fruitless = reports.filter((r) => (r.backfills ?? 0) > (r.nonempty ?? 0)).length;
    const withHits = cases.filter((c) => !/"hits": 0,/.test(readFileSync(c.output, 'utf8'))).length;
    expect(nonempty).toBeGreaterThan(CASES / 4);
    expect(fruitless).toBeGreaterThan(CASES / 10);
    expect(withHits).toBeGreaterThan(CASES / 4);
  });

  it('default: byte for byte the reference output, fruitless backfills counted', () => {
    for (const [i, c] of cases.entries()) {
      const ours = join(work, `ours-count-${i}`, 'out.json');
      const { outcome } = replayFile(c.input, ours, { skipFruitlessBackfills: false });
      const text = readFileSync(ours, 'utf8');
      expect(pyDumps(summaryDict(outcome))).toBe(text); // the fast printer agrees with the generic one
      const theirs = readFileSync(c.output);
      expect(readFileSync(ours).equals(theirs), `case ${i} (${c.input}) differs:\n--- input\n${c.text}\n--- reference\n${theirs.toString('utf8')}\n--- ours\n${text}`).toBe(true);
    }
  });

  it('--skip-fruitless-backfills: the same except backfills, which counts only backfills that loaded keys', () => {
    for (const [i, c] of cases.entries()) {
      const ours = join(work, `ours-default-${i}`, 'out.json');
      replayFile(c.input, ours, { skipFruitlessBackfills: true });
      const expected = withBackfills(readFileSync(c.output, 'utf8'), reports[i]!.nonempty!);
      expect(readFileSync(ours, 'utf8'), `case ${i} (${c.input})\n--- input\n${c.text}`).toBe(expected);
    }
  });

  it('the CLI end to end: stdout and file as the reference main() writes them', async () => {
    // In-process (src/cli/main.ts's main with stdout captured): the bin's start-up is tested elsewhere.
    const cli = async (c: Case, out: string, extra: string[]) => {
      const r = await runCli(['replay', '--input', c.input, '--output', out, ...extra]);
      expect(r.code, r.stderr).toBe(0);
      return r;
    };
    const jobs: { i: number; count: boolean; stdout: string }[] = [];
    for (const i of CLI_CASES) {
      const c = cases[i]!;
      jobs.push({ i, count: true, ...(await cli(c, join(work, `cli-count-${i}`, 'nested', 'out.json'), [])) });
      jobs.push({ i, count: false, ...(await cli(c, join(work, `cli-default-${i}`, 'out.json'), ['--skip-fruitless-backfills'])) });
    }
    for (const { i, count, stdout } of jobs) {
      const c = cases[i]!;
      const reference = readFileSync(c.stdout!, 'utf8');
      const file = readFileSync(join(work, count ? `cli-count-${i}` : `cli-default-${i}`, ...(count ? ['nested'] : []), 'out.json'), 'utf8');
      expect(reference.endsWith('}\n')).toBe(true);
      expect(readFileSync(c.output + '.main', 'utf8') + '\n').toBe(reference);
      if (count) {
        expect(stdout).toBe(reference);
        expect(file).toBe(readFileSync(c.output + '.main', 'utf8'));
      } else {
        expect(stdout).toBe(withBackfills(reference, reports[i]!.nonempty!));
        expect(reports[i]!.backfills).toBeGreaterThan(reports[i]!.nonempty!); // the two semantics differ here
        expect(file + '\n').toBe(stdout);
      }
    }
  });
});
