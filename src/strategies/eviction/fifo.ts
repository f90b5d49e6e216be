// FIFO: keys leave in the order they came; a hit changes nothing. As libCacheSim's FIFO.c: insert at
// the head, evict the tail until the newcomer fits; an object larger than the cache is not admitted.
import type { Key } from '../../core/types.ts';
import { NIL } from '../stores/key-index.ts';
import { NOT_CACHED, type EvictionPolicy, type PolicyCapabilities } from './eviction-policy.ts';
import type { PolicySpec } from './policy-spec.ts';
import { maxSlotsFor, SlotLists } from './slot-lists.ts';
import { SlotListsPolicy } from './slot-lists-policy.ts';

const CAPABILITIES: PolicyCapabilities = { stackAlgorithm: false, mayReject: false };
const QUEUE = 0;

export class FifoPolicy extends SlotListsPolicy implements EvictionPolicy {
  constructor(capacity: number, keySpace: number) {
    super(CAPABILITIES, capacity, new SlotLists(maxSlotsFor(capacity), keySpace, 1), 'fifo');
  }

  find(key: Key): number {
    return this.t.slotOf(key);
  }

  insert(key: Key, size: number): number {
    const t = this.t;
    t.resetEvicted();
    if (size > this.capacity) return NOT_CACHED;
    while (t.usedBytes + size > this.capacity) this.evictFrom(QUEUE, t.tails[QUEUE]!);
    const slot = t.add(key, size);
    t.pushHead(QUEUE, slot);
    return slot;
  }

  /** The oldest key: the next to go (admissions that duel candidate against victim ask it). */
  victim(): number {
    const slot = this.t.tails[QUEUE]!;
    return slot === NIL ? NOT_CACHED : this.t.keyOf[slot]!;
  }

  remove(key: Key): number {
    const t = this.t;
    t.resetEvicted();
    const slot = t.slotOf(key);
    if (slot === NIL) return NOT_CACHED;
    t.unlink(QUEUE, slot);
    t.release(slot);
    return slot;
  }

  keysInEvictionOrder(): number[] {
    return this.t.keysFromTail(QUEUE);
  }

  check(): void {
    const [count, units] = this.t.checkList(QUEUE, 'fifo');
    this.t.checkTotals(count, units, 'fifo');
    if (units > this.capacity) throw new Error(`fifo: ${units} units cached, capacity ${this.capacity}`);
  }
}

const fifo: PolicySpec<Record<string, never>> = {
  name: 'fifo',
  summary: 'first in, first out: a hit changes nothing (libCacheSim FIFO)',
  capabilities: CAPABILITIES,
  params: [],
  create: (capacity, keySpace) => new FifoPolicy(capacity, keySpace),
};
export default fifo;
