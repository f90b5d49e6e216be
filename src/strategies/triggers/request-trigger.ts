// Triggers that decide, on the request path, whether a miss should start a backfill.

export interface RequestTrigger {
  recordHit(): void;
  /** Records a miss; true when this miss should trigger a backfill. */
  recordMiss(): boolean;
}

/** Demand fill only: never backfills. */
export class NeverTrigger implements RequestTrigger {
  recordHit(): void {}
  recordMiss(): boolean {
    return false;
  }
}
