// The properties that need the runner: measured through runWithTwins and the warm-up
// metrics against the twin (the strategy-level versions, driving CacheStrategy directly, are in
// src/strategies/cache-events.test.ts).
// - snapshot restore at unlimited rate: for every registered eviction policy, on random workloads,
//   the run is its twin exactly: warm-up debt 0, time to warm 0, every other figure equal;
// - cold restart of an unbounded cache on a stationary stream: the misses from T on are exactly the
//   first references from T on (model: a set of keys seen since T);
// - a twin gives the results of the same run without events, outages included, for every preset.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createChunk } from '../core/chunks.ts';
import { parseEvent, resolveEvents } from '../events/parse-event.ts';
import { DEFAULT_LATENCY } from '../source/source-model.ts';
import { allPolicySpecs } from '../strategies/eviction/registry.ts';
import { arrayStream } from '../../test/helpers/streams.ts';
import { runStrategies, runWithTwins } from './run.ts';
import { resolveStrategies } from './strategy-config.ts';
import type { StrategyResult } from './result.ts';

const events = (sourceKeys: number, ...texts: string[]) =>
  resolveEvents(
    texts.map((t) => parseEvent(t, 'test')),
    sourceKeys,
  );

/** Keys in [0, keys) (a few absent above), at non-decreasing times; the event time somewhere in the stream. */
const workload = fc.integer({ min: 20, max: 300 }).chain((n) =>
  fc.record({
    sourceKeys: fc.integer({ min: 5, max: 60 }),
    keys: fc.array(fc.integer({ min: 0, max: 64 }), { minLength: n, maxLength: n }),
    gaps: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: n, maxLength: n }),
    eventAt: fc.integer({ min: 0, max: n * 15 }),
    capacity: fc.integer({ min: 1, max: 40 }),
  }),
);
const timesOf = (gaps: readonly number[]) => gaps.reduce<number[]>((acc, g) => [...acc, (acc.at(-1) ?? 0) + g], []);
const withoutEventFields = ({ warmup: _w, failedReads: _f, peerCopiedKeys: _p, throttledBackfills: _t, ...rest }: StrategyResult) => rest;

describe('snapshot restore at unlimited rate', () => {
  it.each(allPolicySpecs().map((p) => p.name))('%s: the run is its twin exactly (debt 0, time to warm 0)', async (policy) => {
    await fc.assert(
      fc.asyncProperty(workload, async (w) => {
        const times = timesOf(w.gaps);
        const strategies = resolveStrategies(['none', 'lru-backfill'], { eviction: policy, capacity: w.capacity }, w.sourceKeys);
        const [a, b] = await runWithTwins(arrayStream(w.keys, w.sourceKeys, times, 65), strategies, {
          seed: 4,
          latency: DEFAULT_LATENCY,
          chunk: createChunk(17),
          events: events(w.sourceKeys, `restart@${w.eventAt}ms:warm=snapshot`),
        });
        for (const o of [a!, b!]) {
          expect(o.result.warmup).toMatchObject({ warmupDebt: 0, timeToWarmS: 0 });
          expect(o.result.hits).toBe(o.twin!.hits);
          expect(o.result).toMatchObject({ failedReads: 0 });
          expect(withoutEventFields(o.result)).toEqual(o.twin);
        }
      }),
      { numRuns: 12 },
    );
  });
});

describe('cold restart of an unbounded cache on a stationary stream', () => {
  it('misses from the restart on are exactly the first references from then on', async () => {
    await fc.assert(
      fc.asyncProperty(workload, async (w) => {
        const times = timesOf(w.gaps);
        const keys = w.keys.map((k) => k % w.sourceKeys); // keys the source has: each misses once, then hits
        const [o] = await runWithTwins(arrayStream(keys, w.sourceKeys, times), resolveStrategies(['none'], { capacity: 'unbounded' }, w.sourceKeys), {
          seed: 4,
          latency: DEFAULT_LATENCY,
          chunk: createChunk(13),
          events: events(w.sourceKeys, `restart@${w.eventAt}ms`),
        });
        const seenSince = new Set<number>();
        let firstRefsAfter = 0;
        let requestsAfter = 0;
        keys.forEach((k, i) => {
          if (times[i]! < w.eventAt) return;
          requestsAfter++;
          if (!seenSince.has(k)) firstRefsAfter++;
          seenSince.add(k);
        });
        const run = o!.run;
        const hitsBefore = run.beforeFirstEvent?.hits ?? run.hits;
        const requestsBefore = run.beforeFirstEvent?.requests ?? run.requests;
        expect(run.requests - requestsBefore).toBe(requestsAfter);
        expect(run.requests - requestsBefore - (run.hits - hitsBefore)).toBe(firstRefsAfter);
      }),
      { numRuns: 60 },
    );
  });
});

describe('twins with every kind of event', () => {
  it('give, byte for byte, the results of the same run without events (every preset, outage, shift, lose, restart)', async () => {
    const names = ['none', 'lru-backfill', 'threshold', 'time-based', 'warm-up', 's3fifo+lru-backfill'];
    await fc.assert(
      fc.asyncProperty(workload, fc.constantFrom('restart@{t}', 'restart@{t}:warm=snapshot,rate=50', 'lose@{t}:nodes=3,warm=peer', 'outage@{t}:for=40ms', 'shift@{t}:by=3'), async (w, ev) => {
        const times = timesOf(w.gaps);
        const strategies = resolveStrategies(names, { capacity: w.capacity }, w.sourceKeys);
        const base = { seed: 4, latency: DEFAULT_LATENCY, chunk: createChunk(11) };
        const plain = await runStrategies(arrayStream(w.keys, w.sourceKeys, times, 65), strategies, { ...base, seriesMarks: [w.eventAt] });
        const outcome = await runWithTwins(arrayStream(w.keys, w.sourceKeys, times, 65), strategies, { ...base, events: events(w.sourceKeys, ev.replace('{t}', `${w.eventAt}ms`)) });
        expect(JSON.stringify(outcome.map((o) => o.twin))).toBe(JSON.stringify(plain));
      }),
      { numRuns: 15 },
    );
  });

  it('outage: the served values are checked (a failed read serves SOURCE_FAILED) and failed reads are counted', async () => {
    await fc.assert(
      fc.asyncProperty(workload, async (w) => {
        const times = timesOf(w.gaps);
        const strategies = resolveStrategies(['none', 'lru-backfill', 'warm-up'], { capacity: w.capacity }, w.sourceKeys);
        const outcome = await runWithTwins(arrayStream(w.keys, w.sourceKeys, times, 65), strategies, {
          seed: 4,
          latency: DEFAULT_LATENCY,
          chunk: createChunk(11),
          verifyValues: true,
          events: events(w.sourceKeys, `outage@${w.eventAt}ms:for=60ms`),
        });
        for (const o of outcome) {
          // Every failed read is a miss inside the outage window: at most the requests in it.
          const inWindow = times.filter((t) => t >= w.eventAt && t < w.eventAt + 60).length;
          expect(o.result.failedReads).toBeLessThanOrEqual(inWindow);
          expect(o.run.source.failedReads).toBe(o.result.failedReads);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('outage, window by window: no backfill or warm-up read while the source is down, failed reads only then (1 ms windows)', async () => {
    await fc.assert(
      fc.asyncProperty(
        workload.map((w) => ({ ...w, gaps: w.gaps.map((g) => g % 5) })),
        fc.integer({ min: 1, max: 200 }),
        fc.constantFrom('', ':warm=snapshot,rate=500,batch=2', ':warm=peer,rate=1000,batch=3'),
        fc.integer({ min: 0, max: 20 }),
        async (w, len, warm, before) => {
          const times = timesOf(w.gaps);
          const at = Math.min(w.eventAt, times.at(-1)!) + before;
          const strategies = resolveStrategies(['lru-backfill', 'time-based', 'warm-up'], { capacity: w.capacity }, w.sourceKeys);
          const outcome = await runWithTwins(arrayStream(w.keys, w.sourceKeys, times, 65), strategies, {
            seed: 4,
            latency: DEFAULT_LATENCY,
            chunk: createChunk(11),
            windowMs: 1,
            // The restart (its paced warm-up, if any) starts up to 20 ms before the outage and runs into it.
            events: events(w.sourceKeys, `restart@${at - before}ms${warm}`, `outage@${at}ms:for=${len}ms`),
          });
          for (const o of outcome) {
            const s = o.result.series!;
            expect(s.windowMs).toBe(1);
            const down = (i: number) => i >= at && i < at + len;
            s.backfilledKeys.forEach((b, i) => {
              if (down(i)) expect(b, `${o.result.strategy}: keys backfilled in window ${i} of the outage`).toBe(0);
            });
            (s.failedReads ?? []).forEach((f, i) => {
              if (!down(i)) expect(f, `${o.result.strategy}: failed reads in window ${i}, outside the outage`).toBe(0);
            });
            expect((s.failedReads ?? []).reduce((a, b) => a + b, 0)).toBe(o.result.failedReads);
          }
        },
      ),
      { numRuns: 20 },
    );
  });
});
