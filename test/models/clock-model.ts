// CLOCK, plainly: an array of entries oldest first, each with a counter; a hit raises it up to
// 2^counterBits - 1; to evict, a front entry with a counter > 0 loses one and goes to the back,
// else it leaves. A newcomer joins the back with counter 0.
import type { PolicyModel, PolicyModelFactory } from './policy-model.ts';

interface Entry {
  key: number;
  size: number;
  count: number;
}

class ClockModel implements PolicyModel {
  private queue: Entry[] = [];

  constructor(
    private readonly capacity: number,
    private readonly maxCount: number,
  ) {}

  get usedBytes(): number {
    return this.queue.reduce((sum, e) => sum + e.size, 0);
  }

  find(key: number): boolean {
    const e = this.queue.find((x) => x.key === key);
    if (!e) return false;
    e.count = Math.min(this.maxCount, e.count + 1);
    return true;
  }

  contains(key: number): boolean {
    return this.queue.some((e) => e.key === key);
  }

  insert(key: number, size: number): { admitted: boolean; evicted: number[] } {
    if (size > this.capacity) return { admitted: false, evicted: [] };
    const evicted: number[] = [];
    while (this.usedBytes + size > this.capacity) {
      const front = this.queue.shift()!;
      if (front.count > 0) {
        front.count--;
        this.queue.push(front);
      } else evicted.push(front.key);
    }
    this.queue.push({ key, size, count: 0 });
    return { admitted: true, evicted };
  }

  remove(key: number): boolean {
    const i = this.queue.findIndex((e) => e.key === key);
    if (i < 0) return false;
    this.queue.splice(i, 1);
    return true;
  }

  keys(): number[] {
    return this.queue.map((e) => e.key);
  }
}

const create: PolicyModelFactory = (capacity, params) => new ClockModel(capacity, 2 ** Number(params.counterBits) - 1);
export default create;
