// `bench --cpu` times each eviction policy alone beside the strategies when they use more than one
// policy (or another than lru), so a strategy's cost can be read against its policy's.
import { describe, expect, it } from 'vitest';
import { resolveStrategies, type ResolvedStrategy } from '../runner/strategy-config.ts';
import { DEFAULT_LATENCY } from '../source/source-model.ts';
import { openStream } from '../workloads/stream.ts';
import { resolveWorkload } from '../workloads/workload-config.ts';
import { measureCpuCosts, strategyPolicies } from './cpu-cost.ts';

const withEviction = (s: ResolvedStrategy, name: string, eviction: string): ResolvedStrategy => ({ ...s, name, params: { ...s.params, eviction } });

describe('policy rows of the CPU report', () => {
  const [none, threshold] = resolveStrategies(['none', 'threshold'], { capacity: 100 }, 1000);

  it('none when every bounded strategy runs lru (the default report is unchanged)', () => {
    expect(strategyPolicies([none!, threshold!], { sourceKeys: 1000 })).toEqual([]);
  });

  it('one row per distinct policy and capacity when the strategies differ, with the policy params declared defaults', () => {
    const rows = strategyPolicies([none!, withEviction(none!, 'fifo-none', 'fifo'), withEviction(none!, 'fifo-again', 'fifo')], { sourceKeys: 1000 });
    expect(rows.map((r) => [r.policy, r.capacity])).toEqual([
      ['lru', 100],
      ['fifo', 100],
    ]);
    expect(
      strategyPolicies([withEviction(none!, 'sieve-none', 'sieve'), withEviction({ ...none!, params: { ...none!.params, capacity: '10%' } }, 'sieve-share', 'sieve')], { sourceKeys: 1000 }).map(
        (r) => [r.policy, r.capacity],
      ),
    ).toEqual([['sieve', 100]]);
  });

  it('measureCpuCosts times each policy alone (a positive ns/request per row)', async () => {
    const w = resolveWorkload('zipf', { keys: 1000, requests: 20_000 });
    const report = await measureCpuCosts(() => openStream(w, 1), [none!, withEviction(none!, 'clock-none', 'clock')], {
      latency: DEFAULT_LATENCY,
      timeMs: 20,
      sliceRequests: 1024,
      bufferRequests: 8192,
      warmRequests: 1024,
    });
    expect(report.policies.map((p) => p.policy)).toEqual(['lru', 'clock']);
    for (const p of report.policies) expect(p.cost.nsPerRequest.mean).toBeGreaterThan(0);
  });
});
