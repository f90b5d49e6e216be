// The trigger axis of a strategy: when to backfill. A trigger decides on the request path (a miss
// may start a backfill) and/or by a timer every intervalMs of virtual time. One file per part,
// registered by one line in ./registry.ts.
import type { ParamDecl } from '../../core/param-decl.ts';

/** Decides, on the request path, whether a miss should start a backfill. */
export interface RequestTrigger {
  /** Whether recordHit must be called on every hit (a sliding window needs it; counts do not). */
  readonly watchesHits: boolean;
  recordHit(): void;
  /** Records a miss, given the lookups so far (this miss included); true when this miss should trigger a backfill. */
  recordMiss(hits: number, misses: number): boolean;
}

/** A trigger part as a strategy uses it. */
export interface Trigger {
  /** The request-path half (NeverTrigger for a timer-only trigger, so call sites see few classes). */
  readonly request: RequestTrigger;
  /** Virtual ms between timer backfills; Infinity for none. */
  readonly intervalMs: number;
  /**
   * Present for `on-event`: after a restart or a loss, backfill from the selection until this many
   * keys were loaded (null: as many as the event lost) or the selection has nothing left.
   */
  readonly onEvent?: { readonly eventKeys: number | null };
}

export interface TriggerSpec<P extends object = Record<string, unknown>> {
  /** As in a strategy bundle (`trigger: "miss-rate"`). */
  readonly name: string;
  readonly summary: string;
  /** Whether the trigger ever backfills (`never` does not: no batch, no backfill parameters). */
  readonly backfills: boolean;
  /** Every tunable, declared once; they become parameters of the strategies using the trigger. */
  readonly params: readonly ParamDecl[];
  create(p: P): Trigger;
}

/** Demand fill only: never backfills. */
export class NeverTrigger implements RequestTrigger {
  readonly watchesHits = false;
  recordHit(): void {}
  recordMiss(): boolean {
    return false;
  }
}
