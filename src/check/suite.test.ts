import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.ts';
import { metric } from '../runner/metrics.ts';
import { cellId, DEFAULT_EXPORT_METRICS, DEFAULT_SUITE, loadSuite } from './suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'suite-test-'));
let n = 0;
function suiteFile(doc: unknown): string {
  const path = join(dir, `suite-${n++}.json`);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
  return path;
}
const W = { small: { workload: 'zipf', keys: 100, alpha: 1, requests: 1000 } };
const error = (doc: unknown) => {
  try {
    loadSuite(suiteFile(doc));
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('regression suite file', () => {
  it('the committed suite is valid, small, and times a few cells', () => {
    const s = loadSuite(DEFAULT_SUITE);
    expect(s.displayPath).toBe('bench/regression.json');
    expect(s.cells.length).toBeGreaterThanOrEqual(20);
    expect(new Set(s.cells.map((c) => c.id)).size).toBe(s.cells.length);
    expect(s.cpu.cells.length).toBeGreaterThan(0);
    for (const c of s.cells) expect((c.workload.requests as number) <= 200_000).toBe(true);
  });

  it('lists expand to every workload x strategy combination, with readable ids', () => {
    const s = loadSuite(
      suiteFile({
        workloads: W,
        cells: [
          { workload: 'small', strategy: ['none', 'threshold'] },
          { workload: 'small', strategy: 'none', params: { capacity: 5 } },
        ],
      }),
    );
    expect(s.cells.map((c) => c.id)).toEqual(['small/none', 'small/threshold', 'small/none(capacity=5)']);
    expect(cellId('w', 's', {}, 'fast')).toBe('w/fast');
    expect(s.cpu.samples).toBe(10);
    expect(s.exportMetrics.map((m) => m.id)).toEqual(DEFAULT_EXPORT_METRICS);
    for (const id of DEFAULT_EXPORT_METRICS) expect(metric(id).direction).not.toBe('neutral');
  });

  it('bad input names file:line:col and what is allowed', () => {
    expect(error('{"workloads": ')).toMatch(/suite-\d+\.json:1:\d+: regression suite is not valid JSON/);
    expect(error({ workloads: W, cells: [], extra: 1 })).toMatch(/:\d+:\d+: unknown field "extra"/);
    expect(error({ workloads: W, cells: [] })).toMatch(/"cells" must be a non-empty list/);
    expect(error({ workloads: { small: { ...W.small, alpha: -1 } }, cells: [{ workload: 'small', strategy: 'none' }] })).toMatch(/suite-\d+\.json:\d+:\d+: "alpha" is -1/);
    expect(error({ workloads: W, cells: [{ workload: 'nope', strategy: 'none' }] })).toMatch(/unknown workload "nope"; the suite defines: small/);
    expect(error({ workloads: W, cells: [{ workload: 'small', strategy: 'nope' }] })).toMatch(/unknown strategy "nope"/);
    expect(error({ workloads: W, cells: [{ workload: 'small', strategy: 'none', params: { capacity: 0 } }] })).toMatch(/"capacity" is 0/);
    expect(error({ workloads: W, cells: [{ workload: 'small', strategy: 'none', params: { batch: 3 } }] })).toMatch(/unknown field "batch"/);
    expect(
      error({
        workloads: W,
        cells: [
          { workload: 'small', strategy: 'none' },
          { workload: 'small', strategy: 'none' },
        ],
      }),
    ).toMatch(/"small\/none" is defined twice/);
    expect(error({ workloads: W, cells: [{ workload: 'small', strategy: ['none', 'threshold'], label: 'x' }] })).toMatch(/"label" needs a single strategy/);
    expect(error({ workloads: W, cells: [{ workload: 'small', strategy: 'none' }], cpu: { cells: ['small/lru'] } })).toMatch(/names "small\/lru", which is not a cell/);
    expect(error({ workloads: W, cells: [{ workload: 'small', strategy: 'none' }], cpu: { samples: 1 } })).toMatch(/"samples" is 1; allowed: an integer >= 2/);
    expect(error({ workloads: W, cells: [{ workload: 'small', strategy: 'none' }], cpu: { maxP: 0 } })).toMatch(/"maxP" is 0/);
    expect(error({ workloads: W, cells: [{ workload: 'small', strategy: 'none' }], export: { metrics: ['evictions'] } })).toMatch(/no better direction/);
    expect(error({ workloads: W, cells: [{ workload: 'small', strategy: 'none' }], latency: { hitMs: -1 } })).toMatch(/"hitMs" is -1/);
  });
});

describe('a suite with a source model ("source")', () => {
  it("every cell runs the queued loop (results carry sourceQueue); today's model leaves the suite as it was", async () => {
    const { runDeterministic } = await import('./engine.ts');
    const queued = loadSuite(suiteFile({ workloads: W, source: { sourceConcurrency: 2, serviceMs: 1 }, cells: [{ workload: 'small', strategy: ['none', 'lru-backfill'] }] }));
    expect(queued.source).toMatchObject({ sourceConcurrency: 2, serviceMs: 1 });
    const results = await runDeterministic({ seed: queued.seed, latency: { ...queued.latency }, source: { ...queued.source }, cells: queued.cells });
    for (const r of Object.values(results)) expect(r.sourceQueue?.utilisation).toBeGreaterThan(0);
    const plain = loadSuite(suiteFile({ workloads: W, source: { sourceConcurrency: 'unbounded' }, cells: [{ workload: 'small', strategy: 'none' }] }));
    expect(plain.source).toBeUndefined();
  });

  it('bad input names file:line:col and what is allowed; CPU cells are refused', () => {
    expect(error({ workloads: W, source: { sourceConcurrency: 0 }, cells: [{ workload: 'small', strategy: 'none' }] })).toMatch(
      /suite-\d+\.json:\d+:\d+: "sourceConcurrency" is 0; allowed: an integer >= 1/,
    );
    expect(error({ workloads: W, source: { pool: 3 }, cells: [{ workload: 'small', strategy: 'none' }] })).toMatch(/suite-\d+\.json:\d+:\d+: .*unknown field "pool"/);
    expect(error({ workloads: W, source: { sourceConcurrency: 2 }, cells: [{ workload: 'small', strategy: 'none' }], cpu: { cells: ['small/none'] } })).toMatch(
      /"cells" must be empty in a suite with a source model/,
    );
  });
});
