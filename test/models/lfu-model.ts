// LFU, plainly: entries with a count and the time their count last changed; a newcomer counts 1, a
// hit adds 1; the victim has the lowest count, and among those the oldest change.
import type { PolicyModel, PolicyModelFactory } from './policy-model.ts';

interface Entry {
  key: number;
  size: number;
  count: number;
  changed: number;
}

class LfuModel implements PolicyModel {
  private entries: Entry[] = [];
  private clock = 0;

  constructor(private readonly capacity: number) {}

  get usedBytes(): number {
    return this.entries.reduce((sum, e) => sum + e.size, 0);
  }

  find(key: number): boolean {
    const e = this.entries.find((x) => x.key === key);
    if (!e) return false;
    e.count++;
    e.changed = ++this.clock;
    return true;
  }

  contains(key: number): boolean {
    return this.entries.some((e) => e.key === key);
  }

  insert(key: number, size: number): { admitted: boolean; evicted: number[] } {
    if (size > this.capacity) return { admitted: false, evicted: [] };
    const evicted: number[] = [];
    while (this.usedBytes + size > this.capacity) {
      let victim = 0;
      this.entries.forEach((e, i) => {
        const v = this.entries[victim]!;
        if (e.count < v.count || (e.count === v.count && e.changed < v.changed)) victim = i;
      });
      evicted.push(this.entries.splice(victim, 1)[0]!.key);
    }
    this.entries.push({ key, size, count: 1, changed: ++this.clock });
    return { admitted: true, evicted };
  }

  remove(key: number): boolean {
    const i = this.entries.findIndex((e) => e.key === key);
    if (i < 0) return false;
    this.entries.splice(i, 1);
    return true;
  }

  keys(): number[] {
    return this.entries.map((e) => e.key);
  }
}

const create: PolicyModelFactory = (capacity) => new LfuModel(capacity);
export default create;
