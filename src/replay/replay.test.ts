// Hand-traced replays of the reference's run(): each expectation below was worked out by following
// the reference code step by step (the trace is in the comments), not by running either program.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { pyDumps } from './python-json.ts';
import { formatSummary, replayFile, runReplay, summaryChunks, summaryDict, type ReplayCounts } from './replay.ts';
import { parseReplayInput } from './replay-input.ts';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/replay/', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'replay-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Replayed {
  readonly counts: ReplayCounts;
  readonly text: string;
  readonly results: { key: string; value: unknown; found: boolean }[];
  readonly hitRate: unknown;
  readonly missRate: unknown;
}

function replay(config: object, skipFruitlessBackfills = false): Replayed {
  const outcome = runReplay(parseReplayInput(JSON.stringify(config), 'inline.json'), { skipFruitlessBackfills });
  const summary = summaryDict(outcome);
  const text = formatSummary(outcome);
  expect(pyDumps(summary)).toBe(text); // the fast printer agrees with the generic one
  const results = (summary.get('lookup_results') as ReadonlyMap<string, unknown>[]).map((r) => ({
    key: r.get('key') as string,
    value: r.get('value'),
    found: r.get('found') as boolean,
  }));
  return { counts: outcome.counts, text, results, hitRate: summary.get('hit_rate'), missRate: summary.get('miss_rate') };
}

const counts = (cacheSize: number, hits: number, misses: number, backfills: number): ReplayCounts => ({ cacheSize, hits, misses, backfills });

describe('rounding: Python round(x, 4), half to even on the exact binary value', () => {
  it('1 miss in 32 lookups: miss_rate 0.03125 -> 0.0312, hit_rate 0.96875 -> 0.9688 (fixture, byte for byte)', () => {
    const out = join(tmp, 'tie', 'out.json');
    replayFile(join(FIXTURES, 'rounding-tie.input.json'), out, { skipFruitlessBackfills: false });
    const text = readFileSync(out, 'utf8');
    const expected = readFileSync(join(FIXTURES, 'rounding-tie.expected.json'), 'utf8');
    expect(text).toBe(expected);
    expect(readFileSync(out, 'utf8')).toBe(expected);
    expect(text).toContain('"miss_rate": 0.0312,');
    expect(text).toContain('"hit_rate": 0.9688,');
  });

  it('3 misses in 32 lookups: 0.09375 -> 0.0938 and 0.90625 -> 0.9062', () => {
    // k1 miss (t=1), k2 miss (t=2), k3 miss (t=3, rate 1.0 >= 1.0): the backfill loads k3, the only
    // uncached key; then 29 hits.
    const r = replay({ source: { k1: 1, k2: 2, k3: 3 }, lookups: ['k1', 'k2', 'k3', ...Array<string>(29).fill('k1')], miss_threshold: 1.0 });
    expect(r.missRate).toBe(0.0938);
    expect(r.hitRate).toBe(0.9062);
    expect(r.counts).toEqual(counts(3, 29, 3, 1));
  });
});

describe('absent keys', () => {
  // "zz": miss (t=1), absent.  "a": miss (t=2), cached.  "zz": miss (t=3, rate 1.0 >= 0.5): backfill,
  // but every source key is cached: loads 0 (the reference counts it, and so does replay by default); absent.
  const config = { source: { a: 1 }, lookups: ['zz', 'a', 'zz'] };
  it('are found false with value null, and count as misses', () => {
    const r = replay(config);
    expect(r.results).toEqual([
      { key: 'zz', value: null, found: false },
      { key: 'a', value: 1n, found: true },
      { key: 'zz', value: null, found: false },
    ]);
    expect(r.counts).toEqual(counts(1, 0, 3, 1));
    expect(r.hitRate).toBe(0);
    expect(r.missRate).toBe(1);
    expect(r.text).toContain('"hit_rate": 0.0,\n  "miss_rate": 1.0,');
  });
  it('the fruitless backfill is not counted with skipFruitlessBackfills', () => {
    expect(replay(config, true).counts).toEqual(counts(1, 0, 3, 0));
  });
});

describe('empty source', () => {
  // Every lookup misses; lookups 3 and 4 each trigger a backfill that loads nothing.
  const config = { source: {}, lookups: ['a', 'b', 'c', 'd'] };
  it('counts the fruitless backfills by default, as the reference does', () => {
    expect(replay(config).counts).toEqual(counts(0, 0, 4, 2));
  });
  it('skips them with skipFruitlessBackfills (the threshold strategy of bench)', () => {
    expect(replay(config, true).counts).toEqual(counts(0, 0, 4, 0));
  });
  it('an empty config prints the reference summary exactly', () => {
    expect(replay({}).text).toBe('{\n  "cache_size": 0,\n  "hits": 0,\n  "misses": 0,\n  "hit_rate": 0.0,\n  "miss_rate": 0.0,\n  "backfills": 0,\n  "lookup_results": []\n}');
  });
});

describe('batch larger than the source', () => {
  // x, y miss (t < 3); z misses at t=3 (rate 1.0): the backfill loads a, b, c (all 3, batch 100);
  // then b is a hit.
  it('loads the whole source in one backfill', () => {
    const r = replay({ source: { a: 1, b: 2, c: 3 }, lookups: ['x', 'y', 'z', 'b'], backfill_batch: 100 });
    expect(r.counts).toEqual(counts(3, 1, 3, 1));
    expect(r.results.map((x) => x.found)).toEqual([false, false, false, true]);
    expect(r.hitRate).toBe(0.25);
    expect(r.missRate).toBe(0.75);
  });
  it('a huge batch (beyond any buffer) behaves the same', () => {
    const r = replay({ source: { a: 1, b: 2, c: 3 }, lookups: ['x', 'y', 'z', 'b'], backfill_batch: 1e300 });
    expect(r.counts).toEqual(counts(3, 1, 3, 1));
  });
});

describe('threshold comparison', () => {
  const source = { a: 1, b: 2, c: 3, d: 4, e: 5 };
  // a miss (t=1), a hit, c miss (2/3 = 0.6667 < 0.75), d miss (3/4 = 0.75 >= 0.75): backfill of 1 key
  // in source order: a cached, b loaded. Then d from the source. Cache: a, c, b, d.
  it('fires when the miss rate equals the threshold exactly', () => {
    const r = replay({ source, lookups: ['a', 'a', 'c', 'd'], miss_threshold: 0.75, backfill_batch: 1 });
    expect(r.counts).toEqual(counts(4, 1, 3, 1));
  });
  it('does not fire just below it', () => {
    const r = replay({ source, lookups: ['a', 'a', 'c', 'd'], miss_threshold: 0.7501, backfill_batch: 1 });
    expect(r.counts).toEqual(counts(3, 1, 3, 0));
  });
  // a miss, a hit, c miss at t=3: 2/3 = 0.66666..., rounded 0.6667 >= 0.6667 fires (unrounded would not):
  // loads b. Cache: a, b, c.
  it('compares the rounded miss rate', () => {
    const r = replay({ source, lookups: ['a', 'a', 'c'], miss_threshold: 0.6667, backfill_batch: 1 });
    expect(r.counts).toEqual(counts(3, 1, 2, 1));
  });
});

describe('the first three lookups', () => {
  const source = { a: 1, b: 2, c: 3, d: 4 };
  it('never fire before 3 lookups, even at 100% misses and the lowest threshold', () => {
    const r = replay({ source, lookups: ['x', 'y'], miss_threshold: 0.01, backfill_batch: 1 });
    expect(r.counts).toEqual(counts(0, 0, 2, 0));
  });
  it('fire on the third', () => {
    // z misses at t=3: backfill loads a.
    const r = replay({ source, lookups: ['x', 'y', 'z'], miss_threshold: 0.01, backfill_batch: 1 });
    expect(r.counts).toEqual(counts(1, 0, 3, 1));
  });
});

describe('duplicate lookups', () => {
  // a miss (t=1), a hit, a hit, b miss (2/4 = 0.5 >= 0.5): backfill loads b (the only uncached key);
  // b served; b hit.
  it('each gets its own result; repeats hit', () => {
    const r = replay({ source: { a: 1, b: 2 }, lookups: ['a', 'a', 'a', 'b', 'b'] });
    expect(r.counts).toEqual(counts(2, 3, 2, 1));
    expect(r.results).toEqual([
      { key: 'a', value: 1n, found: true },
      { key: 'a', value: 1n, found: true },
      { key: 'a', value: 1n, found: true },
      { key: 'b', value: 2n, found: true },
      { key: 'b', value: 2n, found: true },
    ]);
    expect(r.hitRate).toBe(0.6);
    expect(r.missRate).toBe(0.4);
  });
});

describe('source order is the JSON document order, as a Python dict keeps it', () => {
  it('integer-like keys, duplicates (first position, last value), null and nested values (fixture)', () => {
    // Source order: b, 10, 2, a (b's value is "B2"); threshold 1.0, batch 2. x, y miss; z misses at
    // t=3 (rate 1.0): backfill loads b, 10. "2" misses at t=4 (rate 1.0): backfill loads 2, a; "2"
    // served. a, 10, b hit. a's value is null: found false although it is a hit.
    // 3 hits / 7 = 0.428571 -> 0.4286; 4/7 = 0.571428 -> 0.5714.
    // (In JS object order 2, 10, b, a the first backfill would load 2 and 10, "2" would hit, the miss
    // rate would stay below 1.0: hits 2, misses 5, backfills 1.)
    const out = join(tmp, 'order', 'nested', 'out.json');
    replayFile(join(FIXTURES, 'source-order.input.json'), out, { skipFruitlessBackfills: false });
    const text = readFileSync(out, 'utf8');
    const absent = (k: string) => `    {\n      "key": "${k}",\n      "value": null,\n      "found": false\n    }`;
    expect(text).toBe(
      [
        '{',
        '  "cache_size": 4,',
        '  "hits": 3,',
        '  "misses": 4,',
        '  "hit_rate": 0.4286,',
        '  "miss_rate": 0.5714,',
        '  "backfills": 2,',
        '  "lookup_results": [',
        `${absent('x')},`,
        `${absent('y')},`,
        `${absent('z')},`,
        '    {\n      "key": "2",\n      "value": "two",\n      "found": true\n    },',
        `${absent('a')},`,
        '    {\n      "key": "10",\n      "value": {\n        "n": [\n          1.0,\n          2,\n          -0.0,\n          1e+16,\n' +
          '          "\\u00e9"\n        ]\n      },\n      "found": true\n    },',
        '    {\n      "key": "b",\n      "value": "B2",\n      "found": true\n    }',
        '  ]',
        '}',
      ].join('\n'),
    );
    expect(readFileSync(out, 'utf8')).toBe(text);
  });

  it('a null value is cached: its second lookup is a hit, still found false', () => {
    const r = replay({ source: { n: null }, lookups: ['n', 'n'] });
    expect(r.counts).toEqual(counts(1, 1, 1, 0));
    expect(r.results.map((x) => x.found)).toEqual([false, false]);
  });
});

describe('input files', () => {
  it('a missing input file replays the empty config, as the reference does', () => {
    const out = join(tmp, 'missing', 'out.json');
    const { input } = replayFile(join(tmp, 'no-such-input.json'), out, { skipFruitlessBackfills: false });
    const text = readFileSync(out, 'utf8');
    expect(input.existed).toBe(false);
    expect(text).toBe(replay({}).text);
    expect(readFileSync(out, 'utf8')).toBe(text);
  });
});

describe('streamed output', () => {
  // 20 million lookups make more text than one JS string can hold ("Invalid string length"): the
  // summary is produced in bounded chunks, which together are exactly the reference's text.
  it('the summary comes in chunks of at most ~64 KB whatever the lookup count, and they join to json.dumps', () => {
    const lookups = Array.from({ length: 60_000 }, (_, i) => `k${i % 5000}`);
    const source = Object.fromEntries(Array.from({ length: 4000 }, (_, i) => [`k${i}`, i]));
    const outcome = runReplay(parseReplayInput(JSON.stringify({ source, lookups }), 'inline.json'), { skipFruitlessBackfills: false });
    const chunks = [...summaryChunks(outcome)];
    expect(chunks.length).toBeGreaterThan(50);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70_000);
    expect(chunks.join('')).toBe(pyDumps(summaryDict(outcome)));
  });

  it('the file is written from the chunks, byte for byte the whole text', () => {
    const out = join(tmp, 'streamed', 'out.json');
    const input = join(tmp, 'streamed-in.json');
    const lookups = Array.from({ length: 20_000 }, (_, i) => `k${i % 3000}`);
    writeFileSync(input, JSON.stringify({ source: { k1: 'one', k2: [1, 2] }, lookups, miss_threshold: 0.3, backfill_batch: 2 }));
    const { outcome } = replayFile(input, out, { skipFruitlessBackfills: false });
    expect(readFileSync(out, 'utf8')).toBe(formatSummary(outcome));
  });
});
