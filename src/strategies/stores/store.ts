// What a strategy caches into. Stores only hold keys the source has; they never read the source.
// Values are non-negative 31-bit integers (the source model's values), so they fit typed arrays.
// Each cached entry carries one "mark" bit, used by strategies to track backfilled keys that no
// request has used yet; the store reports when it evicts a marked entry.
import type { Key } from '../../core/types.ts';

export const NOT_CACHED = -1;

export interface Store {
  /** Slot holding `key`, marking it most recently used; NOT_CACHED if absent. */
  find(key: Key): number;
  /** Whether `key` is cached, without touching recency. */
  contains(key: Key): boolean;
  valueAt(slot: number): number;
  /**
   * Caches key -> value (updating and touching it if already cached), marked or not (an update
   * keeps an existing mark). Returns the key evicted to make room, or NOT_CACHED; after an
   * eviction, `evictedMarked` says whether the evicted entry was marked.
   */
  insert(key: Key, value: number, mark: boolean): number;
  readonly evictedMarked: boolean;
  /** Clears the mark of the entry at `slot`; true if it was marked. */
  unmark(slot: number): boolean;
  /** Number of marked entries (O(size); for end-of-run checks). */
  countMarked(): number;
  readonly size: number;
  readonly capacity: number;
  readonly evictions: number;
  /** Checks internal consistency; throws with a description on the first broken invariant. */
  check(): void;
}
