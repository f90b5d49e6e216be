// Triggers that decide, on the request path, whether a miss should start a backfill.

export interface RequestTrigger {
  /** Whether recordHit must be called on every hit (a sliding window needs it; counts do not). */
  readonly watchesHits: boolean;
  recordHit(): void;
  /**
   * Records a miss, given the lookups so far (this miss included); true when this miss should
   * trigger a backfill.
   */
  recordMiss(hits: number, misses: number): boolean;
}

/** Demand fill only: never backfills. */
export class NeverTrigger implements RequestTrigger {
  readonly watchesHits = false;
  recordHit(): void {}
  recordMiss(): boolean {
    return false;
  }
}
