// ARC, plainly (libCacheSim's ARC.c): four arrays, least recent first. t1 / t2 hold cached keys seen
// once / more than once, b1 / b2 the ghosts of keys evicted from them. A hit moves a key to the end of
// t2. A request for a ghost moves p (towards t1's side for b1, by max(|b2| / |b1|, 1), clamped to
// 0 .. capacity; the mirror for b2), forgets the ghost and makes the following insert land in t2,
// making room with REPLACE only. Otherwise room is made as the paper's case IV: t1 + b1 + newcomer
// over the capacity drops b1's oldest and REPLACEs (or, b1 empty, evicts t1's oldest outright); else
// all four at twice the capacity drop b2's oldest, then REPLACE. REPLACE sends t1's oldest to b1
// when t1 exceeds p (equals p after a b2 hit) or t2 is empty, else t2's oldest to b2. Sizes in units.
import type { PolicyModel, PolicyModelFactory } from './policy-model.ts';

interface Entry {
  key: number;
  size: number;
}

const sum = (q: readonly Entry[]) => q.reduce((s, e) => s + e.size, 0);
const take = (q: Entry[], key: number): Entry | undefined => {
  const i = q.findIndex((e) => e.key === key);
  return i < 0 ? undefined : q.splice(i, 1)[0];
};

class ArcModel implements PolicyModel {
  private t1: Entry[] = [];
  private t2: Entry[] = [];
  private b1: Entry[] = [];
  private b2: Entry[] = [];
  private p = 0;
  /** Which ghost list the latest find found its key in; kept until a find finds a key or an insert uses it. */
  private ghostList: 1 | 2 | 0 = 0;
  /** The key of a ghost hit by the latest find. */
  private ghostHit: number | undefined;

  constructor(private readonly capacity: number) {}

  get usedBytes(): number {
    return sum(this.t1) + sum(this.t2);
  }

  find(key: number): boolean {
    this.ghostHit = undefined;
    const e = take(this.t1, key) ?? take(this.t2, key);
    if (e) {
      this.ghostList = 0;
      this.t2.push(e);
      return true;
    }
    const b1 = sum(this.b1);
    const b2 = sum(this.b2);
    if (take(this.b1, key)) {
      this.ghostList = 1;
      this.p = Math.min(this.p + Math.max(b2 / b1, 1), this.capacity);
      this.ghostHit = key;
    } else if (take(this.b2, key)) {
      this.ghostList = 2;
      this.p = Math.max(this.p - Math.max(b1 / b2, 1), 0);
      this.ghostHit = key;
    }
    return false;
  }

  contains(key: number): boolean {
    return this.keys().includes(key);
  }

  insert(key: number, size: number): { admitted: boolean; evicted: number[] } {
    const ghostHit = this.ghostHit === key && this.ghostList !== 0;
    this.ghostHit = undefined;
    take(this.b1, key);
    take(this.b2, key);
    const evicted: number[] = [];
    if (size > this.capacity) return { admitted: false, evicted };
    while (this.usedBytes + size > this.capacity) {
      if (ghostHit) this.replace(evicted);
      else if (sum(this.t1) + sum(this.b1) + size > this.capacity) {
        if (this.b1.length > 0) {
          this.b1.shift();
          this.replace(evicted);
        } else evicted.push(this.t1.shift()!.key);
      } else {
        if (sum(this.t1) + sum(this.b1) + sum(this.t2) + sum(this.b2) >= 2 * this.capacity && this.b2.length > 0) this.b2.shift();
        this.replace(evicted);
      }
    }
    if (ghostHit) {
      this.t2.push({ key, size });
      this.ghostList = 0;
    } else this.t1.push({ key, size });
    return { admitted: true, evicted };
  }

  remove(key: number): boolean {
    if (take(this.t1, key) ?? take(this.t2, key)) return true;
    if (!take(this.b1, key)) take(this.b2, key);
    return false;
  }

  keys(): number[] {
    return [...this.t1, ...this.t2].map((e) => e.key);
  }

  private replace(evicted: number[]): void {
    const t1 = sum(this.t1);
    const fromT1 = (t1 > 0 && (t1 > this.p || (t1 === this.p && this.ghostList === 2))) || this.t2.length === 0;
    const e = (fromT1 ? this.t1 : this.t2).shift()!;
    evicted.push(e.key);
    (fromT1 ? this.b1 : this.b2).push(e);
  }
}

const create: PolicyModelFactory = (capacity) => new ArcModel(capacity);
export default create;
