// Parameters shared by the strategy presets, declared once (see ../core/param-decl.ts) and validated
// as the reference's pitfalls table says: threshold in [0.01, 1.0], batch >= 1, capacity >= 1,
// interval > 0.
import type { ChoiceDecl, IntegerDecl, Nullable, NumberDecl, SizeDecl } from '../core/param-decl.ts';
import { allAdmissionSpecs } from './admission/registry.ts';
import { allPolicySpecs } from './eviction/registry.ts';
import { LRU_MAX_SLOTS } from './eviction/lru.ts';
import { allSelectionSpecs } from './selection/registry.ts';

export const MAX_BATCH = 10_000_000;
/** The declared range is the store's own: a capacity that validates is one the LRU can hold. */
export const MAX_CAPACITY = LRU_MAX_SLOTS;

/** The engine reads "none" (unbounded capacity, cumulative window) as undefined. */
const asUndefined = (): undefined => undefined;
const UNBOUNDED: Nullable = { means: 'unbounded: a cache that only grows', word: 'unbounded', resolve: asUndefined };

/** 10% of the workload's keys, at least 1. */
export function tenthOfKeys(sourceKeys: number): number {
  return Math.max(1, Math.round(sourceKeys * 0.1));
}

/** Capacity, unbounded by default (the reference's cache). */
export const CAPACITY_UNBOUNDED: SizeDecl = {
  name: 'capacity',
  kind: 'size',
  doc: 'cache capacity in objects (1000), in bytes (64MiB, 1.5GB: each object counts its size) or a share of the working set (10%); null / "unbounded" for a cache that only grows',
  unit: 'keys',
  default: null,
  min: 1,
  max: MAX_CAPACITY,
  maxBytes: Number.MAX_SAFE_INTEGER,
  nullable: UNBOUNDED,
  typical: [1, 50],
};

/** Capacity, 10% of the workload's keys by default. */
export const CAPACITY_TENTH: SizeDecl = { ...CAPACITY_UNBOUNDED, default: ({ sourceKeys }) => tenthOfKeys(sourceKeys), defaultText: '10% of the workload keys' };

export const THRESHOLD: NumberDecl = {
  name: 'threshold',
  kind: 'number',
  doc: 'backfill when round(miss rate, 4) >= threshold, checked on a miss once 3 lookups were seen',
  default: 0.5,
  min: 0.01,
  max: 1,
};

/**
 * The option a batch given in bytes reaches a strategy under once resolved for a run
 * (runner/capacity.ts runParams: `batch` then caps the key count, this gives the bytes).
 */
export const BATCH_BYTES = 'batchBytes';

export const BATCH: SizeDecl = {
  name: 'batch',
  kind: 'size',
  doc: "at most this many uncached keys loaded per backfill, in the selection's order; or bytes (64KiB: keys while their sizes fit; the workload needs object sizes)",
  unit: 'keys per backfill',
  default: 10,
  min: 1,
  max: MAX_BATCH,
  maxBytes: Number.MAX_SAFE_INTEGER,
  noShare: true,
  typical: [1, 20],
};

/**
 * The rate limit of any backfilling trigger: a token bucket of this many keys per virtual second
 * (bytes per second when the batch is in bytes) with a burst of one batch. Unlimited by default.
 */
export const RATE_LIMIT: NumberDecl = {
  name: 'rateLimit',
  kind: 'number',
  doc: 'most keys backfilled per virtual second (a token bucket holding one batch: a backfill finding fewer tokens loads what they allow, none: skipped); bytes per second when the batch is in bytes (a backfill then waits for a whole batch budget)',
  unit: 'keys/s',
  default: null,
  defaultText: 'null (unlimited)',
  min: 0,
  minExclusive: true,
  max: 1e12,
  nullable: { means: 'unlimited', word: 'unlimited', resolve: asUndefined },
  typical: [1, 5000],
};

/** The `on-event` trigger's budget: keys to backfill after a restart or a loss. */
export const EVENT_KEYS: IntegerDecl = {
  name: 'eventKeys',
  kind: 'integer',
  doc: 'keys the on-event trigger backfills after a restart or a loss (paced by rateLimit), unless the selection runs dry first',
  unit: 'keys',
  default: null,
  defaultText: 'null (the keys the event lost; a restart of a cache counted in objects: at least its capacity)',
  min: 1,
  max: MAX_CAPACITY,
  nullable: { means: 'the keys the event lost (a restart of a cache counted in objects: at least its capacity)' },
  typical: [100, 100_000],
};

export const WINDOW: IntegerDecl = {
  name: 'window',
  kind: 'integer',
  doc: 'miss rate over the last N lookups instead of all lookups so far',
  unit: 'lookups',
  default: null,
  defaultText: 'null (cumulative, as the reference)',
  min: 1,
  max: 100_000_000,
  nullable: { means: 'cumulative: every lookup so far', aliases: ['cumulative'], resolve: asUndefined },
  typical: [1, 30],
};

export const INTERVAL: NumberDecl = {
  name: 'intervalMs',
  kind: 'number',
  doc: 'virtual milliseconds between timer backfills (off the request path)',
  unit: 'ms',
  flag: 'interval',
  default: 1000,
  min: 0,
  minExclusive: true,
  max: 1e12,
  typical: [0.5, 100],
};

/** The eviction policy (src/strategies/eviction/registry.ts), for a bounded capacity. */
export const EVICTION: ChoiceDecl = {
  name: 'eviction',
  kind: 'choice',
  doc: 'eviction policy at a bounded capacity (`list` describes each); unbounded caches evict nothing',
  choices: allPolicySpecs().map((s) => s.name),
  default: 'lru',
};

/** The admission filter (src/strategies/admission/registry.ts). */
export const ADMISSION: ChoiceDecl = {
  name: 'admission',
  kind: 'choice',
  doc: 'admission filter a key must pass to be cached (`list` describes each)',
  choices: allAdmissionSpecs().map((s) => s.name),
  default: 'always',
};

/** Whether backfilled keys pass the admission filter too. */
export const BACKFILL_ADMISSION: ChoiceDecl = {
  name: 'backfillAdmission',
  kind: 'choice',
  doc: 'backfilled keys pass the admission filter (same) or enter without asking it (bypass)',
  choices: ['same', 'bypass'],
  default: 'same',
};

/**
 * What a backfill loads (src/strategies/selection/registry.ts), on every backfilling strategy. A
 * clairvoyant selection gives its strategy the `clairvoyant` trait (the runner reads the stream ahead;
 * sweeps never recommend it).
 */
export const SELECTION: ChoiceDecl = {
  name: 'selection',
  kind: 'choice',
  doc: 'which keys a backfill loads (`list` describes each); clairvoyant is an upper bound like opt, never recommended by a sweep',
  choices: allSelectionSpecs().map((s) => s.name),
  default: 'source-order',
};
