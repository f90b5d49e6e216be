// The reference design's cache: a dictionary that only grows. Dense keys index typed arrays directly;
// the slot of a key is the key itself.
import type { Key } from '../../core/types.ts';
import { NOT_CACHED, type Store } from './store.ts';

export class UnboundedStore implements Store {
  readonly capacity = Infinity;
  readonly evictions = 0;
  size = 0;
  private present: Uint8Array;
  private values: Float64Array;

  constructor(keySpaceHint: number) {
    this.present = new Uint8Array(Math.max(1, keySpaceHint));
    this.values = new Float64Array(Math.max(1, keySpaceHint));
  }

  find(key: Key): number {
    return key < this.present.length && this.present[key] === 1 ? key : NOT_CACHED;
  }

  contains(key: Key): boolean {
    return key < this.present.length && this.present[key] === 1;
  }

  valueAt(slot: number): number {
    return this.values[slot]!;
  }

  insert(key: Key, value: number): number {
    if (key >= this.present.length) this.grow(key);
    if (this.present[key] === 0) {
      this.present[key] = 1;
      this.size++;
    }
    this.values[key] = value;
    return NOT_CACHED;
  }

  check(): void {
    let count = 0;
    for (let k = 0; k < this.present.length; k++) count += this.present[k]!;
    if (count !== this.size) throw new Error(`unbounded store holds ${count} keys, size says ${this.size}`);
  }

  private grow(key: Key): void {
    let len = this.present.length;
    while (len <= key) len *= 2;
    const present = new Uint8Array(len);
    present.set(this.present);
    const values = new Float64Array(len);
    values.set(this.values);
    this.present = present;
    this.values = values;
  }
}
