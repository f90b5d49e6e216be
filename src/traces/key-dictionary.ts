// The one thing a trace reader keeps that grows: the dictionary from a trace's keys (64-bit
// integers or byte strings) to dense ids. While scanning, ids are handed out in order of first
// appearance; `sortIds()` then renumbers every key in ascending key order (integers by signed
// 64-bit value, then strings byte-wise), and that order is the trace's "source order" (see
// trace-stream.ts for why).
import { endianness } from 'node:os';
import { IntKeyTable } from './int-key-table.ts';
import { StringKeyTable } from './string-key-table.ts';

const LITTLE_ENDIAN = endianness() === 'LE';

export class KeyDictionary {
  private next = 0;
  private sorted = false;
  readonly ints: IntKeyTable;
  readonly strings: StringKeyTable;

  constructor() {
    const allocate = () => this.next++;
    this.ints = new IntKeyTable(allocate);
    this.strings = new StringKeyTable(allocate);
  }

  /** Distinct keys seen. */
  get size(): number {
    return this.next;
  }

  /** Whether ids follow ascending key order (after sortIds). */
  get isSorted(): boolean {
    return this.sorted;
  }

  /** Approximate bytes held. */
  get memory(): number {
    return this.ints.bytes + this.strings.memory;
  }

  /**
   * Renumbers every key so that ids follow ascending key order: integer keys first, by signed 64-bit
   * value, then string keys byte-wise. O(distinct log distinct); done once, after the first pass.
   * With `permutation`, returns the new id of every old id (to renumber ids already decoded).
   */
  sortIds(permutation = false): Uint32Array | undefined {
    if (this.sorted) return permutation ? Uint32Array.from({ length: this.next }, (_, i) => i) : undefined;
    const perm = permutation ? new Uint32Array(this.next) : undefined;
    const m = this.ints.size;
    // Sort the integer keys as int64 (native BigInt64Array sort, no BigInt per key): the halves are
    // written through an Int32Array view of the same memory.
    const packed = new BigInt64Array(m);
    const halves = new Int32Array(packed.buffer);
    const [loAt, hiAt] = LITTLE_ENDIAN ? [0, 1] : [1, 0];
    let j = 0;
    this.ints.forEach((hi, lo) => {
      halves[2 * j + loAt] = lo;
      halves[2 * j + hiAt] = hi;
      j++;
    });
    packed.sort();
    for (let r = 0; r < m; r++) {
      const hi = halves[2 * r + hiAt]!;
      const lo = halves[2 * r + loAt]!;
      if (perm) perm[this.ints.find(hi, lo)] = r;
      this.ints.relabel(hi, lo, r);
    }
    // String keys after every integer key, byte-wise.
    const e = this.strings.entries();
    const order = Array.from({ length: e.id.length }, (_, i) => i);
    order.sort((a, b) => this.strings.compare(e.offset[a]!, e.length[a]!, e.offset[b]!, e.length[b]!));
    const rankByOffset = new Map<number, number>();
    order.forEach((i, r) => rankByOffset.set(e.offset[i]!, m + r));
    this.strings.relabelAll((offset, _length, old) => {
      const id = rankByOffset.get(offset)!;
      if (perm) perm[old] = id;
      return id;
    });
    this.sorted = true;
    return perm;
  }
}
