// The CPU regression gate on real timings (moved out of `npm test`, where wall-clock statistics
// failed about one run in four on a busy machine): one cell slowed down exactly 2x (each sample
// times the whole cell twice) must be reported slower, with the estimate near 2; the same code timed twice must not be. Both sides are timed in this process, interleaved.
//   npm run bench:cpu-detect [-- --samples 10 --time 30]
// Exit 0 when both verdicts are right, 1 otherwise. Run it on a quiet machine for a firm answer.
import { parseArgs } from 'node:util';
import { compareCpu } from '../src/check/compare.ts';
import { measureCpu } from '../src/check/run-check.ts';
import { InProcessSampler, type CpuSampler, type CpuSampleSpec } from '../src/check/runners.ts';
import { DEFAULT_SUITE, loadSuite } from '../src/check/suite.ts';
import type { CpuRoundResult } from '../src/check/engine.ts';

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

/**
 * Exactly twice the work of `inner`: each sample times the whole cell twice (strategy, run kernel and
 * stream alike) and reports the sum, so the true slowdown is 2 whatever share of a request's cost the
 * strategy has. (Feeding each request to a second strategy instance doubles the strategy's share only:
 * ~1.55x on zipf/none, where the kernel's own per-request work is a third of the cost.)
 */
class TwiceSampler implements CpuSampler {
  readonly label: string;
  constructor(private readonly inner: CpuSampler) {
    this.label = `${inner.label} (twice)`;
  }
  async sample(s: CpuSampleSpec): Promise<CpuRoundResult> {
    const a = await this.inner.sample(s);
    const b = await this.inner.sample(s);
    const sum = (x: Record<string, number>, y: Record<string, number>) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, v + (y[k] ?? NaN)]));
    return { ratios: sum(a.ratios, b.ratios), nsPerRequest: sum(a.nsPerRequest, b.nsPerRequest), samples: sum(a.samples, b.samples) };
  }
}

async function compare(label: string, twice: boolean) {
  const after = new InProcessSampler('after');
  const m = await measureCpu([new InProcessSampler('before'), twice ? new TwiceSampler(after) : after], spec, samples);
  const [row] = compareCpu([cell!.id], m.perSide[1]!, m.perSide[0]!, { minEffect: 0.1, maxP: 0.01 });
  const c = row!.comparison!;
  console.log(`${label}: verdict ${c.verdict}, estimate ${c.ratio} (CI ${c.ratioLow} .. ${c.ratioHigh}), p ${c.p}`);
  return c;
}

const slowed = await compare(`2x slower ${cell.id}`, true);
const same = await compare(`same code twice, ${cell.id}`, false);
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
