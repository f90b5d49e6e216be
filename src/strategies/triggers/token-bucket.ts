// A token bucket in virtual time: `rate` tokens per virtual second, holding at most `burst` (one
// batch), full at the start. It paces both the warm-up after a cache event and the `rateLimit` of any
// backfilling trigger: by virtual time t after the bucket was made, the tokens taken are at most
// burst + rate * t / 1000, with equality at every step of a paced job that never runs dry (each step
// takes a batch as soon as the bucket holds one).
//
// Tokens are keys, or bytes when the backfill batch is in bytes. Floating point: a step scheduled at
// readyAt(need) must find `need` tokens, so counts are read with a tolerance of a millionth of a
// token (far below one key or byte; the bound above then holds to that tolerance).

const EPS = 1e-6;

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    /** Tokens per virtual second, > 0. */
    readonly rate: number,
    /** Most tokens held (one batch), >= 1. */
    readonly burst: number,
    /** Virtual ms at which the bucket starts full. */
    start: number,
  ) {
    this.tokens = burst;
    this.last = start;
  }

  /** Whole tokens available at virtual time `now` (>= the last time asked). */
  available(now: number): number {
    this.refill(now);
    return Math.floor(this.tokens + EPS);
  }

  /** Takes `n` tokens (n <= available(now) for the same now; a byte batch may overdraw by one oversized key). */
  take(n: number): void {
    this.tokens -= n;
  }

  /** Earliest virtual time >= now at which `need` (<= burst) tokens are available. */
  readyAt(need: number, now: number): number {
    this.refill(now);
    const missing = need - this.tokens;
    if (missing <= EPS) return now;
    const at = now + (missing * 1000) / this.rate;
    // A time that rounds back onto `now` would not advance the timer: the next representable one.
    return at > now ? at : now + Math.max(Number.EPSILON * Math.abs(now), Number.MIN_VALUE);
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
      this.last = now;
    }
  }
}
