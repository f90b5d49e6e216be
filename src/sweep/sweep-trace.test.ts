// A sweep on a trace: the trace is read once in the main thread and its decoded requests go to the
// workers as shared memory; the cells are byte-identical with 0, 1 and 2 workers, and equal to `bench`
// on the same trace (the same requests, replayed from memory).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStrategies } from '../runner/run.ts';
import { resolveStrategies } from '../runner/strategy-config.ts';
import { DEFAULT_LATENCY } from '../source/source-model.ts';
import { exportTrace } from '../traces/trace-export.ts';
import { forgetIndexes } from '../traces/trace-index.ts';
import { loadWorkload, openStream, openWorkload } from '../workloads/stream.ts';
import { resolveWorkload, validateWorkload } from '../workloads/workload-config.ts';
import { CellStore } from './cell-store.ts';
import { parseGrid } from './grid.ts';
import { buildSweepReport } from './report.ts';
import { loadSweep, planSweep, runSweep, type SweepPlan } from './sweep.ts';

const tmp = mkdtempSync(join(tmpdir(), 'sweep-trace-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const tracePath = join(tmp, 'zipf.csv');
let plan: SweepPlan;

/** Every cell file of a sweep folder, by name. */
function cells(dir: string): Record<string, string> {
  const d = join(dir, 'cells');
  return Object.fromEntries(readdirSync(d).map((f) => [f, readFileSync(join(d, f), 'utf8')]));
}

beforeAll(async () => {
  // A csv trace with timestamps (the clock comes from the file), written from a zipf stream.
  const synthetic = resolveWorkload('zipf', { keys: 3000, requests: 15_000, arrival: 'poisson', rate: 2000 });
  await exportTrace(() => openStream(synthetic, 3), { format: 'csv', output: tracePath });
  forgetIndexes();
  const workload = await loadWorkload(validateWorkload(tracePath, { workload: 'trace', path: tracePath, absentRatio: 0.1 }, tracePath), 5);
  plan = planSweep({
    workload,
    seed: 5,
    latency: DEFAULT_LATENCY,
    strategies: ['none', 'lru-backfill', 'opt'],
    grid: parseGrid(['capacity=50,400', 'threshold=0.3,0.6']),
    loadSeriesPoints: 20,
  });
});

describe('sweep on a trace', () => {
  it('cells are byte-identical with 0, 1 and 2 workers', async () => {
    const by = new Map<number, Record<string, string>>();
    for (const workers of [0, 1, 2]) {
      const dir = join(tmp, `w${workers}`);
      const outcome = await runSweep(plan, dir, { workers });
      expect(outcome.computed).toBe(plan.cells.length);
      by.set(workers, cells(dir));
    }
    expect(Object.keys(by.get(0)!)).toHaveLength(plan.cells.length);
    expect(by.get(1)).toEqual(by.get(0));
    expect(by.get(2)).toEqual(by.get(0));
  });

  it('a cell equals bench on the same trace (absent keys and the trace clock included)', async () => {
    const dir = join(tmp, 'w0');
    const cell = plan.cells.find((c) => c.strategy === 'lru-backfill' && c.params.capacity === 400 && c.params.threshold === 0.3)!;
    const stored = new CellStore(dir).read(cell.key)!;
    forgetIndexes();
    const { stream } = await openWorkload(plan.config.workload, 5);
    const [r] = await runStrategies(stream, resolveStrategies(['lru-backfill'], { capacity: 400, threshold: 0.3 }, stream.sourceKeys), {
      seed: 5,
      latency: DEFAULT_LATENCY,
      loadSeriesPoints: 20,
      keepSeries: false,
    });
    expect(stored.kind === 'result' && stored.result).toEqual(JSON.parse(JSON.stringify(r)));
  });

  it('the report recommends a deployable cell; opt is named only as a reference', async () => {
    const r = await buildSweepReport(loadSweep(join(tmp, 'w0')), { constraints: [] });
    expect(r.recommendation.pick).toBeDefined();
    expect(r.recommendation.pick!.strategy).not.toBe('opt');
    expect(r.recommendation.runnerUp?.strategy).not.toBe('opt');
    expect(r.recommendation.references.map((x) => x.strategy)).toEqual(['opt', 'opt']);
    // opt reaches the best hit ratio here, yet the pick's line names a deployable strategy.
    expect(Math.max(...r.rows.map((x) => x.result.hitRatio))).toBe(Math.max(...r.recommendation.references.map((x) => x.result.hitRatio)));
    expect(r.recommendationText).toMatch(/\*\*`(none|lru-backfill)`/);
    expect(r.recommendationText).toMatch(/`opt` is clairvoyant .* shown as references only/);
  });

  it('the cells of a trace depend on its content: the same file, edited, is a different sweep', async () => {
    const path = join(tmp, 'edited.csv');
    const lines = readFileSync(tracePath, 'utf8').split('\n');
    writeFileSync(path, lines.join('\n'));
    const planOf = async () => planSweep({ ...plan.config, workload: await loadWorkload(validateWorkload(path, { workload: 'trace', path, absentRatio: 0.1 }, path), 5) });
    const before = await planOf();
    [lines[5], lines[6]] = [lines[6]!, lines[5]!]; // two requests swapped: same size, same keys
    writeFileSync(path, lines.join('\n'));
    forgetIndexes();
    const after = await planOf();
    expect(after.config.workload.requests).toBe(before.config.workload.requests);
    expect(after.id).not.toBe(before.id);
  });
});
