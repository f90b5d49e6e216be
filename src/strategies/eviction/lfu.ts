// LFU: evict the key requested least often while cached; among equals, the one that reached that
// count longest ago (least recently used). As libCacheSim's LFU.c: a newcomer counts 1 (its count is
// forgotten on eviction), each hit adds 1. O(1) per operation (Shah, Mitra and Matani's LFU): keys sit
// in one list per count present (newest at the head), the lists in a chain of ascending counts, so a
// hit moves its key to the next list (made when missing) and the victim is the tail of the first.
import type { Key } from '../../core/types.ts';
import { NIL } from '../stores/key-index.ts';
import { NOT_CACHED, type EvictionPolicy, type PolicyCapabilities } from './eviction-policy.ts';
import type { PolicySpec } from './policy-spec.ts';
import { maxSlotsFor, SlotLists } from './slot-lists.ts';
import { SlotListsPolicy } from './slot-lists-policy.ts';

const CAPABILITIES: PolicyCapabilities = { stackAlgorithm: false, mayReject: false };
const INITIAL_BUCKETS = 64;

export class LfuPolicy extends SlotListsPolicy implements EvictionPolicy {
  /** Per bucket (a list id of the SlotLists): its count and its neighbours in ascending counts. */
  private count = new Float64Array(INITIAL_BUCKETS);
  private up = new Int32Array(INITIAL_BUCKETS);
  private down = new Int32Array(INITIAL_BUCKETS);
  private freeBuckets = new Int32Array(INITIAL_BUCKETS);
  private freeCount = 0;
  private bucketLimit = 0;
  /** The bucket of the lowest count (slot meta holds each key's bucket). */
  private lowest = NIL;

  constructor(capacity: number, keySpace: number) {
    super(CAPABILITIES, capacity, new SlotLists(maxSlotsFor(capacity), keySpace, INITIAL_BUCKETS), 'lfu');
  }

  find(key: Key): number {
    const t = this.t;
    const slot = t.slotOf(key);
    if (slot === NIL) return slot;
    const from = t.meta[slot]!;
    let to = this.up[from]!;
    if (to === NIL || this.count[to] !== this.count[from]! + 1) to = this.newBucket(this.count[from]! + 1, from, to);
    t.unlink(from, slot);
    t.pushHead(to, slot);
    t.meta[slot] = to;
    if (t.heads[from] === NIL) this.dropBucket(from);
    return slot;
  }

  insert(key: Key, size: number): number {
    const t = this.t;
    t.resetEvicted();
    if (size > this.capacity) return NOT_CACHED;
    while (t.usedBytes + size > this.capacity) {
      const b = this.lowest;
      this.evictFrom(b, t.tails[b]!);
      if (t.heads[b] === NIL) this.dropBucket(b);
    }
    let ones = this.lowest;
    if (ones === NIL || this.count[ones] !== 1) ones = this.newBucket(1, NIL, ones);
    const slot = t.add(key, size);
    t.pushHead(ones, slot);
    t.meta[slot] = ones;
    return slot;
  }

  /** The key the next eviction takes: the least recently counted of the lowest count. */
  victim(): number {
    return this.lowest === NIL ? NOT_CACHED : this.t.keyOf[this.t.tails[this.lowest]!]!;
  }

  remove(key: Key): number {
    const t = this.t;
    t.resetEvicted();
    const slot = t.slotOf(key);
    if (slot === NIL) return NOT_CACHED;
    const b = t.meta[slot]!;
    t.unlink(b, slot);
    t.release(slot);
    if (t.heads[b] === NIL) this.dropBucket(b);
    return slot;
  }

  /** Lowest count first; within a count, least recently counted first. */
  keysInEvictionOrder(): number[] {
    const out: number[] = [];
    for (let b = this.lowest; b !== NIL; b = this.up[b]!) this.t.keysFromTail(b, out);
    return out;
  }

  check(): void {
    const t = this.t;
    let count = 0;
    let units = 0;
    let below = NIL;
    for (let b = this.lowest; b !== NIL; b = this.up[b]!) {
      if (this.down[b] !== below) throw new Error(`lfu: bucket ${b} links down to ${this.down[b]}, expected ${below}`);
      if (below !== NIL && !(this.count[b]! > this.count[below]!)) throw new Error(`lfu: counts not ascending: ${this.count[below]} then ${this.count[b]}`);
      if (t.heads[b] === NIL) throw new Error(`lfu: bucket of count ${this.count[b]} is empty`);
      const [c, u] = t.checkList(b, `lfu count ${this.count[b]}`);
      for (let s = t.heads[b]!; s !== NIL; s = t.next[s]!) if (t.meta[s] !== b) throw new Error(`lfu: slot ${s} in bucket ${b} says bucket ${t.meta[s]}`);
      count += c;
      units += u;
      below = b;
    }
    t.checkTotals(count, units, 'lfu');
    if (units > this.capacity) throw new Error(`lfu: ${units} units cached, capacity ${this.capacity}`);
  }

  /** A bucket of `count` between `below` and `above` (either NIL at the ends). */
  private newBucket(count: number, below: number, above: number): number {
    let b: number;
    if (this.freeCount > 0) b = this.freeBuckets[--this.freeCount]!;
    else {
      b = this.bucketLimit++;
      if (b === this.count.length) this.growBuckets();
      this.t.ensureLists(this.bucketLimit);
    }
    this.count[b] = count;
    this.down[b] = below;
    this.up[b] = above;
    if (below === NIL) this.lowest = b;
    else this.up[below] = b;
    if (above !== NIL) this.down[above] = b;
    return b;
  }

  private dropBucket(b: number): void {
    const below = this.down[b]!;
    const above = this.up[b]!;
    if (below === NIL) this.lowest = above;
    else this.up[below] = above;
    if (above !== NIL) this.down[above] = below;
    this.freeBuckets[this.freeCount++] = b;
  }

  private growBuckets(): void {
    const len = this.count.length * 2;
    const count = new Float64Array(len);
    count.set(this.count);
    this.count = count;
    const up = new Int32Array(len);
    up.set(this.up);
    this.up = up;
    const down = new Int32Array(len);
    down.set(this.down);
    this.down = down;
    const free = new Int32Array(len);
    free.set(this.freeBuckets);
    this.freeBuckets = free;
  }
}

const lfu: PolicySpec<Record<string, never>> = {
  name: 'lfu',
  summary: 'least frequently used while cached, ties to the least recently used (libCacheSim LFU)',
  capabilities: CAPABILITIES,
  params: [],
  create: (capacity, keySpace) => new LfuPolicy(capacity, keySpace),
};
export default lfu;
