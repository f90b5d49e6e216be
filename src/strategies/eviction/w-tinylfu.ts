// W-TinyLFU (Einziger, Friedman & Manes, "TinyLFU: a highly efficient cache admission policy"), laid
// out as libCacheSim's WTinyLFU.c (its `tinyLFU`): newcomers enter an LRU window; a main area, an
// SLRU of probation (20 %) and protected (80 %) segments, receives the window's LRU key while it has
// room, and once full the window's LRU key must beat main's victim (probation's LRU key, protected's
// when probation is empty) on estimated frequency to take its place, else it is evicted. The window
// gets 1 % of the capacity, and an object larger than that (or than probation) is not admitted, as in
// libCacheSim. A hit in probation promotes to protected, whose LRU key is demoted back to probation
// when it overflows (with sizes, probation may then overflow and evict: a hit can evict).
//
// The frequency estimate is libCacheSim's own: its counting Bloom filter (CountingBloomFilter, sized
// for the main area's capacity at error 0.001: 10 hashes, unbounded counters, its XXH64 hashes of the
// key), counted where libCacheSim counts: a hit in main, every newcomer, and every window key that
// contended for main; halved after sampleFactor x main capacity hits in main (libCacheSim's "sample
// size is 32"; only main hits count towards it). So the misses are cachesim's whenever the keys we
// see are the obj_ids cachesim hashes (the cross-check's traces); with other ids (a trace's keys
// renumbered), only the hash collisions differ.
import type { ParamDecl } from '../../core/param-decl.ts';
import type { Key } from '../../core/types.ts';
import { CountingBloomFilter } from '../sketch/counting-bloom-filter.ts';
import { NOT_CACHED, type EvictionPolicy, type PolicyCapabilities } from './eviction-policy.ts';
import { createKeyMap, NIL, type KeyMap } from './key-map.ts';
import { EvictedBuffer, NodeLists } from './node-lists.ts';
import type { PolicySpec } from './policy-spec.ts';

export interface WTinyLfuParams {
  readonly windowRatio: number;
  readonly protectedRatio: number;
  readonly sampleFactor: number;
}

const WINDOW = 0;
const PROBATION = 1;
const PROTECTED = 2;

const CAPABILITIES: PolicyCapabilities = { stackAlgorithm: false, mayReject: true, evictsOnHit: true };

export class WTinyLfuPolicy implements EvictionPolicy {
  readonly capabilities = CAPABILITIES;
  /** The window's nominal size: the largest object admitted (libCacheSim's window LRU cache_size). */
  readonly windowCapacity: number;
  readonly mainCapacity: number;
  readonly probationCapacity: number;
  readonly protectedCapacity: number;
  readonly sketch: CountingBloomFilter;
  /** Hits in main since the last decay, and the number after which the filter decays. */
  private mainHits = 0;
  private readonly decayAfter: number;
  evictions = 0;
  private readonly index: KeyMap;
  private readonly nodes = new NodeLists(3);
  private readonly out = new EvictedBuffer();

  constructor(
    readonly capacity: number,
    keySpace: number,
    p: WTinyLfuParams,
  ) {
    this.windowCapacity = Math.floor(capacity * p.windowRatio);
    this.mainCapacity = capacity - this.windowCapacity;
    this.protectedCapacity = Math.floor(this.mainCapacity * p.protectedRatio);
    this.probationCapacity = Math.floor(this.mainCapacity - this.mainCapacity * p.protectedRatio);
    this.sketch = new CountingBloomFilter(this.mainCapacity, 0.001);
    this.decayAfter = p.sampleFactor * this.mainCapacity;
    this.index = createKeyMap(keySpace);
  }

  get size(): number {
    return this.nodes.inUse;
  }
  get usedBytes(): number {
    const b = this.nodes.bytes;
    return b[WINDOW]! + b[PROBATION]! + b[PROTECTED]!;
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

  find(key: Key): number {
    this.out.count = 0;
    const s = this.index.get(key);
    if (s === NIL) return NOT_CACHED;
    const n = this.nodes;
    const l = n.list[s]!;
    if (l === WINDOW || l === PROTECTED) {
      n.moveToHead(l, s);
      if (l === WINDOW) return s;
    } else {
      n.moveToHead(PROTECTED, s);
      while (n.bytes[PROTECTED]! > this.protectedCapacity) {
        n.moveToHead(PROBATION, n.tail[PROTECTED]!);
        while (n.bytes[PROBATION]! > this.probationCapacity) this.evictMain();
      }
    }
    this.sketch.add(key);
    if (++this.mainHits >= this.decayAfter) {
      this.mainHits = 0;
      this.sketch.decay();
    }
    return s;
  }

  peek(key: Key): number {
    return this.index.get(key);
  }

  contains(key: Key): boolean {
    return this.index.get(key) !== NIL;
  }

  insert(key: Key, size: number): number {
    this.out.count = 0;
    if (this.index.get(key) !== NIL) throw new Error(`w-tinylfu: insert of key ${key}, which is cached`);
    if (size > this.capacity || size > this.windowCapacity || size > this.probationCapacity) return NOT_CACHED;
    while (this.usedBytes + size > this.capacity) this.evict();
    const slot = this.nodes.alloc(key, size);
    this.nodes.pushHead(WINDOW, slot);
    this.index.set(key, slot);
    this.sketch.add(key);
    return slot;
  }

  remove(key: Key): number {
    this.out.count = 0;
    const s = this.index.get(key);
    if (s === NIL) return NOT_CACHED;
    this.nodes.unlink(s);
    this.nodes.release(s);
    this.index.delete(key);
    return s;
  }

  keysInEvictionOrder(): number[] {
    const n = this.nodes;
    return n.keysFromTail(WINDOW, n.keysFromTail(PROTECTED, n.keysFromTail(PROBATION)));
  }

  check(): void {
    const n = this.nodes;
    n.checkList(WINDOW, 'w-tinylfu window');
    n.checkList(PROBATION, 'w-tinylfu probation');
    n.checkList(PROTECTED, 'w-tinylfu protected');
    if (n.length[WINDOW]! + n.length[PROBATION]! + n.length[PROTECTED]! !== n.inUse) throw new Error('w-tinylfu: a slot in use is on no list');
    if (this.usedBytes > this.capacity) throw new Error(`w-tinylfu: ${this.usedBytes} units held, capacity ${this.capacity}`);
    for (const key of this.keysInEvictionOrder()) {
      const s = this.index.get(key);
      if (s < 0 || n.key[s] !== key) throw new Error(`w-tinylfu: key ${key} not indexed to its slot`);
    }
  }

  /** libCacheSim's WTinyLFU_evict: window keys move to main while it has room, then one duel decides who leaves. */
  private evict(): void {
    const n = this.nodes;
    for (;;) {
      if (n.bytes[WINDOW] === 0) {
        this.evictMain();
        return;
      }
      const w = n.tail[WINDOW]!;
      const wKey = n.key[w]!;
      let evicted = false;
      if (this.mainBytes() + n.size[w]! <= this.mainCapacity) {
        n.unlink(w);
        this.insertMain(w);
      } else if (this.sketch.estimate(wKey) > this.sketch.estimate(n.key[this.mainVictim()]!)) {
        this.evictMain();
        n.unlink(w);
        this.insertMain(w);
      } else {
        n.unlink(w);
        this.evictSlot(wKey, w);
        evicted = true;
      }
      this.sketch.add(wKey);
      if (evicted) return;
    }
  }

  private mainBytes(): number {
    return this.nodes.bytes[PROBATION]! + this.nodes.bytes[PROTECTED]!;
  }

  /** SLRU's victim: probation's LRU key, protected's when probation is empty. */
  private mainVictim(): number {
    const n = this.nodes;
    return n.bytes[PROBATION]! > 0 ? n.tail[PROBATION]! : n.tail[PROTECTED]!;
  }

  private evictMain(): void {
    const s = this.mainVictim();
    this.nodes.unlink(s);
    this.evictSlot(this.nodes.key[s]!, s);
  }

  /** libCacheSim's SLRU_insert: the first segment with room (probation, then protected), else evict and use probation. */
  private insertMain(s: number): void {
    const n = this.nodes;
    const size = n.size[s]!;
    if (n.bytes[PROBATION]! + size <= this.probationCapacity) n.pushHead(PROBATION, s);
    else if (n.bytes[PROTECTED]! + size <= this.protectedCapacity) n.pushHead(PROTECTED, s);
    else {
      while (this.mainBytes() + size > this.mainCapacity) this.evictMain();
      n.pushHead(PROBATION, s);
    }
  }

  private evictSlot(key: Key, slot: number): void {
    this.nodes.release(slot);
    this.index.delete(key);
    this.out.push(key, slot);
    this.evictions++;
  }
}

const params: readonly ParamDecl[] = [
  { name: 'windowRatio', kind: 'number', default: 0.01, min: 0, max: 0.99, doc: 'w-tinylfu: share of the capacity for the LRU admission window (also the largest object admitted)' },
  { name: 'protectedRatio', kind: 'number', default: 0.8, min: 0, max: 0.99, doc: 'w-tinylfu: share of the main area for the protected segment of its SLRU (the rest is probation)' },
  // libCacheSim: max_request_num = 32 * main_cache->cache_size, counted on hits in main only.
  {
    name: 'sampleFactor',
    kind: 'integer',
    default: 32,
    min: 1,
    max: 1000,
    doc: 'w-tinylfu: the frequency filter halves its counters after this many hits in main per unit of main capacity (libCacheSim: 32)',
  },
];

const spec: PolicySpec<WTinyLfuParams> = {
  name: 'w-tinylfu',
  summary: 'W-TinyLFU: 1 % LRU window, SLRU main (20 % probation, 80 % protected), admission by a counting Bloom filter of frequencies (libCacheSim tinyLFU, its filter and hash)',
  capabilities: CAPABILITIES,
  params,
  create: (capacity, keySpace, p) => new WTinyLfuPolicy(capacity, keySpace, p),
};

export default spec;
