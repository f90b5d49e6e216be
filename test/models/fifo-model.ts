// FIFO, plainly: an array of entries oldest first; a hit changes nothing; evict from the front
// until the newcomer fits; larger than the cache: not admitted.
import type { PolicyModel, PolicyModelFactory } from './policy-model.ts';

interface Entry {
  key: number;
  size: number;
}

class FifoModel implements PolicyModel {
  private queue: Entry[] = [];

  constructor(private readonly capacity: number) {}

  get usedBytes(): number {
    return this.queue.reduce((sum, e) => sum + e.size, 0);
  }

  find(key: number): boolean {
    return this.contains(key);
  }

  contains(key: number): boolean {
    return this.queue.some((e) => e.key === key);
  }

  insert(key: number, size: number): { admitted: boolean; evicted: number[] } {
    if (size > this.capacity) return { admitted: false, evicted: [] };
    const evicted: number[] = [];
    while (this.usedBytes + size > this.capacity) evicted.push(this.queue.shift()!.key);
    this.queue.push({ key, size });
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

const create: PolicyModelFactory = (capacity) => new FifoModel(capacity);
export default create;
