// The open loop: requests go out on schedule whatever the earlier ones do, latency counts from the
// intended send time (queueing included: no coordinated omission), deadlines bound everything.
import { describe, expect, it } from 'vitest';
import { runOpenLoop, TimeoutError, type OpenLoopSource, type RequestWork, type ScheduledItem } from './open-loop.ts';

/** A schedule of n requests, one every gapMs, keys 0..n-1. */
function schedule(n: number, gapMs: number): OpenLoopSource {
  let i = 0;
  const item = { time: 0, key: 0 };
  return {
    peek: () => {
      if (i >= n) return undefined;
      item.time = i * gapMs;
      item.key = i;
      return item;
    },
    advance: () => void i++,
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('runOpenLoop', () => {
  it('sends every request of the schedule in order, and none at or after the duration', async () => {
    const seen: number[] = [];
    const r = await runOpenLoop(schedule(100, 2), (item: ScheduledItem) => {
      seen.push(item.key);
      return async () => {};
    }, { durationMs: 100, concurrency: 8, timeoutMs: 1000 });
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i)); // times 0, 2, ... 98
    expect(r.scheduled).toBe(50);
    expect(r.ok).toBe(50);
    expect(r.errors + r.timeouts + r.cancelled).toBe(0);
    expect(r.elapsedMs).toBeGreaterThanOrEqual(98);
    expect(r.interrupted).toBe(false);
  });

  it('measures latency from the intended send time, so waiting for a busy client counts (no coordinated omission)', async () => {
    // One slot, 10 ms per request, a request every 2 ms: the queue grows by 4 requests per 10 ms,
    // so the 30th request waits ~240 ms. A closed loop would report ~10 ms for every request.
    const r = await runOpenLoop(schedule(30, 2), () => async () => sleep(10), { durationMs: 1000, concurrency: 1, timeoutMs: 5000 });
    expect(r.ok).toBe(30);
    expect(r.maxQueued).toBeGreaterThan(10);
    expect(r.latencyMs.max).toBeGreaterThan(200);
    expect(r.latencyMs.p50).toBeGreaterThan(50);
    // The generator itself kept its schedule: it took requests up on time, they only waited for a slot.
    expect(r.sendLagMs.p50).toBeLessThan(50);
  });

  it('stops latency at respond(); work after it holds the slot but is not latency', async () => {
    // Three requests 10 ms apart, one slot, each responds at once then holds the slot 400 ms: the
    // third waits ~780 ms for the slot (counted), but not for its own 400 ms after responding.
    const r = await runOpenLoop(schedule(3, 10), () => async (ctx) => {
      ctx.respond();
      await sleep(400);
    }, { durationMs: 1000, concurrency: 1, timeoutMs: 5000 });
    expect(r.ok).toBe(3);
    expect(r.elapsedMs).toBeGreaterThanOrEqual(1190);
    expect(r.latencyMs.max).toBeGreaterThanOrEqual(760);
    expect(r.latencyMs.max).toBeLessThan(1000);
  });

  it('times out a stalled request at its deadline, counts it, and ends on schedule: nothing hangs', async () => {
    const never: RequestWork = (ctx) => ctx.step(new Promise<void>(() => {}));
    const t0 = performance.now();
    // 20 requests at once, 4 slots: the first 4 hang until their deadline, which is everyone's.
    const r = await runOpenLoop(schedule(20, 0), () => never, { durationMs: 100, concurrency: 4, timeoutMs: 60 });
    const took = performance.now() - t0;
    expect(r.scheduled).toBe(20);
    expect(r.ok).toBe(0);
    expect(r.timeouts).toBe(20);
    expect(r.started).toBe(4);
    expect(r.timeoutsQueued).toBe(16);
    expect(took).toBeLessThan(60 + 2000);
  });

  it('counts errors apart from timeouts, and errors after the response apart from both', async () => {
    const failures: string[] = [];
    const r = await runOpenLoop(schedule(6, 1), (item) => async (ctx) => {
      if (item.key % 3 === 0) throw new Error('refused');
      if (item.key % 3 === 1) {
        ctx.respond();
        throw new Error('write failed');
      }
    }, { durationMs: 100, concurrency: 8, timeoutMs: 1000, onFailure: (e, phase) => failures.push(`${phase}:${(e as Error).message}`) });
    expect(r.errors).toBe(2);
    expect(r.ok).toBe(4);
    expect(r.errorsAfterResponse).toBe(2);
    expect(r.timeouts).toBe(0);
    expect(failures.sort()).toEqual(['after-response:write failed', 'after-response:write failed', 'request:refused', 'request:refused']);
  });

  it('stops sending when interrupted, drops queued requests, and says how far it got', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 60);
    const r = await runOpenLoop(schedule(1000, 1), () => async () => sleep(200), { durationMs: 1000, concurrency: 2, timeoutMs: 5000, signal: ac.signal });
    expect(r.interrupted).toBe(true);
    expect(r.coveredMs).toBeLessThan(500);
    expect(r.scheduled).toBeLessThan(500);
    expect(r.cancelled).toBeGreaterThan(0);
    expect(r.started + r.cancelled).toBe(r.scheduled);
    expect(r.ok).toBe(r.started);
  });

  it('rejects steps after the deadline with TimeoutError', async () => {
    let late: unknown;
    await runOpenLoop(schedule(1, 1), () => async (ctx) => {
      await sleep(40);
      try {
        await ctx.step(Promise.resolve(1));
      } catch (e) {
        late = e;
      }
    }, { durationMs: 10, concurrency: 1, timeoutMs: 20 });
    await sleep(60); // the abandoned work goes on after the loop gave up on it
    expect(late).toBeInstanceOf(TimeoutError);
  });
});
