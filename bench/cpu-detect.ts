// The CPU regression gate on real timings (moved out of `npm test`, where wall-clock statistics
// failed about one run in four on a busy machine): one strategy slowed down exactly 2x (every
// request also served by a second instance of it) must be reported slower, with the estimate near
// 2; the same code timed twice must not be. Both sides are timed in this process, interleaved.
//   npm run bench:cpu-detect [-- --samples 10 --time 30]
// Exit 0 when both verdicts are right, 1 otherwise. Run it on a quiet machine for a firm answer.
import { parseArgs } from 'node:util';
import { compareCpu } from '../src/check/compare.ts';
import { resolveCell, type CellSpec } from '../src/check/engine.ts';
import { measureCpu } from '../src/check/run-check.ts';
import { InProcessSampler } from '../src/check/runners.ts';
import { DEFAULT_SUITE, loadSuite } from '../src/check/suite.ts';
import type { Strategy } from '../src/core/types.ts';

const { values } = parseArgs({
  options: {
    samples: { type: 'string', default: '10' },
    time: { type: 'string', default: '30' },
    cell: { type: 'string', default: 'zipf/none' },
  },
});
const suite = loadSuite(DEFAULT_SUITE);
const cell = suite.cells.find((c) => c.id === values.cell);
if (!cell) throw new Error(`no cell ${values.cell} in ${DEFAULT_SUITE}`);
const samples = Number(values.samples);
const spec = { seed: suite.seed, latency: { ...suite.latency }, cells: [cell], timeMs: Number(values.time), bufferRequests: 1 << 15, rounds: 1 };

/** The cell's strategy, with every request also fed to `extra` more instances of it (extra = 1: 2x the work). */
function doingExtra(extra: number) {
  return (c: CellSpec, sourceKeys: number) => {
    const r = resolveCell(c, sourceKeys);
    return {
      ...r,
      spec: {
        ...r.spec,
        create(ctx: Parameters<typeof r.spec.create>[0], p: unknown): Strategy {
          const s = r.spec.create(ctx, p);
          const shadows = Array.from({ length: extra }, () => r.spec.create(ctx, p));
          return {
            access(key: number, now: number) {
              for (const sh of shadows) sh.access(key, now);
              return s.access(key, now);
            },
            get lastValue() {
              return s.lastValue;
            },
            get nextTimerAt() {
              return s.nextTimerAt;
            },
            onTimer: (t: number) => s.onTimer(t),
            stats: () => s.stats(),
            finish: () => s.finish(),
          };
        },
      },
    };
  };
}

async function compare(label: string, extra: number) {
  const m = await measureCpu([new InProcessSampler('before', doingExtra(0)), new InProcessSampler('after', doingExtra(extra))], spec, samples);
  const [row] = compareCpu([cell!.id], m.perSide[1]!, m.perSide[0]!, { minEffect: 0.1, maxP: 0.01 });
  const c = row!.comparison!;
  console.log(`${label}: verdict ${c.verdict}, estimate ${c.ratio} (CI ${c.ratioLow} .. ${c.ratioHigh}), p ${c.p}`);
  return c;
}

const slowed = await compare(`2x slower ${cell.id}`, 1);
const same = await compare(`same code twice, ${cell.id}`, 0);
const failures = [
  ...(slowed.verdict === 'slower' ? [] : ['the 2x slowdown was not reported slower']),
  ...(slowed.ratio > 1.6 && slowed.ratio < 2.6 ? [] : [`the 2x slowdown was estimated at ${slowed.ratio}, outside 1.6 .. 2.6`]),
  ...(slowed.ratioLow > 1.1 ? [] : [`the 2x slowdown's confidence interval starts at ${slowed.ratioLow}, not above 1.1`]),
  ...(slowed.p < 0.01 ? [] : [`the 2x slowdown's p is ${slowed.p}, not below 0.01`]),
  ...(same.verdict === 'slower' ? ['the unchanged code was reported slower'] : []),
];
for (const f of failures) console.log(`FAIL: ${f}`);
console.log(failures.length === 0 ? 'OK: the 2x slowdown is caught and the unchanged code raises no alarm' : 'FAILED');
process.exitCode = failures.length === 0 ? 0 : 1;
