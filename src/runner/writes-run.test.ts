// Runs with the write process (RunOptions.writes): the runner wraps the stream once, so every
// strategy (and an event run's twin) sees the same writes; verified runs accept what a strategy
// serves at the version it says; byte mode counts reads only; progress counts reads; stream-dependent
// settings are refused. And the check, end to end: one key read as a Poisson process of rate
// λ, Poisson writes of rate μ with invalidate, no TTL: hit ratio λ/(λ+μ).
import { describe, expect, it } from 'vitest';
import { ArrayStream, createChunk } from '../core/chunks.ts';
import { ConfigError } from '../core/errors.ts';
import { DEFAULT_LATENCY } from '../source/source-model.ts';
import type { WriteSettings } from '../source/writes/write-params.ts';
import { openStream } from '../workloads/stream.ts';
import { resolveWorkload } from '../workloads/workload-config.ts';
import { stubStrategy, type VersionedMapCache } from './ops-test-support.ts';
import { runStrategiesSync, runStrategies, type RunOptions } from './run.ts';
import { resolveStrategies } from './strategy-config.ts';

const WRITES: WriteSettings = { rate: 200, weights: 'like-reads', mode: 'invalidate' };

function zipf(requests = 20_000, extra: Record<string, unknown> = {}) {
  return resolveWorkload('zipf', { keys: 500, requests, rate: 1000, ...extra });
}

function run(strategies: readonly string[], opts: Partial<RunOptions> = {}, w = zipf()) {
  const made: VersionedMapCache[] = [];
  const resolved = strategies.map((m) => stubStrategy(m as 'invalidate' | 'none', made, `stub-${m}`));
  const results = runStrategiesSync(openStream(w, 3), resolved, { seed: 3, latency: DEFAULT_LATENCY, writes: WRITES, ...opts });
  return { results, made };
}

const writesOf = (s: VersionedMapCache) => s.writesSeen.map((x) => `${x.key}@${x.now}`).join(',');

describe('runs with the write process', () => {
  it('every strategy sees the same writes, as a run of one strategy does', () => {
    const { results, made } = run(['invalidate', 'none']);
    expect(made[0]!.writesSeen.length).toBeGreaterThan(3000); // 20 s at 200/s: ~4000
    expect(writesOf(made[1]!)).toBe(writesOf(made[0]!));
    expect(writesOf(run(['none']).made[0]!)).toBe(writesOf(made[0]!));
    for (const r of results) expect(r.requests).toBe(20_000);
    // Invalidation turns some hits into misses; `none` keeps them (stale).
    expect(results[0]!.hits).toBeLessThan(results[1]!.hits);
    expect(made[1]!.staleReads).toBeGreaterThan(0);
  });

  it('gives the same results for the same seed (the writes included) and other writes for another seed', () => {
    const a = run(['none']);
    const b = run(['none']);
    expect(b.results).toEqual(a.results);
    expect(writesOf(b.made[0]!)).toBe(writesOf(a.made[0]!));
    const made: VersionedMapCache[] = [];
    runStrategiesSync(openStream(zipf(), 3), [stubStrategy('none', made)], { seed: 4, latency: DEFAULT_LATENCY, writes: WRITES });
    expect(writesOf(made[0]!)).not.toBe(writesOf(a.made[0]!));
  });

  it('verified runs accept fresh and stale values at the version served, with the same results', () => {
    for (const mode of ['invalidate', 'none'] as const) {
      const plain = run([mode]).results[0]!;
      const verified = run([mode], { verifyValues: true }).results[0]!;
      expect(verified.hits).toBe(plain.hits);
      expect(verified.requests).toBe(plain.requests);
    }
  });

  it('gives the twin of an event run the same writes', () => {
    const { made } = run(['invalidate'], { events: [{ kind: 'outage', at: 5000, durationMs: 1000 }], verifyValues: true });
    expect(made).toHaveLength(2);
    expect(writesOf(made[1]!)).toBe(writesOf(made[0]!));
  });

  it('counts the bytes of reads only in a run that counts bytes', () => {
    const w = zipf(5000, { sizes: 'uniform', sizeBytes: 100 });
    const { results } = run(['invalidate'], {}, w);
    const r = results[0]!;
    expect(r.bytes).toBeDefined();
    // Every read's size, as the stream gives them (writes carry sizes in the chunk but are not requests).
    let total = 0;
    const s = openStream(w, 3);
    const chunk = { keys: new Uint32Array(5000), times: new Float64Array(5000), sizes: new Uint32Array(5000), length: 0 };
    s.nextChunk(chunk);
    for (let i = 0; i < chunk.length; i++) total += chunk.sizes[i]!;
    expect(r.bytes!.requestedBytes).toBe(total);
  });

  it('reports progress in reads', async () => {
    const seen: [number, number][] = [];
    await runStrategies(openStream(zipf(), 3), [stubStrategy('invalidate')], { seed: 3, latency: DEFAULT_LATENCY, writes: WRITES, onProgress: (d, t) => seen.push([d, t]) });
    expect(seen.at(-1)).toEqual([20_000, 20_000]);
  });

  it('refuses a rate for a stream with its own operations, "trace" for one without, and a mode alone', () => {
    const withOps = () => new ArrayStream(Uint32Array.of(1), Float64Array.of(0), 4, 4, undefined, Uint8Array.of(0));
    const go = (s: ArrayStream, writes: WriteSettings) => () => runStrategiesSync(s, [stubStrategy('invalidate')], { seed: 1, latency: DEFAULT_LATENCY, writes });
    expect(go(withOps(), WRITES)).toThrow(ConfigError);
    expect(go(withOps(), WRITES)).toThrow(/the trace has its own write records/);
    const noOps = () => new ArrayStream(Uint32Array.of(1), Float64Array.of(0), 4, 4);
    expect(go(noOps(), { ...WRITES, rate: 'trace' })).toThrow(/the stream has no operations/);
    expect(go(noOps(), { ...WRITES, rate: undefined })).toThrow(/writeMode applies only to a run with writes/);
  });
});

describe('invalidate on writes, no TTL: hit ratio λ/(λ+μ)', () => {
  // One key read as a Poisson process of rate λ, writes a Poisson process of rate μ. A read hits iff
  // no write fell since the previous read: the gaps between reads are independent Exp(λ) and the
  // writes Poisson, so the hits after the first read are independent Bernoulli(p) with
  // p = E[exp(-μ G)] = λ/(λ+μ). Over n reads the hit ratio is (n-1)p/n in expectation with
  // standard deviation √(p(1-p)/n) (the first read is a cold miss); we allow 4.5 of them.
  // Through the freshness strategy the `none` preset becomes with writes (FreshCacheStrategy: lru,
  // demand fill, ttl infinite) and through the plain map stub (the same semantics, written apart).
  for (const [lambda, mu, which] of [
    [10, 5, 'none'],
    [10, 30, 'none'],
    [10, 5, 'stub'],
  ] as const) {
    it(`λ = ${lambda}/s, μ = ${mu}/s (${which === 'none' ? 'the none preset: FreshCacheStrategy' : 'the map stub'})`, () => {
      const n = 40_000;
      const w = resolveWorkload('uniform', { keys: 1, requests: n, rate: lambda, arrival: 'poisson' });
      const strategy = which === 'none' ? resolveStrategies(['none'], { capacity: 1 }, 1) : [stubStrategy('invalidate')];
      const [r] = runStrategiesSync(openStream(w, 17), strategy, {
        seed: 17,
        latency: DEFAULT_LATENCY,
        writes: { rate: mu, weights: 'uniform', mode: 'invalidate' },
        verifyValues: true,
      });
      const p = lambda / (lambda + mu);
      const sd = Math.sqrt((p * (1 - p)) / n);
      expect(r!.requests).toBe(n);
      expect(Math.abs(r!.hitRatio - ((n - 1) * p) / n)).toBeLessThanOrEqual(4.5 * sd);
      if (which === 'none') {
        // Invalidated keys are never served stale; every write is counted.
        expect(r!.freshness?.staleReads).toBe(0);
        // Writes up to the last read's time T: Poisson with mean μT.
        const all = createChunk(n);
        openStream(w, 17).nextChunk(all);
        const muT = (mu * all.times[n - 1]!) / 1000;
        expect(Math.abs(r!.freshness!.writes - muT)).toBeLessThanOrEqual(4.5 * Math.sqrt(muT));
      }
    });
  }
});
