// The specification of `lru`: keys ordered from least to most recently used; a hit moves the key to
// the back; an insert evicts from the front until the newcomer fits; a newcomer larger than the whole
// cache is not admitted (and evicts nothing).
import type { PolicyModel, PolicyModelFactory } from './policy-model.ts';

export class LruModel implements PolicyModel {
  /** Least recently used first. */
  private order: number[] = [];
  private sizes = new Map<number, number>();
  usedBytes = 0;

  constructor(readonly capacity: number) {}

  find(key: number): boolean {
    const i = this.order.indexOf(key);
    if (i < 0) return false;
    this.order.splice(i, 1);
    this.order.push(key);
    return true;
  }

  contains(key: number): boolean {
    return this.order.includes(key);
  }

  insert(key: number, size: number): { admitted: boolean; evicted: number[] } {
    if (size > this.capacity) return { admitted: false, evicted: [] };
    const evicted: number[] = [];
    while (this.usedBytes + size > this.capacity) {
      const victim = this.order.shift()!;
      this.usedBytes -= this.sizes.get(victim)!;
      this.sizes.delete(victim);
      evicted.push(victim);
    }
    this.order.push(key);
    this.sizes.set(key, size);
    this.usedBytes += size;
    return { admitted: true, evicted };
  }

  remove(key: number): boolean {
    const i = this.order.indexOf(key);
    if (i < 0) return false;
    this.order.splice(i, 1);
    this.usedBytes -= this.sizes.get(key)!;
    this.sizes.delete(key);
    return true;
  }

  keys(): number[] {
    return [...this.order];
  }

  /** Least recently used first, as LruPolicy.keysInEvictionOrder. */
  evictionOrder(): number[] {
    return [...this.order];
  }
}

const createLruModel: PolicyModelFactory = (capacity) => new LruModel(capacity);
export default createLruModel;
