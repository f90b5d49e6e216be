// Percentiles never leave the recorded range (regression: p99.9 2.221 ms printed above max 2.22 ms,
// HdrHistogram answering with the top of the value's bucket).
import { describe, expect, it } from 'vitest';
import { LatencyRecorder } from './latency-recorder.ts';

describe('LatencyRecorder percentiles', () => {
  it('are clamped to the recorded max', () => {
    const r = new LatencyRecorder();
    for (let i = 0; i < 1000; i++) r.record(i < 990 ? 200 : 2220);
    const s = r.summary();
    expect(s.max).toBe(2.22);
    expect(s.p999).toBe(2.22);
    expect(s.p99).toBeLessThanOrEqual(s.max);
    expect(s.p50).toBe(0.2);
  });
  it('hold min <= p50 <= p90 <= p99 <= p99.9 <= max above the direct range too', () => {
    const r = new LatencyRecorder();
    for (const us of [70_001, 70_001, 123_457, 99_999]) r.record(us);
    r.recordMany(150_001, 3);
    const s = r.summary();
    expect(s.max).toBe(150.001);
    for (const [a, b] of [
      [70.001, s.p50],
      [s.p50, s.p90],
      [s.p90, s.p99],
      [s.p99, s.p999],
      [s.p999, s.max],
    ] as const)
      expect(a).toBeLessThanOrEqual(b);
  });
  it('a recorded zero is the minimum', () => {
    const r = new LatencyRecorder();
    r.recordMany(0, 10);
    expect(r.summary()).toMatchObject({ p50: 0, p999: 0, max: 0 });
  });
});
