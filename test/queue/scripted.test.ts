// Short scripted sequences with every outcome worked out by hand (fixed service times, integer ms):
// the bounded line, timeouts, the two priority classes, a line of length 0 (a loss system) and the
// counters (utilisation, time-average and p99 line length, max, waits).
import { describe, expect, it } from 'vitest';
import { BACKFILL, DEMAND } from '../../src/source/queue/call-class.ts';
import { ServiceTime } from '../../src/source/queue/service-time.ts';
import { DEFERRED, FAILED, NO_OUTCOME, SourceQueue, type SourceQueueOptions } from '../../src/source/queue/source-queue.ts';

const fixed = (ms: number) => new ServiceTime(ms, 0, 'fixed', undefined);
const queue = (o: Partial<SourceQueueOptions> & { concurrency: number }) => new SourceQueue({ service: fixed(10), ...o });

describe('a bounded line', () => {
  it('refuses calls that find it full, at their arrival, and counts them', () => {
    // One server, 10 ms per call, at most 2 waiting. 0: served 0-10. 1, 2: wait (line 2). 3, 4: refused.
    // 10: call 1 starts, so the line has room again: the call at 10 waits behind call 2.
    const q = queue({ concurrency: 1, queueLimit: 2 });
    expect(q.submit(0, 1, DEMAND)).toBe(10);
    expect(q.submit(1, 1, DEMAND)).toBe(20);
    expect(q.submit(2, 1, DEMAND)).toBe(30);
    expect(q.submit(3, 1, DEMAND)).toBe(FAILED);
    expect([q.failure, q.failedAt]).toEqual(['rejected', 3]);
    expect(q.submit(4, 1, BACKFILL)).toBe(FAILED);
    expect(q.submit(10, 1, DEMAND)).toBe(40);
    const s = q.finish();
    expect([s.demand.calls, s.demand.served, s.demand.rejected, s.backfill.rejected]).toEqual([5, 4, 1, 1]);
    // Waits 9 (call 1), 18 (call 2), 20 (call at 10) over 40 ms: mean line length 47 / 40. Two wait
    // during [2, 20): 18 of 40 ms, so at most one waits only 55 % of the time: p99 is 2, as is the max.
    expect(s.horizonMs).toBe(40);
    expect(s.queueMean).toBeCloseTo(47 / 40, 12);
    expect([s.queueP99, s.queueMax]).toEqual([2, 2]);
    expect(s.demand.waited).toBe(3);
    expect(s.demand.meanWaitMs).toBeCloseTo(47 / 4, 12);
    expect(s.demand.maxWaitMs).toBe(20);
    expect(s.utilisation).toBe(1); // 4 calls x 10 ms over 40 ms on one server
  });

  it('with a limit of 0 no call waits (a loss system: Erlang B)', () => {
    const q = queue({ concurrency: 2, queueLimit: 0 });
    expect([q.submit(0, 1, DEMAND), q.submit(0, 1, DEMAND), q.submit(0, 1, DEMAND), q.submit(9, 1, DEMAND), q.submit(10, 1, DEMAND)]).toEqual([10, 10, FAILED, FAILED, 20]);
    const s = q.finish();
    expect([s.demand.rejected, s.queueMax, s.utilisation]).toEqual([2, 0, 30 / 40]);
  });
});

describe('a timeout', () => {
  it('fails a call that would wait longer, at arrival + timeout, and frees its place for the next', () => {
    // One server, 10 ms, timeout 15. 0: served 0-10. 1: waits 9, served 10-20. 2: would wait 18: fails
    // at 17. 3, 4: would wait 17, 16 (the failed call took no server): fail at 18, 19. 5: waits 15 (not
    // more than the timeout): served 20-30.
    const q = queue({ concurrency: 1, timeoutMs: 15 });
    expect(q.submit(0, 1, DEMAND)).toBe(10);
    expect(q.submit(1, 1, DEMAND)).toBe(20);
    expect(q.submit(2, 1, DEMAND)).toBe(FAILED);
    expect([q.failure, q.failedAt]).toEqual(['timeout', 17]);
    expect(q.submit(3, 1, BACKFILL)).toBe(FAILED);
    expect(q.failedAt).toBe(18);
    expect(q.submit(4, 1, DEMAND)).toBe(FAILED);
    expect(q.submit(5, 1, DEMAND)).toBe(30);
    const s = q.finish();
    expect([s.demand.timedOut, s.backfill.timedOut, s.demand.served, s.demand.maxWaitMs]).toEqual([2, 1, 3, 15]);
    // In the line: [1,10) [2,17) [3,18) [4,19) [5,20): at most 5 at once (during [5, 10)).
    expect(s.queueMax).toBe(5);
    expect(s.queueMean).toBeCloseTo((9 + 15 + 15 + 15 + 15) / 30, 12);
  });

  it('a waiting low-priority backfill call times out when demand keeps the server past its timeout', () => {
    // One server, 10 ms, timeout 12, backfill low. Demand at 0 (0-10); backfill at 1 (deferred); demand
    // at 2 overtakes it (10-20), so the backfill call could start at 20 at the earliest: waits 19 > 12.
    const q = queue({ concurrency: 1, timeoutMs: 12, backfillPriority: 'low' });
    expect(q.submit(0, 1, DEMAND)).toBe(10);
    expect(q.submit(1, 1, BACKFILL)).toBe(DEFERRED);
    expect(q.takeDeferred()).toBe(NO_OUTCOME);
    expect(q.submit(2, 1, DEMAND)).toBe(20);
    q.advance(3);
    expect(q.takeDeferred()).toBe(FAILED);
    expect([q.failure, q.failedAt]).toEqual(['timeout', 13]);
    expect(q.finish().backfill.timedOut).toBe(1);
  });
});

describe('priority classes', () => {
  const script = (q: SourceQueue) => [q.submit(0, 1, DEMAND), q.submit(1, 1, BACKFILL), q.submit(2, 1, DEMAND)];

  it('same: one FIFO line across demand and backfill', () => {
    expect(script(queue({ concurrency: 1, backfillPriority: 'same' }))).toEqual([10, 20, 30]);
  });

  it('low: demand goes first; the backfill outcome comes once it has a server', () => {
    const q = queue({ concurrency: 1, backfillPriority: 'low' });
    expect(script(q)).toEqual([10, DEFERRED, 20]);
    q.advance(19.9);
    expect(q.takeDeferred()).toBe(NO_OUTCOME);
    expect(q.deferredWaiting).toBe(1);
    q.advance(20); // the server frees at 20 with no demand waiting
    expect(q.takeDeferred()).toBe(30);
    expect(q.takeDeferred()).toBe(NO_OUTCOME);
    const s = q.finish();
    expect([s.backfill.served, s.backfill.maxWaitMs, s.demand.maxWaitMs]).toEqual([1, 19, 8]);
  });

  it('low: a backfill call waiting for a server freeing at t gets it before a demand call arriving at t', () => {
    const q = queue({ concurrency: 1, backfillPriority: 'low' });
    expect([q.submit(0, 1, DEMAND), q.submit(1, 1, BACKFILL), q.submit(10, 1, DEMAND)]).toEqual([10, DEFERRED, 30]);
    expect(q.takeDeferred()).toBe(20);
  });

  it('low: backfill calls that find a server free are served at once', () => {
    const q = queue({ concurrency: 2, backfillPriority: 'low' });
    expect([q.submit(0, 1, BACKFILL), q.submit(0, 1, BACKFILL), q.submit(0, 1, BACKFILL)]).toEqual([10, 10, DEFERRED]);
  });
});

describe('service time per key and bad options', () => {
  it('a call costs fixed + per key x keys', () => {
    const q = new SourceQueue({ concurrency: 1, service: new ServiceTime(2, 0.5, 'fixed', undefined) });
    expect(q.submit(0, 10, BACKFILL)).toBe(7);
    expect(q.submit(0, 1, DEMAND)).toBe(9.5);
  });

  it('refuses options outside their ranges', () => {
    expect(() => queue({ concurrency: 0 })).toThrow(/concurrency/);
    expect(() => queue({ concurrency: 1.5 })).toThrow(/concurrency/);
    expect(() => queue({ concurrency: 1, queueLimit: -1 })).toThrow(/queueLimit/);
    expect(() => queue({ concurrency: 1, timeoutMs: -1 })).toThrow(/timeoutMs/);
    expect(() => new ServiceTime(1, 0, 'exponential', undefined)).toThrow(/rng/);
    expect(() => new ServiceTime(-1, 0, 'fixed', undefined)).toThrow(/>= 0/);
  });

  it('refuses a call submitted before the previous one or the time advanced to (the kernel must go in time order)', () => {
    const q = queue({ concurrency: 1 });
    q.submit(5, 1, DEMAND);
    q.submit(5, 1, BACKFILL); // same time: fine
    expect(() => q.submit(4.9, 1, DEMAND)).toThrow(/time order: 4.9 after 5/);
    q.advance(8);
    expect(() => q.submit(7, 1, DEMAND)).toThrow(/time order: 7 after 8/);
    q.finish();
    expect(() => q.submit(9, 1, DEMAND)).toThrow(/time order: 9 after Infinity/);
  });
});
