// Runs the per-capacity simulations of `mrc --eviction P` (a policy that is not a stack algorithm) on
// the sweep's worker pool: one task per capacity, all cores busy, each task a pure function of its
// input (the same curve with any number of workers). A trace goes to the workers as shared memory.
import type { AnyRequestStream } from '../core/types.ts';
import { declaredDefaults } from '../core/param-decl.ts';
import { DEFAULT_LATENCY } from '../source/source-model.ts';
import { policySpec } from '../strategies/eviction/registry.ts';
import { createPool } from '../sweep/pool.ts';
import { createChunk, loadedTrace } from '../workloads/stream.ts';
import type { ResolvedWorkload } from '../workloads/workload-config.ts';
import type { PolicyPoint } from './policy-curve.ts';

/** Requests, absent requests and distinct present keys of a stream (one pass; memory one bit per key, or the keys seen). */
export async function streamCounts(stream: AnyRequestStream): Promise<{ requests: number; absent: number; distinct: number }> {
  const dense = stream.sourceKeys <= 1 << 28;
  const bits = dense ? new Uint8Array(Math.ceil(stream.sourceKeys / 8)) : undefined;
  const seen = dense ? undefined : new Set<number>();
  const chunk = createChunk();
  let requests = 0;
  let absent = 0;
  let distinct = 0;
  try {
    for (;;) {
      const filled = stream.nextChunk(chunk);
      if (!(typeof filled === 'boolean' ? filled : await filled)) break;
      requests += chunk.length;
      for (let i = 0; i < chunk.length; i++) {
        const k = chunk.keys[i]!;
        if (k >= stream.sourceKeys) absent++;
        else if (bits) {
          const m = 1 << (k & 7);
          if ((bits[k >>> 3]! & m) === 0) {
            bits[k >>> 3]! |= m;
            distinct++;
          }
        } else if (!seen!.has(k)) {
          seen!.add(k);
          distinct++;
        }
      }
    }
  } finally {
    if ('close' in stream && stream.close) await stream.close();
  }
  return { requests, absent, distinct };
}

export interface PolicyCurveOptions {
  readonly workload: ResolvedWorkload;
  readonly seed: number;
  readonly policy: string;
  readonly capacities: readonly number[];
  readonly sampleRate: number;
  /** Worker threads (0: the main thread). */
  readonly workers: number;
  readonly onPoint?: (done: number, total: number) => void;
}

/** One simulation per capacity, spread over the workers; points in the order of `capacities`. */
export async function policyCurve(o: PolicyCurveOptions): Promise<{ points: PolicyPoint[]; workers: number }> {
  const spec = policySpec(o.policy, '--eviction');
  const params = declaredDefaults(spec.params);
  const base = { workload: o.workload, seed: o.seed, latency: DEFAULT_LATENCY, loadSeriesPoints: 0, trace: loadedTrace(o.workload) };
  const workers = o.workers === 0 ? 0 : Math.max(1, Math.min(o.workers, o.capacities.length));
  const pool = createPool(workers);
  let done = 0;
  try {
    // Largest capacities first: they take longest, so the pool ends together.
    const order = o.capacities.map((c, i) => [c, i] as const).sort((a, b) => b[0] - a[0]);
    const points = new Array<PolicyPoint>(o.capacities.length);
    await Promise.all(
      order.map(async ([capacity, i]) => {
        const r = await pool.run({ ...base, kind: 'policy-point', policy: o.policy, params, capacity, sampleRate: o.sampleRate });
        points[i] = r.point;
        o.onPoint?.(++done, o.capacities.length);
      }),
    );
    return { points, workers };
  } finally {
    await pool.destroy();
  }
}
