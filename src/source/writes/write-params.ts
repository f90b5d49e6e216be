// The write process's parameters (issue 14), declared once: fields of a workload (file or preset)
// and flags of the commands that simulate (bench, sweep): --writes, --write-weights, --write-mode.
// Writes describe the data the workload reads changing at the source, so they travel with the
// workload (reports, run.json, sweep cells) as its timeline events do.
//
//   writes        a rate in writes per virtual second ("100/s" or 100), 0 / "off" (the default: no
//                 writes), or "trace" (the trace's own write records; also what a trace with
//                 operations gets when writes is not given)
//   writeWeights  which keys are written: uniform, like-reads (default) or inverse (write-process.ts)
//   writeMode     what a write does to the cache: invalidate (default), update or none
import { ConfigError, show } from '../../core/errors.ts';
import type { ChoiceDecl, CustomDecl } from '../../core/param-decl.ts';
import type { AnyRequestStream } from '../../core/types.ts';

export type WriteWeights = 'uniform' | 'like-reads' | 'inverse';
export type WriteMode = 'invalidate' | 'update' | 'none';

export const WRITE_WEIGHT_NAMES: readonly WriteWeights[] = ['uniform', 'like-reads', 'inverse'];
export const WRITE_MODE_NAMES: readonly WriteMode[] = ['invalidate', 'update', 'none'];

/** The largest write rate (writes per virtual second), as the request rate's bound. */
export const MAX_WRITE_RATE = 1e12;

/** The workload's writes as given: rate undefined when only a mode or weights were given. */
export interface WriteSettings {
  /** Writes per virtual second; 'trace': the trace's own write records; undefined: the trace's own if it has them. */
  readonly rate: number | 'trace' | undefined;
  readonly weights: WriteWeights;
  readonly mode: WriteMode;
  /** Whether writeWeights was given (it applies to a write rate only); absent: not given. */
  readonly weightsGiven?: boolean;
}

/** The writes of a run, resolved against its stream (RunOptions.writes). */
export interface RunWrites {
  readonly mode: WriteMode;
  /** Writes per virtual second of the write process, or 'trace': the stream's own write records. */
  readonly rate: number | 'trace';
  readonly weights: WriteWeights;
}

export const WRITES_ALLOWED = '"N/s" or N (writes per virtual second, N > 0), 0 or "off" (none), or "trace" (the trace\'s own write records)';

/** A rate as given: "100/s", "100", 100, 0, "off" or "trace"; 0 is off (undefined). */
export function parseWriteRate(v: unknown, what: string): number | 'trace' | undefined {
  if (v === undefined || v === 0 || v === 'off' || v === '0' || v === '0/s') return undefined;
  if (v === 'trace') return 'trace';
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const m = /^\s*([0-9]+(?:\.[0-9]*)?(?:e[+-]?[0-9]+)?)\s*(\/\s*s)?\s*$/i.exec(v);
    if (m !== null) n = Number(m[1]);
  }
  if (n === undefined || !Number.isFinite(n) || n < 0 || n > MAX_WRITE_RATE) throw new ConfigError(`${what} is ${show(v)}; allowed: ${WRITES_ALLOWED}, at most ${MAX_WRITE_RATE}/s`);
  return n === 0 ? undefined : n;
}

export const WRITES: CustomDecl = {
  name: 'writes',
  kind: 'custom',
  type: 'string',
  doc: 'writes at the source: a seeded Poisson process of this many writes per virtual second over the source keys (see writeWeights), or the trace\'s own write records ("trace"; the default for a trace with operations)',
  unit: 'writes/s',
  default: undefined,
  defaultText: 'off (a trace with operations: trace)',
  allowed: WRITES_ALLOWED,
  parse(raw, where) {
    try {
      return parseWriteRate(raw.writes, '"writes"');
    } catch (e) {
      if (e instanceof ConfigError) throw ConfigError.at(where, e.message, 'writes');
      throw e;
    }
  },
};

export const WRITE_WEIGHTS: ChoiceDecl = {
  name: 'writeWeights',
  kind: 'choice',
  doc: 'which keys the write process writes: uniform (every source key alike); like-reads (each key as often as it is read: exact for the uniform, zipf and hotspot generators, else estimated from the last 65,536 reads); inverse (popularity ranks reversed: the least-read key is written as often as the most-read is read; uniform, zipf and hotspot only); see README "Writes at the source"',
  choices: WRITE_WEIGHT_NAMES,
  default: 'like-reads',
};

export const WRITE_MODE: ChoiceDecl = {
  name: 'writeMode',
  kind: 'choice',
  doc: 'what a write does to the cache (cache-aside): invalidate (the key is deleted from the cache), update (write-through: a cached key takes the new value; an uncached one is not inserted), none (the cache learns only through expiry or refresh)',
  choices: WRITE_MODE_NAMES,
  default: 'invalidate',
};

export const WRITE_PARAMS = [WRITES, WRITE_WEIGHTS, WRITE_MODE] as const;

/**
 * The workload's write settings from its validated fields; undefined when none of the three was
 * given (a run without writes, or a trace's own writes with the default mode).
 */
export function writeSettings(given: Readonly<Record<string, unknown>>, rate: number | 'trace' | undefined, weights: WriteWeights, mode: WriteMode): WriteSettings | undefined {
  const any = given.writes !== undefined || given.writeWeights !== undefined || given.writeMode !== undefined;
  if (!any) return undefined;
  return Object.freeze({ rate, weights, mode, weightsGiven: given.writeWeights !== undefined });
}

/**
 * The run's writes against its stream: a stream with operations takes its own (a rate is refused:
 * the trace already says when keys change); a stream without takes the write process at the rate
 * given. undefined: a run without writes. Throws ConfigError naming the field.
 */
export function resolveRunWrites(stream: Pick<AnyRequestStream, 'hasOps'>, w: WriteSettings | undefined): RunWrites | undefined {
  const hasOps = stream.hasOps === true;
  if (hasOps) {
    if (typeof w?.rate === 'number') {
      throw new ConfigError(`writes ${w.rate}/s: the trace has its own write records (operations); use writes "trace" (the default for it) or a trace without operations`, 'writes');
    }
    if (w?.weightsGiven === true) throw new ConfigError(`writeWeights ${w.weights} applies to a write rate; the trace's own write records say which keys are written`, 'writeWeights');
    return Object.freeze({ mode: w?.mode ?? 'invalidate', rate: 'trace', weights: w?.weights ?? 'like-reads' });
  }
  if (w === undefined) return undefined;
  if (w.rate === 'trace')
    throw new ConfigError('writes "trace": the stream has no operations (a trace with an op column, or the twitter format, has them); give a rate (writes "100/s") instead', 'writes');
  if (w.rate === undefined) {
    const given = w.weightsGiven ? 'writeWeights' : 'writeMode';
    throw new ConfigError(`${given} applies only to a run with writes; give a write rate (writes "100/s", --writes 100/s) or leave it out`, given);
  }
  return Object.freeze({ mode: w.mode, rate: w.rate, weights: w.weights });
}

/** For the workload's summary: "100 writes/s (like-reads), write mode invalidate", "the trace's own writes, ...", "write mode update". */
export function describeWriteSettings(w: Pick<WriteSettings, 'rate' | 'weights' | 'mode'>): string {
  if (w.rate === undefined) return `write mode ${w.mode}`;
  const what = w.rate === 'trace' ? "the trace's own writes" : `${w.rate.toLocaleString('en-US')} writes/s (${w.weights})`;
  return `${what}, write mode ${w.mode}`;
}
