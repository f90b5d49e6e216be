// The source model's parameters (issue 15), declared once (see ../../core/param-decl.ts): flags of
// bench, sweep and load, a `source` object in config files, beside the latency model's parameters
// (LATENCY_PARAMS in ../source-model.ts). The defaults are today's model: unbounded concurrency (no
// queue: every call is served at once) and the latency model's own call and per-key latency as the
// service time, so a run that sets none of these is the run of today, byte for byte.
//
// Names and flags are prefixed with "source" where a bare name would be ambiguous: `load` already
// has a client-side --concurrency and --timeout (sourceConcurrency is the pool size of the source).
import { declaredDefaults, validateDeclared, type BooleanDecl, type ChoiceDecl, type IntegerDecl, type NumberDecl, type ParamDecl } from '../../core/param-decl.ts';
import type { LatencyModel } from '../source-model.ts';
import { ConfigError } from '../../core/errors.ts';
import type { BackfillPriority } from './source-queue.ts';
import type { ServiceDistribution } from './service-time.ts';

export const MAX_CONCURRENCY = 1_000_000;
export const MAX_QUEUE_LIMIT = 1_000_000_000;

export const CONCURRENCY: IntegerDecl = {
  name: 'sourceConcurrency',
  kind: 'integer',
  doc: 'source calls served at once (a connection pool); more wait in a FIFO line. null / "unbounded": every call is served at once (no queueing)',
  unit: 'calls',
  default: null,
  min: 1,
  max: MAX_CONCURRENCY,
  nullable: { means: 'unbounded: every call is served at once', word: 'unbounded' },
  typical: [1, 16],
};

export const SERVICE_MS: NumberDecl = {
  name: 'serviceMs',
  kind: 'number',
  doc: 'service time of one source call, whatever its size (the mean, when exponential); null: the latency model callMs',
  unit: 'ms',
  default: null,
  min: 0,
  max: 60_000,
  nullable: { means: 'the latency model callMs' },
  typical: [0.1, 10],
};

export const SERVICE_PER_KEY_MS: NumberDecl = {
  name: 'servicePerKeyMs',
  kind: 'number',
  doc: 'added service time per key a call reads; null: the latency model perKeyMs',
  unit: 'ms',
  default: null,
  min: 0,
  max: 60_000,
  nullable: { means: 'the latency model perKeyMs' },
  typical: [0, 0.1],
};

export const SERVICE_DISTRIBUTION: ChoiceDecl = {
  name: 'serviceDistribution',
  kind: 'choice',
  doc: 'service time of a call: fixed (service + per key x keys) or exponential with that mean (seeded)',
  choices: ['fixed', 'exponential'] satisfies ServiceDistribution[],
  default: 'fixed',
};

export const QUEUE_LIMIT: IntegerDecl = {
  name: 'queueLimit',
  kind: 'integer',
  flag: 'source-queue-limit',
  doc: 'source calls that may wait for a server at once; a call beyond it fails as a source error (0: none may wait)',
  unit: 'calls',
  default: null,
  min: 0,
  max: MAX_QUEUE_LIMIT,
  nullable: { means: 'unbounded: every call may wait', word: 'unbounded' },
  typical: [0, 32],
};

export const TIMEOUT_MS: NumberDecl = {
  name: 'timeoutMs',
  kind: 'number',
  flag: 'source-timeout',
  doc: 'a source call that would wait longer than this for a server fails as a source error (a timeout); null: no timeout',
  unit: 'ms',
  default: null,
  min: 0,
  minExclusive: true,
  max: 3_600_000,
  nullable: { means: 'no timeout', word: 'none' },
  typical: [1, 100],
};

export const BACKFILL_PRIORITY: ChoiceDecl = {
  name: 'backfillPriority',
  kind: 'choice',
  doc: 'backfill calls wait in one FIFO line with demand reads (same) or only get a server when no demand read waits (low: a request for a key whose backfill has not started reads it on demand)',
  choices: ['same', 'low'] satisfies BackfillPriority[],
  default: 'same',
};

export const COALESCE: BooleanDecl = {
  name: 'coalesce',
  kind: 'boolean',
  doc: 'a request for a key whose fetch is in flight waits for it (a delayed hit) or, when false, sends a duplicate read',
  default: true,
};

export const SOURCE_PARAMS: readonly ParamDecl[] = [CONCURRENCY, SERVICE_MS, SERVICE_PER_KEY_MS, SERVICE_DISTRIBUTION, QUEUE_LIMIT, TIMEOUT_MS, BACKFILL_PRIORITY, COALESCE];

/** The validated parameters; null where the declaration says what null means. */
export interface SourceParams {
  readonly sourceConcurrency: number | null;
  readonly serviceMs: number | null;
  readonly servicePerKeyMs: number | null;
  readonly serviceDistribution: ServiceDistribution;
  readonly queueLimit: number | null;
  readonly timeoutMs: number | null;
  readonly backfillPriority: BackfillPriority;
  readonly coalesce: boolean;
}

export const DEFAULT_SOURCE: SourceParams = Object.freeze(declaredDefaults(SOURCE_PARAMS) as unknown as SourceParams);

/** Validates `raw` (missing fields take their defaults); ConfigError naming `where` and what is allowed. */
export function validateSourceParams(raw: Record<string, unknown>, where: string): SourceParams {
  return Object.freeze(validateDeclared(SOURCE_PARAMS, raw, where) as unknown as SourceParams);
}

/** The service time of a call: the declared one, or the latency model's where it is null. */
export function serviceTimes(p: SourceParams, latency: LatencyModel): { readonly fixedMs: number; readonly perKeyMs: number } {
  return { fixedMs: p.serviceMs ?? latency.callMs, perKeyMs: p.servicePerKeyMs ?? latency.perKeyMs };
}

/**
 * A source that saturates takes its randomness from its service time, not from the latency model's
 * jitter (which only scales today's fixed call latency): refuse the two together rather than ignore one.
 */
export function checkSourceWithLatency(p: SourceParams | undefined, latency: LatencyModel, where: string): void {
  if (p === undefined || isTodaysModel(p) || latency.jitter === 0) return;
  throw new ConfigError(
    `${where}: jitter ${latency.jitter} applies to today's source model only; with a source that saturates, use serviceDistribution exponential for random service times, or jitter 0`,
  );
}

/**
 * Whether the parameters describe today's model: unbounded concurrency with a fixed service time
 * (each call costs its latency, nothing waits, a fill is instant). Such a run stays on the kernel's
 * fast path and never builds a SourceQueue; queueLimit, timeoutMs and backfillPriority only matter
 * when calls can wait, and coalesce only when fetches are in flight.
 */
export function isTodaysModel(p: SourceParams): boolean {
  return p.sourceConcurrency === null && p.serviceDistribution === 'fixed';
}
