// "No parameter name is listed by hand anywhere else" (issue 12), as a test: the name of every
// parameter a strategy, an eviction policy or the latency model declares, and its CLI flag, may
// appear as a quoted literal in src/ only in its declaration (`name: 'batch'`, `flag: 'interval'`).
// Everything else (flags, CSV columns, grid names, chart titles, defaults) must come from the
// declarations. Comments are ignored. Workload fields are not checked: their names (keys, requests,
// rate, format, path, length, start) double as ordinary words in metric units and other commands.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flagOf } from '../../src/core/param-decl.ts';
import { LATENCY_PARAMS } from '../../src/source/source-model.ts';
import { SOURCE_PARAMS } from '../../src/source/queue/source-params.ts';
import { allPolicySpecs } from '../../src/strategies/eviction/registry.ts';
import { allStrategySpecs } from '../../src/strategies/registry.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');

/**
 * Literals that are not the parameter, each with its reason:
 * - mrc.ts, charts.ts: `capacity` is the x field of the miss-ratio curve's own points (vega-lite
 *   encodings, the mrc CSV column): a property of the curve, not a strategy parameter that reaches it.
 * - run.ts: `jitter` labels the seeded random stream of the latency jitter; renaming it would change
 *   every result with jitter, so it is a stream name, fixed on purpose.
 * - registry.ts: `threshold` is also a strategy's name (the reference design), listed in report order.
 * - selection/registry.ts: `selection` names the field of its unknown-name error; the declaration
 *   (strategy-params.ts SELECTION) takes its choices from this registry, so it cannot import it back.
 * - events/parse-event.ts: `batch` is a restart/lose event's own parameter (keys per warm-up call,
 *   declared in EVENT_PARAMS), not the strategies' backfill batch.
 * - traces/csv-decoder.ts, traces/detect-format.ts: `ttl` is a trace column's header (the record's TTL),
 *   not the strategy parameter.
 * - freshness/ttl.ts: `ttl` labels the seeded random stream of the ttl jitter (a stream name, fixed).
 * - freshness/swr.ts, presets/swr.ts: `swr` is also the refresh part's and the preset's name (the
 *   window parameter is named after the part).
 */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  'src/cli/commands/mrc.ts': ['capacity'],
  'src/sweep/charts.ts': ['capacity'],
  'src/runner/run.ts': ['jitter'],
  'src/strategies/registry.ts': ['threshold'],
  'src/strategies/selection/registry.ts': ['selection'],
  'src/events/parse-event.ts': ['batch'],
  'src/strategies/freshness/ttl.ts': ['ttl'],
  'src/traces/csv-decoder.ts': ['ttl'],
  'src/traces/detect-format.ts': ['ttl'],
  'src/strategies/freshness/swr.ts': ['swr'],
  'src/strategies/presets/swr.ts': ['swr'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** The code without comments (line and block), string contents kept. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

const decls = [...allStrategySpecs().flatMap((s) => s.params), ...allPolicySpecs().flatMap((p) => p.params), ...LATENCY_PARAMS, ...SOURCE_PARAMS];
const words = [...new Set(decls.flatMap((d) => [d.name, flagOf(d)]))];

describe('parameter names appear only in their declarations', () => {
  it('finds the names it checks (the scan is not vacuous)', () => {
    expect(words).toEqual(expect.arrayContaining(['capacity', 'threshold', 'batch', 'window', 'intervalMs', 'interval', 'hitMs', 'hit-ms']));
    // The scan itself finds a hand-written list: it is not blind to the patterns it looks for.
    expect(hits("const COLUMNS = ['capacity', \"batch\"]; // 'window'")).toEqual(['capacity', 'batch']);
    expect(hits("{ name: 'capacity', flag: 'interval' }")).toEqual([]);
  });

  it('no quoted strategy, policy or latency parameter name or flag outside a declaration in src/', () => {
    const found: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const rel = relative(ROOT, file).replaceAll('\\', '/');
      const allowed = ALLOWED[rel] ?? [];
      const code = withoutComments(readFileSync(file, 'utf8'));
      code.split('\n').forEach((line, i) => {
        for (const w of hits(line)) if (!allowed.includes(w)) found.push(`${rel}:${i + 1}: '${w}'`);
      });
    }
    // To fix a hit: take the name from the declaration (CAPACITY_UNBOUNDED.name, [BATCH, WINDOW].map((d) => d.name),
    // flagOf(decl), strategyParamDecl(name)), or, for a literal that is not the parameter, add it to ALLOWED with the reason.
    expect(found, 'quoted parameter names outside their declarations').toEqual([]);
  });
});

/** The checked names quoted on a line, except as the value of a declaration's `name:` or `flag:`. */
function hits(line: string): string[] {
  const code = withoutComments(line);
  const out: string[] = [];
  for (const w of words) {
    const re = new RegExp(`(name|flag)?(\\s*:\\s*)?(['"])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\3`, 'g');
    for (const m of code.matchAll(re)) if (m[1] === undefined) out.push(w);
  }
  return out;
}
