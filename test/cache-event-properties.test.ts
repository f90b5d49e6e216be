// The checks on restarts, through the runner (events, twins, warm-up metrics), on random
// synthetic workloads:
// - a snapshot restored at once changes nothing: warm-up debt 0 and time to warm 0, for every
//   registered eviction policy (demand fill and a request-path backfill), and for opt;
// - a cold restart of an unbounded cache on a stationary stream: the misses after it are exactly
//   the first references to each key from then on (and every request for an absent key).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEvent, resolveEvents } from '../src/events/parse-event.ts';
import { runStrategiesSync } from '../src/runner/run.ts';
import { resolveStrategies } from '../src/runner/strategy-config.ts';
import { DEFAULT_LATENCY } from '../src/source/source-model.ts';
import { allPolicySpecs } from '../src/strategies/eviction/registry.ts';
import { createChunk } from '../src/core/chunks.ts';
import { openStream } from '../src/workloads/stream.ts';
import { resolveWorkload } from '../src/workloads/workload-config.ts';

const workloadArb = fc.record({
  generator: fc.constantFrom('zipf', 'uniform', 'hotspot', 'scan'),
  keys: fc.integer({ min: 50, max: 3000 }),
  requests: fc.integer({ min: 500, max: 5000 }),
  absentRatio: fc.constantFrom(0, 0.1),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  /** The event's time as a share of the run's length (rate 10,000 requests/s). */
  share: fc.double({ min: 0, max: 1.1, noNaN: true }),
});

const events = (text: string, keys: number) => resolveEvents([parseEvent(text, 'test')], keys);

describe('a snapshot restored at once changes nothing (every policy)', () => {
  // Every policy demand-filling; backfills (request path and on-event) on LRU; opt. (Every policy with
  // a request-path backfill is checked at the strategy: src/strategies/cache-events.test.ts.)
  const names = [...allPolicySpecs().map((p) => `${p.name}+none`), 'lru-backfill', 'warm-up', 'opt'];
  it('warm-up debt 0 and time to warm 0', () => {
    fc.assert(
      fc.property(workloadArb, fc.integer({ min: 1, max: 40 }), (w, capacityPct) => {
        const workload = resolveWorkload(w.generator, { keys: w.keys, requests: w.requests, absentRatio: w.absentRatio, rate: 10_000 });
        const at = Math.round((w.share * w.requests) / 10);
        const stream = openStream(workload, w.seed);
        const strategies = resolveStrategies(names, { capacity: `${capacityPct}%` }, stream.sourceKeys);
        const withEvent = runStrategiesSync(stream, strategies, { seed: w.seed, latency: DEFAULT_LATENCY, events: events(`restart@${at}ms:warm=snapshot`, stream.sourceKeys) });
        withEvent.forEach((r, i) => expect([r.strategy, r.warmup!.warmupDebt, r.warmup!.timeToWarmS]).toEqual([names[i], 0, 0]));
      }),
      { numRuns: 5 },
    );
  });
});

describe('a cold restart of an unbounded cache', () => {
  it('misses after it are exactly the first references from then on, plus the requests for absent keys', () => {
    fc.assert(
      fc.property(workloadArb, (w) => {
        const workload = resolveWorkload(w.generator, { keys: w.keys, requests: w.requests, absentRatio: w.absentRatio, rate: 10_000 });
        const at = Math.round((w.share * w.requests) / 10);
        // The stream's requests, read once for the expected count.
        const probe = openStream(workload, w.seed);
        const chunk = createChunk(4096);
        const before = new Set<number>();
        const after = new Set<number>();
        let expected = 0;
        while (probe.nextChunk(chunk)) {
          for (let i = 0; i < chunk.length; i++) {
            const k = chunk.keys[i]!;
            const seen = chunk.times[i]! < at ? before : after;
            if (k >= probe.sourceKeys || !seen.has(k)) expected++;
            seen.add(k);
          }
        }
        const stream = openStream(workload, w.seed);
        const [r] = runStrategiesSync(stream, resolveStrategies(['none', 'threshold'], { capacity: null }, stream.sourceKeys).slice(0, 1), {
          seed: w.seed,
          latency: DEFAULT_LATENCY,
          events: events(`restart@${at}ms`, stream.sourceKeys),
        });
        expect(r!.misses).toBe(expected);
      }),
      { numRuns: 15 },
    );
  });
});
