// The storage every list-based eviction policy shares: cached keys in slots (key, size and one
// policy-defined integer per slot in typed arrays), a key -> slot index (an array indexed by the key
// for small key spaces, HashIndex above DIRECT_INDEX_MAX_KEYS), doubly linked lists of slots (a
// policy's queues or segments, head = newest, tail = next victim, as libCacheSim's queue.next points
// from head to tail) and the buffers that report what an insert evicted. One concrete class, used by
// composition, so its call sites stay monomorphic whichever policy holds it. Slot arrays start small
// and double up to the most slots the policy can hold, so memory follows the keys cached.
import type { Key } from '../../core/types.ts';
import { DIRECT_INDEX_MAX_KEYS, growDirect, HashIndex, NIL } from '../stores/key-index.ts';

const INITIAL_SLOTS = 1024;

/** An array indexed by the key (one load per lookup), grown when a larger key shows up. */
export class DirectIndex {
  private slots: Int32Array;

  constructor(keySpace: number) {
    this.slots = new Int32Array(Math.max(16, Math.min(keySpace, DIRECT_INDEX_MAX_KEYS))).fill(NIL);
  }

  get(key: Key): number {
    return key < this.slots.length ? this.slots[key]! : NIL;
  }

  set(key: Key, slot: number): void {
    if (key >= this.slots.length) this.slots = growDirect(this.slots, key);
    this.slots[key] = slot;
  }

  delete(key: Key): void {
    if (key < this.slots.length) this.slots[key] = NIL;
  }
}

export type KeyIndex = DirectIndex | HashIndex;

export function keyIndexFor(keySpace: number): KeyIndex {
  return keySpace <= DIRECT_INDEX_MAX_KEYS ? new DirectIndex(keySpace) : new HashIndex();
}

export class SlotLists {
  /** Slots handed out so far (the high-water mark); freed slots are reused first. */
  slotLimit = 0;
  size = 0;
  usedBytes = 0;
  keyOf: Uint32Array;
  sizeOf: Float64Array;
  /** One integer per slot for the policy: a queue id, a reference bit, a counter, a bucket. */
  meta: Int32Array;
  /** next[s]: the slot after s towards the tail; prev[s]: towards the head. */
  next: Int32Array;
  prev: Int32Array;
  /** heads[q], tails[q]: the ends of list q (NIL when empty). */
  heads: Int32Array;
  tails: Int32Array;
  readonly index: KeyIndex;
  evictedCount = 0;
  evictedKeys = new Uint32Array(16);
  evictedSlots = new Int32Array(16);
  private free: Int32Array;
  private freeCount = 0;

  constructor(
    /** The most slots ever needed (capacity in units bounds it: every size is >= 1). */
    readonly maxSlots: number,
    keySpace: number,
    lists: number,
  ) {
    const n = Math.max(1, Math.min(maxSlots, INITIAL_SLOTS));
    this.keyOf = new Uint32Array(n);
    this.sizeOf = new Float64Array(n);
    this.meta = new Int32Array(n);
    this.next = new Int32Array(n);
    this.prev = new Int32Array(n);
    this.free = new Int32Array(n);
    this.heads = new Int32Array(Math.max(1, lists)).fill(NIL);
    this.tails = new Int32Array(Math.max(1, lists)).fill(NIL);
    this.index = keyIndexFor(keySpace);
  }

  slotOf(key: Key): number {
    return this.index.get(key);
  }

  /** A slot for `key` (not held now), linked nowhere yet; its meta is 0. */
  add(key: Key, size: number): number {
    let slot: number;
    if (this.freeCount > 0) slot = this.free[--this.freeCount]!;
    else {
      slot = this.slotLimit++;
      if (slot === this.keyOf.length) this.grow();
    }
    this.keyOf[slot] = key;
    this.sizeOf[slot] = size;
    this.meta[slot] = 0;
    this.index.set(key, slot);
    this.size++;
    this.usedBytes += size;
    return slot;
  }

  /** Forgets the (already unlinked) slot's key and makes the slot reusable. */
  release(slot: number): void {
    this.index.delete(this.keyOf[slot]!);
    this.size--;
    this.usedBytes -= this.sizeOf[slot]!;
    this.free[this.freeCount++] = slot;
  }

  /** Starts the eviction report of an insert (or of a find that may evict). */
  resetEvicted(): void {
    this.evictedCount = 0;
  }

  /** Reports the (already unlinked) slot as evicted and releases it. */
  evict(slot: number): void {
    const i = this.evictedCount++;
    if (i === this.evictedKeys.length) {
      const keys = new Uint32Array(i * 2);
      keys.set(this.evictedKeys);
      this.evictedKeys = keys;
      const slots = new Int32Array(i * 2);
      slots.set(this.evictedSlots);
      this.evictedSlots = slots;
    }
    this.evictedKeys[i] = this.keyOf[slot]!;
    this.evictedSlots[i] = slot;
    this.release(slot);
  }

  /** Makes lists 0 .. n - 1 usable (LFU's frequency buckets come and go). */
  ensureLists(n: number): void {
    if (n <= this.heads.length) return;
    let len = this.heads.length;
    while (len < n) len *= 2;
    const heads = new Int32Array(len).fill(NIL);
    heads.set(this.heads);
    this.heads = heads;
    const tails = new Int32Array(len).fill(NIL);
    tails.set(this.tails);
    this.tails = tails;
  }

  pushHead(q: number, slot: number): void {
    const head = this.heads[q]!;
    this.prev[slot] = NIL;
    this.next[slot] = head;
    if (head === NIL) this.tails[q] = slot;
    else this.prev[head] = slot;
    this.heads[q] = slot;
  }

  pushTail(q: number, slot: number): void {
    const tail = this.tails[q]!;
    this.next[slot] = NIL;
    this.prev[slot] = tail;
    if (tail === NIL) this.heads[q] = slot;
    else this.next[tail] = slot;
    this.tails[q] = slot;
  }

  unlink(q: number, slot: number): void {
    const p = this.prev[slot]!;
    const n = this.next[slot]!;
    if (p === NIL) this.heads[q] = n;
    else this.next[p] = n;
    if (n === NIL) this.tails[q] = p;
    else this.prev[n] = p;
  }

  moveToHead(q: number, slot: number): void {
    if (this.heads[q] === slot) return;
    this.unlink(q, slot);
    this.pushHead(q, slot);
  }

  /** The keys of list q from tail (next victim) to head. */
  keysFromTail(q: number, out: number[] = []): number[] {
    for (let s = this.tails[q]!; s !== NIL; s = this.prev[s]!) out.push(this.keyOf[s]!);
    return out;
  }

  /** Checks list q's links and that its slots are indexed under their keys; returns [slots, units]. */
  checkList(q: number, what: string): [number, number] {
    let count = 0;
    let units = 0;
    let before = NIL;
    for (let s = this.heads[q]!; s !== NIL; s = this.next[s]!) {
      if (this.prev[s] !== before) throw new Error(`${what}: slot ${s} has prev ${this.prev[s]}, expected ${before}`);
      if (this.index.get(this.keyOf[s]!) !== s) throw new Error(`${what}: key ${this.keyOf[s]} of slot ${s} is not indexed to it`);
      if (++count > this.slotLimit) throw new Error(`${what}: the list has a cycle`);
      units += this.sizeOf[s]!;
      before = s;
    }
    if (this.tails[q] !== before) throw new Error(`${what}: tail is ${this.tails[q]}, expected ${before}`);
    return [count, units];
  }

  /** Checks the totals against the lists' sums. */
  checkTotals(count: number, units: number, what: string): void {
    if (count !== this.size) throw new Error(`${what}: ${count} keys in the lists, size says ${this.size}`);
    if (units !== this.usedBytes) throw new Error(`${what}: ${units} units in the lists, usedBytes says ${this.usedBytes}`);
    if (this.size + this.freeCount !== this.slotLimit) throw new Error(`${what}: ${this.size} used + ${this.freeCount} free slots != ${this.slotLimit} handed out`);
  }

  private grow(): void {
    const len = Math.min(this.maxSlots, this.keyOf.length * 2);
    if (len <= this.keyOf.length) throw new Error(`more than ${this.maxSlots} slots requested`);
    const keyOf = new Uint32Array(len);
    keyOf.set(this.keyOf);
    this.keyOf = keyOf;
    const sizeOf = new Float64Array(len);
    sizeOf.set(this.sizeOf);
    this.sizeOf = sizeOf;
    const meta = new Int32Array(len);
    meta.set(this.meta);
    this.meta = meta;
    const next = new Int32Array(len);
    next.set(this.next);
    this.next = next;
    const prev = new Int32Array(len);
    prev.set(this.prev);
    this.prev = prev;
    const free = new Int32Array(len);
    free.set(this.free);
    this.free = free;
  }
}

/** Capacities a policy accepts: whole units, at least 1 (bytes up to 2^53). */
export function checkCapacity(capacity: number, policy: string): void {
  if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`${policy} capacity must be a whole number of units >= 1, got ${capacity}`);
}

/** The most slots a cache of `capacity` units can fill (every size is >= 1), as an array length. */
export function maxSlotsFor(capacity: number): number {
  return Math.min(capacity, 2 ** 31 - 1);
}
