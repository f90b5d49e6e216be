// The read-only half of EvictionPolicy that every policy built on SlotLists shares (sizes, slot
// limit, eviction report), so each policy file holds only its find / insert / remove / order.
import type { Key } from '../../core/types.ts';
import { NIL } from '../stores/key-index.ts';
import type { PolicyCapabilities } from './eviction-policy.ts';
import { checkCapacity, SlotLists } from './slot-lists.ts';

export abstract class SlotListsPolicy {
  evictions = 0;

  constructor(
    readonly capabilities: PolicyCapabilities,
    readonly capacity: number,
    protected readonly t: SlotLists,
    name: string,
  ) {
    checkCapacity(capacity, name);
  }

  get size(): number {
    return this.t.size;
  }
  get usedBytes(): number {
    return this.t.usedBytes;
  }
  get slotLimit(): number {
    return this.t.slotLimit;
  }
  get evictedCount(): number {
    return this.t.evictedCount;
  }
  get evictedKeys(): Uint32Array {
    return this.t.evictedKeys;
  }
  get evictedSlots(): Int32Array {
    return this.t.evictedSlots;
  }

  peek(key: Key): number {
    return this.t.slotOf(key);
  }

  contains(key: Key): boolean {
    return this.t.slotOf(key) !== NIL;
  }

  /** Unlinks `slot` from list q, reports it evicted and frees it. */
  protected evictFrom(q: number, slot: number): void {
    this.t.unlink(q, slot);
    this.t.evict(slot);
    this.evictions++;
  }
}
