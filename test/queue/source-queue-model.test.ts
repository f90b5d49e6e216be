// SourceQueue (the heap of next-free times, the Kiefer-Wolfowitz recursion, lazily started low-priority
// backfill) against the plain event-by-event model in queue-model.ts, on random arrival and service
// sequences with ties and zero service times: the same completion time for every call, the same
// failures (kind and time), and the same counters (served, refused, timed out, busy time, the time
// spent at each line length, the longest line). Integer times, so every sum is exact.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKFILL, DEMAND } from '../../src/source/queue/call-class.ts';
import { ServiceTime } from '../../src/source/queue/service-time.ts';
import { DEFERRED, FAILED, NO_OUTCOME, SourceQueue } from '../../src/source/queue/source-queue.ts';
import { runQueueModel, type ModelCall, type ModelOutcome } from './queue-model.ts';

interface Case {
  readonly servers: number;
  readonly limit: number | null;
  readonly timeout: number | null;
  readonly low: boolean;
  readonly calls: ModelCall[];
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    servers: fc.integer({ min: 1, max: 4 }),
    limit: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
    timeout: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
    low: fc.boolean(),
    steps: fc.array(fc.record({ gap: fc.integer({ min: 0, max: 3 }), service: fc.integer({ min: 0, max: 7 }), cls: fc.constantFrom<0 | 1>(DEMAND, BACKFILL) }), {
      minLength: 1,
      maxLength: 80,
      size: 'max',
    }),
  })
  .map(({ steps, ...rest }) => {
    let t = 0;
    return { ...rest, calls: steps.map((s) => ({ t: (t += s.gap), service: s.service, cls: s.cls })) };
  });

/** Runs the fast queue; the service time of a call is its "keys" (0 fixed + 1 per key). */
function runFast(c: Case) {
  const q = new SourceQueue({ concurrency: c.servers, service: new ServiceTime(0, 1, 'fixed', undefined), queueLimit: c.limit, timeoutMs: c.timeout, backfillPriority: c.low ? 'low' : 'same' });
  const outcomes: ModelOutcome[] = [];
  const deferred: number[] = [];
  const take = () => {
    for (let d = q.takeDeferred(); d !== NO_OUTCOME; d = q.takeDeferred()) outcomes[deferred.shift()!] = d === FAILED ? { failed: 'timeout', at: q.failedAt } : { done: d };
  };
  c.calls.forEach((call, i) => {
    const r = q.submit(call.t, call.service, call.cls);
    if (r === DEFERRED) deferred.push(i);
    else outcomes[i] = r === FAILED ? { failed: q.failure as 'rejected' | 'timeout', at: q.failedAt } : { done: r };
    take();
  });
  const summary = q.finish();
  take();
  return { q, outcomes, summary };
}

describe('SourceQueue against the plain event-by-event model', () => {
  it('gives every call the completion time or failure the model gives, and the same counters', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const model = runQueueModel(c.calls, c.servers, c.limit ?? Infinity, c.timeout ?? Infinity, c.low);
        const { q, outcomes, summary } = runFast(c);
        expect(outcomes).toEqual(model.outcomes);
        const count = (pred: (o: ModelOutcome) => boolean, cls: 0 | 1) => model.outcomes.filter((o, i) => c.calls[i]!.cls === cls && pred(o)).length;
        for (const cls of [DEMAND, BACKFILL] as const) {
          expect(q.counters.served[cls]).toBe(count((o) => 'done' in o, cls));
          expect(q.counters.rejected[cls]).toBe(count((o) => 'failed' in o && o.failed === 'rejected', cls));
          expect(q.counters.timedOut[cls]).toBe(count((o) => 'failed' in o && o.failed === 'timeout', cls));
        }
        expect(q.counters.busyMs).toBe(model.busy);
        expect(summary.queueMax).toBe(model.maxLength);
        for (let n = 0; n <= model.maxLength; n++) expect(q.counters.timeAtLength(n), `time at length ${n}`).toBe(model.timeAt[n] ?? 0);
      }),
    );
  });

  it('the generator reaches the interesting cases (waits, refusals, timeouts, deferred backfill)', () => {
    // Guards the property above against a generator that never exercises a branch.
    const seen = { waited: 0, rejected: 0, timedOut: 0, deferred: 0 };
    fc.assert(
      fc.property(caseArb, (c) => {
        const { q } = runFast(c);
        seen.waited += q.counters.waited[DEMAND]! + q.counters.waited[BACKFILL]!;
        seen.rejected += q.counters.rejected[DEMAND]! + q.counters.rejected[BACKFILL]!;
        seen.timedOut += q.counters.timedOut[DEMAND]! + q.counters.timedOut[BACKFILL]!;
        if (c.low) seen.deferred += q.counters.waited[BACKFILL]!;
      }),
    );
    expect(seen.waited).toBeGreaterThan(0);
    expect(seen.rejected).toBeGreaterThan(0);
    expect(seen.timedOut).toBeGreaterThan(0);
    expect(seen.deferred).toBeGreaterThan(0);
  });
});
