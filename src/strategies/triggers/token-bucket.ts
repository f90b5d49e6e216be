// A token bucket in virtual time: `rate` tokens per virtual second, holding at most `burst` (one
// batch), full at the start. It paces both the warm-up after a cache event and the `rateLimit` of any
// backfilling trigger: by virtual time t after the bucket was made, the tokens taken are at most
// burst + rate * t / 1000, with equality at every step of a paced job that never runs dry (each step
// takes a batch as soon as the bucket holds one).
//
// Tokens are keys, or bytes when the backfill batch is in bytes. The state is an anchor time and the
// tokens taken since it (re-anchored whenever the bucket is full), so a job that keeps the bucket
// busy schedules every step from one anchor: step times do not drift by accumulated rounding. Counts
// are read with a tolerance of a millionth of a token (far below one key or byte).

const EPS = 1e-6;

export class TokenBucket {
  /** The bucket was full at `anchor`; `used` tokens were taken since. */
  private anchor: number;
  private used = 0;

  constructor(
    /** Tokens per virtual second, > 0. */
    readonly rate: number,
    /** Most tokens held (one batch), >= 1. */
    readonly burst: number,
    /** Virtual ms at which the bucket starts full. */
    start: number,
  ) {
    this.anchor = start;
  }

  /** Whole tokens available at virtual time `now` (not before the last time asked). */
  available(now: number): number {
    return Math.floor(this.tokensAt(now) + EPS);
  }

  /** Takes `n` tokens (at most available(now) for the same now; a byte batch may overdraw by one oversized key). */
  take(n: number): void {
    this.used += n;
  }

  /** Earliest virtual time >= now at which `need` (<= burst) tokens are available. */
  readyAt(need: number, now: number): number {
    if (this.tokensAt(now) + EPS >= need) return now;
    const at = this.anchor + ((this.used + need - this.burst) * 1000) / this.rate;
    // Rounding may put it on `now`, which would not advance the timer: then the next representable time.
    return at > now ? at : now + Math.max(Number.EPSILON * Math.abs(now), Number.MIN_VALUE);
  }

  private tokensAt(now: number): number {
    const refilled = ((now - this.anchor) * this.rate) / 1000;
    if (refilled - this.used > EPS) {
      // Full (beyond rounding: a step on time keeps its anchor): the excess is lost, as a bucket's overflow.
      this.anchor = now;
      this.used = 0;
      return this.burst;
    }
    return this.burst + refilled - this.used;
  }
}
