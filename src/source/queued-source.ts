// The counting source of a run whose source saturates (issue 15): every call also goes through a
// SourceQueue (c servers, a FIFO line, optional bound and timeout, backfill priority) in virtual
// time, and the fetches in flight are kept in a SingleFlight table (delayed hits / duplicate reads).
// Only runs whose source model is not today's use it (run.ts: isTodaysModel), with the kernel's
// queued loop; today's runs keep the plain CountingSource, so they pay nothing for any of this.
//
// Calls reach the queue in non-decreasing virtual time (the kernel serves requests and fires timers
// in time order), so a call's completion is known when it is made (see queue/source-queue.ts): a
// demand read leaves it in `lastDone` for the kernel, a backfill enters its keys in the in-flight
// table until then. A failed call (the line was full, or the wait passed the timeout) is a source
// error: a demand read returns SOURCE_FAILED (counted in failedReads, nothing is cached: the outage
// path), a backfill's keys stay "never arrived" (in flight with an unknown completion) so the next
// request for one of them reads it on demand.
//
// backfillPriority low: a backfill call that must wait is DEFERRED by the queue (demand arriving
// later may overtake it); its keys are in flight with an unknown completion until settle() learns it.
// A request meeting such a key reads it on demand (a demand call overtakes the backfill).
import { SOURCE_FAILED, type ObjectSizes, type Rng } from '../core/types.ts';
import { createRng } from '../core/rng.ts';
import { ConfigError } from '../core/errors.ts';
import { BACKFILL, DEMAND } from './queue/call-class.ts';
import { ServiceTime } from './queue/service-time.ts';
import { SingleFlight, type SingleFlightSummary } from './queue/single-flight.ts';
import { DEFERRED, FAILED, NO_OUTCOME, SourceQueue } from './queue/source-queue.ts';
import type { QueueSummary } from './queue/queue-counters.ts';
import { TimeRing } from './queue/time-ring.ts';
import { serviceTimes, type SourceParams } from './queue/source-params.ts';
import { CountingSource } from './counting-source.ts';
import type { LoadSeries } from './load-series.ts';
import type { LatencyModel } from './source-model.ts';

/**
 * Servers of a source with unbounded concurrency but a random (exponential) service time: nothing
 * waits in practice (a call waits only when more than this many are in flight at once).
 */
export const UNBOUNDED_SERVERS = 1 << 16;

/** What a queued run measured of its source (StrategyResult.sourceQueue). */
export interface SourceQueueResult {
  readonly delayedHits: number;
  readonly meanDelayedWaitMs: number;
  readonly duplicateReads: number;
  /** Fetches that began (demand misses and backfilled keys) and requests served per fetch. */
  readonly fetches: number;
  readonly stampedeP50: number;
  readonly stampedeP99: number;
  readonly stampedeMax: number;
  readonly utilisation: number;
  readonly queueMean: number;
  readonly queueP99: number;
  readonly queueMax: number;
  /** Calls that failed: refused by a full line, or timed out (demand and backfill). */
  readonly sourceErrors: number;
  readonly sourceTimeouts: number;
  /** Mean wait for a server of the served demand / backfill calls (0 included). */
  readonly meanQueueWaitMs: number;
  readonly meanBackfillWaitMs: number;
  readonly maxQueueWaitMs: number;
  /** Demand reads that failed in the queue (also in failedReads). */
  readonly failedDemandReads: number;
  readonly failedBackfills: number;
}

export class QueuedSource extends CountingSource {
  readonly queue: SourceQueue;
  readonly flight: SingleFlight;
  /** Whether backfill calls may be deferred (backfillPriority low): the kernel calls settle() per request. */
  readonly lowBackfill: boolean;
  /** The last demand read's completion time, or FAILED (then lastFailAt: when the caller learned it). */
  lastDone = 0;
  lastFailAt = 0;
  failedBackfills = 0;
  failedDemandReads = 0;
  private readonly outageCallMs: number;
  /** Keys of deferred backfill calls, and each call's key count, in submission order. */
  private readonly deferredKeys = new TimeRing();
  private readonly deferredSizes = new TimeRing();

  constructor(sourceKeys: number, latency: LatencyModel, jitterRng: Rng | undefined, series: LoadSeries | undefined, objectSizes: ObjectSizes | undefined, p: SourceParams, seed: number) {
    super(sourceKeys, latency, jitterRng, series, objectSizes);
    const { fixedMs, perKeyMs } = serviceTimes(p, latency);
    const rng = p.serviceDistribution === 'exponential' ? createRng(seed, 'source-service') : undefined;
    this.queue = new SourceQueue({
      concurrency: p.sourceConcurrency ?? UNBOUNDED_SERVERS,
      service: new ServiceTime(fixedMs, perKeyMs, p.serviceDistribution, rng),
      queueLimit: p.queueLimit,
      timeoutMs: p.timeoutMs,
      backfillPriority: p.backfillPriority,
    });
    this.flight = new SingleFlight(p.coalesce);
    this.lowBackfill = p.backfillPriority === 'low';
    this.outageCallMs = latency.callMs + latency.perKeyMs;
  }

  override read(key: number): number {
    const value = super.read(key);
    if (this.down) {
      // An outage fails the read before it reaches the queue, after one call's latency (as today).
      this.lastDone = FAILED;
      this.lastFailAt = this.now + this.outageCallMs;
      return value;
    }
    const done = this.queue.submit(this.now, 1, DEMAND);
    this.lastDone = done;
    if (done === FAILED) {
      this.lastFailAt = this.queue.failedAt;
      this.failedReads++;
      this.failedDemandReads++;
      return SOURCE_FAILED;
    }
    return value;
  }

  /**
   * Background reloads do not go through the queue yet (their completion would depend on it): a run
   * that makes them with a source that saturates is refused, rather than modelled as if the line
   * were empty.
   */
  override refresh(_keys: Uint32Array, _n: number, _out: Float64Array): number {
    throw new ConfigError(
      'background reloads (refresh-ahead, stale-while-revalidate, xfetch, bulk-refresh) with a source that saturates (--source-concurrency, exponential service) are not modelled yet; use the default source model for them',
    );
  }

  override readBatch(keys: Uint32Array, n: number, out: Float64Array): void {
    super.readBatch(keys, n, out);
    const t = this.now;
    const done = this.queue.submit(t, n, BACKFILL);
    const flight = this.flight;
    if (done >= 0) {
      for (let i = 0; i < n; i++) flight.begin(keys[i]!, t, done);
      return;
    }
    // Failed or deferred: the keys are cached by the strategy but not there yet (unknown completion).
    for (let i = 0; i < n; i++) flight.begin(keys[i]!, t, Infinity);
    if (done === FAILED) {
      this.failedBackfills++;
      return;
    }
    if (done === DEFERRED) {
      this.deferredSizes.push(n);
      for (let i = 0; i < n; i++) this.deferredKeys.push(keys[i]!);
    }
  }

  /** backfillPriority low: deferred backfill calls that got a server by t make their keys arrive then. */
  settle(t: number): void {
    const q = this.queue;
    q.advance(t);
    for (let d = q.takeDeferred(); d !== NO_OUTCOME; d = q.takeDeferred()) {
      const n = this.deferredSizes.shift();
      if (d === FAILED) this.failedBackfills++;
      for (let i = 0; i < n; i++) {
        const key = this.deferredKeys.shift();
        if (d !== FAILED) this.flight.begin(key, t, d);
      }
    }
  }

  /** Ends the run (after the last request at `end`): the queue's and the in-flight table's summaries. */
  summary(end: number): SourceQueueResult {
    const q: QueueSummary = this.queue.finish(end);
    this.settleFinished();
    const f: SingleFlightSummary = this.flight.finish();
    const d = q.demand;
    const b = q.backfill;
    return {
      delayedHits: f.delayedHits,
      meanDelayedWaitMs: f.meanDelayedWaitMs,
      duplicateReads: f.duplicateReads,
      fetches: f.fetches,
      stampedeP50: f.stampedeP50,
      stampedeP99: f.stampedeP99,
      stampedeMax: f.stampedeMax,
      utilisation: q.utilisation,
      queueMean: q.queueMean,
      queueP99: q.queueP99,
      queueMax: q.queueMax,
      sourceErrors: d.rejected + d.timedOut + b.rejected + b.timedOut,
      sourceTimeouts: d.timedOut + b.timedOut,
      meanQueueWaitMs: d.meanWaitMs,
      meanBackfillWaitMs: b.meanWaitMs,
      maxQueueWaitMs: d.maxWaitMs,
      failedDemandReads: this.failedDemandReads,
      failedBackfills: this.failedBackfills,
    };
  }

  /** After finish(): the deferred calls' outcomes, for the failed-backfill count. */
  private settleFinished(): void {
    for (let d = this.queue.takeDeferred(); d !== NO_OUTCOME; d = this.queue.takeDeferred()) {
      const n = this.deferredSizes.shift();
      if (d === FAILED) this.failedBackfills++;
      for (let i = 0; i < n; i++) this.deferredKeys.shift();
    }
  }
}
