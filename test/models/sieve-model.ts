// SIEVE, plainly: an array of entries oldest first, each with a visited bit, and a hand holding the
// key where the next search starts (none: start at the oldest). The search walks towards newer
// entries, clearing bits, wrapping from the newest to the oldest, and evicts the first unvisited
// entry; the hand then rests on the next newer entry (none if it was the newest). Newcomers join as
// newest, unvisited; a hit sets the bit.
import type { PolicyModel, PolicyModelFactory } from './policy-model.ts';

interface Entry {
  key: number;
  size: number;
  visited: boolean;
}

class SieveModel implements PolicyModel {
  private queue: Entry[] = [];
  private hand: number | undefined;

  constructor(private readonly capacity: number) {}

  get usedBytes(): number {
    return this.queue.reduce((sum, e) => sum + e.size, 0);
  }

  find(key: number): boolean {
    const e = this.queue.find((x) => x.key === key);
    if (e) e.visited = true;
    return e !== undefined;
  }

  contains(key: number): boolean {
    return this.queue.some((e) => e.key === key);
  }

  insert(key: number, size: number): { admitted: boolean; evicted: number[] } {
    if (size > this.capacity) return { admitted: false, evicted: [] };
    const evicted: number[] = [];
    while (this.usedBytes + size > this.capacity) {
      let i = this.hand === undefined ? 0 : this.queue.findIndex((e) => e.key === this.hand);
      while (this.queue[i]!.visited) {
        this.queue[i]!.visited = false;
        i = (i + 1) % this.queue.length;
      }
      this.hand = this.queue[i + 1]?.key;
      evicted.push(this.queue[i]!.key);
      this.queue.splice(i, 1);
    }
    this.queue.push({ key, size, visited: false });
    return { admitted: true, evicted };
  }

  remove(key: number): boolean {
    const i = this.queue.findIndex((e) => e.key === key);
    if (i < 0) return false;
    if (this.hand === key) this.hand = this.queue[i + 1]?.key;
    this.queue.splice(i, 1);
    return true;
  }

  keys(): number[] {
    return this.queue.map((e) => e.key);
  }
}

const create: PolicyModelFactory = (capacity) => new SieveModel(capacity);
export default create;
