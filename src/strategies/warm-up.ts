// A paced backfill in progress: the warm-up after a restart or a loss (a list of keys, read from the
// source or copied from the twin) or the `on-event` trigger's backfill (keys from the selection, up
// to a count). Each step loads one batch, at most what the token bucket holds; without a rate every
// batch is loaded at the event's time. The strategy (cache-strategy.ts) runs the steps from its
// timer; this holds the job's state and schedule.
import { TokenBucket } from './triggers/token-bucket.ts';

/**
 * Where a job's keys come from: the snapshot list read from the source (`snapshot`), the twin's list
 * copied (`peer`: no source load), or the strategy's selection (`on-event`, the trigger of that name).
 */
export type JobKind = 'snapshot' | 'peer' | 'on-event';

/** While the source is down a job reading it waits; it looks again this often (virtual ms). */
export const OUTAGE_RETRY_MS = 10;

export class PacedJob {
  /** Virtual time of the next step; Infinity when done. */
  nextAt: number;
  /** Next position in `keys` (list jobs). */
  pos = 0;
  /** Keys loaded so far (the selection job stops at `limit`). */
  loaded = 0;
  readonly bucket: TokenBucket | undefined;
  /** Buffers for one batch. */
  readonly out: Uint32Array;
  readonly values: Float64Array;

  constructor(
    readonly kind: JobKind,
    /** The list, most valuable first (list jobs); undefined for a selection job. */
    readonly keys: Uint32Array | undefined,
    /** Most keys the job loads (the list's length, or the on-event count). */
    readonly limit: number,
    /** Keys per step (or the bucket's burst in bytes for a byte-budget selection). */
    readonly batch: number,
    /** Tokens per virtual second; undefined: every batch at once. */
    rate: number | undefined,
    /** Tokens per batch: `batch` keys, or the byte budget of a selection in bytes. */
    burst: number,
    start: number,
  ) {
    this.bucket = rate === undefined ? undefined : new TokenBucket(rate, burst, start);
    this.nextAt = limit > 0 ? start : Infinity;
    this.out = new Uint32Array(Math.max(1, batch));
    this.values = new Float64Array(Math.max(1, batch));
  }

  get done(): boolean {
    return this.nextAt === Infinity;
  }

  /** Keys still to load (an upper bound for list jobs: keys found cached are skipped). */
  get remaining(): number {
    return this.keys !== undefined ? this.keys.length - this.pos : this.limit - this.loaded;
  }

  /** After a step at `now`: the next one when the bucket holds the next batch, or done. */
  schedule(now: number, tokensPerBatch: number): void {
    if (this.remaining <= 0) this.nextAt = Infinity;
    else this.nextAt = this.bucket === undefined ? now : this.bucket.readyAt(tokensPerBatch, now);
  }

  finishNow(): void {
    this.nextAt = Infinity;
  }
}
