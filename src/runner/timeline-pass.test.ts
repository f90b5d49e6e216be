// The runner's side of timeline events, checked with a plain stub strategy (an unbounded map, a
// source-order backfill timer) and against the real strategies: a run without events is unchanged;
// a twin is a run without events, exactly; shift is a key remap the twin does not see; the source
// is down exactly during an outage; restart/lose reach the strategy at their time with the twin's
// cached keys for a peer warm-up.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConfigError } from '../core/errors.ts';
import { createChunk } from '../core/chunks.ts';
import { SOURCE_FAILED, type Key, type Strategy, type StrategyContext, type StrategySpec, type StrategyStats } from '../core/types.ts';
import type { CacheEvent, TimelineEvent } from '../events/timeline-event.ts';
import { parseEvent, resolveEvents } from '../events/parse-event.ts';
import { DEFAULT_LATENCY } from '../source/source-model.ts';
import { arrayStream } from '../../test/helpers/streams.ts';
import { runStrategies, runWithTwins, type RunOptions } from './run.ts';
import { resolveStrategies, type ResolvedStrategy } from './strategy-config.ts';

/** What the stub saw: each access (key, time, source down?), each timer, each event. */
interface Seen {
  readonly accesses: { key: Key; t: number; down: boolean }[];
  readonly timers: { t: number; down: boolean }[];
  readonly events: { e: CacheEvent; now: number; peer: number[] | undefined; requestsSeen: number }[];
}

/** An unbounded cache; a timer every `every` ms backfills the next `batch` keys in source order unless the source is down. */
class StubStrategy implements Strategy {
  lastValue = 0;
  nextTimerAt: number;
  private readonly cached = new Map<Key, number>();
  private cursor = 0;
  private backfills = 0;
  private backfilled = 0;
  constructor(
    private readonly ctx: StrategyContext,
    private readonly seen: Seen,
    private readonly every: number,
    private readonly batch = 2,
  ) {
    this.nextTimerAt = every;
  }
  access(key: Key, now: number): boolean {
    this.seen.accesses.push({ key, t: now, down: this.ctx.source.down });
    const v = this.cached.get(key);
    if (v !== undefined) {
      this.lastValue = v;
      return true;
    }
    this.lastValue = this.ctx.source.read(key);
    if (this.lastValue !== SOURCE_FAILED) this.cached.set(key, this.lastValue);
    return false;
  }
  onTimer(now: number): void {
    this.seen.timers.push({ t: now, down: this.ctx.source.down });
    this.nextTimerAt = now + this.every;
    if (this.ctx.source.down || this.cursor >= this.ctx.sourceKeys) return;
    const keys = Uint32Array.from({ length: Math.min(this.batch, this.ctx.sourceKeys - this.cursor) }, (_, i) => this.cursor + i);
    this.cursor += keys.length;
    const out = new Float64Array(keys.length);
    this.ctx.source.readBatch(keys, keys.length, out);
    this.backfills++;
    this.backfilled += keys.length;
    keys.forEach((k, i) => this.cached.set(k, out[i]!));
  }
  onCacheEvent(e: CacheEvent, now: number, peer: Uint32Array | undefined): void {
    this.seen.events.push({ e, now, peer: peer && [...peer], requestsSeen: this.seen.accesses.length });
    if (e.kind === 'restart' && e.warm === 'cold') this.cached.clear();
  }
  cachedKeysByPriority(): Uint32Array {
    return Uint32Array.from([...this.cached.keys()].reverse());
  }
  stats(): StrategyStats {
    return {
      backfills: this.backfills,
      backfilledKeys: this.backfilled,
      backfillWaste: 0,
      backfillRejected: 0,
      backfillEvictedBeforeUse: 0,
      evictions: 0,
      finalSize: this.cached.size,
      maxBatchLoaded: this.batch,
    };
  }
  finish(): void {}
}

/** A ResolvedStrategy making stubs; each created stub's record is pushed to `seen` (run first or twin first: see creation order). */
function stub(every: number, seen: Seen[], withEvents = true): ResolvedStrategy {
  const spec: StrategySpec = {
    name: 'stub',
    summary: 'test stub',
    traits: [],
    params: [],
    defaults: () => ({}),
    validate: (raw) => raw,
    create: (ctx) => {
      const s: Seen = { accesses: [], timers: [], events: [] };
      seen.push(s);
      const strategy = new StrategyStub(ctx, s, every);
      if (!withEvents) (strategy as { onCacheEvent?: unknown }).onCacheEvent = undefined;
      return strategy;
    },
  };
  return { name: 'stub', spec, params: {} };
}
const StrategyStub = StubStrategy;

const opts = (events: readonly TimelineEvent[], chunk = 7): RunOptions => ({ seed: 3, latency: DEFAULT_LATENCY, events, chunk: createChunk(chunk) });
const events = (sourceKeys: number, ...texts: string[]) =>
  resolveEvents(
    texts.map((t) => parseEvent(t, 'test')),
    sourceKeys,
  );

/** Requests: keys and non-decreasing times (ms), some repeated, some beyond the source (absent). */
const requests = fc.integer({ min: 1, max: 120 }).chain((n) =>
  fc.record({
    sourceKeys: fc.integer({ min: 1, max: 30 }),
    keys: fc.array(fc.integer({ min: 0, max: 34 }), { minLength: n, maxLength: n }),
    gaps: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: n, maxLength: n }),
  }),
);
const timesOf = (gaps: readonly number[]) => gaps.reduce<number[]>((acc, g) => [...acc, (acc.at(-1) ?? 0) + g], []);

describe('runs without events', () => {
  it('make no twin and give the results of a run without the option', async () => {
    const stream = () => arrayStream([1, 2, 3, 1, 2, 9], 5);
    const strategies = resolveStrategies(['none', 'lru-backfill'], { capacity: 2 }, 5);
    const plain = await runStrategies(stream(), strategies, { seed: 3, latency: DEFAULT_LATENCY });
    const outcome = await runWithTwins(stream(), strategies, { seed: 3, latency: DEFAULT_LATENCY, events: [] });
    expect(outcome.map((o) => o.twin)).toEqual([undefined, undefined]);
    expect(JSON.stringify(outcome.map((o) => o.result))).toBe(JSON.stringify(plain));
    expect(plain.every((r) => !('failedReads' in r))).toBe(true);
  });
});

describe('twins', () => {
  it('give, byte for byte, the results of the same run without events (shift, several presets)', async () => {
    const strategies = resolveStrategies(['none', 'lru-backfill', 'threshold', 's3fifo+lru-backfill'], { capacity: 40 }, 200);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 219 }), { minLength: 50, maxLength: 400 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 199 }), async (keys, at, by) => {
        const times = keys.map((_, i) => i * 1.5);
        const stream = () => arrayStream(keys, 200, times, 220);
        const base = { seed: 9, latency: DEFAULT_LATENCY, chunk: createChunk(13) };
        // The same marks (times the series records what came before): an observation, not an event.
        const plain = await runStrategies(stream(), strategies, { ...base, seriesMarks: [at] });
        const ev = events(200, `shift@${at}ms:by=${by}`);
        const outcome = await runWithTwins(stream(), strategies, { ...base, events: ev });
        expect(JSON.stringify(outcome.map((o) => o.twin))).toBe(JSON.stringify(plain));
      }),
      { numRuns: 15 },
    );
  });
});

describe('shift', () => {
  it('remaps the run’s keys from its time on, exactly; the twin sees the stream as it is', async () => {
    await fc.assert(
      fc.asyncProperty(requests, fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 2000 }), async (r, at, by, at2) => {
        const times = timesOf(r.gaps);
        const seen: Seen[] = [];
        await runWithTwins(arrayStream(r.keys, r.sourceKeys, times, 35), [stub(1e9, seen)], opts(events(r.sourceKeys, `shift@${at}ms:by=${by}`, `shift@${at2}ms:by=3`)));
        const [run, twin] = seen;
        // The model: a key of the source moves by every shift whose time has come; absent keys stay.
        const expected = r.keys.map((k, i) => (k >= r.sourceKeys ? k : (k + (times[i]! >= at ? by : 0) + (times[i]! >= at2 ? 3 : 0)) % r.sourceKeys));
        expect(run!.accesses.map((a) => a.key)).toEqual(expected);
        expect(twin!.accesses.map((a) => a.key)).toEqual(r.keys);
      }),
      { numRuns: 60 },
    );
  });
});

describe('outage', () => {
  it('takes the run’s source down exactly in [at, at + for): reads fail and are not cached, the twin’s source stays up', async () => {
    await fc.assert(
      fc.asyncProperty(requests, fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 1, max: 800 }), async (r, at, len) => {
        const times = timesOf(r.gaps);
        const seen: Seen[] = [];
        const [o] = await runWithTwins(arrayStream(r.keys, r.sourceKeys, times, 35), [stub(25, seen)], { ...opts(events(r.sourceKeys, `outage@${at}ms:for=${len}ms`)), verifyValues: true });
        const [run, twin] = seen;
        const inOutage = (t: number) => t >= at && t < at + len;
        expect(run!.accesses.map((a) => a.down)).toEqual(times.map(inOutage));
        expect(run!.timers.map((x) => x.down)).toEqual(run!.timers.map((x) => inOutage(x.t)));
        expect(twin!.accesses.concat(twin!.timers.map((x) => ({ key: -1, t: x.t, down: x.down }))).some((a) => a.down)).toBe(false);
        // Model: an unbounded cache filled by demand reads that succeed and by the stub's backfill of
        // keys 0, 1 (timer 1), 2, 3 (timer 2), ... at every 25 ms timer the source is up.
        const cached = new Set<number>();
        let failed = 0;
        let cursor = 0;
        let nextTimer = 25;
        times.forEach((t, i) => {
          for (; nextTimer <= t; nextTimer += 25) {
            if (inOutage(nextTimer)) continue;
            for (let j = 0; j < 2 && cursor < r.sourceKeys; j++) cached.add(cursor++);
          }
          const k = r.keys[i]!;
          if (cached.has(k)) return;
          if (inOutage(t)) failed++;
          else cached.add(k);
        });
        expect(o!.result.failedReads).toBe(failed);
        expect(o!.twin).not.toHaveProperty('failedReads');
      }),
      { numRuns: 60 },
    );
  });
});

describe('restart and lose', () => {
  it('reach the strategy at their time, after the timers due before it, with the twin’s cached keys for warm=peer', async () => {
    const keys = [0, 1, 2, 3, 4, 0, 1, 5, 6, 7];
    const times = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90];
    const seen: Seen[] = [];
    await runWithTwins(arrayStream(keys, 8, times), [stub(40, seen)], opts(events(8, 'restart@40ms', 'lose@55ms:nodes=2,warm=peer,rate=10')));
    const [run, twin] = seen;
    expect(run!.events.map((x) => [x.e.kind, x.now, x.requestsSeen])).toEqual([
      ['restart', 40, 4],
      ['lose', 55, 6],
    ]);
    // The timer at 40 fires after the restart (an event at t comes before timers and requests at t).
    expect(run!.timers.map((x) => x.t)).toEqual([40, 80]);
    // Peer at 55: the twin served requests 0..5 (keys 0..4) and backfilled 0, 1 at 40: most recent first.
    expect(run!.events[1]!.peer).toEqual([4, 3, 2, 1, 0]);
    expect(twin!.events).toEqual([]);
  });

  it('are refused for a strategy that does not take them', async () => {
    const seen: Seen[] = [];
    const err = await runWithTwins(arrayStream([1, 2], 3), [stub(1e9, seen, false)], opts(events(3, 'restart@1s'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe('strategy stub does not take restart events (event restart@1s); leave it out or drop the event');
  });
});
