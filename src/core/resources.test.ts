// Resource limits: sizes parsed strictly, estimates over the limit refused with the figure and the
// limit, --force-resources refusing nothing.
import { describe, expect, it } from 'vitest';
import { bytesText, checkResources, parseSize, type ResourceEstimate } from './resources.ts';
import { estimateLoad, estimateRun, estimateSweep, RUN_RECORD_BYTES, strategyBytes, syntheticDurationMs } from '../runner/resource-estimate.ts';

const limits = { maxMemoryBytes: 24e9, maxTimerFirings: 1e8, force: false };
const lru = (capacity: number | undefined, extra: Record<string, unknown> = {}) => ({ name: 'lru-backfill', traits: ['bounded', 'backfill'] as const, params: { capacity, batch: 10, ...extra } });
const none = (capacity: number | undefined) => ({ name: 'none', traits: ['bounded'] as const, params: { capacity } });

describe('sizes', () => {
  it('parses decimal and binary units', () => {
    expect(parseSize('20GB', '--max-memory')).toBe(20e9);
    expect(parseSize('512 MiB', '--max-memory')).toBe(512 * 2 ** 20);
    expect(parseSize('1.5e9', '--max-memory')).toBe(1.5e9);
    expect(() => parseSize('20XB', '--max-memory')).toThrow(/--max-memory: "20XB" is not a size/);
    expect(() => parseSize('10kB', '--max-memory')).toThrow(/below 1 MB/);
    expect(bytesText(26.1e9)).toBe('26.1 GB');
    expect(bytesText(340e6)).toBe('340 MB');
  });
});

describe('the estimate', () => {
  it('follows the keys used, not the key space', () => {
    const w = (keys: number, requests: number) => ({ requests, sourceKeys: keys, keySpace: keys });
    // 1,000 keys at most: a few tens of KB of entries, beside the run's own records (latency histogram, time series).
    expect(strategyBytes(none(1e8), w(1e9, 1000)) - RUN_RECORD_BYTES).toBeLessThan(1e6);
    expect(strategyBytes(none(1e8), w(1e9, 1e9))).toBeGreaterThan(1e9);
    // A backfilling strategy can fill up to batch keys per request.
    expect(strategyBytes(lru(undefined), w(1e9, 1000))).toBeLessThan(strategyBytes(lru(undefined), w(1e9, 100_000)));
  });
  it('a selection adds what it holds: hottest its counters, recently-evicted its counts and ghosts; source-order nothing', () => {
    const w = { requests: 1e6, sourceKeys: 1e8, keySpace: 1e8 };
    const base = strategyBytes(lru(1e6), w);
    expect(strategyBytes(lru(1e6, { selection: 'source-order' }), w)).toBe(base);
    // Hashed key space (1e8 > 2^24): 4 x capacity counters at 16 + 16 bytes each.
    expect(strategyBytes(lru(1e6, { selection: 'hottest' }), w) - base).toBe(4e6 * 32);
    expect(strategyBytes(lru(1e6, { selection: 'hottest', hotKeys: 1000 }), w) - base).toBe(1000 * 32);
    expect(strategyBytes(lru(1e6, { selection: 'recently-evicted' }), w) - base).toBe(1e6 * 32 + 1e6 * 16);
  });
  it('--requests 1e9 --keys 1e9 with the four default strategies is over 24 GB', () => {
    const w = { requests: 1e9, sourceKeys: 1e9, keySpace: 1e9, durationMs: syntheticDurationMs(1e9, 1e4) };
    const e = estimateRun(w, [none(1e8), { name: 'threshold', traits: ['backfill'], params: { capacity: undefined, batch: 10 } }, lru(1e8), lru(1e8, { intervalMs: 1000, batch: 100 })]);
    expect(() => checkResources(e, limits, '--requests')).toThrow(
      /this run needs about \d+\.\d GB of memory \(threshold [\d.]+ GB, .*\), above the limit of 24\.0 GB \(--max-memory, on a .* machine\); lower --requests, or raise the limit with --max-memory, or skip this check with --force-resources/,
    );
    expect(() => checkResources(e, { ...limits, force: true }, '--requests')).not.toThrow();
    expect(() => checkResources(e, { ...limits, maxMemoryBytes: 1e12 }, '--requests')).not.toThrow();
  });
  it('timer firings: --interval 0.000001 and --rate 1e-300 are refused with the count', () => {
    const timed = lru(1000, { intervalMs: 0.000001 });
    const e = estimateRun({ requests: 1e6, sourceKeys: 1e5, keySpace: 1e5, durationMs: syntheticDurationMs(1e6, 1e4) }, [timed]);
    expect(() => checkResources(e, limits, '--requests')).toThrow(
      /lru-backfill would fire its timer 100,000,000,000 times \(100 s of virtual time \/ an interval of 0\.000001 ms\), above the limit of 100,000,000/,
    );
    const slow = estimateRun({ requests: 1e6, sourceKeys: 1e5, keySpace: 1e5, durationMs: syntheticDurationMs(1e6, 1e-300) }, [lru(1000, { intervalMs: 1000 })]);
    expect(() => checkResources(slow, limits, '--requests')).toThrow(/would fire its timer unboundedly many times/);
  });
  it('a sweep counts each thread’s stream and largest cell; load counts its send queue', () => {
    const w = { requests: 1e8, sourceKeys: 1e5, keySpace: 1e5 };
    const one = estimateSweep(w, [none(1000), none(10_000)], 1);
    const four = estimateSweep(w, [none(1000), none(10_000), none(100), none(10)], 4);
    const sum = (e: ResourceEstimate) => e.memory.reduce((t, p) => t + p.bytes, 0);
    expect(sum(four) - 150e6).toBeCloseTo(4 * (sum(one) - 150e6), -3);
    // With timeline events each cell runs beside its twin: the largest cell counts twice.
    const twinned = estimateSweep(w, [none(1000), none(10_000)], 1, w.requests, 2);
    expect(twinned.memory.at(-1)!.bytes).toBe(2 * one.memory.at(-1)!.bytes);
    expect(twinned.memory.at(-1)!.what).toBe('1 thread x the largest cell (none and its twin)');
    const load = estimateLoad(w, [none(1000)], 6e10);
    expect(() => checkResources(load, limits, '--rate')).toThrow(/the send queue \(6\.0e\+10 requests\) 12\.0 TB/);
  });
});
