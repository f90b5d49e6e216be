// key -> entry for the policies: a slot (>= 0) for a cached key, a ghost node encoded as -2 - node
// for a key the policy only remembers, NIL for neither; one lookup answers both questions. Key
// spaces up to DIRECT_INDEX_MAX_KEYS index a typed array by the key (grown with the largest key
// seen, so memory follows the keys used); larger ones use the stores' open-addressing HashIndex.
import type { Key } from '../../core/types.ts';
import { DIRECT_INDEX_MAX_KEYS, growDirect, HashIndex, NIL } from '../stores/key-index.ts';

export { NIL };

export interface KeyMap {
  /** The entry of `key`, or NIL. */
  get(key: Key): number;
  set(key: Key, entry: number): void;
  delete(key: Key): void;
}

/** Ghost node `node` as a KeyMap entry (always <= -2, so never a slot and never NIL). */
export function ghostEntry(node: number): number {
  return -2 - node;
}

/** The ghost node of an entry <= -2. */
export function ghostNode(entry: number): number {
  return -2 - entry;
}

/** An array indexed by the key itself, grown (doubling) to the largest key set. */
export class DirectKeyMap implements KeyMap {
  private entries: Int32Array = new Int32Array(16).fill(NIL);

  get(key: Key): number {
    return key < this.entries.length ? this.entries[key]! : NIL;
  }

  set(key: Key, entry: number): void {
    if (key >= this.entries.length) this.entries = growDirect(this.entries, key);
    this.entries[key] = entry;
  }

  delete(key: Key): void {
    if (key < this.entries.length) this.entries[key] = NIL;
  }
}

/** The index a policy over keys [0, keySpace) uses: direct at or below DIRECT_INDEX_MAX_KEYS, hashed above. */
export function createKeyMap(keySpace: number): KeyMap {
  return keySpace <= DIRECT_INDEX_MAX_KEYS ? new DirectKeyMap() : new HashIndex();
}
