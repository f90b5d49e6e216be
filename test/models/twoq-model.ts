// 2Q, plainly (libCacheSim's TwoQ): arrays oldest first for Ain (FIFO), Am (LRU: a hit moves to the
// end) and the ghost Aout, with floor(capacity x inRatio), capacity - that, and floor(capacity x
// outRatio) units. A newcomer that was in Aout leaves Aout and goes to Am, else to Ain. To make room,
// while Ain is over its share its oldest goes to Aout (which drops its oldest to fit; larger than
// Aout: forgotten), else Am's oldest is evicted; a newcomer to Am then evicts from Am until it fits.
// Larger than Ain: not admitted (the ghost entry is still dropped).
import type { PolicyModel, PolicyModelFactory } from './policy-model.ts';

interface Entry {
  key: number;
  size: number;
}

const units = (q: Entry[]) => q.reduce((sum, e) => sum + e.size, 0);
const indexOf = (q: Entry[], key: number) => q.findIndex((e) => e.key === key);

class TwoqModel implements PolicyModel {
  private ain: Entry[] = [];
  private am: Entry[] = [];
  private aout: Entry[] = [];
  private readonly inSize: number;
  private readonly outSize: number;
  private readonly mainSize: number;

  constructor(
    private readonly capacity: number,
    inRatio: number,
    outRatio: number,
  ) {
    this.inSize = Math.floor(capacity * inRatio);
    this.outSize = Math.floor(capacity * outRatio);
    this.mainSize = capacity - this.inSize;
  }

  get usedBytes(): number {
    return units(this.ain) + units(this.am);
  }

  find(key: number): boolean {
    if (indexOf(this.ain, key) >= 0) return true;
    const i = indexOf(this.am, key);
    if (i < 0) return false;
    this.am.push(...this.am.splice(i, 1));
    return true;
  }

  contains(key: number): boolean {
    return indexOf(this.ain, key) >= 0 || indexOf(this.am, key) >= 0;
  }

  insert(key: number, size: number): { admitted: boolean; evicted: number[] } {
    const g = indexOf(this.aout, key);
    if (g >= 0) this.aout.splice(g, 1);
    if (size > this.inSize) return { admitted: false, evicted: [] };
    const evicted: number[] = [];
    while (this.usedBytes + size > this.capacity) {
      if (units(this.ain) > this.inSize) {
        const old = this.ain.shift()!;
        if (old.size <= this.outSize) {
          while (units(this.aout) + old.size > this.outSize) this.aout.shift();
          this.aout.push(old);
        }
        evicted.push(old.key);
      } else evicted.push(this.am.shift()!.key);
    }
    if (g < 0) this.ain.push({ key, size });
    else {
      if (size > this.mainSize) return { admitted: false, evicted };
      while (units(this.am) + size > this.mainSize) evicted.push(this.am.shift()!.key);
      this.am.push({ key, size });
    }
    return { admitted: true, evicted };
  }

  remove(key: number): boolean {
    for (const q of [this.ain, this.am]) {
      const i = indexOf(q, key);
      if (i >= 0) {
        q.splice(i, 1);
        return true;
      }
    }
    const g = indexOf(this.aout, key);
    if (g >= 0) this.aout.splice(g, 1);
    return false;
  }

  keys(): number[] {
    return [...this.ain, ...this.am].map((e) => e.key);
  }
}

const create: PolicyModelFactory = (capacity, params) => new TwoqModel(capacity, Number(params.inRatio), Number(params.outRatio));
export default create;
