// Replaying a run that has timeline events (restart, lose, shift, outage). Each strategy runs twice
// in the same pass: the run with the events and its twin, the same strategy on the same stream with
// no events (its results are those of a run without events; its series is the reference of the
// warm-up metrics, its cache the `peer` of a warm=peer restart). Chunks are split at event times (a
// binary search per event, nothing per request), so at an event both are exactly at its time:
// requests before it served, timers due before it fired. What the runner applies itself:
// - shift: from its time on, the run is served a copy of the chunk's keys, each source key k as
//   (k + by) mod sourceKeys (shifts add up); the twin is served the chunk's own keys;
// - outage [at, at + for): the run's counting source is down (reads fail, backfills pause); the twin's
//   is not.
// restart and lose go to the strategy (Strategy.onCacheEvent), with the twin's cached keys for peer.
import { ConfigError } from '../core/errors.ts';
import type { ObjectSizes, RequestChunk } from '../core/types.ts';
import { formatEvent } from '../events/parse-event.ts';
import type { TimelineEvent } from '../events/timeline-event.ts';
import type { StrategyRun } from './run.ts';
import { firstAtOrAfter } from './time-series.ts';

/** An event at its time, or the end of an outage. */
type Action = { readonly at: number; readonly event: TimelineEvent } | { readonly at: number; readonly event: undefined };

export class TimelinePass {
  private readonly actions: readonly Action[];
  private next = 0;
  /** Sum of the shifts so far, mod sourceKeys. */
  private shift = 0;
  /** Outages in progress (they may overlap: the source is down while any is). */
  private outages = 0;
  private shiftedKeys: Uint32Array | undefined;
  private shiftedSizes: Uint32Array | undefined;

  constructor(
    events: readonly TimelineEvent[],
    /** The runs with events, each with its twin. */
    private readonly runs: readonly StrategyRun[],
    private readonly sourceKeys: number,
    /** Each source key's size, when the run counts bytes (a shifted request takes its new key's size). */
    private readonly objectSizes: ObjectSizes | undefined,
  ) {
    const actions: Action[] = [];
    for (const event of events) {
      actions.push({ at: event.at, event });
      if (event.kind === 'outage') actions.push({ at: event.at + event.durationMs, event: undefined });
    }
    // At one time: outages end, then outages start, then the other events in the order given; so a
    // restart at the start of an outage warms up only once the source is back.
    const rank = (a: Action) => (a.event === undefined ? 0 : a.event.kind === 'outage' ? 1 : 2);
    this.actions = actions
      .map((a, i) => ({ a, i }))
      .sort((x, y) => x.a.at - y.a.at || rank(x.a) - rank(y.a) || x.i - y.i)
      .map((x) => x.a);
    for (const run of runs) checkTakesEvents(run, events);
  }

  /** Serves one chunk to every run and twin, applying the events that fall due within it. */
  replay(chunk: RequestChunk): void {
    const n = chunk.length;
    const times = chunk.times;
    const actions = this.actions;
    let from = 0;
    while (from < n) {
      while (this.next < actions.length && actions[this.next]!.at <= times[from]!) this.apply(actions[this.next++]!);
      const nextAt = this.next < actions.length ? actions[this.next]!.at : Infinity;
      const to = times[n - 1]! < nextAt ? n : firstAtOrAfter(times, from, n, nextAt);
      this.serve(chunk, from, to);
      from = to;
    }
  }

  private serve(chunk: RequestChunk, from: number, to: number): void {
    let keys = chunk.keys;
    let sizes = chunk.sizes;
    if (this.shift !== 0) {
      keys = this.shiftKeys(chunk, from, to);
      if (this.objectSizes !== undefined && sizes !== undefined) sizes = this.shiftSizes(chunk, keys, from, to);
    }
    for (const run of this.runs) {
      run.twin!.replayRange(chunk.keys, chunk.times, chunk.sizes, from, to, chunk.ops, chunk.ttls);
      run.replayRange(keys, chunk.times, sizes, from, to, chunk.ops, chunk.ttls);
    }
  }

  private shiftKeys(chunk: RequestChunk, from: number, to: number): Uint32Array {
    if (this.shiftedKeys === undefined || this.shiftedKeys.length < chunk.keys.length) this.shiftedKeys = new Uint32Array(chunk.keys.length);
    const out = this.shiftedKeys;
    const src = chunk.keys;
    const n = this.sourceKeys;
    const by = this.shift;
    for (let i = from; i < to; i++) {
      const k = src[i]!;
      out[i] = k < n ? (k + by) % n : k;
    }
    return out;
  }

  private shiftSizes(chunk: RequestChunk, keys: Uint32Array, from: number, to: number): Uint32Array {
    if (this.shiftedSizes === undefined || this.shiftedSizes.length < chunk.keys.length) this.shiftedSizes = new Uint32Array(chunk.keys.length);
    const out = this.shiftedSizes;
    const own = chunk.sizes!;
    const sizes = this.objectSizes!;
    for (let i = from; i < to; i++) out[i] = keys[i]! < this.sourceKeys ? sizes.sizeOf(keys[i]!) : own[i]!;
    return out;
  }

  private apply(a: Action): void {
    for (const run of this.runs) {
      run.twin!.reach(a.at);
      run.reach(a.at);
    }
    const e = a.event;
    if (e === undefined) {
      this.outages--;
      if (this.outages === 0) for (const run of this.runs) run.source.down = false;
      return;
    }
    switch (e.kind) {
      case 'restart':
      case 'lose':
        for (const run of this.runs) run.cacheEvent(e, e.warm === 'peer' ? run.twin!.strategy.cachedKeysByPriority!() : undefined);
        break;
      case 'shift':
        if (this.sourceKeys > 0) this.shift = (this.shift + (e.by % this.sourceKeys)) % this.sourceKeys;
        break;
      case 'outage':
        this.outages++;
        for (const run of this.runs) run.source.down = true;
        break;
    }
  }
}

/** A strategy given restart or lose events must take them (and give its cached keys for a peer warm-up). */
function checkTakesEvents(run: StrategyRun, events: readonly TimelineEvent[]): void {
  const name = run.resolved.name;
  // A strategy that cannot model some events exactly says so (opt: warm-ups that load keys).
  run.resolved.spec.checkEvents?.(run.resolved.params, events, `strategy ${name}`);
  for (const e of events) {
    if ((e.kind === 'restart' || e.kind === 'lose') && run.strategy.onCacheEvent === undefined) {
      throw new ConfigError(`strategy ${name} does not take ${e.kind} events (event ${formatEvent(e)}); leave it out or drop the event`);
    }
    if ((e.kind === 'restart' || e.kind === 'lose') && e.warm === 'peer' && run.twin!.strategy.cachedKeysByPriority === undefined) {
      throw new ConfigError(`strategy ${name} cannot list its cached keys for warm=peer (event ${formatEvent(e)}); use warm=cold or warm=snapshot`);
    }
  }
}
