// SIEVE (Zhang et al., NSDI'24): a FIFO queue with one visited bit per key and a hand that moves from
// the tail towards the head. As libCacheSim's Sieve.c: a hit sets the bit; a newcomer enters at the
// head unvisited; to evict, the hand clears visited bits as it passes (wrapping from the head back to
// the tail) and evicts the first unvisited key, then rests on the key after it (towards the head;
// none past the head, so the next search starts at the tail). Keys never move: O(1) amortised.
import type { Key } from '../../core/types.ts';
import { NIL } from '../stores/key-index.ts';
import { NOT_CACHED, type EvictionPolicy, type PolicyCapabilities } from './eviction-policy.ts';
import type { PolicySpec } from './policy-spec.ts';
import { maxSlotsFor, SlotLists } from './slot-lists.ts';
import { SlotListsPolicy } from './slot-lists-policy.ts';

const CAPABILITIES: PolicyCapabilities = { stackAlgorithm: false, mayReject: false };
const QUEUE = 0;

export class SievePolicy extends SlotListsPolicy implements EvictionPolicy {
  /** Where the next eviction search starts; NIL: at the tail. */
  private hand = NIL;

  constructor(capacity: number, keySpace: number) {
    super(CAPABILITIES, capacity, new SlotLists(maxSlotsFor(capacity), keySpace, 1), 'sieve');
  }

  find(key: Key): number {
    const slot = this.t.slotOf(key);
    if (slot !== NIL) this.t.meta[slot] = 1;
    return slot;
  }

  insert(key: Key, size: number): number {
    const t = this.t;
    t.resetEvicted();
    if (size > this.capacity) return NOT_CACHED;
    while (t.usedBytes + size > this.capacity) {
      let victim = this.hand === NIL ? t.tails[QUEUE]! : this.hand;
      while (t.meta[victim]! > 0) {
        t.meta[victim] = 0;
        victim = t.prev[victim]!;
        if (victim === NIL) victim = t.tails[QUEUE]!;
      }
      this.hand = t.prev[victim]!;
      this.evictFrom(QUEUE, victim);
    }
    const slot = t.add(key, size);
    t.pushHead(QUEUE, slot);
    return slot;
  }

  /** The key the next eviction takes, unchanged: the first unvisited from the hand on (the hand's own key when all are visited). */
  victim(): number {
    const t = this.t;
    const start = this.hand === NIL ? t.tails[QUEUE]! : this.hand;
    if (start === NIL) return NOT_CACHED;
    let s = start;
    do {
      if (t.meta[s] === 0) return t.keyOf[s]!;
      s = t.prev[s]!;
      if (s === NIL) s = t.tails[QUEUE]!;
    } while (s !== start);
    return t.keyOf[start]!;
  }

  remove(key: Key): number {
    const t = this.t;
    t.resetEvicted();
    const slot = t.slotOf(key);
    if (slot === NIL) return NOT_CACHED;
    if (slot === this.hand) this.hand = t.prev[slot]!;
    t.unlink(QUEUE, slot);
    t.release(slot);
    return slot;
  }

  /** From the hand towards the head, then from the tail up to the hand (visited keys are skipped once). */
  keysInEvictionOrder(): number[] {
    const t = this.t;
    const out: number[] = [];
    const start = this.hand === NIL ? t.tails[QUEUE]! : this.hand;
    for (let s = start; s !== NIL; s = t.prev[s]!) out.push(t.keyOf[s]!);
    if (start !== t.tails[QUEUE]) for (let s = t.tails[QUEUE]!; s !== start; s = t.prev[s]!) out.push(t.keyOf[s]!);
    return out;
  }

  check(): void {
    const t = this.t;
    const [count, units] = t.checkList(QUEUE, 'sieve');
    t.checkTotals(count, units, 'sieve');
    if (units > this.capacity) throw new Error(`sieve: ${units} units cached, capacity ${this.capacity}`);
    if (this.hand !== NIL && t.slotOf(t.keyOf[this.hand]!) !== this.hand) throw new Error(`sieve: the hand rests on slot ${this.hand}, which is not cached`);
  }
}

const sieve: PolicySpec<Record<string, never>> = {
  name: 'sieve',
  summary: 'FIFO with a visited bit and a moving hand: visited keys stay in place (libCacheSim Sieve)',
  capabilities: CAPABILITIES,
  params: [],
  create: (capacity, keySpace) => new SievePolicy(capacity, keySpace),
};
export default sieve;
