// Segmented LRU, plainly (libCacheSim's SLRU): `segments` arrays, most recent first, each allowed
// floor(capacity / segments) units. A newcomer goes to the lowest segment with room (segment 0 if
// none); a hit in the top segment moves to its front, below it moves to the front of the next
// segment; a segment over its size pushes its last key to the front of the one below, and out of
// segment 0 means evicted (so a hit may evict). Room for a newcomer: drop the last key of the lowest
// non-empty segment. Larger than a segment: not admitted.
import type { PolicyModel, PolicyModelFactory } from './policy-model.ts';

interface Entry {
  key: number;
  size: number;
}

const units = (seg: Entry[]) => seg.reduce((sum, e) => sum + e.size, 0);

class SlruModel implements PolicyModel {
  private readonly segs: Entry[][];
  private readonly segmentSize: number;
  private evictedByFind: number[] = [];

  constructor(
    private readonly capacity: number,
    segments: number,
  ) {
    this.segs = Array.from({ length: segments }, () => []);
    this.segmentSize = Math.floor(capacity / segments);
  }

  get usedBytes(): number {
    return this.segs.reduce((sum, seg) => sum + units(seg), 0);
  }

  private locate(key: number): [number, number] {
    for (let s = 0; s < this.segs.length; s++) {
      const i = this.segs[s]!.findIndex((e) => e.key === key);
      if (i >= 0) return [s, i];
    }
    return [-1, -1];
  }

  private evictLowest(into: number[]): void {
    const seg = this.segs.find((s) => s.length > 0)!;
    into.push(seg.pop()!.key);
  }

  /** Segment s is over its size: its last key goes down a segment (or out), and so on below. */
  private settle(s: number, evicted: number[]): void {
    while (units(this.segs[s]!) > this.segmentSize) {
      if (s === 0) this.evictLowest(evicted);
      else {
        this.segs[s - 1]!.unshift(this.segs[s]!.pop()!);
        this.settle(s - 1, evicted);
      }
    }
  }

  find(key: number): boolean {
    this.evictedByFind = [];
    const [s, i] = this.locate(key);
    if (s < 0) return false;
    const [e] = this.segs[s]!.splice(i, 1);
    const to = Math.min(s + 1, this.segs.length - 1);
    this.segs[to]!.unshift(e!);
    if (to !== s) this.settle(to, this.evictedByFind);
    return true;
  }

  lastFindEvicted(): number[] {
    return this.evictedByFind;
  }

  contains(key: number): boolean {
    return this.locate(key)[0] >= 0;
  }

  insert(key: number, size: number): { admitted: boolean; evicted: number[] } {
    if (size > this.capacity || size > this.segmentSize) return { admitted: false, evicted: [] };
    const evicted: number[] = [];
    while (this.usedBytes + size > this.capacity) this.evictLowest(evicted);
    const room = this.segs.findIndex((seg) => units(seg) + size <= this.segmentSize);
    this.segs[room < 0 ? 0 : room]!.unshift({ key, size });
    return { admitted: true, evicted };
  }

  remove(key: number): boolean {
    const [s, i] = this.locate(key);
    if (s < 0) return false;
    this.segs[s]!.splice(i, 1);
    return true;
  }

  keys(): number[] {
    return this.segs.flatMap((seg) => seg.map((e) => e.key));
  }
}

const create: PolicyModelFactory = (capacity, params) => new SlruModel(capacity, Number(params.segments));
export default create;
