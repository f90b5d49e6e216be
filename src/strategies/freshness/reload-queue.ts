// The background reloads in flight of one freshness strategy: a binary min-heap of records ordered
// by completion time (then by start order, so equal times complete deterministically), each holding
// what the reload read (key, version, value), the generation of the entry it will replace, and the
// first source write seen since it started. Records live in typed arrays, reused through a free
// list; nothing is allocated per reload once the arrays have grown to the most reloads in flight.
export class ReloadQueue {
  key = new Uint32Array(16);
  /** The entry's generation when the reload started: a different one at completion means it was rewritten or left. */
  gen = new Uint32Array(16);
  version = new Uint32Array(16);
  value = new Int32Array(16);
  startAt = new Float64Array(16);
  doneAt = new Float64Array(16);
  latencyMs = new Float64Array(16);
  /** Time of the first source write of the key after the reload started (Infinity: none). */
  staleSince = new Float64Array(16);
  private seq = new Float64Array(16);
  private heap = new Int32Array(16);
  private free = new Int32Array(16);
  private freeCount = 0;
  private records = 0;
  private nextSeq = 0;
  /** Reloads in flight. */
  size = 0;

  /** Completion time of the earliest reload in flight; Infinity when none. */
  get nextAt(): number {
    return this.size === 0 ? Infinity : this.doneAt[this.heap[0]!]!;
  }

  /** A record for a new reload (fill its fields, then push it). */
  alloc(): number {
    if (this.freeCount > 0) return this.free[--this.freeCount]!;
    if (this.records === this.key.length) this.grow();
    return this.records++;
  }

  push(r: number): void {
    this.seq[r] = this.nextSeq++;
    if (this.size === this.heap.length) this.heap = grown(this.heap, this.heap.length * 2);
    let i = this.size++;
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >>> 1;
      if (!this.before(r, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = r;
  }

  /** Removes and returns the earliest reload (call only when size > 0); release() it once read. */
  pop(): number {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap[--this.size]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const c = l + 1 < this.size && this.before(heap[l + 1]!, heap[l]!) ? l + 1 : l;
      if (!this.before(heap[c]!, last)) break;
      heap[i] = heap[c]!;
      i = c;
    }
    if (this.size > 0) heap[i] = last;
    return top;
  }

  release(r: number): void {
    if (this.freeCount === this.free.length) this.free = grown(this.free, this.free.length * 2);
    this.free[this.freeCount++] = r;
  }

  private before(a: number, b: number): boolean {
    const da = this.doneAt[a]!;
    const db = this.doneAt[b]!;
    return da < db || (da === db && this.seq[a]! < this.seq[b]!);
  }

  private grow(): void {
    const n = this.key.length * 2;
    this.key = grown(this.key, n);
    this.gen = grown(this.gen, n);
    this.version = grown(this.version, n);
    this.value = grown(this.value, n);
    this.startAt = grown(this.startAt, n);
    this.doneAt = grown(this.doneAt, n);
    this.latencyMs = grown(this.latencyMs, n);
    this.staleSince = grown(this.staleSince, n);
    this.seq = grown(this.seq, n);
  }
}

type Typed = Uint32Array | Int32Array | Float64Array;
function grown<T extends Typed>(a: T, n: number): T {
  const out = new (a.constructor as new (n: number) => T)(n);
  out.set(a);
  return out;
}
