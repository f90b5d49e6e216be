// S3-FIFO, plainly (libCacheSim's S3FIFO.c): three arrays oldest first. small and main hold cached
// entries with a hit count; the ghost holds keys evicted from small. Space is made from main when it
// is over its share or small is empty (an entry with hits goes back with min(hits, 3) - 1, else it
// leaves), otherwise from small (an entry with >= moveToMainHits hits moves to main with 0 hits, else
// it leaves into the ghost, which drops its oldest keys to stay within its size). A request for a
// ghost key forgets it and sends the insert that follows to main; a newcomer larger than small is
// refused, and one as large as small is refused after room was made, unless it came from the ghost.
import type { PolicyModel, PolicyModelFactory } from './policy-model.ts';

interface Entry {
  key: number;
  size: number;
  hits: number;
}

const sum = (q: readonly Entry[]) => q.reduce((s, e) => s + e.size, 0);

class S3FifoModel implements PolicyModel {
  private small: Entry[] = [];
  private main: Entry[] = [];
  private ghost: Entry[] = [];
  private ghostHit: number | undefined;
  private readonly smallCap: number;
  private readonly mainCap: number;
  private readonly ghostCap: number;

  constructor(
    private readonly capacity: number,
    smallRatio: number,
    ghostRatio: number,
    private readonly threshold: number,
  ) {
    this.smallCap = Math.floor(capacity * smallRatio);
    this.mainCap = capacity - this.smallCap;
    this.ghostCap = Math.floor(capacity * ghostRatio);
  }

  get usedBytes(): number {
    return sum(this.small) + sum(this.main);
  }

  find(key: number): boolean {
    this.ghostHit = undefined;
    const e = this.small.find((x) => x.key === key) ?? this.main.find((x) => x.key === key);
    if (e) {
      e.hits++;
      return true;
    }
    if (this.forgetGhost(key)) this.ghostHit = key;
    return false;
  }

  contains(key: number): boolean {
    return this.keys().includes(key);
  }

  insert(key: number, size: number): { admitted: boolean; evicted: number[] } {
    const toMain = this.ghostHit === key;
    this.ghostHit = undefined;
    this.forgetGhost(key);
    const evicted: number[] = [];
    if (size > this.smallCap) return { admitted: false, evicted };
    while (this.usedBytes + size > this.capacity) {
      if (sum(this.main) > this.mainCap || this.small.length === 0) this.evictMain(evicted);
      else this.evictSmall(evicted);
    }
    if (!toMain && size >= this.smallCap) return { admitted: false, evicted };
    (toMain ? this.main : this.small).push({ key, size, hits: 0 });
    return { admitted: true, evicted };
  }

  remove(key: number): boolean {
    for (const q of [this.small, this.main]) {
      const i = q.findIndex((e) => e.key === key);
      if (i >= 0) {
        q.splice(i, 1);
        return true;
      }
    }
    this.forgetGhost(key);
    return false;
  }

  keys(): number[] {
    return [...this.small, ...this.main].map((e) => e.key);
  }

  private evictSmall(evicted: number[]): void {
    while (this.small.length > 0) {
      const e = this.small.shift()!;
      if (e.hits >= this.threshold) {
        this.main.push({ key: e.key, size: e.size, hits: 0 });
        continue;
      }
      evicted.push(e.key);
      if (e.size <= this.ghostCap) {
        while (sum(this.ghost) + e.size > this.ghostCap) this.ghost.shift();
        this.ghost.push({ key: e.key, size: e.size, hits: 0 });
      }
      return;
    }
  }

  private evictMain(evicted: number[]): void {
    while (this.main.length > 0) {
      const e = this.main.shift()!;
      if (e.hits >= 1) {
        this.main.push({ key: e.key, size: e.size, hits: Math.min(e.hits, 3) - 1 });
        continue;
      }
      evicted.push(e.key);
      return;
    }
  }

  private forgetGhost(key: number): boolean {
    const i = this.ghost.findIndex((e) => e.key === key);
    if (i < 0) return false;
    this.ghost.splice(i, 1);
    return true;
  }
}

const create: PolicyModelFactory = (capacity, p) => new S3FifoModel(capacity, Number(p.smallRatio), Number(p.ghostRatio), Number(p.moveToMainHits));
export default create;
