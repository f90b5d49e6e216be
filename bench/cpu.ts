// The tinybench CPU-cost suite on its own: each strategy's CPU time per request on a workload,
// with the calibration loop and lru-cache measured in the same run. Issue 3's target:
// lru-backfill at most a third of lru-cache's cost.
//   npm run bench:cpu [-- --workload zipf --keys 1000000 --alpha 1.0 --capacity 100000 --time 1000]
import { parseArgs } from 'node:util';
import { measureCpuCosts } from '../src/cpu/cpu-cost.ts';
import { renderCpuMarkdown } from '../src/report/markdown.ts';
import { resolveStrategies } from '../src/runner/strategy-config.ts';
import { DEFAULT_LATENCY } from '../src/source/source-model.ts';
import { DEFAULT_STRATEGIES } from '../src/strategies/registry.ts';
import { openStream } from '../src/workloads/stream.ts';
import { resolveWorkload } from '../src/workloads/workload-config.ts';

const { values } = parseArgs({
  options: {
    workload: { type: 'string', default: 'zipf' },
    keys: { type: 'string' },
    alpha: { type: 'string' },
    capacity: { type: 'string' },
    strategies: { type: 'string', default: DEFAULT_STRATEGIES.join(',') },
    time: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
  },
});
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const workload = resolveWorkload(values.workload!, { keys: num(values.keys), alpha: num(values.alpha) });
const seed = Number(values.seed);
const stream = openStream(workload, seed);
const strategies = resolveStrategies(values.strategies!.split(','), { capacity: num(values.capacity) }, stream.sourceKeys);
const cpu = await measureCpuCosts(() => openStream(workload, seed), strategies, { latency: DEFAULT_LATENCY, timeMs: Number(values.time) });
console.log(`workload ${workload.name}: ${workload.summary}; node ${process.version}, ${process.arch}`);
console.log(renderCpuMarkdown(cpu));
const lb = cpu.strategies.get('lru-backfill');
if (lb) {
  const ratio = lb.vsLruCache;
  console.log(`lru-backfill / lru-cache = ${ratio.toFixed(3)} (target <= 0.333: ${ratio <= 1 / 3 ? 'met' : 'NOT met'})`);
}
