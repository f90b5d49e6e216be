// The plain specification of an eviction policy: arrays and loops, obviously correct, slow. Each
// policy in src/strategies/eviction/ has one model here (test/models/<name>-model.ts); the suites
// drive the real policy and its model with the same commands and compare them after every step.
export interface PolicyModel {
  /** A request: true on a hit (updating the model's state as the policy defines). */
  find(key: number): boolean;
  /** The keys the last find evicted, in order (only for policies whose capabilities say evictsOnHit). */
  lastFindEvicted?(): number[];
  contains(key: number): boolean;
  /** Inserts a key that is not cached; returns whether it was admitted and the keys evicted, in order. */
  insert(key: number, size: number): { admitted: boolean; evicted: number[] };
  /** Removes a cached key; false if it was not cached. */
  remove(key: number): boolean;
  /** Cached keys (any order). */
  keys(): number[];
  readonly usedBytes: number;
}

/** Builds a model of `capacity` units with the policy's params (declared defaults merged in). */
export type PolicyModelFactory = (capacity: number, params: Record<string, number | boolean | string>) => PolicyModel;
