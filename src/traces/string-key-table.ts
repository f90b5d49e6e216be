// Interning of string keys (byte strings) to dense ids without making a JS string per request: the
// bytes are hashed where they lie in the read buffer and compared against an arena that holds each
// distinct key once. Slots are 4 ints (hash, arena offset, length, id + 1); 0 in the id field marks
// an empty slot.

const EMPTY = 0;

/** FNV-1a over bytes[start, end), finished with a multiply-xorshift. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  return h ^ (h >>> 15);
}

export class StringKeyTable {
  size = 0;
  private slots: Int32Array;
  private mask: number;
  private arena = new Uint8Array(1 << 16);
  private arenaUsed = 0;

  constructor(private readonly allocate: () => number) {
    this.slots = new Int32Array(256 * 4);
    this.mask = 255;
  }

  /** The id of the key bytes[start, end), allocating one when the key is new. */
  intern(bytes: Uint8Array, start: number, end: number): number {
    const h = hashBytes(bytes, start, end);
    const len = end - start;
    const t = this.slots;
    let s = h & this.mask;
    for (;;) {
      const b = s << 2;
      const id = t[b + 3]!;
      if (id === EMPTY) return this.insertAt(b, h, bytes, start, len);
      if (t[b] === h && t[b + 2] === len && this.equal(t[b + 1]!, bytes, start, len)) return id - 1;
      s = (s + 1) & this.mask;
    }
  }

  /** Gives every key a new id: f(offset, length, id) returns it. */
  relabelAll(f: (offset: number, length: number, id: number) => number): void {
    const t = this.slots;
    for (let b = 0; b < t.length; b += 4) if (t[b + 3] !== EMPTY) t[b + 3] = f(t[b + 1]!, t[b + 2]!, t[b + 3]! - 1) + 1;
  }

  /** Every key as (offset, length, id) in the arena. */
  entries(): { offset: Int32Array; length: Int32Array; id: Int32Array } {
    const offset = new Int32Array(this.size);
    const length = new Int32Array(this.size);
    const id = new Int32Array(this.size);
    const t = this.slots;
    let j = 0;
    for (let b = 0; b < t.length; b += 4) {
      if (t[b + 3] === EMPTY) continue;
      offset[j] = t[b + 1]!;
      length[j] = t[b + 2]!;
      id[j++] = t[b + 3]! - 1;
    }
    return { offset, length, id };
  }

  /** The arena holding every key's bytes (valid until the next intern). */
  get bytes(): Uint8Array {
    return this.arena;
  }

  /** Bytes held by the table and its arena. */
  get memory(): number {
    return this.slots.byteLength + this.arena.byteLength;
  }

  /** Byte-wise comparison of two keys in the arena (shorter prefix first). */
  compare(aOff: number, aLen: number, bOff: number, bLen: number): number {
    const a = this.arena;
    const n = Math.min(aLen, bLen);
    for (let i = 0; i < n; i++) {
      const d = a[aOff + i]! - a[bOff + i]!;
      if (d !== 0) return d;
    }
    return aLen - bLen;
  }

  private equal(off: number, bytes: Uint8Array, start: number, len: number): boolean {
    const a = this.arena;
    for (let i = 0; i < len; i++) if (a[off + i] !== bytes[start + i]) return false;
    return true;
  }

  private insertAt(b: number, h: number, bytes: Uint8Array, start: number, len: number): number {
    if (this.arenaUsed + len > this.arena.length) {
      let cap = this.arena.length * 2;
      while (cap < this.arenaUsed + len) cap *= 2;
      const grown = new Uint8Array(cap);
      grown.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = grown;
    }
    this.arena.set(bytes.subarray(start, start + len), this.arenaUsed);
    const id = this.allocate();
    const t = this.slots;
    t[b] = h;
    t[b + 1] = this.arenaUsed;
    t[b + 2] = len;
    t[b + 3] = id + 1;
    this.arenaUsed += len;
    if (++this.size > (this.mask + 1) >>> 1) this.grow();
    return id;
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    const t = new Int32Array(cap * 4);
    const mask = cap - 1;
    for (let b = 0; b < old.length; b += 4) {
      if (old[b + 3] === EMPTY) continue;
      let s = old[b]! & mask;
      while (t[(s << 2) + 3] !== EMPTY) s = (s + 1) & mask;
      t.set(old.subarray(b, b + 4), s << 2);
    }
    this.slots = t;
    this.mask = mask;
  }
}
