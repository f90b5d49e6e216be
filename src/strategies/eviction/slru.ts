// Segmented LRU with n equal segments: libCacheSim's SLRU, S4LRU by default (Gill's paper; Huang et
// al., "An analysis of Facebook photo caching"). As SLRU.c: each segment holds floor(capacity / n)
// units. A newcomer enters the lowest segment with room for it (segment 0 when none has, which may
// overfill it). A hit in the top segment moves the key to its head; a hit below promotes it to the
// head of the next segment, and a segment over its size demotes its tail to the head of the one below,
// cascading; demotion out of segment 0 evicts, so a hit can evict (capabilities.evictsOnHit). Making
// room for a newcomer evicts the tail of the lowest non-empty segment. An object larger than a segment
// is not admitted. remove keeps the segment sizes right (libCacheSim's SLRU_remove leaves them as they
// were; cachesim never removes).
import type { Key } from '../../core/types.ts';
import type { IntegerDecl } from '../../core/param-decl.ts';
import { NIL } from '../stores/key-index.ts';
import { NOT_CACHED, type EvictionPolicy, type PolicyCapabilities } from './eviction-policy.ts';
import type { PolicySpec } from './policy-spec.ts';
import { maxSlotsFor, SlotLists } from './slot-lists.ts';
import { SlotListsPolicy } from './slot-lists-policy.ts';

const CAPABILITIES: PolicyCapabilities = { stackAlgorithm: false, mayReject: true, evictsOnHit: true };

const MAX_SEGMENTS = 16;
const DEFAULT_SEGMENTS = 4;

const SEGMENTS: IntegerDecl = {
  name: 'segments',
  kind: 'integer',
  doc: 'equal LRU segments; a hit promotes a key one segment up (libCacheSim n-seg; 4 = S4LRU)',
  default: DEFAULT_SEGMENTS,
  min: 1,
  max: MAX_SEGMENTS,
};

export interface SlruParams {
  readonly segments: number;
}

export class SlruPolicy extends SlotListsPolicy implements EvictionPolicy {
  /** Units held per segment (slot meta holds each key's segment). */
  private readonly used: Float64Array;
  private readonly top: number;
  /** Units each segment may hold. */
  private readonly segmentSize: number;

  constructor(
    capacity: number,
    keySpace: number,
    readonly segments: number,
  ) {
    super(CAPABILITIES, capacity, new SlotLists(maxSlotsFor(capacity), keySpace, segments), 'slru');
    if (!Number.isInteger(segments) || segments < 1 || segments > MAX_SEGMENTS) throw new RangeError(`slru segments must be an integer 1 .. ${MAX_SEGMENTS}, got ${segments}`);
    this.used = new Float64Array(segments);
    this.top = segments - 1;
    this.segmentSize = Math.floor(capacity / segments);
  }

  find(key: Key): number {
    const t = this.t;
    t.resetEvicted();
    const slot = t.slotOf(key);
    if (slot === NIL) return slot;
    const seg = t.meta[slot]!;
    if (seg === this.top) t.moveToHead(seg, slot);
    else {
      this.move(slot, seg, seg + 1);
      while (this.used[seg + 1]! > this.segmentSize) this.demote(seg + 1);
    }
    return slot;
  }

  insert(key: Key, size: number): number {
    const t = this.t;
    t.resetEvicted();
    if (size > this.capacity || size > this.segmentSize) return NOT_CACHED;
    while (t.usedBytes + size > this.capacity) this.evictLowest();
    let seg = 0;
    while (seg <= this.top && this.used[seg]! + size > this.segmentSize) seg++;
    if (seg > this.top) seg = 0;
    const slot = t.add(key, size);
    t.pushHead(seg, slot);
    t.meta[slot] = seg;
    this.used[seg]! += size;
    return slot;
  }

  /** The key the next eviction takes: the LRU key of the lowest non-empty segment. */
  victim(): number {
    for (let seg = 0; seg <= this.top; seg++) if (this.used[seg]! > 0) return this.t.keyOf[this.t.tails[seg]!]!;
    return NOT_CACHED;
  }

  remove(key: Key): number {
    const t = this.t;
    t.resetEvicted();
    const slot = t.slotOf(key);
    if (slot === NIL) return NOT_CACHED;
    const seg = t.meta[slot]!;
    t.unlink(seg, slot);
    this.used[seg]! -= t.sizeOf[slot]!;
    t.release(slot);
    return slot;
  }

  /** Segment 0 first (tail to head), then upwards. */
  keysInEvictionOrder(): number[] {
    const out: number[] = [];
    for (let seg = 0; seg <= this.top; seg++) this.t.keysFromTail(seg, out);
    return out;
  }

  check(): void {
    const t = this.t;
    let count = 0;
    let units = 0;
    for (let seg = 0; seg <= this.top; seg++) {
      const [c, u] = t.checkList(seg, `slru segment ${seg}`);
      if (u !== this.used[seg]) throw new Error(`slru: segment ${seg} holds ${u} units, counted ${this.used[seg]}`);
      // Only segment 0 may be overfull (a newcomer no segment had room for).
      if (seg > 0 && u > this.segmentSize) throw new Error(`slru: segment ${seg} holds ${u} units, more than ${this.segmentSize}`);
      for (let s = t.heads[seg]!; s !== NIL; s = t.next[s]!) if (t.meta[s] !== seg) throw new Error(`slru: slot ${s} in segment ${seg} says ${t.meta[s]}`);
      count += c;
      units += u;
    }
    t.checkTotals(count, units, 'slru');
    if (units > this.capacity) throw new Error(`slru: ${units} units cached, capacity ${this.capacity}`);
  }

  private move(slot: number, from: number, to: number): void {
    const t = this.t;
    const size = t.sizeOf[slot]!;
    t.unlink(from, slot);
    this.used[from]! -= size;
    t.pushHead(to, slot);
    t.meta[slot] = to;
    this.used[to]! += size;
  }

  /** Moves segment seg's tail down one segment (out of the cache from segment 0), cascading. */
  private demote(seg: number): void {
    if (seg === 0) return this.evictLowest();
    this.move(this.t.tails[seg]!, seg, seg - 1);
    while (this.used[seg - 1]! > this.segmentSize) this.demote(seg - 1);
  }

  private evictLowest(): void {
    let seg = 0;
    while (this.used[seg] === 0) seg++;
    const slot = this.t.tails[seg]!;
    this.used[seg]! -= this.t.sizeOf[slot]!;
    this.evictFrom(seg, slot);
  }
}

const slru: PolicySpec<SlruParams> = {
  name: 'slru',
  summary: 'segmented LRU, equal segments (4: S4LRU); a hit moves a key one segment up (libCacheSim SLRU)',
  capabilities: CAPABILITIES,
  params: [SEGMENTS],
  create: (capacity, keySpace, p) => new SlruPolicy(capacity, keySpace, p.segments ?? DEFAULT_SEGMENTS),
};
export default slru;
