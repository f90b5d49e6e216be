// Byte mode on synthetic workloads: with every object the same size s, a capacity of c x s bytes
// holds exactly c objects, so every strategy must decide exactly as with a capacity of c objects
// (demand fills and backfills alike); the byte counters are then s times the key counters. Without
// sizes in play, results carry no byte fields and reports no byte columns.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { DEFAULT_LATENCY } from '../../src/source/source-model.ts';
import { runStrategiesSync } from '../../src/runner/run.ts';
import { resolveStrategies } from '../../src/runner/strategy-config.ts';
import { renderCsv } from '../../src/report/csv.ts';
import { openStream } from '../../src/workloads/stream.ts';
import { resolveWorkload } from '../../src/workloads/workload-config.ts';
import type { StrategyResult } from '../../src/runner/result.ts';

const STRATEGIES = ['none', 'threshold', 'lru-backfill', 'time-based'];
const opts = { seed: 3, latency: DEFAULT_LATENCY };

function run(workload: Record<string, unknown>, capacity: unknown, names = STRATEGIES, more: Record<string, unknown> = {}): StrategyResult[] {
  const w = resolveWorkload('zipf', { keys: 1000, requests: 12_000, rate: 2000, ...workload });
  const stream = openStream(w, opts.seed);
  return runStrategiesSync(stream, resolveStrategies(names, { capacity, ...more }, stream.sourceKeys), opts);
}

const decisions = (r: StrategyResult) => ({
  strategy: r.strategy,
  misses: r.misses,
  backfills: r.backfills,
  backfilledKeys: r.backfilledKeys,
  backfillWaste: r.backfillWaste,
  evictions: r.evictions,
  finalSize: r.finalSize,
  sourceReads: r.sourceReads,
});

describe('byte mode with one object size', () => {
  it.each([1, 100, 4096])('capacity 150 x %i bytes decides exactly as capacity 150 objects, for every preset', (size) => {
    const sized = { sizes: 'fixed', sizeBytes: size, absentRatio: 0.1 };
    const objects = run(sized, 150);
    const bytes = run(sized, `${150 * size}B`);
    expect(bytes.map(decisions)).toEqual(objects.map(decisions));
    for (const r of bytes) expect([r.bytes!.capacityUnit, r.bytes!.capacity]).toEqual(['bytes', 150 * size]);
    // One byte short of 150 objects holds 149: some decision changes.
    const short = run(sized, `${150 * size - 1}B`, ['none']);
    expect(short[0]!.misses).toBeGreaterThan(objects[0]!.misses);
  });

  it('byte counters are the size times the key counters (absent keys read no bytes)', () => {
    for (const r of run({ sizes: 'fixed', sizeBytes: 100, absentRatio: 0.1 }, '15000B')) {
      const b = r.bytes!;
      expect(r.sourceMisses).toBeGreaterThan(0);
      expect([b.requestedBytes, b.hitBytes, b.demandBytes, b.backfillBytes]).toEqual([100 * r.requests, 100 * r.hits, 100 * (r.misses - r.sourceMisses), 100 * r.backfilledKeys]);
      expect(b.sourceBytes).toBe(b.demandBytes + b.backfillBytes);
      expect(b.byteHitRatio).toBeCloseTo(r.hitRatio, 12);
      expect(b.bytesPerBackfill).toBe(r.backfills === 0 ? 0 : (100 * r.backfilledKeys) / r.backfills);
    }
  });

  it('varied sizes: a byte capacity makes big objects cost more (fewer objects cached than the same bytes of fixed sizes would hold)', () => {
    const [fixed] = run({ sizes: 'fixed', sizeBytes: 4096 }, '2MiB', ['none']);
    const [varied] = run({ sizes: 'lognormal', sizeBytes: 4096, sizeSigma: 1.5 }, '2MiB', ['none']);
    expect(fixed!.finalSize).toBe(512);
    expect(varied!.finalSize).not.toBe(512);
    expect(varied!.bytes!.byteHitRatio).not.toBeCloseTo(varied!.hitRatio, 3);
  });
});

describe('backfill batch in bytes', () => {
  const BACKFILLING = ['threshold', 'lru-backfill', 'time-based'];

  it('a batch of 16 x 4096 bytes, every object 4096 bytes, loads exactly the batches of 16 keys', () => {
    const sized = { sizes: 'fixed', sizeBytes: 4096 };
    expect(run(sized, 150, BACKFILLING, { batch: '64KiB' }).map(decisions)).toEqual(run(sized, 150, BACKFILLING, { batch: 16 }).map(decisions));
  });

  it('with sizes 1,000 .. 3,000 bytes a 16 KiB batch is filled to within one object of its budget, never past it', () => {
    for (const r of run({ sizes: 'uniform', sizeMin: 1000, sizeMax: 3000 }, '200KiB', BACKFILLING, { batch: '16KiB' })) {
      expect(r.backfills).toBeGreaterThan(0);
      expect(r.bytes!.bytesPerBackfill).toBeLessThanOrEqual(16 * 1024);
      expect(r.bytes!.bytesPerBackfill).toBeGreaterThan(16 * 1024 - 3000);
    }
  });

  it('a sweep over batch=16,64KiB with 4 KiB objects gives both cells the same counts, with byte columns (regression: sweep cells lost the sizes)', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'bb-sizes-')), 's');
    const r = await runCli([
      'sweep',
      '--workload',
      'zipf',
      '--keys',
      '1000',
      '--requests',
      '12000',
      '--sizes',
      'fixed',
      '--strategies',
      'lru-backfill',
      '--param',
      'batch=16,64KiB',
      '--param',
      'capacity=600KiB',
      '--workers',
      '0',
      '--no-progress',
      '--out',
      dir,
    ]);
    expect(r.code).toBe(0);
    const [header, ...rows] = readFileSync(join(dir, 'sweep.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const pick = (row: string[]) => ['misses', 'backfilledKeys', 'byteHitRatio', 'bytesPerBackfill'].map((c) => row[header!.indexOf(c)]);
    expect(rows.map((row) => row[header!.indexOf('batch')])).toEqual(['16', '64KiB']);
    expect(pick(rows[1]!)).toEqual(pick(rows[0]!));
    expect(pick(rows[0]!)[3]).toBe('65536');
  });

  it('a batch in bytes needs object sizes; a share is not a batch', () => {
    expect(() => run({}, 150, ['lru-backfill'], { batch: '64KiB' })).toThrow(/batch 64KiB is in bytes, but the workload has no object sizes/);
    expect(() => run({}, 150, ['lru-backfill'], { batch: '10%' })).toThrow(/"batch" is "10%"; allowed: a count \(10\) or bytes with a unit/);
  });
});

describe('object mode stays as it was', () => {
  it('without sizes: no byte fields, no byte columns', () => {
    const results = run({}, 200);
    for (const r of results) expect(r.bytes).toBeUndefined();
    const w = resolveWorkload('zipf', { keys: 1000, requests: 12_000 });
    expect(renderCsv({ workload: w, seed: 3, latency: DEFAULT_LATENCY, results, cpu: undefined }).split('\n')[0]).not.toMatch(/byte|Bytes/);
  });

  it('10% without object sizes is 10% of the keys, the presets’ default capacity', () => {
    expect(run({}, '10%', ['none']).map(decisions)).toEqual(run({}, undefined, ['none']).map(decisions));
    expect(run({}, '10%', ['none'])[0]!.finalSize).toBe(100);
  });

  it('a size distribution with an object capacity: objects count 1, bytes are counted', () => {
    const [plain] = run({}, 150, ['lru-backfill']);
    const [sized] = run({ sizes: 'pareto', sizeMin: 100 }, 150, ['lru-backfill']);
    expect(decisions(sized!)).toEqual(decisions(plain!));
    expect(sized!.bytes!.capacityUnit).toBe('objects');
    expect(sized!.bytes!.requestedBytes).toBeGreaterThan(100 * sized!.requests);
  });
});
