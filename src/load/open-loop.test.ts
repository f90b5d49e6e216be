// The open loop: requests go out on schedule whatever the earlier ones do, latency counts from the
// intended send time (queueing included: no coordinated omission), deadlines bound everything.
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../test/helpers/virtual-clock.ts';
import { runOpenLoop, TimeoutError, type OpenLoopOptions, type OpenLoopSource, type RequestWork, type ScheduledItem } from './open-loop.ts';

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

// Every test runs on a virtual clock (test/helpers/virtual-clock.ts): time moves only when nothing
// else can run, so the schedule's figures are exact and no test waits in real time.
function loop(source: OpenLoopSource, prepare: (clock: VirtualClock) => (item: ScheduledItem) => RequestWork, o: Omit<OpenLoopOptions, 'clock'>) {
  const clock = new VirtualClock();
  return { clock, done: clock.run(runOpenLoop(source, prepare(clock), { ...o, clock })) };
}

describe('runOpenLoop', () => {
  it('sends every request of the schedule in order, on time, and none at or after the duration', async () => {
    const seen: number[] = [];
    const sentAt: number[] = [];
    const { done } = loop(
      schedule(100, 2),
      (clock) => (item) => {
        seen.push(item.key);
        sentAt.push(clock.now());
        return async () => {};
      },
      { durationMs: 100, concurrency: 8, timeoutMs: 1000 },
    );
    const r = await done;
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i)); // times 0, 2, ... 98
    expect(sentAt).toEqual(seen.map((i) => 2 * i));
    expect(r.scheduled).toBe(50);
    expect(r.ok).toBe(50);
    expect(r.errors + r.timeouts + r.cancelled).toBe(0);
    expect(r.elapsedMs).toBe(98);
    expect(r.sendLagMs.max).toBe(0);
    expect(r.interrupted).toBe(false);
  });

  it('measures latency from the intended send time, so waiting for a busy client counts (no coordinated omission)', async () => {
    // One slot, 10 ms per request, a request every 2 ms: request i starts at 10i and answers at
    // 10i + 10, so its latency is 8i + 10 ms (the 30th: 242 ms). A closed loop would report 10 ms.
    const { done } = loop(schedule(30, 2), (clock) => () => async () => clock.sleep(10), { durationMs: 1000, concurrency: 1, timeoutMs: 5000 });
    const r = await done;
    expect(r.ok).toBe(30);
    expect(r.latencyMs.max).toBe(242);
    expect(r.latencyMs.p50).toBeCloseTo(8 * 14 + 10, 0); // the histogram's 3 significant digits
    expect(r.elapsedMs).toBe(300);
    // At 58 ms the last request is queued behind the 6 started so far: 24 waiting.
    expect(r.maxQueued).toBe(24);
    expect(r.maxInFlight).toBe(1);
    // The generator itself kept its schedule: it took requests up on time, they only waited for a slot.
    expect(r.sendLagMs.max).toBe(0);
  });

  it('stops latency at respond(); work after it holds the slot but is not latency', async () => {
    // Three requests 10 ms apart, one slot, each responds at once then holds the slot 400 ms: the
    // third waits 780 ms for the slot (counted), but not for its own 400 ms after responding.
    const { done } = loop(
      schedule(3, 10),
      (clock) => () => async (ctx) => {
        ctx.respond();
        await clock.sleep(400);
      },
      { durationMs: 1000, concurrency: 1, timeoutMs: 5000 },
    );
    const r = await done;
    expect(r.ok).toBe(3);
    expect(r.elapsedMs).toBe(1200);
    expect(r.latencyMs.max).toBe(780);
  });

  it('times out a stalled request at its deadline, counts it, and ends on schedule: nothing hangs', async () => {
    const never: RequestWork = (ctx) => ctx.step(new Promise<void>(() => {}));
    // 20 requests at once, 4 slots: the first 4 hang until their deadline, which is everyone's.
    const { done } = loop(schedule(20, 0), () => () => never, { durationMs: 100, concurrency: 4, timeoutMs: 60 });
    const r = await done;
    expect(r.scheduled).toBe(20);
    expect(r.ok).toBe(0);
    expect(r.timeouts).toBe(20);
    expect(r.started).toBe(4);
    expect(r.timeoutsQueued).toBe(16);
    expect(r.elapsedMs).toBe(60);
  });

  it('counts errors apart from timeouts, and errors after the response apart from both', async () => {
    const failures: string[] = [];
    const { done } = loop(
      schedule(6, 1),
      () => (item) => async (ctx) => {
        if (item.key % 3 === 0) throw new Error('refused');
        if (item.key % 3 === 1) {
          ctx.respond();
          throw new Error('write failed');
        }
      },
      { durationMs: 100, concurrency: 8, timeoutMs: 1000, onFailure: (e, phase) => failures.push(`${phase}:${(e as Error).message}`) },
    );
    const r = await done;
    expect(r.errors).toBe(2);
    expect(r.ok).toBe(4);
    expect(r.errorsAfterResponse).toBe(2);
    expect(r.timeouts).toBe(0);
    expect(failures.sort()).toEqual(['after-response:write failed', 'after-response:write failed', 'request:refused', 'request:refused']);
  });

  it('stops sending when interrupted, drops queued requests, and says how far it got', async () => {
    // A request every ms, 2 slots of 200 ms each, interrupted at 60 ms: requests 0..59 were
    // scheduled, 2 started (at 0 and 1 ms), 58 dropped; the run ends when those answer, at 201 ms.
    const ac = new AbortController();
    const { clock, done } = loop(schedule(1000, 1), (c) => () => async () => c.sleep(200), { durationMs: 1000, concurrency: 2, timeoutMs: 5000, signal: ac.signal });
    clock.timer(60, () => ac.abort());
    const r = await done;
    expect(r.interrupted).toBe(true);
    expect(r.coveredMs).toBe(60);
    expect(r.scheduled).toBe(60);
    expect(r.started).toBe(2);
    expect(r.cancelled).toBe(58);
    expect(r.ok).toBe(2);
    expect(r.elapsedMs).toBe(201);
  });

  it('rejects steps after the deadline with TimeoutError', async () => {
    let late: unknown;
    const { clock, done } = loop(
      schedule(1, 1),
      (c) => () => async (ctx) => {
        await c.sleep(40);
        try {
          await ctx.step(Promise.resolve(1));
        } catch (e) {
          late = e;
        }
      },
      { durationMs: 10, concurrency: 1, timeoutMs: 20 },
    );
    const r = await done;
    expect(r.timeouts).toBe(1);
    expect(r.elapsedMs).toBe(20);
    expect(late).toBeUndefined();
    await clock.run(clock.sleep(60)); // the abandoned work goes on after the loop gave up on it
    expect(late).toBeInstanceOf(TimeoutError);
  });
});
