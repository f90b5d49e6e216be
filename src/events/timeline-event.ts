// Events on a run's virtual timeline: a restart or a partial loss of the cache, a move of popularity,
// an outage of the source. The shapes are the contract between the parts: the parser
// (parse-event.ts) makes them, the runner (runner/run.ts) applies shift and outage itself and hands
// restart and lose to the strategy (Strategy.onCacheEvent), and the warm-up metrics measure from
// the first event's time.

/** How a restarted (or partly lost) cache comes back. */
export type WarmMode = 'cold' | 'snapshot' | 'peer';
export const WARM_MODES: readonly WarmMode[] = ['cold', 'snapshot', 'peer'];

/** The cache process restarts at `at`: contents and policy state are lost, then warmed per `warm`. */
export interface RestartEvent {
  readonly kind: 'restart';
  /** Virtual time, ms. */
  readonly at: number;
  readonly warm: WarmMode;
  /** Keys per virtual second for the warm-up; undefined: instant. */
  readonly rate: number | undefined;
  /** Keys per warm-up call (default 100). */
  readonly batch: number;
}

/** A fraction of the cached keys (chosen by a seeded hash) is lost at `at`; optionally warmed back. */
export interface LoseEvent {
  readonly kind: 'lose';
  readonly at: number;
  /** In (0, 1]; `nodes=N` gives 1/N (one node of a consistent-hashed cluster of N). */
  readonly fraction: number;
  /** Default cold. */
  readonly warm: WarmMode;
  readonly rate: number | undefined;
  readonly batch: number;
  /** Position of this event in the run's timeline (0-based): part of the seeded hash that picks the lost keys (lostKey). */
  readonly index: number;
}

/** Popularity moves at `at`: key k < sourceKeys is requested as (k + by) mod sourceKeys from then on. */
export interface ShiftEvent {
  readonly kind: 'shift';
  readonly at: number;
  /** Keys; default round(sourceKeys / 10). */
  readonly by: number;
}

/** The source fails during [at, at + durationMs): demand misses fail, backfills pause. */
export interface OutageEvent {
  readonly kind: 'outage';
  readonly at: number;
  readonly durationMs: number;
}

/** Delivered to the strategy (Strategy.onCacheEvent). */
export type CacheEvent = RestartEvent | LoseEvent;
export type TimelineEvent = CacheEvent | ShiftEvent | OutageEvent;
export type EventKind = TimelineEvent['kind'];
export const EVENT_KINDS: readonly EventKind[] = ['restart', 'lose', 'shift', 'outage'];

export function isCacheEvent(e: TimelineEvent): e is CacheEvent {
  return e.kind === 'restart' || e.kind === 'lose';
}

/** Default keys per warm-up call. */
export const DEFAULT_WARM_BATCH = 100;

/** The default shift of popularity: a tenth of the key space, as the `shifting` generator's default move. */
export function defaultShift(sourceKeys: number): number {
  return Math.round(sourceKeys / 10);
}

/**
 * Whether a `lose` event removes `key`: a seeded hash of (seed, event index, key) mapped to [0, 1)
 * falls below the fraction. Deterministic, independent of the cache's order, and the same for every
 * strategy of the run (so each loses the same keys of what it holds).
 */
export function lostKey(seed: number, index: number, key: number, fraction: number): boolean {
  return hashUnit(seed, index, key) < fraction;
}

/** A 32-bit mix (murmur3 finaliser) of seed, label 'lose', event index and key, as a double in [0, 1). */
export function hashUnit(seed: number, index: number, key: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.floor(seed / 2 ** 32) ^ LOSE_LABEL) >>> 0;
  h = mix(h ^ Math.imul(index + 1, 0x85ebca6b));
  h = mix(h ^ key);
  return h / 2 ** 32;
}

/** A constant label: keeps this hash apart from other per-key hashes of the same seed. */
const LOSE_LABEL = 0x7b2a8c1d;

function mix(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}
