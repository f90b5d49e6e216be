// The run kernel: timers due at or before a request fire first, in order, at their own times, with
// the advance guard; misses record hit latency plus the source calls they made; hits record nothing.
import { describe, expect, it } from 'vitest';
import type { Strategy, StrategyStats } from '../core/types.ts';
import { RunKernel, type KernelSource } from './kernel.ts';
import { LatencyRecorder } from './latency-recorder.ts';

/** Hits even keys; each miss "costs" 100 µs of source time; a timer every `every` ms (or a stuck one). */
class FakeStrategy implements Strategy {
  lastValue = 0;
  nextTimerAt: number;
  readonly log: string[] = [];
  constructor(
    private readonly source: KernelSource & { pendingUs: number },
    private readonly every: number,
    private readonly stuck = false,
  ) {
    this.nextTimerAt = every;
  }
  access(key: number, now: number): boolean {
    this.log.push(`access ${key}@${now} (source at ${this.source.now})`);
    if (key % 2 === 0) return true;
    this.source.pendingUs += 100;
    return false;
  }
  onTimer(now: number): void {
    this.log.push(`timer@${now} (source at ${this.source.now})`);
    this.source.pendingUs += 7; // timer load is not request latency
    if (!this.stuck) this.nextTimerAt += this.every;
  }
  stats(): StrategyStats {
    return { backfills: 0, backfilledKeys: 0, backfillWaste: 0, backfillRejected: 0, backfillEvictedBeforeUse: 0, evictions: 0, finalSize: 0, maxBatchLoaded: 0 };
  }
  finish(): void {}
}

function source() {
  return {
    now: -1,
    pendingUs: 0,
    takePendingUs() {
      const us = this.pendingUs;
      this.pendingUs = 0;
      return us;
    },
  };
}

describe('RunKernel', () => {
  it('fires due timers first, at their own times, then serves the request at its time', () => {
    const src = source();
    const s = new FakeStrategy(src, 10);
    const fired: number[] = [];
    const k = new RunKernel(s, src, { name: 'fake', afterTimer: (at) => fired.push(at) });
    const hits = k.replay(new Uint32Array([2, 3, 4]), new Float64Array([5, 20, 21]), 0, 3, 0);
    expect(hits).toBe(2);
    expect(s.log).toEqual(['access 2@5 (source at 5)', 'timer@10 (source at 10)', 'timer@20 (source at 20)', 'access 3@20 (source at 20)', 'access 4@21 (source at 21)']);
    expect(fired).toEqual([10, 20]);
  });

  it("records each miss as hit latency plus its source calls, never a timer's", () => {
    const src = source();
    const latency = new LatencyRecorder();
    const k = new RunKernel(new FakeStrategy(src, 1), src, { name: 'fake', latency, hitUs: 200 });
    k.replay(new Uint32Array([1, 2, 3]), new Float64Array([0.5, 1.5, 2.5]), 0, 3, 0);
    const l = latency.summary();
    expect(l.max).toBe(0.3);
    expect(l.p50).toBe(0.3);
  });

  it('shifts times by the offset (the CPU timing laps its buffer)', () => {
    const src = source();
    const s = new FakeStrategy(src, 1000);
    new RunKernel(s, src, { name: 'fake' }).replay(new Uint32Array([2, 4]), new Float64Array([1, 2]), 1, 2, 100);
    expect(s.log).toEqual(['access 4@102 (source at 102)']);
  });

  it('stops a timer that does not move past its own time', () => {
    const src = source();
    const k = new RunKernel(new FakeStrategy(src, 10, true), src, { name: 'stuck' });
    expect(() => k.access(1, 10)).toThrow('stuck: timer did not advance past 10');
  });

  it('serves a stream with ops: timers first, then a write bumps the source before the strategy hears it; only reads count', () => {
    const log: string[] = [];
    const src = { ...source(), write: (key: number, now: number) => log.push(`source.write ${key}@${now}`) };
    const s = new FakeStrategy(src, 10);
    s.log.push = (...xs: string[]) => log.push(...xs);
    const withWrite = Object.assign(s, { write: (key: number, now: number, op: number, ttl: number) => log.push(`strategy.write ${key}@${now} op ${op} ttl ${ttl}`) });
    const k = new RunKernel(withWrite, src, { name: 'fake' });
    const hits = k.replayOps(Uint32Array.of(2, 5, 3, 4), Float64Array.of(5, 10, 20, 21), undefined, Uint8Array.of(0, 1, 0, 2), Float64Array.of(0, 500, 0, 0), 0, 4, 0, 100);
    expect(hits).toBe(1); // key 2 hits, key 3 misses
    expect(k.lastReads).toBe(2);
    expect(log).toEqual([
      'access 2@5 (source at 5)',
      'timer@10 (source at 10)',
      'source.write 5@10',
      'strategy.write 5@10 op 1 ttl 500',
      'timer@20 (source at 20)',
      'access 3@20 (source at 20)',
      'source.write 4@21',
      'strategy.write 4@21 op 2 ttl 0',
    ]);
  });
});
