// The admission axis of a strategy: whether a key that is not cached may enter, independent of the
// eviction policy that makes room for it (libCacheSim's admissioner_t, Caffeine's TinyLFU half of
// W-TinyLFU). One file per part, registered by one line in ./registry.ts. An admission sees every
// request when it asks to (record), and is asked about every candidate: a demand miss's key, and a
// backfilled key unless the strategy's backfillAdmission is `bypass`.
import type { ParamDecl } from '../../core/param-decl.ts';
import type { Key } from '../../core/types.ts';

export interface Admission {
  /** record() must be called on every request (hits too): a frequency sketch needs it. */
  readonly recordsRequests: boolean;
  /** admit() needs the policy's next victim (a duel), not only the candidate: only with policies that name it (EvictionPolicy.victim). */
  readonly needsVictim: boolean;
  /** One request for `key` (only when recordsRequests). */
  record(key: Key): void;
  /** Whether `candidate` may be cached; `victim` is the key its insertion would evict first, or -1 when it fits without evicting. */
  admit(candidate: Key, victim: number): boolean;
}

export interface AdmissionContext {
  /** Capacity in units (objects or bytes); a sketch or filter is sized by it. */
  readonly capacity: number;
  /** The run's seed (a probabilistic admission draws from its own stream of it). */
  readonly seed: number;
}

export interface AdmissionSpec<P extends object = Record<string, unknown>> {
  /** As on the command line (`--admission tinylfu`). */
  readonly name: string;
  readonly summary: string;
  /** Every tunable, declared once; they become strategy parameters when this admission is chosen. */
  readonly params: readonly ParamDecl[];
  /** Its admissions duel candidate against the policy's next victim (needsVictim), so it needs a policy that names it. */
  readonly needsVictim?: boolean;
  /** Admits everything: the strategy then skips admission altogether (no cost on the hot path). */
  readonly passThrough?: boolean;
  create(ctx: AdmissionContext, params: P): Admission;
}
