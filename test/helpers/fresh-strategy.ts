// A FreshCacheStrategy on an LRU policy built directly from its parts (no preset, no runner), and a
// driver that fires its timers as the kernel does: the freshness tests' common ground.
import type { SourceReader, StrategyContext, WriteMode } from '../../src/core/types.ts';
import { createPolicy } from '../../src/strategies/cache-strategy.ts';
import { FreshCacheStrategy } from '../../src/strategies/freshness/fresh-cache-strategy.ts';
import { refreshPartSpec } from '../../src/strategies/freshness/registry.ts';
import { HottestSelection } from '../../src/strategies/selection/hottest.ts';
import { SourceOrderCursor } from '../../src/strategies/selection/source-order.ts';
import { NeverTrigger } from '../../src/strategies/triggers/trigger.ts';

export interface FreshOptions {
  readonly source: SourceReader;
  readonly sourceKeys: number;
  readonly keySpace?: number;
  readonly capacity: number;
  readonly seed?: number;
  readonly mode?: WriteMode;
  readonly ttlMs?: number;
  readonly ttlJitter?: number;
  readonly ttiMs?: number;
  /** A refresh part's name (none: expiry only) and its parameters. */
  readonly refresh?: string;
  readonly params?: Readonly<Record<string, unknown>>;
  /** The selection bulk-refresh ranks by: `hottest` (every key counted, no decay) or source order. */
  readonly hottest?: boolean;
}

export function freshStrategy(o: FreshOptions): FreshCacheStrategy {
  const keySpace = o.keySpace ?? o.sourceKeys;
  const seed = o.seed ?? 1;
  const ttlMs = o.ttlMs ?? Infinity;
  const ctx: StrategyContext = { source: o.source, sourceKeys: o.sourceKeys, keySpace, seed, writes: { mode: o.mode ?? 'invalidate' } };
  const part = refreshPartSpec(o.refresh ?? 'none')?.create({ seed, ttlMs, sourceKeys: o.sourceKeys, keySpace }, o.params ?? {});
  return new FreshCacheStrategy(
    ctx,
    {
      policy: createPolicy('lru', o.capacity, keySpace),
      admission: undefined,
      backfillAdmission: 'same',
      trigger: { request: new NeverTrigger(), intervalMs: Infinity },
      selection: o.hottest === true ? new HottestSelection(o.sourceKeys, o.sourceKeys, Number.MAX_SAFE_INTEGER, keySpace, undefined) : new SourceOrderCursor(o.sourceKeys),
      batch: 0,
    },
    { ttlMs, ttlJitter: o.ttlJitter ?? 0, ttiMs: o.ttiMs ?? Infinity, refresh: part },
  );
}

/** Fires the timers due at or before `t`, each at its own time, as the kernel does before a record at t. */
export function fireTimers(s: { nextTimerAt: number; onTimer(now: number): void }, t: number, source?: { now: number }): void {
  while (s.nextTimerAt <= t) {
    if (source !== undefined) source.now = s.nextTimerAt;
    s.onTimer(s.nextTimerAt);
  }
  if (source !== undefined) source.now = t;
}
