// Each eviction policy's throughput on the 10 M-request zipf oracleGeneral trace (issue 12): the
// trace (zipf alpha 0.99 over 1,000,000 keys, as bench/trace-throughput.ts makes it) is written to a
// temporary folder (never committed), decoded once, then replayed from memory into `none` (demand
// fill) with every registered policy at capacity 100,000 (10 % of the keys), object mode. Prints the
// replay's M requests/s (best of N, file reading excluded: it is the same for every policy), the ns
// per request and the hit ratio. The `lru` row is today's LRU path; compare the others to it.
//   npx tsx bench/policy-throughput.ts [requests] [runs]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LATENCY } from '../src/source/source-model.ts';
import { runStrategies } from '../src/runner/run.ts';
import { resolveStrategies } from '../src/runner/strategy-config.ts';
import { allPolicySpecs } from '../src/strategies/eviction/registry.ts';
import { exportTrace } from '../src/traces/trace-export.ts';
import { openStream, openWorkload } from '../src/workloads/stream.ts';
import { validateWorkload } from '../src/workloads/workload-config.ts';

const requests = Number(process.argv[2] ?? 10_000_000);
const runs = Number(process.argv[3] ?? 3);
const CAPACITY = 100_000;

const dir = mkdtempSync(join(tmpdir(), 'policy-throughput-'));
try {
  const synthetic = validateWorkload('zipf', { workload: 'zipf', keys: 1_000_000, alpha: 0.99, scramble: false, requests, arrival: 'constant', rate: 100_000 }, 'bench');
  const path = join(dir, 'zipf.oracleGeneral.bin');
  await exportTrace(() => openStream(synthetic, 1), { format: 'oracle-general', output: path });
  const w = validateWorkload(path, { workload: 'trace', path, format: 'oracle-general' }, path);
  console.log(
    `${requests.toLocaleString('en-US')} requests (zipf 0.99 over 1,000,000 keys, oracleGeneral), none at capacity ${CAPACITY.toLocaleString('en-US')}; replay from memory, best of ${runs}; node ${process.version}`,
  );
  console.log('| policy | M requests/s | ns/request | hit ratio |');
  console.log('|---|--:|--:|--:|');
  for (const policy of allPolicySpecs()) {
    let best = Infinity;
    let hitRatio = 0;
    for (let r = 0; r < runs; r++) {
      const { stream } = await openWorkload(w, 1); // decoded once per process: later opens are free
      const strategies = resolveStrategies(['none'], { capacity: CAPACITY, eviction: policy.name }, stream.sourceKeys);
      const t0 = performance.now();
      const [res] = await runStrategies(stream, strategies, { seed: 1, latency: DEFAULT_LATENCY });
      best = Math.min(best, (performance.now() - t0) / 1000);
      hitRatio = res!.hitRatio;
    }
    console.log(`| ${policy.name} | ${(requests / best / 1e6).toFixed(2)} | ${((best * 1e9) / requests).toFixed(1)} | ${hitRatio.toFixed(4)} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
