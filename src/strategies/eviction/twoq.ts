// 2Q (Johnson and Shasha, VLDB'94), as libCacheSim's TwoQ.c: a FIFO Ain for keys seen once, a ghost
// FIFO Aout remembering keys (and sizes) evicted from Ain, and an LRU Am for keys requested again
// after leaving Ain. Ain is floor(capacity x inRatio) units, Aout floor(capacity x outRatio), Am the
// rest. A hit in Ain changes nothing; a hit in Am moves the key to Am's head. A newcomer found in Aout
// (a ghost hit: the entry leaves Aout) goes to Am, else to Ain. Making room for a newcomer: while
// Ain holds more than its share, its tail moves to Aout (Aout drops its oldest to fit), else Am's
// LRU key is evicted; a newcomer to Am also evicts from Am until Am fits. An object larger than Ain
// is not admitted (nor a ghost hit larger than Am). Ain may hold more than its share while Am is not full.
// Aout is consulted by insert, not find: libCacheSim drops the ghost entry at the miss itself, so
// the two differ only when a miss is not followed by an insert (an admission policy refusing it).
import type { Key } from '../../core/types.ts';
import type { NumberDecl } from '../../core/param-decl.ts';
import { NIL } from '../stores/key-index.ts';
import { NOT_CACHED, type EvictionPolicy, type PolicyCapabilities } from './eviction-policy.ts';
import type { PolicySpec } from './policy-spec.ts';
import { maxSlotsFor, SlotLists } from './slot-lists.ts';
import { SlotListsPolicy } from './slot-lists-policy.ts';

const CAPABILITIES: PolicyCapabilities = { stackAlgorithm: false, mayReject: true };
const AIN = 0;
const AM = 1;
const DEFAULT_IN_RATIO = 0.25;
const DEFAULT_OUT_RATIO = 0.5;

const IN_RATIO: NumberDecl = {
  name: 'inRatio',
  kind: 'number',
  doc: 'share of the capacity for Ain, the FIFO of keys seen once (libCacheSim Ain-size-ratio)',
  default: DEFAULT_IN_RATIO,
  min: 0,
  // Above 1/2, Ain could want room that Am, empty, cannot give (libCacheSim then fails).
  max: 0.5,
  minExclusive: true,
};

const OUT_RATIO: NumberDecl = {
  name: 'outRatio',
  kind: 'number',
  doc: 'size of Aout, the ghost FIFO of keys evicted from Ain, as a share of the capacity (libCacheSim Aout-size-ratio)',
  default: DEFAULT_OUT_RATIO,
  min: 0,
  max: 4,
};

export interface TwoqParams {
  readonly inRatio: number;
  readonly outRatio: number;
}

export class TwoqPolicy extends SlotListsPolicy implements EvictionPolicy {
  readonly inSize: number;
  readonly outSize: number;
  readonly mainSize: number;
  private inUsed = 0;
  private mainUsed = 0;
  /** Aout: keys and sizes only, never slots of the cache. */
  private readonly ghosts: SlotLists;

  constructor(capacity: number, keySpace: number, inRatio: number, outRatio: number) {
    super(CAPABILITIES, capacity, new SlotLists(maxSlotsFor(capacity), keySpace, 2), 'twoq');
    this.inSize = Math.floor(capacity * inRatio);
    this.outSize = Math.floor(capacity * outRatio);
    this.mainSize = capacity - this.inSize;
    this.ghosts = new SlotLists(Math.max(1, maxSlotsFor(this.outSize)), keySpace, 1);
  }

  find(key: Key): number {
    const t = this.t;
    const slot = t.slotOf(key);
    if (slot !== NIL && t.meta[slot] === AM) t.moveToHead(AM, slot);
    return slot;
  }

  insert(key: Key, size: number): number {
    const t = this.t;
    t.resetEvicted();
    const g = this.ghosts;
    const ghost = g.slotOf(key);
    if (ghost !== NIL) {
      g.unlink(0, ghost);
      g.release(ghost);
    }
    if (size > this.inSize) return NOT_CACHED;
    while (this.inUsed + this.mainUsed + size > this.capacity) {
      if (this.inUsed > this.inSize) this.evictIn();
      else this.evictMain();
    }
    const queue = ghost === NIL ? AIN : AM;
    if (queue === AM && size > this.mainSize) return NOT_CACHED;
    if (queue === AM) while (this.mainUsed + size > this.mainSize) this.evictMain();
    const slot = t.add(key, size);
    t.pushHead(queue, slot);
    t.meta[slot] = queue;
    if (queue === AM) this.mainUsed += size;
    else this.inUsed += size;
    return slot;
  }

  /** The key the next eviction takes: Ain's oldest while Ain holds more than its share, else Am's LRU key. */
  victim(): number {
    const t = this.t;
    const slot = this.inUsed > this.inSize || t.tails[AM] === NIL ? t.tails[AIN]! : t.tails[AM]!;
    return slot === NIL ? NOT_CACHED : t.keyOf[slot]!;
  }

  remove(key: Key): number {
    const t = this.t;
    t.resetEvicted();
    const slot = t.slotOf(key);
    if (slot === NIL) {
      const ghost = this.ghosts.slotOf(key);
      if (ghost !== NIL) {
        this.ghosts.unlink(0, ghost);
        this.ghosts.release(ghost);
      }
      return NOT_CACHED;
    }
    const queue = t.meta[slot]!;
    t.unlink(queue, slot);
    if (queue === AM) this.mainUsed -= t.sizeOf[slot]!;
    else this.inUsed -= t.sizeOf[slot]!;
    t.release(slot);
    return slot;
  }

  /** Ain oldest first, then Am least recently used first (which one goes first depends on Ain's share). */
  keysInEvictionOrder(): number[] {
    return this.t.keysFromTail(AM, this.t.keysFromTail(AIN));
  }

  /** Aout's keys, oldest first (tests). */
  ghostKeys(): number[] {
    return this.ghosts.keysFromTail(0);
  }

  check(): void {
    const t = this.t;
    const [inCount, inUnits] = t.checkList(AIN, 'twoq Ain');
    const [mainCount, mainUnits] = t.checkList(AM, 'twoq Am');
    if (inUnits !== this.inUsed || mainUnits !== this.mainUsed) throw new Error(`twoq: Ain ${inUnits} / Am ${mainUnits} units, counted ${this.inUsed} / ${this.mainUsed}`);
    for (const q of [AIN, AM]) for (let s = t.heads[q]!; s !== NIL; s = t.next[s]!) if (t.meta[s] !== q) throw new Error(`twoq: slot ${s} in queue ${q} says ${t.meta[s]}`);
    t.checkTotals(inCount + mainCount, inUnits + mainUnits, 'twoq');
    if (inUnits + mainUnits > this.capacity) throw new Error(`twoq: ${inUnits + mainUnits} units cached, capacity ${this.capacity}`);
    if (mainUnits > this.mainSize) throw new Error(`twoq: Am holds ${mainUnits} units, more than ${this.mainSize}`);
    const [ghostCount, ghostUnits] = this.ghosts.checkList(0, 'twoq Aout');
    this.ghosts.checkTotals(ghostCount, ghostUnits, 'twoq Aout');
    if (ghostUnits > this.outSize) throw new Error(`twoq: Aout holds ${ghostUnits} units, more than ${this.outSize}`);
    for (let s = this.ghosts.heads[0]!; s !== NIL; s = this.ghosts.next[s]!)
      if (t.slotOf(this.ghosts.keyOf[s]!) !== NIL) throw new Error(`twoq: key ${this.ghosts.keyOf[s]} is both cached and in Aout`);
  }

  /** Ain's oldest key leaves the cache and is remembered in Aout (if it fits there at all). */
  private evictIn(): void {
    const t = this.t;
    const slot = t.tails[AIN]!;
    const key = t.keyOf[slot]!;
    const size = t.sizeOf[slot]!;
    if (size <= this.outSize) {
      const g = this.ghosts;
      while (g.usedBytes + size > this.outSize) {
        const oldest = g.tails[0]!;
        g.unlink(0, oldest);
        g.release(oldest);
      }
      g.pushHead(0, g.add(key, size));
    }
    this.inUsed -= size;
    this.evictFrom(AIN, slot);
  }

  private evictMain(): void {
    const slot = this.t.tails[AM]!;
    this.mainUsed -= this.t.sizeOf[slot]!;
    this.evictFrom(AM, slot);
  }
}

const twoq: PolicySpec<TwoqParams> = {
  name: 'twoq',
  summary: '2Q: a FIFO for keys seen once, an LRU for keys seen again, a ghost FIFO between them (libCacheSim TwoQ)',
  capabilities: CAPABILITIES,
  params: [IN_RATIO, OUT_RATIO],
  create: (capacity, keySpace, p) => new TwoqPolicy(capacity, keySpace, p.inRatio ?? DEFAULT_IN_RATIO, p.outRatio ?? DEFAULT_OUT_RATIO),
};
export default twoq;
