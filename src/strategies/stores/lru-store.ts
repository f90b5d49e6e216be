// LRU on typed arrays, O(1) per operation: a doubly linked list of slots (next/prev index arrays)
// and a key -> slot index. No objects per entry, no Map: a Map delete-and-reinsert LRU is ~500x
// slower under zipf in V8.
import type { Key } from '../../core/types.ts';
import { growIndex, NOT_CACHED, type Store } from './store.ts';

const NIL = -1;

export class LruStore implements Store {
  size = 0;
  evictions = 0;
  private slotOf: Int32Array;
  private readonly keyOf: Uint32Array;
  private readonly values: Float64Array;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  /** Most recently used slot. */
  private head = NIL;
  /** Least recently used slot: the next victim. */
  private tail = NIL;

  constructor(
    readonly capacity: number,
    keySpaceHint: number,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`LRU capacity must be an integer >= 1, got ${capacity}`);
    this.slotOf = new Int32Array(Math.max(1, keySpaceHint)).fill(NIL);
    this.keyOf = new Uint32Array(capacity);
    this.values = new Float64Array(capacity);
    this.next = new Int32Array(capacity);
    this.prev = new Int32Array(capacity);
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

  insert(key: Key, value: number): number {
    if (key >= this.slotOf.length) this.slotOf = growIndex(this.slotOf, key, NIL);
    const existing = this.slotOf[key]!;
    if (existing !== NIL) {
      this.values[existing] = value;
      if (existing !== this.head) this.moveToHead(existing);
      return NOT_CACHED;
    }
    let slot: number;
    let evicted = NOT_CACHED;
    if (this.size < this.capacity) {
      slot = this.size++;
    } else {
      slot = this.tail;
      evicted = this.keyOf[slot]!;
      this.slotOf[evicted] = NIL;
      this.evictions++;
      this.unlink(slot);
    }
    this.keyOf[slot] = key;
    this.values[slot] = value;
    this.slotOf[key] = slot;
    this.linkAtHead(slot);
    return evicted;
  }

  /** Keys from most to least recently used (for tests and debugging; O(size)). */
  keysByRecency(): number[] {
    const out: number[] = [];
    for (let s = this.head; s !== NIL; s = this.next[s]!) out.push(this.keyOf[s]!);
    return out;
  }

  check(): void {
    if (this.size > this.capacity) throw new Error(`LRU holds ${this.size} entries, capacity ${this.capacity}`);
    let count = 0;
    let before = NIL;
    for (let s = this.head; s !== NIL; s = this.next[s]!) {
      if (this.prev[s] !== before) throw new Error(`LRU list broken at slot ${s}: prev ${this.prev[s]} != ${before}`);
      if (this.slotOf[this.keyOf[s]!] !== s) throw new Error(`LRU index broken: key ${this.keyOf[s]} not at slot ${s}`);
      before = s;
      if (++count > this.capacity) throw new Error('LRU list has a cycle');
    }
    if (before !== this.tail) throw new Error('LRU tail is not the last slot of the list');
    if (count !== this.size) throw new Error(`LRU list holds ${count} entries, size says ${this.size}`);
    let indexed = 0;
    for (let k = 0; k < this.slotOf.length; k++) if (this.slotOf[k] !== NIL) indexed++;
    if (indexed !== this.size) throw new Error(`LRU index holds ${indexed} keys, size says ${this.size}`);
  }

  private moveToHead(slot: number): void {
    this.unlink(slot);
    this.linkAtHead(slot);
  }

  private unlink(slot: number): void {
    const p = this.prev[slot]!;
    const n = this.next[slot]!;
    if (p !== NIL) this.next[p] = n;
    else this.head = n;
    if (n !== NIL) this.prev[n] = p;
    else this.tail = p;
  }

  private linkAtHead(slot: number): void {
    this.prev[slot] = NIL;
    this.next[slot] = this.head;
    if (this.head !== NIL) this.prev[this.head] = slot;
    this.head = slot;
    if (this.tail === NIL) this.tail = slot;
  }
}
