// CPU cost of the source queue model per call (SourceQueue.submit) and of the single-flight table per
// request (join, and begin on a miss), apart from everything else: pre-drawn Poisson arrival times
// (and, for exponential service, the queue draws its own), best of `runs`. What a kernel driving the
// model would add per source call (issue 15; src/source/queue/).
//   npx tsx bench/source-queue.ts [calls] [runs]
import { createRng } from '../src/core/rng.ts';
import { BACKFILL, DEMAND } from '../src/source/queue/call-class.ts';
import { NOT_IN_FLIGHT, SingleFlight } from '../src/source/queue/single-flight.ts';
import { ServiceTime, type ServiceDistribution } from '../src/source/queue/service-time.ts';
import { SourceQueue, type BackfillPriority } from '../src/source/queue/source-queue.ts';

const calls = Number(process.argv[2] ?? 2_000_000);
const runs = Number(process.argv[3] ?? 7);

function arrivals(rate: number): Float64Array {
  const rng = createRng(1, 'bench-arrivals');
  const a = new Float64Array(calls);
  let t = 0;
  for (let i = 0; i < calls; i++) a[i] = t -= Math.log(1 - rng.nextDouble()) / rate;
  return a;
}

function best(f: () => number): number {
  let min = Infinity;
  let sink = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = process.cpuUsage();
    sink += f();
    const d = process.cpuUsage(t0);
    min = Math.min(min, ((d.user + d.system) * 1000) / calls);
  }
  if (sink === -1) console.log(sink);
  return min;
}

const rows: string[] = [];
for (const [c, rho, dist, prio] of [
  [1, 0.8, 'fixed', 'same'],
  [8, 0.8, 'fixed', 'same'],
  [64, 0.8, 'fixed', 'same'],
  [8, 0.8, 'exponential', 'same'],
  [8, 0.95, 'exponential', 'same'],
  [8, 0.8, 'exponential', 'low'],
] as const) {
  const a = arrivals(rho * c);
  const ns = best(() => {
    const q = new SourceQueue({ concurrency: c, service: new ServiceTime(1, 0, dist as ServiceDistribution, createRng(1, 'service')), backfillPriority: prio as BackfillPriority });
    let s = 0;
    for (let i = 0; i < calls; i++) {
      s += q.submit(a[i]!, 1, (i & 1) as typeof DEMAND | typeof BACKFILL);
      if (q.deferredWaiting > 0) s += q.takeDeferred();
    }
    q.finish();
    return s;
  });
  rows.push(`submit  c=${c} rho=${rho} ${dist} backfill ${prio}: ${ns.toFixed(1)} ns/call`);
}

// Single flight: zipf-like reuse is not needed for the table's cost: 1,000 keys, requests at rate 1 per
// ms, fetches of 5 ms, so a few keys are in flight at any time and most requests find none.
{
  const a = arrivals(1);
  const rng = createRng(1, 'bench-keys');
  const keys = new Uint32Array(calls);
  for (let i = 0; i < calls; i++) keys[i] = rng.nextInt(1000);
  for (const coalesce of [true, false]) {
    const ns = best(() => {
      const sf = new SingleFlight(coalesce);
      let s = 0;
      for (let i = 0; i < calls; i++) {
        const t = a[i]!;
        const d = sf.join(keys[i]!, t);
        if (d === NOT_IN_FLIGHT) sf.begin(keys[i]!, t, t + 5);
        else s += d;
      }
      return s + sf.finish().fetches;
    });
    rows.push(`single-flight join (+ begin when none in flight), coalesce ${coalesce}: ${ns.toFixed(1)} ns/request`);
  }
}
console.log(`${calls.toLocaleString('en-US')} calls, best of ${runs}, CPU ns per call`);
for (const r of rows) console.log(r);
