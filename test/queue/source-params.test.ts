// The source model's parameters (src/source/queue/source-params.ts): the defaults are today's model,
// bad values are ConfigErrors naming the field and what is allowed, null resolves as declared, and
// no name or CLI flag collides with a parameter the CLI already takes (issue 15 will wire these in
// beside the latency model's, the strategies' and the workloads' parameters).
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { flagOf } from '../../src/core/param-decl.ts';
import { DEFAULT_LATENCY, LATENCY_PARAMS } from '../../src/source/source-model.ts';
import { DEFAULT_SOURCE, isTodaysModel, serviceTimes, SOURCE_PARAMS, validateSourceParams } from '../../src/source/queue/source-params.ts';
import { allPolicySpecs } from '../../src/strategies/eviction/registry.ts';
import { allStrategySpecs } from '../../src/strategies/registry.ts';
import { allWorkloadSpecs } from '../../src/workloads/registry.ts';
import { COMMON_PARAMS } from '../../src/workloads/workload-config.ts';

describe('source parameters', () => {
  it('the defaults are today model: unbounded, fixed, the latency model service time', () => {
    expect(DEFAULT_SOURCE).toEqual({
      sourceConcurrency: null,
      serviceMs: null,
      servicePerKeyMs: null,
      serviceDistribution: 'fixed',
      queueLimit: null,
      timeoutMs: null,
      backfillPriority: 'same',
      coalesce: true,
    });
    expect(isTodaysModel(DEFAULT_SOURCE)).toBe(true);
    expect(serviceTimes(DEFAULT_SOURCE, DEFAULT_LATENCY)).toEqual({ fixedMs: DEFAULT_LATENCY.callMs, perKeyMs: DEFAULT_LATENCY.perKeyMs });
  });

  it('validates given values and resolves the null words', () => {
    const p = validateSourceParams(
      { sourceConcurrency: 8, serviceMs: 2, serviceDistribution: 'exponential', queueLimit: 'unbounded', timeoutMs: 'none', backfillPriority: 'low', coalesce: false },
      'test',
    );
    expect(p).toMatchObject({
      sourceConcurrency: 8,
      serviceMs: 2,
      servicePerKeyMs: null,
      serviceDistribution: 'exponential',
      queueLimit: null,
      timeoutMs: null,
      backfillPriority: 'low',
      coalesce: false,
    });
    expect(isTodaysModel(p)).toBe(false);
    expect(serviceTimes(p, DEFAULT_LATENCY)).toEqual({ fixedMs: 2, perKeyMs: DEFAULT_LATENCY.perKeyMs });
    expect(isTodaysModel(validateSourceParams({ serviceDistribution: 'exponential' }, 'test'))).toBe(false);
    expect(isTodaysModel(validateSourceParams({ queueLimit: 4, timeoutMs: 5 }, 'test'))).toBe(true); // no concurrency limit: nothing waits
  });

  it('refuses bad values with a ConfigError naming where, the field and what is allowed', () => {
    const bad = (raw: Record<string, unknown>) => {
      try {
        validateSourceParams(raw, 'config.json:3');
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error(`accepted ${JSON.stringify(raw)}`);
    };
    expect(bad({ sourceConcurrency: 0 })).toMatch(/^config\.json:3: "sourceConcurrency" is 0; allowed: an integer >= 1 and <= 1000000$/);
    expect(bad({ sourceConcurrency: 2.5 })).toMatch(/"sourceConcurrency"/);
    expect(bad({ timeoutMs: 0 })).toMatch(/"timeoutMs" is 0; allowed: .*> 0/);
    expect(bad({ queueLimit: -1 })).toMatch(/"queueLimit"/);
    expect(bad({ serviceDistribution: 'normal' })).toMatch(/"serviceDistribution" is "normal"; allowed: "fixed", "exponential"/);
    expect(bad({ backfillPriority: 'high' })).toMatch(/"same", "low"/);
    expect(bad({ coalesce: 'yes' })).toMatch(/true or false/);
  });

  it('no name or flag collides with a parameter the CLI already takes', () => {
    const existing = [
      ...LATENCY_PARAMS,
      ...COMMON_PARAMS,
      ...allStrategySpecs().flatMap((s) => s.params),
      ...allPolicySpecs().flatMap((p) => p.params),
      ...allWorkloadSpecs().flatMap((w) => w.params),
    ];
    const taken = new Set(existing.flatMap((d) => [d.name, flagOf(d)]));
    const ours = SOURCE_PARAMS.flatMap((d) => [...new Set([d.name, flagOf(d)])]);
    expect(ours.filter((w) => taken.has(w))).toEqual([]);
    expect(new Set(ours).size).toBe(ours.length);
    expect(taken.has('hitMs') && taken.has('hit-ms'), 'the check sees the existing names').toBe(true);
  });
});
