// The unbounded store for key spaces above DIRECT_INDEX_MAX_KEYS: UnboundedStore indexes its arrays
// by the key itself, which would size them by the key space; this one gives each key a slot the
// first time it is cached (a hash index, key-index.ts) and grows its arrays with the keys it holds.
import type { Key } from '../../core/types.ts';
import { HashIndex, NIL } from './key-index.ts';
import { NOT_CACHED, type Store } from './store.ts';

export class HashedUnboundedStore implements Store {
  readonly capacity = Infinity;
  readonly evictions = 0;
  readonly evictedMarked = false;
  size = 0;
  private readonly slotOf = new HashIndex();
  private values = new Int32Array(1024);
  private marks = new Uint8Array(1024);

  find(key: Key): number {
    return this.slotOf.get(key);
  }

  contains(key: Key): boolean {
    return this.slotOf.get(key) !== NIL;
  }

  valueAt(slot: number): number {
    return this.values[slot]!;
  }

  insert(key: Key, value: number, mark: boolean): number {
    if (value < 0 || value > 0x7fffffff) throw new RangeError(`store values must be 31-bit non-negative integers, got ${value}`);
    let slot = this.slotOf.get(key);
    if (slot === NIL) {
      slot = this.size++;
      if (slot === this.values.length) this.grow();
      this.slotOf.set(key, slot);
      this.marks[slot] = 0;
    }
    this.values[slot] = value;
    if (mark) this.marks[slot] = 1;
    return NOT_CACHED;
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

  check(): void {
    let count = 0;
    this.slotOf.forEach((key, slot) => {
      if (slot < 0 || slot >= this.size) throw new Error(`hashed unbounded store: key ${key} at slot ${slot}, outside 0 .. ${this.size - 1}`);
      count++;
    });
    if (count !== this.size) throw new Error(`hashed unbounded store indexes ${count} keys, size says ${this.size}`);
  }

  private grow(): void {
    const n = Math.ceil(this.values.length * 1.5);
    const values = new Int32Array(n);
    values.set(this.values);
    const marks = new Uint8Array(n);
    marks.set(this.marks);
    this.values = values;
    this.marks = marks;
  }
}
