// W-TinyLFU, plainly (libCacheSim's WTinyLFU.c with its SLRU main area): three arrays, least recent
// first: the window, probation and protected. The frequency estimate is the real CountingBloomFilter
// (it has its own model-based test), sized for main's capacity, added to on a hit in main, on every
// newcomer and on every window key that contended for main, and halved after sampleFactor x main
// capacity hits in main. A hit in the window or protected moves the key to the end; a hit in
// probation moves it to protected, whose oldest keys go back to probation while protected is over its
// size, probation's oldest (main's victim) leaving while probation is. To make room: while the window
// has keys, its oldest moves to main if main has room (into probation if it fits there, else
// protected if it fits, else probation after evicting main victims), else it duels main's victim
// (probation's oldest, protected's if probation is empty) and takes its place only with a strictly
// higher estimate, else it is evicted and the room-making ends; with an empty window, main's victim
// goes. A newcomer larger than the window's nominal size or than probation is refused.
import { CountingBloomFilter } from '../../src/strategies/sketch/counting-bloom-filter.ts';
import type { PolicyModel, PolicyModelFactory } from './policy-model.ts';

interface Entry {
  key: number;
  size: number;
}

const sum = (q: readonly Entry[]) => q.reduce((s, e) => s + e.size, 0);

class WTinyLfuModel implements PolicyModel {
  private window: Entry[] = [];
  private probation: Entry[] = [];
  private protected: Entry[] = [];
  private evictedByFind: number[] = [];
  private readonly windowCap: number;
  private readonly mainCap: number;
  private readonly probationCap: number;
  private readonly protectedCap: number;
  private readonly sketch: CountingBloomFilter;
  private mainHits = 0;
  private readonly decayAfter: number;

  constructor(
    private readonly capacity: number,
    windowRatio: number,
    protectedRatio: number,
    sampleFactor: number,
  ) {
    this.windowCap = Math.floor(capacity * windowRatio);
    this.mainCap = capacity - this.windowCap;
    this.protectedCap = Math.floor(this.mainCap * protectedRatio);
    this.probationCap = Math.floor(this.mainCap - this.mainCap * protectedRatio);
    this.sketch = new CountingBloomFilter(this.mainCap);
    this.decayAfter = sampleFactor * this.mainCap;
  }

  get usedBytes(): number {
    return sum(this.window) + sum(this.probation) + sum(this.protected);
  }

  find(key: number): boolean {
    this.evictedByFind = [];
    const at = (q: Entry[]) => q.findIndex((e) => e.key === key);
    let i = at(this.window);
    if (i >= 0) {
      this.window.push(...this.window.splice(i, 1));
      return true;
    }
    i = at(this.protected);
    if (i >= 0) this.protected.push(...this.protected.splice(i, 1));
    else {
      i = at(this.probation);
      if (i < 0) return false;
      this.protected.push(...this.probation.splice(i, 1));
      while (sum(this.protected) > this.protectedCap) {
        this.probation.push(this.protected.shift()!);
        while (sum(this.probation) > this.probationCap) this.evictedByFind.push(this.evictMain());
      }
    }
    this.sketch.add(key);
    if (++this.mainHits >= this.decayAfter) {
      this.mainHits = 0;
      this.sketch.decay();
    }
    return true;
  }

  lastFindEvicted(): number[] {
    return this.evictedByFind;
  }

  contains(key: number): boolean {
    return this.keys().includes(key);
  }

  insert(key: number, size: number): { admitted: boolean; evicted: number[] } {
    const evicted: number[] = [];
    if (size > this.capacity || size > this.windowCap || size > this.probationCap) return { admitted: false, evicted };
    while (this.usedBytes + size > this.capacity) this.makeRoom(evicted);
    this.window.push({ key, size });
    this.sketch.add(key);
    return { admitted: true, evicted };
  }

  remove(key: number): boolean {
    for (const q of [this.window, this.probation, this.protected]) {
      const i = q.findIndex((e) => e.key === key);
      if (i >= 0) {
        q.splice(i, 1);
        return true;
      }
    }
    return false;
  }

  keys(): number[] {
    return [...this.window, ...this.probation, ...this.protected].map((e) => e.key);
  }

  private makeRoom(evicted: number[]): void {
    for (;;) {
      if (this.window.length === 0) {
        evicted.push(this.evictMain());
        return;
      }
      const w = this.window[0]!;
      let done = false;
      if (sum(this.probation) + sum(this.protected) + w.size <= this.mainCap) this.toMain(this.window.shift()!, evicted);
      else if (this.sketch.estimate(w.key) > this.sketch.estimate(this.mainVictim().key)) {
        evicted.push(this.evictMain());
        this.toMain(this.window.shift()!, evicted);
      } else {
        evicted.push(this.window.shift()!.key);
        done = true;
      }
      this.sketch.add(w.key);
      if (done) return;
    }
  }

  private mainVictim(): Entry {
    return this.probation.length > 0 ? this.probation[0]! : this.protected[0]!;
  }

  private evictMain(): number {
    return (this.probation.length > 0 ? this.probation : this.protected).shift()!.key;
  }

  private toMain(e: Entry, evicted: number[]): void {
    if (sum(this.probation) + e.size <= this.probationCap) this.probation.push(e);
    else if (sum(this.protected) + e.size <= this.protectedCap) this.protected.push(e);
    else {
      while (sum(this.probation) + sum(this.protected) + e.size > this.mainCap) evicted.push(this.evictMain());
      this.probation.push(e);
    }
  }
}

const create: PolicyModelFactory = (capacity, p) => new WTinyLfuModel(capacity, Number(p.windowRatio), Number(p.protectedRatio), Number(p.sampleFactor));
export default create;
