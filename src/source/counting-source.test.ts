// Source versions and background reloads: version 0 is today's value exactly; a write moves a key's
// version on and reads return the new version's value; keys the source does not have stay absent; a
// reload is source load (reads, calls, load windows) with its own counters and latency, never a
// request's latency.
import { describe, expect, it } from 'vitest';
import { ABSENT } from '../core/types.ts';
import { CountingSource, DENSE_VERSION_KEYS } from './counting-source.ts';
import { QueuedSource } from './queued-source.ts';
import { validateSourceParams } from './queue/source-params.ts';
import { ConfigError } from '../core/errors.ts';
import { DEFAULT_LATENCY, sourceValue, sourceValueAt } from './source-model.ts';

describe('sourceValueAt', () => {
  it('is sourceValue at version 0, and differs from it at later versions', () => {
    for (let key = 0; key < 1000; key++) {
      expect(sourceValueAt(key, 0, 1000)).toBe(sourceValue(key, 1000));
      const later = new Set([1, 2, 3].map((v) => sourceValueAt(key, v, 1000)));
      expect(later.has(sourceValue(key, 1000))).toBe(false);
      expect(later.size).toBe(3);
    }
    expect(sourceValueAt(1000, 5, 1000)).toBe(ABSENT);
  });
});

describe('CountingSource versions', () => {
  it('reads the current version after writes; absent keys stay absent', () => {
    const src = new CountingSource(10, DEFAULT_LATENCY, undefined);
    expect(src.read(3)).toBe(sourceValue(3, 10));
    src.write(3, 5);
    src.write(3, 6);
    src.write(12, 7);
    expect(src.writes).toBe(3);
    expect(src.versionOf(3)).toBe(2);
    expect(src.versionOf(4)).toBe(0);
    expect(src.versionOf(12)).toBe(0);
    expect(src.read(3)).toBe(sourceValueAt(3, 2, 10));
    expect(src.read(12)).toBe(ABSENT);
    const out = new Float64Array(2);
    src.readBatch(Uint32Array.of(3, 4), 2, out);
    expect([...out]).toEqual([sourceValueAt(3, 2, 10), sourceValue(4, 10)]);
    // Writes are not source load.
    expect(src.sourceReads).toBe(5); // three demand reads, two batch keys
    expect(src.sourceCalls).toBe(4);
  });

  it('keeps only the written keys of a key space too large for a dense table', () => {
    const n = DENSE_VERSION_KEYS * 2;
    const src = new CountingSource(n, DEFAULT_LATENCY, undefined);
    src.write(n - 1, 0);
    expect(src.versionOf(n - 1)).toBe(1);
    expect(src.versionOf(0)).toBe(0);
    expect(src.read(n - 1)).toBe(sourceValueAt(n - 1, 1, n));
  });

  it('counts a reload as source load with its latency returned, not pending', () => {
    const latency = { ...DEFAULT_LATENCY, callMs: 2, perKeyMs: 0.5 };
    const src = new CountingSource(10, latency, undefined);
    src.now = 100;
    src.write(1, 100);
    const out = new Float64Array(3);
    const ms = src.refresh(Uint32Array.of(1, 2, 3), 3, out);
    expect(ms).toBe(3.5); // callMs + 3 x perKeyMs
    expect(src.lastCallMs).toBe(3.5);
    expect([...out]).toEqual([sourceValueAt(1, 1, 10), sourceValue(2, 10), sourceValue(3, 10)]);
    expect(src.takePendingUs()).toBe(0);
    expect(src.refreshCalls).toBe(1);
    expect(src.refreshKeys).toBe(3);
    expect(src.sourceReads).toBe(3);
    expect(src.sourceCalls).toBe(1);
    expect(src.demandReads).toBe(0);
    src.read(4);
    src.closeWindows();
    // One window (t = 100 ms) held the reload's 3 keys and the demand read's 1.
    expect(src.peakKeysPerWindow).toBe(4);
    expect(src.peakCallsPerWindow).toBe(2);
  });

  it('refuses a reload through a source that saturates (not modelled yet)', () => {
    const q = new QueuedSource(10, DEFAULT_LATENCY, undefined, undefined, undefined, validateSourceParams({ sourceConcurrency: 2 }, 'test'), 1);
    expect(() => q.refresh(Uint32Array.of(1), 1, new Float64Array(1))).toThrow(ConfigError);
    // Versions work there as in the plain source.
    q.write(1, 0);
    expect(q.versionOf(1)).toBe(1);
  });
});
