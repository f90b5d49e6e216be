// Doubly linked lists over a pool of numbered nodes, in typed arrays: what the queue-based policies
// (S3-FIFO's small and main queues and its ghost, ARC's four lists, W-TinyLFU's window and segments)
// are made of. A node holds a key, its size, the list it is on and a small per-policy counter; a
// node keeps its number while it moves between lists, so a policy can hand node numbers out as slots.
// Freed nodes are reused (last freed first); the arrays grow by doubling with the nodes in use.
import type { Key } from '../../core/types.ts';

export const NO_NODE = -1;
/** `list[node]` of a node on no list. */
export const UNLINKED = 255;

export class NodeLists {
  key: Uint32Array;
  size: Float64Array;
  /** Which list the node is on, or UNLINKED. */
  list: Uint8Array;
  /** A counter the policy defines (S3-FIFO's frequency). */
  count: Int32Array;
  prev: Int32Array;
  next: Int32Array;
  /** Per list: newest node, oldest node, nodes and units held. */
  readonly head: Int32Array;
  readonly tail: Int32Array;
  readonly length: Int32Array;
  readonly bytes: Float64Array;
  /** Nodes handed out so far (one more than the largest node number). */
  limit = 0;
  private free: Int32Array;
  private freeTop = 0;

  constructor(lists: number, initialNodes = 64) {
    const n = Math.max(1, initialNodes);
    this.key = new Uint32Array(n);
    this.size = new Float64Array(n);
    this.list = new Uint8Array(n).fill(UNLINKED);
    this.count = new Int32Array(n);
    this.prev = new Int32Array(n);
    this.next = new Int32Array(n);
    this.free = new Int32Array(n);
    this.head = new Int32Array(lists).fill(NO_NODE);
    this.tail = new Int32Array(lists).fill(NO_NODE);
    this.length = new Int32Array(lists);
    this.bytes = new Float64Array(lists);
  }

  /** Nodes in use (on a list or allocated). */
  get inUse(): number {
    return this.limit - this.freeTop;
  }

  /** A node for `key` of `size` units, count 0, on no list. */
  alloc(key: Key, size: number): number {
    let node: number;
    if (this.freeTop > 0) node = this.free[--this.freeTop]!;
    else {
      if (this.limit === this.key.length) this.grow();
      node = this.limit++;
    }
    this.key[node] = key;
    this.size[node] = size;
    this.count[node] = 0;
    return node;
  }

  /** Returns an unlinked node to the pool. */
  release(node: number): void {
    this.free[this.freeTop++] = node;
  }

  /** Links `node` (on no list) as the newest of list `l`. */
  pushHead(l: number, node: number): void {
    const h = this.head[l]!;
    this.list[node] = l;
    this.prev[node] = NO_NODE;
    this.next[node] = h;
    if (h === NO_NODE) this.tail[l] = node;
    else this.prev[h] = node;
    this.head[l] = node;
    this.length[l] = this.length[l]! + 1;
    this.bytes[l] = this.bytes[l]! + this.size[node]!;
  }

  /** Takes `node` off its list. */
  unlink(node: number): void {
    const l = this.list[node]!;
    const p = this.prev[node]!;
    const n = this.next[node]!;
    if (p === NO_NODE) this.head[l] = n;
    else this.next[p] = n;
    if (n === NO_NODE) this.tail[l] = p;
    else this.prev[n] = p;
    this.list[node] = UNLINKED;
    this.length[l] = this.length[l]! - 1;
    this.bytes[l] = this.bytes[l]! - this.size[node]!;
  }

  /** Moves `node` to the head of list `l` (from any list). */
  moveToHead(l: number, node: number): void {
    if (this.head[l] === node) return;
    this.unlink(node);
    this.pushHead(l, node);
  }

  /** Keys of list `l`, oldest first (tests, snapshots). */
  keysFromTail(l: number, out: number[] = []): number[] {
    for (let n = this.tail[l]!; n !== NO_NODE; n = this.prev[n]!) out.push(this.key[n]!);
    return out;
  }

  /** Checks list `l`'s links, length, units and membership; throws naming the first broken invariant. */
  checkList(l: number, name: string): void {
    let count = 0;
    let bytes = 0;
    let prev = NO_NODE;
    for (let n = this.head[l]!; n !== NO_NODE; n = this.next[n]!) {
      if (this.list[n] !== l) throw new Error(`${name}: node ${n} is linked but marked as on list ${this.list[n]}`);
      if (this.prev[n] !== prev) throw new Error(`${name}: node ${n} has a broken back link`);
      if (++count > this.limit) throw new Error(`${name}: cycle`);
      bytes += this.size[n]!;
      prev = n;
    }
    if (this.tail[l] !== prev) throw new Error(`${name}: tail is not the last node`);
    if (count !== this.length[l]) throw new Error(`${name}: ${count} nodes linked, ${this.length[l]} counted`);
    if (bytes !== this.bytes[l]) throw new Error(`${name}: ${bytes} units linked, ${this.bytes[l]} counted`);
  }

  private grow(): void {
    const n = this.key.length * 2;
    const key = new Uint32Array(n);
    key.set(this.key);
    this.key = key;
    const size = new Float64Array(n);
    size.set(this.size);
    this.size = size;
    const list = new Uint8Array(n).fill(UNLINKED);
    list.set(this.list);
    this.list = list;
    const count = new Int32Array(n);
    count.set(this.count);
    this.count = count;
    const prev = new Int32Array(n);
    prev.set(this.prev);
    this.prev = prev;
    const next = new Int32Array(n);
    next.set(this.next);
    this.next = next;
    const free = new Int32Array(n);
    free.set(this.free);
    this.free = free;
  }
}

/** The evicted-keys buffers of an insert: grown (doubling) when one insert evicts more than they hold. */
export class EvictedBuffer {
  keys = new Uint32Array(8);
  slots = new Int32Array(8);
  count = 0;

  push(key: Key, slot: number): void {
    if (this.count === this.keys.length) {
      const keys = new Uint32Array(this.count * 2);
      keys.set(this.keys);
      this.keys = keys;
      const slots = new Int32Array(this.count * 2);
      slots.set(this.slots);
      this.slots = slots;
    }
    this.keys[this.count] = key;
    this.slots[this.count++] = slot;
  }
}
