// Plain models of the admission parts (src/strategies/admission/), for the composed strategy model.
// tinylfu counts in the real FrequencySketch (checked against its own plain count model in
// src/strategies/sketch/); second-hit's doorkeeper is a set of bit positions; probabilistic draws
// from the same seeded stream as the real part.
import { createRng } from '../../src/core/rng.ts';
import { defaultWindow, doorkeeperBit, doorkeeperSize } from '../../src/strategies/admission/second-hit.ts';
import { FrequencySketch } from '../../src/strategies/sketch/frequency-sketch.ts';

export interface AdmissionModel {
  /** Every request, before the cache is consulted. */
  record(key: number): void;
  /** Whether `candidate` enters; victim is -1 when it fits without evicting. */
  admit(candidate: number, victim: number): boolean;
  /** Whether admit() looks at the victim. */
  readonly needsVictim: boolean;
}

type Params = Readonly<Record<string, unknown>>;

export function admissionModel(name: string, capacity: number, seed: number, p: Params): AdmissionModel {
  switch (name) {
    case 'always':
      return { needsVictim: false, record: () => {}, admit: () => true };
    case 'probabilistic': {
      const rng = createRng(seed, 'probabilistic admission');
      return { needsVictim: false, record: () => {}, admit: () => rng.nextDouble() < (p.admitProbability as number) };
    }
    case 'second-hit': {
      const window = (p.secondHitWindow as number | undefined) ?? defaultWindow(capacity);
      const mask = doorkeeperSize(window) - 1;
      let seen = new Set<number>();
      let checks = 0;
      return {
        needsVictim: false,
        record: () => {},
        admit(candidate) {
          if (checks === window) {
            seen = new Set();
            checks = 0;
          }
          checks++;
          const bits = [0, 1, 2].map((i) => doorkeeperBit(candidate, i, mask));
          const before = bits.every((b) => seen.has(b));
          bits.forEach((b) => seen.add(b));
          return before;
        },
      };
    }
    case 'tinylfu': {
      const sketch = new FrequencySketch(Math.max(1, Math.min(capacity, 1 << 24)), p.sketchSample as number);
      return {
        needsVictim: true,
        record: (key) => sketch.increment(key),
        admit: (candidate, victim) => victim < 0 || sketch.frequency(candidate) > sketch.frequency(victim),
      };
    }
    default:
      throw new Error(`no admission model for ${name}: add one here`);
  }
}
