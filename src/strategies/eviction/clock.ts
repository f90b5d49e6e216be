// CLOCK (second chance, FIFO-reinsertion): a FIFO whose keys carry an n-bit reference counter. As
// libCacheSim's Clock.c: a newcomer enters at the head with counter 0; a hit raises the counter up to
// 2^bits - 1; to evict, the tail key with a counter >= 1 loses one and goes back to the head, until
// a tail key with counter 0 leaves. Each reinsertion spends one hit's increment: O(1) amortised.
import type { Key } from '../../core/types.ts';
import type { IntegerDecl } from '../../core/param-decl.ts';
import { NIL } from '../stores/key-index.ts';
import { NOT_CACHED, type EvictionPolicy, type PolicyCapabilities } from './eviction-policy.ts';
import type { PolicySpec } from './policy-spec.ts';
import { maxSlotsFor, SlotLists } from './slot-lists.ts';
import { SlotListsPolicy } from './slot-lists-policy.ts';

const CAPABILITIES: PolicyCapabilities = { stackAlgorithm: false, mayReject: false };
const QUEUE = 0;

const DEFAULT_COUNTER_BITS = 1;

const COUNTER_BITS: IntegerDecl = {
  name: 'counterBits',
  kind: 'integer',
  doc: 'bits of the reference counter (libCacheSim n-bit-counter; 1 is the classic CLOCK)',
  default: DEFAULT_COUNTER_BITS,
  min: 1,
  max: 16,
};

export interface ClockParams {
  readonly counterBits: number;
}

export class ClockPolicy extends SlotListsPolicy implements EvictionPolicy {
  private readonly maxCount: number;

  constructor(capacity: number, keySpace: number, counterBits: number) {
    super(CAPABILITIES, capacity, new SlotLists(maxSlotsFor(capacity), keySpace, 1), 'clock');
    this.maxCount = 2 ** counterBits - 1;
  }

  find(key: Key): number {
    const slot = this.t.slotOf(key);
    if (slot !== NIL && this.t.meta[slot]! < this.maxCount) this.t.meta[slot]!++;
    return slot;
  }

  insert(key: Key, size: number): number {
    const t = this.t;
    t.resetEvicted();
    if (size > this.capacity) return NOT_CACHED;
    while (t.usedBytes + size > this.capacity) {
      let victim = t.tails[QUEUE]!;
      while (t.meta[victim]! >= 1) {
        t.meta[victim]!--;
        t.moveToHead(QUEUE, victim);
        victim = t.tails[QUEUE]!;
      }
      this.evictFrom(QUEUE, victim);
    }
    const slot = t.add(key, size);
    t.pushHead(QUEUE, slot);
    return slot;
  }

  /** The key the next eviction takes, unchanged: the first from the tail with the lowest counter (a full round costs every key one). */
  victim(): number {
    const t = this.t;
    let best = NIL;
    for (let s = t.tails[QUEUE]!; s !== NIL; s = t.prev[s]!) {
      if (best === NIL || t.meta[s]! < t.meta[best]!) best = s;
      if (t.meta[s] === 0) break;
    }
    return best === NIL ? NOT_CACHED : t.keyOf[best]!;
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

  /** Tail to head: the next victim is the first key with counter 0 from the tail. */
  keysInEvictionOrder(): number[] {
    return this.t.keysFromTail(QUEUE);
  }

  check(): void {
    const [count, units] = this.t.checkList(QUEUE, 'clock');
    this.t.checkTotals(count, units, 'clock');
    if (units > this.capacity) throw new Error(`clock: ${units} units cached, capacity ${this.capacity}`);
    for (let s = this.t.heads[QUEUE]!; s !== NIL; s = this.t.next[s]!) {
      const c = this.t.meta[s]!;
      if (c < 0 || c > this.maxCount) throw new Error(`clock: slot ${s} has counter ${c}, outside 0 .. ${this.maxCount}`);
    }
  }
}

const clock: PolicySpec<ClockParams> = {
  name: 'clock',
  summary: 'FIFO with a reference counter per key: a referenced tail key goes round again (libCacheSim Clock)',
  capabilities: CAPABILITIES,
  params: [COUNTER_BITS],
  create: (capacity, keySpace, p) => new ClockPolicy(capacity, keySpace, p.counterBits ?? DEFAULT_COUNTER_BITS),
};
export default clock;
