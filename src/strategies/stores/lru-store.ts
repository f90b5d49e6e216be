// LRU on typed arrays, O(1) per operation: a doubly linked list of slots and a key -> slot index.
// The links (next, prev) of a slot sit side by side in one Int32Array, 8 bytes a slot, so the part
// a hit touches stays small enough for the CPU caches; keys (read only on eviction), values and
// marks live in their own arrays. No objects per entry, no Map: a Map delete-and-reinsert LRU is
// ~500x slower under zipf in V8. The slot arrays grow (doubling) with the entries held, up to the
// capacity, and the index is direct or hashed by key space (key-index.ts), so memory follows the
// keys used, not the capacity or the key space.
import type { Key } from '../../core/types.ts';
import { growDirect, NIL } from './key-index.ts';
import { NOT_CACHED, type Store } from './store.ts';

/** Slots allocated at first (grown by doubling up to the capacity). */
const INITIAL_SLOTS = 1024;

/** Slots are linked through an Int32Array of 2 x capacity entries, so capacity stays <= 2^30. */
export const LRU_MAX_CAPACITY = 2 ** 30;

export class LruStore implements Store {
  size = 0;
  evictions = 0;
  evictedMarked = false;
  /** key -> slot, indexed by the key (HashedLruStore keeps its own index instead). */
  private slotOf: Int32Array;
  /** links[2s] = next slot (towards LRU), links[2s + 1] = previous slot (towards MRU). */
  protected links: Int32Array;
  protected keyOf: Int32Array;
  protected values: Int32Array;
  protected marks: Uint8Array;
  /** Most recently used slot. */
  protected head = NIL;
  /** Least recently used slot: the next victim. */
  protected tail = NIL;

  constructor(
    readonly capacity: number,
    keySpaceHint: number,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 1 || capacity > LRU_MAX_CAPACITY) throw new RangeError(`LRU capacity must be an integer 1 .. ${LRU_MAX_CAPACITY}, got ${capacity}`);
    this.slotOf = new Int32Array(Math.max(1, keySpaceHint)).fill(NIL);
    // The store holds at most as many keys as the key space: its slot arrays, allocated once for
    // that, are never replaced in a run (V8 then treats them as constant fields, which the hot path
    // needs). HashedLruStore (a hint of 0) starts them small and grows them with the entries held.
    const slots = Math.min(capacity, Math.max(INITIAL_SLOTS, keySpaceHint));
    this.links = new Int32Array(slots * 2);
    this.keyOf = new Int32Array(slots);
    this.values = new Int32Array(slots);
    this.marks = new Uint8Array(slots);
  }

  find(key: Key): number {
    if (key >= this.slotOf.length) return NOT_CACHED;
    const slot = this.slotOf[key]!;
    if (slot !== NIL && slot !== this.head) this.moveToHead(slot);
    return slot;
  }

  contains(key: Key): boolean {
    return key < this.slotOf.length && this.slotOf[key] !== NIL;
  }

  valueAt(slot: number): number {
    return this.values[slot]!;
  }

  insert(key: Key, value: number, mark: boolean): number {
    if (value < 0 || value > 0x7fffffff) throw new RangeError(`store values must be 31-bit non-negative integers, got ${value}`);
    if (key >= this.slotOf.length) this.slotOf = growDirect(this.slotOf, key);
    const existing = this.slotOf[key]!;
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
      this.slotOf[evicted] = NIL;
      this.evictions++;
      this.evictedMarked = this.marks[slot] === 1;
      this.unlink(slot);
    }
    this.keyOf[slot] = key;
    this.values[slot] = value;
    this.marks[slot] = mark ? 1 : 0;
    this.slotOf[key] = slot;
    this.linkAtHead(slot);
    return evicted;
  }

  unmark(slot: number): boolean {
    if (this.marks[slot] === 0) return false;
    this.marks[slot] = 0;
    return true;
  }

  countMarked(): number {
    let n = 0;
    for (let s = 0; s < this.size; s++) n += this.marks[s]!;
    return n;
  }

  /** Keys from most to least recently used (for tests and debugging; O(size)). */
  keysByRecency(): number[] {
    const out: number[] = [];
    for (let s = this.head; s !== NIL; s = this.links[2 * s]!) out.push(this.keyOf[s]! >>> 0);
    return out;
  }

  check(): void {
    const links = this.links;
    if (this.size > this.capacity) throw new Error(`LRU holds ${this.size} entries, capacity ${this.capacity}`);
    let count = 0;
    let before = NIL;
    for (let s = this.head; s !== NIL; s = links[2 * s]!) {
      if (links[2 * s + 1] !== before) throw new Error(`LRU list broken at slot ${s}: prev ${links[2 * s + 1]} != ${before}`);
      if (this.slotOfKey(this.keyOf[s]! >>> 0) !== s) throw new Error(`LRU index broken: key ${this.keyOf[s]! >>> 0} not at slot ${s}`);
      before = s;
      if (++count > this.capacity) throw new Error('LRU list has a cycle');
    }
    if (before !== this.tail) throw new Error('LRU tail is not the last slot of the list');
    if (count !== this.size) throw new Error(`LRU list holds ${count} entries, size says ${this.size}`);
    const indexed = this.indexedKeys();
    if (indexed !== this.size) throw new Error(`LRU index holds ${indexed} keys, size says ${this.size}`);
  }

  /** The slot of a key, NIL if absent (for checks). */
  protected slotOfKey(key: Key): number {
    return key < this.slotOf.length ? this.slotOf[key]! : NIL;
  }

  /** Keys in the index (for checks). */
  protected indexedKeys(): number {
    let n = 0;
    for (let k = 0; k < this.slotOf.length; k++) if (this.slotOf[k] !== NIL) n++;
    return n;
  }

  /** Grows the slot arrays by half (at most to the capacity): 17 bytes a slot, so little slack. */
  protected growSlots(): void {
    const n = Math.min(this.capacity, Math.ceil(this.values.length * 1.5));
    const links = new Int32Array(n * 2);
    links.set(this.links);
    const keyOf = new Int32Array(n);
    keyOf.set(this.keyOf);
    const values = new Int32Array(n);
    values.set(this.values);
    const marks = new Uint8Array(n);
    marks.set(this.marks);
    this.links = links;
    this.keyOf = keyOf;
    this.values = values;
    this.marks = marks;
  }

  /** Moves a slot that is not the head to the head. */
  protected moveToHead(slot: number): void {
    const links = this.links;
    const p = links[2 * slot + 1]!; // never NIL: slot is not the head
    const n = links[2 * slot]!;
    links[2 * p] = n;
    if (n !== NIL) links[2 * n + 1] = p;
    else this.tail = p;
    const head = this.head;
    links[2 * slot] = head;
    links[2 * slot + 1] = NIL;
    links[2 * head + 1] = slot;
    this.head = slot;
  }

  protected unlink(slot: number): void {
    const links = this.links;
    const p = links[2 * slot + 1]!;
    const n = links[2 * slot]!;
    if (p !== NIL) links[2 * p] = n;
    else this.head = n;
    if (n !== NIL) links[2 * n + 1] = p;
    else this.tail = p;
  }

  protected linkAtHead(slot: number): void {
    const links = this.links;
    const head = this.head;
    links[2 * slot + 1] = NIL;
    links[2 * slot] = head;
    if (head !== NIL) links[2 * head + 1] = slot;
    this.head = slot;
    if (this.tail === NIL) this.tail = slot;
  }
}
