// ARC (Megiddo & Modha, FAST'03), as libCacheSim's ARC.c: T1 holds keys seen once recently, T2 keys
// seen at least twice, both LRU lists; B1 and B2 remember keys evicted from T1 and T2 (ghosts: keys
// and sizes only, no slots). A request for a ghost adapts the target size p of T1 (towards T1 for a
// B1 hit, towards T2 for a B2 hit, by the ratio of the ghost lists' sizes, at least 1) and the key
// comes back into T2. REPLACE evicts T1's LRU key into B1 when T1 exceeds p (or equals it on a B2
// hit), else T2's into B2. On a miss in all four lists (case IV), when T1 + B1 would exceed the
// capacity B1's oldest ghost goes (or, with B1 empty, T1's oldest key without a ghost), and when all
// four lists reach twice the capacity B2's oldest ghost goes. Sizes are in units (objects or bytes),
// so the same code serves byte mode; p is a real number, as in libCacheSim, whose miss counts this
// matches on the shared traces.
//
// A ghost hit counts only on a request (find); an insert without one (a backfill) of a remembered key
// forgets the ghost entry without adapting p and lands in T1, as a new key.
import type { ParamDecl } from '../../core/param-decl.ts';
import type { Key } from '../../core/types.ts';
import { NOT_CACHED, type EvictionPolicy, type PolicyCapabilities } from './eviction-policy.ts';
import { createKeyMap, ghostEntry, ghostNode, NIL, type KeyMap } from './key-map.ts';
import { EvictedBuffer, NO_NODE, NodeLists } from './node-lists.ts';
import type { PolicySpec } from './policy-spec.ts';

/** Data lists (slots) and ghost lists (keys only). */
const T1 = 0;
const T2 = 1;
const B1 = 0;
const B2 = 1;

const CAPABILITIES: PolicyCapabilities = { stackAlgorithm: false, mayReject: false };

export class ArcPolicy implements EvictionPolicy {
  readonly capabilities = CAPABILITIES;
  evictions = 0;
  /** Target size of T1, in units: 0 .. capacity. */
  p = 0;
  private readonly index: KeyMap;
  private readonly data = new NodeLists(2);
  private readonly ghosts = new NodeLists(2);
  private readonly out = new EvictedBuffer();
  /** The latest find hit B1 / B2 (libCacheSim's curr_obj_in_L1_ghost / _L2_ghost: reset only by a find that finds the key). */
  private inB1 = false;
  private inB2 = false;
  /** The key of that ghost hit, if it was the latest find (libCacheSim's vtime_last_req_in_ghost == n_req). */
  private ghostHitKey = -1;

  constructor(
    readonly capacity: number,
    keySpace: number,
  ) {
    this.index = createKeyMap(keySpace);
  }

  get size(): number {
    return this.data.inUse;
  }
  get usedBytes(): number {
    return this.data.bytes[T1]! + this.data.bytes[T2]!;
  }
  get slotLimit(): number {
    return this.data.limit;
  }
  get evictedCount(): number {
    return this.out.count;
  }
  get evictedKeys(): Uint32Array {
    return this.out.keys;
  }
  get evictedSlots(): Int32Array {
    return this.out.slots;
  }
  /** Keys remembered in B1 and B2 (tests). */
  get ghostSize(): number {
    return this.ghosts.inUse;
  }

  find(key: Key): number {
    this.ghostHitKey = -1;
    const e = this.index.get(key);
    if (e === NIL) return NOT_CACHED;
    this.inB1 = false;
    this.inB2 = false;
    if (e >= 0) {
      this.data.moveToHead(T2, e);
      return e;
    }
    const g = ghostNode(e);
    const gh = this.ghosts;
    const b1 = gh.bytes[B1]!;
    const b2 = gh.bytes[B2]!;
    if (gh.list[g] === B1) {
      this.inB1 = true;
      this.p = Math.min(this.p + Math.max(b2 / b1, 1), this.capacity);
    } else {
      this.inB2 = true;
      this.p = Math.max(this.p - Math.max(b1 / b2, 1), 0);
    }
    this.forgetGhost(key, g);
    this.ghostHitKey = key;
    return NOT_CACHED;
  }

  peek(key: Key): number {
    const e = this.index.get(key);
    return e >= 0 ? e : NOT_CACHED;
  }

  contains(key: Key): boolean {
    return this.index.get(key) >= 0;
  }

  insert(key: Key, size: number): number {
    this.out.count = 0;
    const ghostHit = this.ghostHitKey === key && (this.inB1 || this.inB2);
    this.ghostHitKey = -1;
    const e = this.index.get(key);
    if (e >= 0) throw new Error(`arc: insert of key ${key}, which is cached`);
    if (e !== NIL) this.forgetGhost(key, ghostNode(e));
    if (size > this.capacity) return NOT_CACHED;
    while (this.usedBytes + size > this.capacity) {
      if (ghostHit) this.replace();
      else this.evictOnMiss(size);
    }
    const slot = this.data.alloc(key, size);
    if (ghostHit) {
      this.data.pushHead(T2, slot);
      this.inB1 = false;
      this.inB2 = false;
    } else this.data.pushHead(T1, slot);
    this.index.set(key, slot);
    return slot;
  }

  remove(key: Key): number {
    this.out.count = 0;
    const e = this.index.get(key);
    if (e === NIL) return NOT_CACHED;
    if (e < 0) {
      // libCacheSim's remove forgets a ghost too.
      this.forgetGhost(key, ghostNode(e));
      return NOT_CACHED;
    }
    this.data.unlink(e);
    this.data.release(e);
    this.index.delete(key);
    return e;
  }

  keysInEvictionOrder(): number[] {
    return this.data.keysFromTail(T2, this.data.keysFromTail(T1));
  }

  check(): void {
    const d = this.data;
    const g = this.ghosts;
    d.checkList(T1, 'arc T1');
    d.checkList(T2, 'arc T2');
    g.checkList(B1, 'arc B1');
    g.checkList(B2, 'arc B2');
    if (d.length[T1]! + d.length[T2]! !== d.inUse) throw new Error('arc: a slot in use is on no list');
    if (g.length[B1]! + g.length[B2]! !== g.inUse) throw new Error('arc: a ghost node in use is on no list');
    if (this.usedBytes > this.capacity) throw new Error(`arc: ${this.usedBytes} units held, capacity ${this.capacity}`);
    if (this.p < 0 || this.p > this.capacity) throw new Error(`arc: p = ${this.p} outside 0 .. ${this.capacity}`);
    for (const l of [T1, T2]) {
      for (let s = d.head[l]!; s !== NO_NODE; s = d.next[s]!) if (this.index.get(d.key[s]!) !== s) throw new Error(`arc: key ${d.key[s]} not indexed to its slot ${s}`);
      for (let n = g.head[l]!; n !== NO_NODE; n = g.next[n]!) if (this.index.get(g.key[n]!) !== ghostEntry(n)) throw new Error(`arc: ghost key ${g.key[n]} not indexed`);
    }
  }

  /** REPLACE: T1's LRU key into B1 when T1 is over its target (or at it on a B2 hit) or T2 is empty, else T2's into B2. */
  private replace(): void {
    const t1 = this.data.bytes[T1]!;
    if ((t1 > 0 && (t1 > this.p || (t1 === this.p && this.inB2))) || this.data.bytes[T2] === 0) this.demote(T1, B1);
    else this.demote(T2, B2);
  }

  /** Case IV of the paper (libCacheSim's _ARC_evict_miss_on_all_queues). */
  private evictOnMiss(size: number): void {
    const d = this.data.bytes;
    const g = this.ghosts.bytes;
    if (d[T1]! + g[B1]! + size > this.capacity) {
      if (g[B1]! > 0) {
        this.dropOldestGhost(B1);
        this.replace();
      } else {
        const s = this.data.tail[T1]!;
        this.data.unlink(s);
        this.evictSlot(this.data.key[s]!, s);
      }
    } else {
      if (d[T1]! + g[B1]! + d[T2]! + g[B2]! >= 2 * this.capacity && g[B2]! > 0) this.dropOldestGhost(B2);
      this.replace();
    }
  }

  /** Evicts the LRU key of `from` and remembers it at the head of ghost list `to`. */
  private demote(from: number, to: number): void {
    const d = this.data;
    const s = d.tail[from]!;
    const key = d.key[s]!;
    d.unlink(s);
    this.evictSlot(key, s);
    const n = this.ghosts.alloc(key, d.size[s]!);
    this.ghosts.pushHead(to, n);
    this.index.set(key, ghostEntry(n));
  }

  private evictSlot(key: Key, slot: number): void {
    this.data.release(slot);
    this.index.delete(key);
    this.out.push(key, slot);
    this.evictions++;
  }

  private dropOldestGhost(l: number): void {
    const n = this.ghosts.tail[l]!;
    this.forgetGhost(this.ghosts.key[n]!, n);
  }

  private forgetGhost(key: Key, node: number): void {
    this.ghosts.unlink(node);
    this.ghosts.release(node);
    this.index.delete(key);
  }
}

const params: readonly ParamDecl[] = [];

const spec: PolicySpec<Record<string, never>> = {
  name: 'arc',
  summary: 'ARC: recency list T1 and frequency list T2 with ghosts B1/B2 steering the split (libCacheSim ARC)',
  capabilities: CAPABILITIES,
  params,
  create: (capacity, keySpace) => new ArcPolicy(capacity, keySpace),
};

export default spec;
