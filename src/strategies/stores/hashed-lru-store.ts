// The LRU store for key spaces above DIRECT_INDEX_MAX_KEYS: the same list of slots as LruStore, with
// a hash index (key-index.ts) instead of an array indexed by the key, and slot arrays that start
// small and grow with the entries held. A separate class, so LruStore's hot path carries no branch
// for it; a run uses one or the other for every strategy, so call sites stay monomorphic.
import type { Key } from '../../core/types.ts';
import { HashIndex, NIL } from './key-index.ts';
import { LruStore } from './lru-store.ts';
import { NOT_CACHED } from './store.ts';

export class HashedLruStore extends LruStore {
  private readonly index = new HashIndex();

  constructor(capacity: number) {
    super(capacity, 0);
  }

  override find(key: Key): number {
    const slot = this.index.get(key);
    if (slot !== NIL && slot !== this.head) this.moveToHead(slot);
    return slot;
  }

  override contains(key: Key): boolean {
    return this.index.get(key) !== NIL;
  }

  override insert(key: Key, value: number, mark: boolean): number {
    if (value < 0 || value > 0x7fffffff) throw new RangeError(`store values must be 31-bit non-negative integers, got ${value}`);
    const existing = this.index.get(key);
    if (existing !== NIL) {
      this.values[existing] = value;
      if (mark) this.marks[existing] = 1;
      if (existing !== this.head) this.moveToHead(existing);
      return NOT_CACHED;
    }
    let slot: number;
    let evicted = NOT_CACHED;
    if (this.size < this.capacity) {
      slot = this.size++;
      if (slot === this.values.length) this.growSlots();
    } else {
      slot = this.tail;
      evicted = this.keyOf[slot]! >>> 0;
      this.index.delete(evicted);
      this.evictions++;
      this.evictedMarked = this.marks[slot] === 1;
      this.unlink(slot);
    }
    this.keyOf[slot] = key;
    this.values[slot] = value;
    this.marks[slot] = mark ? 1 : 0;
    this.index.set(key, slot);
    this.linkAtHead(slot);
    return evicted;
  }

  protected override slotOfKey(key: Key): number {
    return this.index.get(key);
  }

  protected override indexedKeys(): number {
    return this.index.size;
  }
}
