// A run's time series: one row per window of virtual time (default 1 s) with what happened in it:
// requests, hits, source keys and calls, backfilled keys, evictions, p50/p99 latency (plus failed
// reads during outages, and bytes in runs that count bytes). The run kernel stops at each window
// boundary (found by binary search on the chunk's times, so serving a request costs what it did),
// fires the timers due before it, and closes the window here: the counters are read once per window
// as differences of the run's cumulative counters, so the rows sum exactly to the run's totals.
//
// Memory stays bounded: when a run would need more than maxRows rows, adjacent rows merge in pairs
// and the window doubles (the boundary is always aligned: maxRows is even). A merged row's p50 and
// p99 are the larger of its two rows' (an upper bound of the merged window's percentile), flagged in
// the data; a run given its expected length (RunOptions.seriesSpanMs) starts wide enough never to
// merge. Marks (event times) record the requests and hits before each, exactly, for the warm-up debt.
import { WindowLatency } from './window-latency.ts';

export const DEFAULT_WINDOW_MS = 1000;
/** At most this many rows per run (even, so a coarsening keeps windows aligned). */
export const MAX_SERIES_ROWS = 2000;

/** Requests and hits before a mark's time (requests at t < atMs). */
export interface SeriesMark {
  readonly atMs: number;
  readonly requests: number;
  readonly hits: number;
}

/** A finished series: row i covers virtual time [i * windowMs, (i + 1) * windowMs). */
export interface SeriesData {
  readonly windowMs: number;
  readonly requests: readonly number[];
  readonly hits: readonly number[];
  /** Keys read from the source (demand reads + backfilled keys). */
  readonly sourceKeys: readonly number[];
  /** Source round trips (demand reads + backfill calls). */
  readonly sourceCalls: readonly number[];
  readonly backfilledKeys: readonly number[];
  readonly evictions: readonly number[];
  /** Modeled latency of the window's requests, ms (0 in a window without requests). */
  readonly p50Ms: readonly number[];
  readonly p99Ms: readonly number[];
  /** Demand reads that failed while the source was down: only in runs with an outage. */
  readonly failedReads?: readonly number[];
  /** Bytes requested, served from the cache, read from the source: only in runs that count bytes. */
  readonly requestedBytes?: readonly number[];
  readonly hitBytes?: readonly number[];
  readonly sourceBytes?: readonly number[];
  /**
   * Runs whose source saturates: the connections (c), the service time of the calls made in each
   * window (connection-ms of work, whenever it is served), and the time-integral of the waiting line
   * (call-ms; the last window's tail after the line's last change is not credited). Offered load =
   * busy / (c x window); mean line = area / window.
   */
  readonly sourceServers?: number;
  readonly sourceBusyMs?: readonly number[];
  readonly queueAreaMs?: readonly number[];
  /**
   * Runs with freshness (writes, a finite ttl/tti or a refresh part: the strategy has freshness
   * counters): stale reads served, expired misses, and keys read by background reloads (counted when
   * the reload starts, as the source counts its load).
   */
  readonly staleReads?: readonly number[];
  readonly expiredMisses?: readonly number[];
  readonly refreshReads?: readonly number[];
  /** Present (true) when rows were merged after the fact: their p50/p99 are upper bounds. */
  readonly percentilesUpperBound?: true;
  /** Requests and hits before each mark (event time), when marks were asked for. */
  readonly marks?: readonly SeriesMark[];
}

/** The cumulative counters a series reads when a window closes, in this order. */
export const PROBED = [
  'sourceKeys',
  'sourceCalls',
  'backfilledKeys',
  'evictions',
  'failedReads',
  'requestedBytes',
  'hitBytes',
  'sourceBytes',
  'sourceBusyMs',
  'queueAreaMs',
  'staleReads',
  'expiredMisses',
  'refreshReads',
] as const;
const ROW_COLUMNS = ['requests', 'hits', ...PROBED, 'p50Ms', 'p99Ms'] as const;
type RowColumn = (typeof ROW_COLUMNS)[number];
const SUMMED: readonly RowColumn[] = ['requests', 'hits', ...PROBED];

export interface SeriesOptions {
  /** Requested window width (ms). */
  readonly windowMs: number;
  /** Expected virtual time of the last request: the window starts doubled as needed to stay within maxRows. */
  readonly spanMs?: number | undefined;
  readonly maxRows?: number | undefined;
  /** Times (ms, any order) before which requests and hits are recorded exactly. */
  readonly marks?: readonly number[] | undefined;
  /** Whether the run counts bytes (the byte columns). */
  readonly bytes: boolean;
  /** Runs whose source saturates: its connections (the queue columns appear). */
  readonly sourceServers?: number | undefined;
  /** Whether the strategy has freshness counters: the freshness columns appear (staleReads, expiredMisses, refreshReads). */
  readonly freshness?: boolean | undefined;
  /** Whether the run has an outage: the failed-reads column then appears even if no read failed. */
  readonly failedReads?: boolean | undefined;
  /** Hit latency (µs): a window's hits are added to its percentiles at this latency. */
  readonly hitUs: number;
  /** Writes the run's cumulative PROBED counters into out. */
  probe(out: Float64Array, windowEndMs: number | undefined): void;
}

export class WindowSeries {
  /** The next time the kernel must stop at: the current window's end or the next mark, whichever is first. */
  boundary: number;
  private windowMs: number;
  private windowEnd: number;
  private readonly maxRows: number;
  private readonly rows: Record<RowColumn, number[]>;
  private readonly prev = new Float64Array(PROBED.length);
  private readonly now = new Float64Array(PROBED.length);
  private requests = 0;
  private hits = 0;
  /** Hits of the current window that waited for a fetch in flight (their latency is recorded already). */
  private delayed = 0;
  private totalRequests = 0;
  private totalHits = 0;
  private merged = false;
  private readonly pendingMarks: number[];
  private readonly marks: SeriesMark[] = [];

  constructor(
    readonly latency: WindowLatency,
    private readonly o: SeriesOptions,
  ) {
    if (!(o.windowMs > 0) || !Number.isFinite(o.windowMs)) throw new RangeError(`series window must be a positive number of ms, got ${o.windowMs}`);
    this.maxRows = o.maxRows ?? MAX_SERIES_ROWS;
    if (!Number.isSafeInteger(this.maxRows) || this.maxRows < 2 || this.maxRows % 2 !== 0) throw new RangeError(`series rows: an even number >= 2, got ${this.maxRows}`);
    let w = o.windowMs;
    if (o.spanMs !== undefined) while (Math.floor(o.spanMs / w) >= this.maxRows) w *= 2;
    this.windowMs = w;
    this.windowEnd = w;
    this.rows = Object.fromEntries(ROW_COLUMNS.map((c) => [c, []])) as unknown as Record<RowColumn, number[]>;
    this.pendingMarks = [...new Set(o.marks ?? [])].sort((a, b) => b - a); // next mark last
    this.boundary = this.nextBoundary();
  }

  /**
   * The kernel served `requests` requests of the current window, `hits` of them hits; `delayed` of
   * those hits (queued runs) waited for a fetch in flight and had their latency recorded one by one.
   */
  served(requests: number, hits: number, delayed = 0): void {
    this.requests += requests;
    this.hits += hits;
    this.delayed += delayed;
  }

  /** Whether crossing the boundary closes a window (the kernel fires the timers due before it first). */
  get atWindowEnd(): boolean {
    return this.boundary === this.windowEnd;
  }

  /** Crosses the boundary: records the marks at it, closes the window if it ends there. */
  cross(): void {
    const b = this.boundary;
    const marks = this.pendingMarks;
    while (marks.length > 0 && marks[marks.length - 1]! <= b) {
      this.marks.push({ atMs: marks.pop()!, requests: this.totalRequests + this.requests, hits: this.totalHits + this.hits });
    }
    if (b === this.windowEnd) this.closeWindow(false);
    this.boundary = this.nextBoundary();
  }

  /** Closes the last window (no timers fire after the last request) and returns the series. */
  finish(): SeriesData {
    this.closeWindow(true);
    const r = this.rows;
    const anyFailed = this.o.failedReads === true || r.failedReads.some((v) => v > 0);
    return {
      windowMs: this.windowMs,
      requests: r.requests,
      hits: r.hits,
      sourceKeys: r.sourceKeys,
      sourceCalls: r.sourceCalls,
      backfilledKeys: r.backfilledKeys,
      evictions: r.evictions,
      p50Ms: r.p50Ms,
      p99Ms: r.p99Ms,
      ...(anyFailed ? { failedReads: r.failedReads } : {}),
      ...(this.o.bytes ? { requestedBytes: r.requestedBytes, hitBytes: r.hitBytes, sourceBytes: r.sourceBytes } : {}),
      ...(this.o.sourceServers !== undefined ? { sourceServers: this.o.sourceServers, sourceBusyMs: r.sourceBusyMs, queueAreaMs: r.queueAreaMs } : {}),
      ...(this.o.freshness === true ? { staleReads: r.staleReads, expiredMisses: r.expiredMisses, refreshReads: r.refreshReads } : {}),
      ...(this.merged ? { percentilesUpperBound: true as const } : {}),
      ...(this.o.marks !== undefined ? { marks: [...this.marks, ...this.pendingMarks.reverse().map((atMs) => ({ atMs, requests: this.totalRequests, hits: this.totalHits }))] } : {}),
    };
  }

  private nextBoundary(): number {
    const m = this.pendingMarks;
    return m.length > 0 && m[m.length - 1]! < this.windowEnd ? m[m.length - 1]! : this.windowEnd;
  }

  /** Closes the current window; unless it was the last, the next starts (after a coarsening when the rows are full). */
  private closeWindow(last: boolean): void {
    const r = this.rows;
    const now = this.now;
    const prev = this.prev;
    // The window's end (nothing after it has happened yet), except for the last window.
    this.o.probe(now, last ? undefined : this.windowEnd);
    PROBED.forEach((c, i) => {
      r[c].push(now[i]! - prev[i]!);
      prev[i] = now[i]!;
    });
    const p = this.latency.close(this.hits - this.delayed, this.o.hitUs);
    r.requests.push(this.requests);
    r.hits.push(this.hits);
    r.p50Ms.push(p.p50Ms);
    r.p99Ms.push(p.p99Ms);
    this.totalRequests += this.requests;
    this.totalHits += this.hits;
    this.requests = 0;
    this.hits = 0;
    this.delayed = 0;
    if (last) return;
    if (r.requests.length === this.maxRows) this.coarsen();
    this.windowEnd += this.windowMs;
  }

  /** Merges rows in pairs and doubles the window (called with maxRows rows, before the next window starts: aligned). */
  private coarsen(): void {
    for (const c of ROW_COLUMNS) {
      const a = this.rows[c];
      const sum = SUMMED.includes(c);
      for (let i = 0; i < a.length; i += 2) a[i >> 1] = sum ? a[i]! + a[i + 1]! : Math.max(a[i]!, a[i + 1]!);
      a.length >>= 1;
    }
    this.windowMs *= 2;
    this.merged = true;
  }
}

/** The first index in [from, to) whose time is >= t (to if none): the kernel's split point. */
export function firstAtOrAfter(times: Float64Array, from: number, to: number, t: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Totals a series must sum to exactly; byte totals only in runs that count bytes, freshness totals only in runs with freshness. */
export type SeriesTotals = Readonly<Record<'requests' | 'hits' | 'sourceKeys' | 'sourceCalls' | 'backfilledKeys' | 'evictions' | 'failedReads', number>> &
  Readonly<Partial<Record<'requestedBytes' | 'hitBytes' | 'sourceBytes' | 'staleReads' | 'expiredMisses' | 'refreshReads', number>>>;

/** The sum of one column (0 for a column the series leaves out). */
export function seriesSum(s: SeriesData, column: keyof SeriesTotals): number {
  const a = s[column];
  let t = 0;
  if (a !== undefined) for (const v of a) t += v;
  return t;
}

/** Throws when the series does not sum to the run's totals (checked at the end of every run). */
export function checkSeriesTotals(name: string, s: SeriesData, totals: SeriesTotals): void {
  for (const [column, total] of Object.entries(totals) as [keyof SeriesTotals, number][]) {
    const sum = seriesSum(s, column);
    if (sum !== total) throw new Error(`${name}: the time series sums to ${sum} ${column}, the run counted ${total}`);
  }
}
