// LRU on typed arrays, O(1) per operation: a doubly linked list of slots and a key -> slot index.
// The links (next, prev) of a slot sit side by side in one Int32Array, 8 bytes a slot, so the part
// a hit touches stays small enough for the CPU caches; keys (read only on eviction), values and
// marks live in their own arrays. No objects per entry, no Map: a Map delete-and-reinsert LRU is
// ~500x slower under zipf in V8. The slot arrays grow (doubling) with the entries held, up to the
// capacity, and the index is direct or hashed by key space (key-index.ts), so memory follows the
// keys used, not the capacity or the key space.
import type { Key } from '../../core/types.ts';
import { keyIndexFor, NIL, type KeyIndex } from './key-index.ts';
import { NOT_CACHED, type Store } from './store.ts';

/** Slots allocated at first (grown by doubling up to the capacity). */
const INITIAL_SLOTS = 1024;

/** Slots are linked through an Int32Array of 2 x capacity entries, so capacity stays <= 2^30. */
export const LRU_MAX_CAPACITY = 2 ** 30;

export class LruStore implements Store {
  size = 0;
  evictions = 0;
  evictedMarked = false;
  private readonly slotOf: KeyIndex;
  /** links[2s] = next slot (towards LRU), links[2s + 1] = previous slot (towards MRU). */
  private links: Int32Array;
  private keyOf: Uint32Array;
  private values: Int32Array;
  private marks: Uint8Array;
  /** Most recently used slot. */
  private head = NIL;
  /** Least recently used slot: the next victim. */
  private tail = NIL;

  constructor(
    readonly capacity: number,
    keySpaceHint: number,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 1 || capacity > LRU_MAX_CAPACITY) throw new RangeError(`LRU capacity must be an integer 1 .. ${LRU_MAX_CAPACITY}, got ${capacity}`);
    this.slotOf = keyIndexFor(keySpaceHint);
    const slots = Math.min(capacity, INITIAL_SLOTS);
    this.links = new Int32Array(slots * 2);
    this.keyOf = new Uint32Array(slots);
    this.values = new Int32Array(slots);
    this.marks = new Uint8Array(slots);
  }

  find(key: Key): number {
    const slot = this.slotOf.get(key);
    if (slot !== NIL && slot !== this.head) this.moveToHead(slot);
    return slot;
  }

  contains(key: Key): boolean {
    return this.slotOf.get(key) !== NIL;
  }

  valueAt(slot: number): number {
    return this.values[slot]!;
  }

  insert(key: Key, value: number, mark: boolean): number {
    if (value < 0 || value > 0x7fffffff) throw new RangeError(`store values must be 31-bit non-negative integers, got ${value}`);
    const existing = this.slotOf.get(key);
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
      evicted = this.keyOf[slot]!;
      this.slotOf.delete(evicted);
      this.evictions++;
      this.evictedMarked = this.marks[slot] === 1;
      this.unlink(slot);
    }
    this.keyOf[slot] = key;
    this.values[slot] = value;
    this.marks[slot] = mark ? 1 : 0;
    this.slotOf.set(key, slot);
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
    for (let s = this.head; s !== NIL; s = this.links[2 * s]!) out.push(this.keyOf[s]!);
    return out;
  }

  check(): void {
    const links = this.links;
    if (this.size > this.capacity) throw new Error(`LRU holds ${this.size} entries, capacity ${this.capacity}`);
    let count = 0;
    let before = NIL;
    for (let s = this.head; s !== NIL; s = links[2 * s]!) {
      if (links[2 * s + 1] !== before) throw new Error(`LRU list broken at slot ${s}: prev ${links[2 * s + 1]} != ${before}`);
      if (this.slotOf.get(this.keyOf[s]!) !== s) throw new Error(`LRU index broken: key ${this.keyOf[s]} not at slot ${s}`);
      before = s;
      if (++count > this.capacity) throw new Error('LRU list has a cycle');
    }
    if (before !== this.tail) throw new Error('LRU tail is not the last slot of the list');
    if (count !== this.size) throw new Error(`LRU list holds ${count} entries, size says ${this.size}`);
    let indexed = 0;
    this.slotOf.forEach(() => indexed++);
    if (indexed !== this.size) throw new Error(`LRU index holds ${indexed} keys, size says ${this.size}`);
  }

  /** Grows the slot arrays by half (at most to the capacity): 17 bytes a slot, so little slack. */
  private growSlots(): void {
    const n = Math.min(this.capacity, Math.ceil(this.values.length * 1.5));
    const links = new Int32Array(n * 2);
    links.set(this.links);
    const keyOf = new Uint32Array(n);
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
  private moveToHead(slot: number): void {
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

  private unlink(slot: number): void {
    const links = this.links;
    const p = links[2 * slot + 1]!;
    const n = links[2 * slot]!;
    if (p !== NIL) links[2 * p] = n;
    else this.head = n;
    if (n !== NIL) links[2 * n + 1] = p;
    else this.tail = p;
  }

  private linkAtHead(slot: number): void {
    const links = this.links;
    const head = this.head;
    links[2 * slot + 1] = NIL;
    links[2 * slot] = head;
    if (head !== NIL) links[2 * head + 1] = slot;
    this.head = slot;
    if (this.tail === NIL) this.tail = slot;
  }
}
