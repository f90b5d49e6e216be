// Interning of integer keys (up to 64 bits, as two 32-bit halves) to dense ids, on typed arrays:
// no objects per key, no Map (a Map of numbers is several times slower and much larger). Which of
// three parts holds a key depends only on the key, so no key is ever in two:
//   direct  keys 0 .. 2^22-1 (block numbers, dense ids: the common case) index an array of id + 1,
//           grown on demand (16 MiB at most);
//   narrow  other keys that fit 32 bits: open addressing, linear probing, Fibonacci hashing, slots of
//           2 ints (key, id + 1): 8 bytes, so more of the table stays in the CPU caches;
//   wide    keys that need 64 bits: the same with slots of 4 ints (hi, lo, id + 1, unused).
// 0 in an id field marks an empty slot. Tables grow at half full.
//
// Keys are passed as int32 bit patterns: `hi | 0` and `lo | 0`.

const EMPTY = 0;
/** Keys 0 .. DIRECT_LIMIT-1 (with hi = 0) live in the direct table. */
export const DIRECT_LIMIT = 1 << 22;

const mix = (hi: number, lo: number) => Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1);

export class IntKeyTable {
  /** Keys held. */
  size = 0;
  /** id + 1 of key k (0 <= k < DIRECT_LIMIT) at direct[k], 0 when not seen. */
  private direct = new Int32Array(1 << 12);
  private narrow = new Int32Array(2 * 1024);
  private narrowMask = 1023;
  private narrowShift = 22;
  private narrowCount = 0;
  private wide = new Int32Array(4 * 64);
  private wideMask = 63;
  private wideShift = 26;
  private wideCount = 0;

  constructor(
    /** Returns the id for a key seen for the first time. */
    private readonly allocate: () => number,
  ) {}

  /** The id of key (hi, lo), allocating one when the key is new. */
  intern(hi: number, lo: number): number {
    if (hi === 0) {
      if (lo >= 0 && lo < this.direct.length) {
        const id = this.direct[lo]!;
        if (id !== EMPTY) return id - 1;
        return this.addDirect(lo);
      }
      return lo >= 0 && lo < DIRECT_LIMIT ? this.addDirect(lo) : this.internNarrow(lo);
    }
    return this.internWide(hi, lo);
  }

  /** intern(0, v) for an integer 0 <= v < 2^31: the text decoders' fast path. */
  internSmall(v: number): number {
    const d = this.direct;
    if (v < d.length) {
      const id = d[v]!;
      if (id !== EMPTY) return id - 1;
    }
    return v < DIRECT_LIMIT ? this.addDirect(v) : this.internNarrow(v);
  }

  /** The id of key (hi, lo), or -1 when it was never interned. */
  find(hi: number, lo: number): number {
    if (hi === 0 && lo >= 0 && lo < DIRECT_LIMIT) return lo < this.direct.length ? this.direct[lo]! - 1 : -1;
    const at = this.slotOf(hi, lo);
    if (at < 0) return -1;
    return (hi === 0 ? this.narrow : this.wide)[at]! - 1;
  }

  /** Gives an interned key a new id (used once the dictionary is sorted). */
  relabel(hi: number, lo: number, id: number): void {
    if (hi === 0 && lo >= 0 && lo < DIRECT_LIMIT) {
      if (lo >= this.direct.length || this.direct[lo] === EMPTY) throw new Error(`relabel: key ${lo} is not in the table`);
      this.direct[lo] = id + 1;
      return;
    }
    const at = this.slotOf(hi, lo);
    if (at < 0) throw new Error(`relabel: key ${hi}:${lo} is not in the table`);
    (hi === 0 ? this.narrow : this.wide)[at] = id + 1;
  }

  /** Calls f(hi, lo, id) for every key. */
  forEach(f: (hi: number, lo: number, id: number) => void): void {
    const d = this.direct;
    for (let k = 0; k < d.length; k++) if (d[k] !== EMPTY) f(0, k, d[k]! - 1);
    const n = this.narrow;
    for (let b = 0; b < n.length; b += 2) if (n[b + 1] !== EMPTY) f(0, n[b]!, n[b + 1]! - 1);
    const w = this.wide;
    for (let b = 0; b < w.length; b += 4) if (w[b + 2] !== EMPTY) f(w[b]!, w[b + 1]!, w[b + 2]! - 1);
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.direct.byteLength + this.narrow.byteLength + this.wide.byteLength;
  }

  private addDirect(lo: number): number {
    if (lo >= this.direct.length) {
      let len = this.direct.length * 2;
      while (len <= lo) len *= 2;
      const grown = new Int32Array(Math.min(len, DIRECT_LIMIT));
      grown.set(this.direct);
      this.direct = grown;
    }
    const id = this.direct[lo]!;
    if (id !== EMPTY) return id - 1;
    const fresh = this.allocate();
    this.direct[lo] = fresh + 1;
    this.size++;
    return fresh;
  }

  private internNarrow(lo: number): number {
    const t = this.narrow;
    const mask = this.narrowMask;
    let s = Math.imul(lo, 0x9e3779b1) >>> this.narrowShift;
    for (;;) {
      const b = s << 1;
      const id = t[b + 1]!;
      if (id === EMPTY) {
        const fresh = this.allocate();
        t[b] = lo;
        t[b + 1] = fresh + 1;
        this.size++;
        if (++this.narrowCount > (mask + 1) >>> 1) this.growNarrow();
        return fresh;
      }
      if (t[b] === lo) return id - 1;
      s = (s + 1) & mask;
    }
  }

  private internWide(hi: number, lo: number): number {
    const t = this.wide;
    const mask = this.wideMask;
    let s = mix(hi, lo) >>> this.wideShift;
    for (;;) {
      const b = s << 2;
      const id = t[b + 2]!;
      if (id === EMPTY) {
        const fresh = this.allocate();
        t[b] = hi;
        t[b + 1] = lo;
        t[b + 2] = fresh + 1;
        this.size++;
        if (++this.wideCount > (mask + 1) >>> 1) this.growWide();
        return fresh;
      }
      if (t[b + 1] === lo && t[b] === hi) return id - 1;
      s = (s + 1) & mask;
    }
  }

  /** Index of the id field of a hashed key's slot, or -1. */
  private slotOf(hi: number, lo: number): number {
    if (hi === 0) {
      const t = this.narrow;
      let s = Math.imul(lo, 0x9e3779b1) >>> this.narrowShift;
      for (;;) {
        const b = s << 1;
        if (t[b + 1] === EMPTY) return -1;
        if (t[b] === lo) return b + 1;
        s = (s + 1) & this.narrowMask;
      }
    }
    const t = this.wide;
    let s = mix(hi, lo) >>> this.wideShift;
    for (;;) {
      const b = s << 2;
      if (t[b + 2] === EMPTY) return -1;
      if (t[b + 1] === lo && t[b] === hi) return b + 2;
      s = (s + 1) & this.wideMask;
    }
  }

  private growNarrow(): void {
    const old = this.narrow;
    const cap = (this.narrowMask + 1) * 2;
    const t = new Int32Array(cap * 2);
    const mask = cap - 1;
    const shift = 32 - Math.log2(cap);
    for (let b = 0; b < old.length; b += 2) {
      if (old[b + 1] === EMPTY) continue;
      let s = Math.imul(old[b]!, 0x9e3779b1) >>> shift;
      while (t[(s << 1) + 1] !== EMPTY) s = (s + 1) & mask;
      t[s << 1] = old[b]!;
      t[(s << 1) + 1] = old[b + 1]!;
    }
    this.narrow = t;
    this.narrowMask = mask;
    this.narrowShift = shift;
  }

  private growWide(): void {
    const old = this.wide;
    const cap = (this.wideMask + 1) * 2;
    const t = new Int32Array(cap * 4);
    const mask = cap - 1;
    const shift = 32 - Math.log2(cap);
    for (let b = 0; b < old.length; b += 4) {
      if (old[b + 2] === EMPTY) continue;
      let s = mix(old[b]!, old[b + 1]!) >>> shift;
      while (t[(s << 2) + 2] !== EMPTY) s = (s + 1) & mask;
      t.set(old.subarray(b, b + 4), s << 2);
    }
    this.wide = t;
    this.wideMask = mask;
    this.wideShift = shift;
  }
}
