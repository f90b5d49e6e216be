// The reference design's cache: a dictionary that only grows. Dense keys index typed arrays directly
// (the slot of a key is the key itself); a value of -1 means "not cached".
import type { Key } from '../../core/types.ts';
import { NOT_CACHED, type Store } from './store.ts';

export class UnboundedStore implements Store {
  readonly capacity = Infinity;
  readonly evictions = 0;
  readonly evictedMarked = false;
  size = 0;
  private values: Int32Array;
  private marks: Uint8Array;

  constructor(keySpaceHint: number) {
    this.values = new Int32Array(Math.max(1, keySpaceHint)).fill(NOT_CACHED);
    this.marks = new Uint8Array(Math.max(1, keySpaceHint));
  }

  find(key: Key): number {
    return key < this.values.length && this.values[key] !== NOT_CACHED ? key : NOT_CACHED;
  }

  contains(key: Key): boolean {
    return key < this.values.length && this.values[key] !== NOT_CACHED;
  }

  valueAt(slot: number): number {
    return this.values[slot]!;
  }

  insert(key: Key, value: number, mark: boolean): number {
    if (value < 0 || value > 0x7fffffff) throw new RangeError(`store values must be 31-bit non-negative integers, got ${value}`);
    if (key >= this.values.length) this.grow(key);
    if (this.values[key] === NOT_CACHED) this.size++;
    this.values[key] = value;
    if (mark) this.marks[key] = 1;
    return NOT_CACHED;
  }

  unmark(slot: number): boolean {
    if (this.marks[slot] === 0) return false;
    this.marks[slot] = 0;
    return true;
  }

  countMarked(): number {
    let n = 0;
    for (let k = 0; k < this.marks.length; k++) n += this.marks[k]!;
    return n;
  }

  check(): void {
    let count = 0;
    for (let k = 0; k < this.values.length; k++) {
      if (this.values[k] !== NOT_CACHED) count++;
      else if (this.marks[k] === 1) throw new Error(`unbounded store: key ${k} is marked but not cached`);
    }
    if (count !== this.size) throw new Error(`unbounded store holds ${count} keys, size says ${this.size}`);
  }

  private grow(key: Key): void {
    let len = this.values.length;
    while (len <= key) len *= 2;
    const values = new Int32Array(len).fill(NOT_CACHED);
    values.set(this.values);
    const marks = new Uint8Array(len);
    marks.set(this.marks);
    this.values = values;
    this.marks = marks;
  }
}
