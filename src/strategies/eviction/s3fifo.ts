// S3-FIFO (Yang et al., SOSP'23), as libCacheSim's S3FIFO.c (S3FIFO-0.1000-2): a small FIFO queue
// (10 % of the capacity) where newcomers land, a main FIFO (the rest) with a 2-bit clock counter, and
// a ghost FIFO remembering keys evicted from the small queue (90 % of the capacity, in the units of
// the keys it remembers; it holds keys only, no slots). A request for a ghost key sends it straight
// to main. When space is needed: if main holds more than its share (or the small queue is empty),
// main's oldest key is reinserted with its counter decremented while it was requested, else evicted;
// otherwise the small queue's oldest key moves to main if it was requested at least twice since it
// arrived, else it is evicted into the ghost. Following libCacheSim exactly (its miss counts are
// matched on the shared traces): a newcomer as large as the small queue is refused (after making room,
// as cachesim does) unless the ghost remembered it, and a key's frequency counts every hit.
//
// A ghost hit counts only on a request (find); an insert without one (a backfill) of a remembered key
// forgets the ghost entry and lands in the small queue, as a new key.
import type { ParamDecl } from '../../core/param-decl.ts';
import type { Key } from '../../core/types.ts';
import { NOT_CACHED, type EvictionPolicy, type PolicyCapabilities } from './eviction-policy.ts';
import { createKeyMap, ghostEntry, ghostNode, NIL, type KeyMap } from './key-map.ts';
import { EvictedBuffer, NO_NODE, NodeLists } from './node-lists.ts';
import type { PolicySpec } from './policy-spec.ts';

export interface S3FifoParams {
  readonly smallRatio: number;
  readonly ghostRatio: number;
  readonly moveToMainHits: number;
}

const SMALL = 0;
const MAIN = 1;
const GHOST = 0;
/** Hits are counted up to here (libCacheSim's counter is 64-bit; only >= 1, >= threshold and min(., 3) matter). */
const MAX_FREQ = 1 << 30;

const CAPABILITIES: PolicyCapabilities = { stackAlgorithm: false, mayReject: true };

export class S3FifoPolicy implements EvictionPolicy {
  readonly capabilities = CAPABILITIES;
  readonly smallCapacity: number;
  readonly mainCapacity: number;
  readonly ghostCapacity: number;
  evictions = 0;
  private readonly index: KeyMap;
  /** Cached keys; node numbers are the slots. */
  private readonly nodes = new NodeLists(2);
  private readonly ghost = new NodeLists(1);
  private readonly out = new EvictedBuffer();
  private readonly threshold: number;
  /** The last find hit the ghost for this key: its insert goes to main (libCacheSim's hit_on_ghost). */
  private ghostHitKey = -1;

  constructor(
    readonly capacity: number,
    keySpace: number,
    p: S3FifoParams,
  ) {
    // libCacheSim: (int64_t)cache_size * ratio, truncated; main gets the rest.
    this.smallCapacity = Math.floor(capacity * p.smallRatio);
    this.mainCapacity = capacity - this.smallCapacity;
    this.ghostCapacity = Math.floor(capacity * p.ghostRatio);
    this.threshold = p.moveToMainHits;
    this.index = createKeyMap(keySpace);
  }

  get size(): number {
    return this.nodes.inUse;
  }
  get usedBytes(): number {
    return this.nodes.bytes[SMALL]! + this.nodes.bytes[MAIN]!;
  }
  get slotLimit(): number {
    return this.nodes.limit;
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
  /** Keys the ghost remembers (tests). */
  get ghostSize(): number {
    return this.ghost.inUse;
  }

  find(key: Key): number {
    this.ghostHitKey = -1;
    const e = this.index.get(key);
    if (e >= 0) {
      const c = this.nodes.count;
      if (c[e]! < MAX_FREQ) c[e]!++;
      return e;
    }
    if (e !== NIL) {
      this.forgetGhost(key, ghostNode(e));
      this.ghostHitKey = key;
    }
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
    const toMain = this.ghostHitKey === key;
    this.ghostHitKey = -1;
    const e = this.index.get(key);
    if (e >= 0) throw new Error(`s3fifo: insert of key ${key}, which is cached`);
    if (e !== NIL) this.forgetGhost(key, ghostNode(e));
    if (size > this.smallCapacity) return NOT_CACHED;
    while (this.usedBytes + size > this.capacity) this.evict();
    if (!toMain && size >= this.smallCapacity) return NOT_CACHED;
    const slot = this.nodes.alloc(key, size);
    this.nodes.pushHead(toMain ? MAIN : SMALL, slot);
    this.index.set(key, slot);
    return slot;
  }

  remove(key: Key): number {
    this.out.count = 0;
    const e = this.index.get(key);
    if (e === NIL) return NOT_CACHED;
    if (e < 0) {
      // libCacheSim's remove forgets a ghost entry too.
      this.forgetGhost(key, ghostNode(e));
      return NOT_CACHED;
    }
    this.nodes.unlink(e);
    this.nodes.release(e);
    this.index.delete(key);
    return e;
  }

  keysInEvictionOrder(): number[] {
    return this.nodes.keysFromTail(MAIN, this.nodes.keysFromTail(SMALL));
  }

  check(): void {
    const n = this.nodes;
    n.checkList(SMALL, 's3fifo small queue');
    n.checkList(MAIN, 's3fifo main queue');
    this.ghost.checkList(GHOST, 's3fifo ghost');
    if (n.length[SMALL]! + n.length[MAIN]! !== n.inUse) throw new Error('s3fifo: a slot in use is on no queue');
    if (this.usedBytes > this.capacity) throw new Error(`s3fifo: ${this.usedBytes} units held, capacity ${this.capacity}`);
    if (this.ghost.bytes[GHOST]! > this.ghostCapacity) throw new Error('s3fifo: ghost over its capacity');
    for (const l of [SMALL, MAIN]) {
      for (let s = n.head[l]!; s !== NO_NODE; s = n.next[s]!) if (this.index.get(n.key[s]!) !== s) throw new Error(`s3fifo: key ${n.key[s]} not indexed to its slot ${s}`);
    }
    for (let g = this.ghost.head[GHOST]!; g !== NO_NODE; g = this.ghost.next[g]!) {
      if (this.index.get(this.ghost.key[g]!) !== ghostEntry(g)) throw new Error(`s3fifo: ghost key ${this.ghost.key[g]} not indexed`);
    }
  }

  /** libCacheSim's S3FIFO_evict: from main if it is over its share or the small queue is empty. */
  private evict(): void {
    const n = this.nodes;
    if (n.bytes[MAIN]! > this.mainCapacity || n.bytes[SMALL]! === 0) this.evictMain();
    else this.evictSmall();
  }

  private evictSmall(): void {
    const n = this.nodes;
    while (n.bytes[SMALL]! > 0) {
      const s = n.tail[SMALL]!;
      n.unlink(s);
      if (n.count[s]! >= this.threshold) {
        // Moved, not evicted: the key keeps its slot and starts main with no hits.
        n.count[s] = 0;
        n.pushHead(MAIN, s);
        continue;
      }
      const key = n.key[s]!;
      this.evictSlot(key, s);
      this.remember(key, n.size[s]!);
      return;
    }
  }

  private evictMain(): void {
    const n = this.nodes;
    while (n.bytes[MAIN]! > 0) {
      const s = n.tail[MAIN]!;
      const f = n.count[s]!;
      if (f >= 1) {
        n.moveToHead(MAIN, s);
        n.count[s] = Math.min(f, 3) - 1;
        continue;
      }
      n.unlink(s);
      this.evictSlot(n.key[s]!, s);
      return;
    }
  }

  private evictSlot(key: Key, slot: number): void {
    this.nodes.release(slot);
    this.index.delete(key);
    this.out.push(key, slot);
    this.evictions++;
  }

  /** The ghost FIFO admits a key as a cache of ghostCapacity units would (libCacheSim's ghost->get). */
  private remember(key: Key, size: number): void {
    const g = this.ghost;
    if (size > this.ghostCapacity) return;
    while (g.bytes[GHOST]! + size > this.ghostCapacity) {
      const old = g.tail[GHOST]!;
      this.forgetGhost(g.key[old]!, old);
    }
    const node = g.alloc(key, size);
    g.pushHead(GHOST, node);
    this.index.set(key, ghostEntry(node));
  }

  private forgetGhost(key: Key, node: number): void {
    this.ghost.unlink(node);
    this.ghost.release(node);
    this.index.delete(key);
  }
}

const params: readonly ParamDecl[] = [
  { name: 'smallRatio', kind: 'number', default: 0.1, min: 0, minExclusive: true, max: 0.9, doc: 's3fifo: share of the capacity for the small FIFO queue newcomers land in' },
  { name: 'ghostRatio', kind: 'number', default: 0.9, min: 0, max: 4, doc: 's3fifo: ghost queue size (keys evicted from the small queue, remembered without values) as a share of the capacity' },
  { name: 'moveToMainHits', kind: 'integer', default: 2, min: 1, max: 1000, doc: 's3fifo: hits while in the small queue that move a key to main instead of evicting it' },
];

const spec: PolicySpec<S3FifoParams> = {
  name: 's3fifo',
  summary: 'S3-FIFO: small FIFO (10 %), main FIFO with a 2-bit clock, ghost of small-queue evictions (libCacheSim S3FIFO-0.1000-2)',
  capabilities: CAPABILITIES,
  params,
  create: (capacity, keySpace, p) => new S3FifoPolicy(capacity, keySpace, p),
};

export default spec;
