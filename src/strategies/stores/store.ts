// What a strategy caches into. Stores only hold keys the source has; they never read the source.
import type { Key } from '../../core/types.ts';

export const NOT_CACHED = -1;

export interface Store {
  /** Slot holding `key`, marking it most recently used; NOT_CACHED if absent. */
  find(key: Key): number;
  /** Whether `key` is cached, without touching recency. */
  contains(key: Key): boolean;
  valueAt(slot: number): number;
  /**
   * Caches key -> value (updating and touching it if already cached).
   * Returns the key evicted to make room, or NOT_CACHED.
   */
  insert(key: Key, value: number): number;
  readonly size: number;
  readonly capacity: number;
  readonly evictions: number;
  /** Checks internal consistency; throws with a description on the first broken invariant. */
  check(): void;
}

/** Grows an index array (filled with `fill`) so that `key` is a valid index. */
export function growIndex(index: Int32Array, key: Key, fill: number): Int32Array {
  let len = Math.max(16, index.length);
  while (len <= key) len *= 2;
  const grown = new Int32Array(len).fill(fill);
  grown.set(index);
  return grown;
}
