// The source's connection pool, measured: for every source call of a live run, when it asked for a
// connection, when it got one (the pool wait), when its query answered (the service), and how it
// ended. From these: wait and service statistics, the pool's utilisation (connection-busy time /
// (pool size x span)) and the length of its waiting line over time (time-weighted mean, p99, max,
// with the queue model's own counters, so both sides are read the same way).
//
// The backend reports the events (PgSource around pool.connect() and the query, the stand-in around
// its own pool); the meter only timestamps them with `now` (performance.now by default; tests pass
// a virtual clock). Calls are few next to requests (misses and backfill batches), so keeping one
// record per call is cheap, and the records are what the model replays (pool-model.ts).
import { BACKFILL, DEMAND, type CallClass } from '../source/queue/call-class.ts';
import { QueueCounters } from '../source/queue/queue-counters.ts';

export type CallOutcome = 'ok' | 'error' | 'wait-timeout' | 'query-timeout';

/** One source call as the pool saw it. Times in ms of the meter's clock. */
export interface PoolCall {
  readonly cls: CallClass;
  readonly keys: number;
  readonly askedAt: number;
  /** When it got a connection (NaN: never did). */
  gotAt: number;
  /** When it ended (answer, error or timeout; NaN: still running at the end). */
  doneAt: number;
  outcome: CallOutcome | 'running';
}

export interface Spread {
  readonly mean: number;
  readonly p99: number;
  readonly max: number;
}

/** What the pool (live) or the model (simulated) shows over a run: the same fields on both sides. */
export interface PoolFigures {
  readonly poolSize: number;
  readonly calls: number;
  readonly demandCalls: number;
  readonly backfillCalls: number;
  /** Calls per second over the span from the first call to the last end. */
  readonly callsPerSec: number;
  readonly spanMs: number;
  /** Wait for a connection, of the calls that got one, ms. */
  readonly waitMs: Spread;
  /** Mean wait of demand calls / of backfill calls, ms. */
  readonly demandWaitMeanMs: number;
  readonly backfillWaitMeanMs: number;
  /** Query time on the connection, of the calls that got one, ms. */
  readonly serviceMs: Spread;
  /** Connection-busy time / (pool size x span). */
  readonly utilisation: number;
  /** Calls waiting for a connection, time-weighted over the span. */
  readonly queueMean: number;
  readonly queueP99: number;
  readonly queueMax: number;
  /** Calls that failed after getting a connection (query error or query timeout). */
  readonly errors: number;
  /** Calls that waited longer than the pool's connect timeout and never got a connection. */
  readonly waitTimeouts: number;
  /** Query timeouts (also counted in errors). */
  readonly queryTimeouts: number;
}

export class PoolMeter {
  readonly calls: PoolCall[] = [];
  /** Connections in use now, and the most at once (never more than the pool size). */
  inUse = 0;
  maxInUse = 0;
  /** Calls that asked and have neither a connection nor given up. */
  private pending = 0;
  private readonly line = new QueueCounters();

  constructor(
    readonly poolSize: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A call asks the pool for a connection; returns its handle for got() and done(). */
  ask(cls: CallClass, keys: number): PoolCall {
    const t = this.now();
    const call: PoolCall = { cls, keys, askedAt: t, gotAt: NaN, doneAt: NaN, outcome: 'running' };
    this.calls.push(call);
    this.line.calls[cls]!++;
    this.pending++;
    this.setLine(t);
    return call;
  }

  /** The call got a connection. */
  got(call: PoolCall): void {
    const t = this.now();
    call.gotAt = t;
    this.pending--;
    if (++this.inUse > this.maxInUse) this.maxInUse = this.inUse;
    this.setLine(t);
  }

  /** The call ended: its query answered or failed, or it gave up waiting for a connection. */
  done(call: PoolCall, outcome: CallOutcome): void {
    if (call.outcome !== 'running') return;
    const t = this.now();
    call.doneAt = t;
    call.outcome = outcome;
    if (call.gotAt === call.gotAt) this.inUse--;
    else this.pending--; // never got a connection: it leaves the line now
    this.setLine(t);
  }

  /**
   * The waiting line: calls that asked and have no connection yet, beyond the connections free now
   * (a call asking while one is free is being handed it, not waiting). So the line grows only when
   * every connection is busy, and shrinks when one frees: the queue model's definition.
   */
  private setLine(t: number): void {
    const line = this.line;
    line.at(t);
    const want = Math.max(0, this.pending - Math.max(0, this.poolSize - this.inUse));
    while (line.length < want) line.enter(t);
    while (line.length > want) line.leave(t);
  }

  /** The figures over the run (calls still running are left out of waits and services). */
  figures(): PoolFigures {
    const waits: number[] = [];
    const services: number[] = [];
    const classWait = [0, 0];
    const classServed = [0, 0];
    let busy = 0;
    let end = -Infinity;
    let errors = 0;
    let waitTimeouts = 0;
    let queryTimeouts = 0;
    for (const c of this.calls) {
      if (c.doneAt > end) end = c.doneAt;
      if (c.outcome === 'wait-timeout') waitTimeouts++;
      if (c.outcome === 'error' || c.outcome === 'query-timeout') errors++;
      if (c.outcome === 'query-timeout') queryTimeouts++;
      if (c.gotAt !== c.gotAt || c.doneAt !== c.doneAt) continue;
      const wait = c.gotAt - c.askedAt;
      waits.push(wait);
      classWait[c.cls]! += wait;
      classServed[c.cls]!++;
      services.push(c.doneAt - c.gotAt);
      busy += c.doneAt - c.gotAt;
    }
    const first = this.calls.length > 0 ? this.calls[0]!.askedAt : 0;
    const line = this.line.summary(this.poolSize, end);
    const span = end > first ? end - first : 0;
    return {
      poolSize: this.poolSize,
      calls: this.calls.length,
      demandCalls: this.line.calls[DEMAND]!,
      backfillCalls: this.line.calls[BACKFILL]!,
      callsPerSec: span > 0 ? (this.calls.length * 1000) / span : 0,
      spanMs: span,
      waitMs: spread(waits),
      demandWaitMeanMs: classServed[DEMAND]! > 0 ? classWait[DEMAND]! / classServed[DEMAND]! : 0,
      backfillWaitMeanMs: classServed[BACKFILL]! > 0 ? classWait[BACKFILL]! / classServed[BACKFILL]! : 0,
      serviceMs: spread(services),
      utilisation: span > 0 ? busy / (this.poolSize * span) : 0,
      queueMean: line.queueMean,
      queueP99: line.queueP99,
      queueMax: line.queueMax,
      errors,
      waitTimeouts,
      queryTimeouts,
    };
  }
}

/** Mean, p99 (nearest rank) and max of `xs` (zeros when empty). */
export function spread(xs: number[]): Spread {
  if (xs.length === 0) return { mean: 0, p99: 0, max: 0 };
  const s = Float64Array.from(xs).sort();
  let sum = 0;
  for (const x of s) sum += x;
  return { mean: sum / s.length, p99: s[Math.ceil(0.99 * s.length) - 1]!, max: s[s.length - 1]! };
}
