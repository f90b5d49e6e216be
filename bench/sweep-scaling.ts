// Sweep scaling: the grid (lru-backfill and time-based over capacity x threshold x batch,
// 90 cells) on zipf, run with 1 and then 2 worker threads into fresh folders. Prints both wall times,
// the speed-up, and whether the two sweeps produced byte-identical sweep.csv and sweep.md.
//   npx tsx bench/sweep-scaling.ts [requests (default 1000000)] [workers to compare (default 1,2)]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LATENCY } from '../src/source/source-model.ts';
import { parseConstraints } from '../src/sweep/constraints.ts';
import { parseGrid } from '../src/sweep/grid.ts';
import { buildSweepReport, writeSweepReport } from '../src/sweep/report.ts';
import { loadSweep, planSweep, runSweep } from '../src/sweep/sweep.ts';
import { resolveWorkload } from '../src/workloads/workload-config.ts';

const requests = Number(process.argv[2] ?? 1_000_000);
const counts = (process.argv[3] ?? '1,2').split(',').map(Number);
const plan = planSweep({
  workload: resolveWorkload('zipf', { requests }),
  seed: 1,
  latency: DEFAULT_LATENCY,
  strategies: ['lru-backfill', 'time-based'],
  grid: parseGrid(['capacity=1000,10000,100000', 'threshold=0.1:0.9:0.1', 'batch=10,100,1000']),
  loadSeriesPoints: 600,
});
const constraints = [...parseConstraints('target', 'hitRatio>=0.9'), ...parseConstraints('budget', 'sourceReads<=2e6')];
const root = mkdtempSync(join(tmpdir(), 'sweep-scaling-'));
const outputs: string[] = [];
const times: number[] = [];
try {
  for (const workers of counts) {
    const dir = join(root, `w${workers}`);
    const t0 = performance.now();
    const o = await runSweep(plan, dir, { workers });
    const wall = (performance.now() - t0) / 1000;
    writeSweepReport(dir, (await buildSweepReport(loadSweep(dir), { constraints })).files);
    times.push(wall);
    outputs.push(readFileSync(join(dir, 'sweep.csv'), 'utf8') + readFileSync(join(dir, 'sweep.md'), 'utf8'));
    console.log(
      `${workers} worker(s): ${o.computed} cells in ${wall.toFixed(1)} s wall, ${o.taskSeconds.toFixed(1)} s of cell time (${(o.taskSeconds / wall).toFixed(2)} cells running at once on average)`,
    );
  }
  console.log(`speed-up ${counts.at(-1)} vs ${counts[0]} workers: ${(times[0]! / times.at(-1)!).toFixed(2)}x; identical sweep.csv and sweep.md: ${outputs.every((o) => o === outputs[0])}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
