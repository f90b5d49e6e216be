// TinyLFU admission (Einziger, Friedman & Manes 2017), the admission half of W-TinyLFU on its own,
// usable with any eviction policy: every request counts in a count-min sketch (Caffeine's
// FrequencySketch, ../sketch/frequency-sketch.ts, halved periodically so popularity ages); a
// candidate that would evict a key enters only when its estimated frequency is higher than the
// victim's (ties keep the victim, as Caffeine). A candidate that fits without evicting always enters.
import type { IntegerDecl } from '../../core/param-decl.ts';
import type { Key } from '../../core/types.ts';
import { FrequencySketch } from '../sketch/frequency-sketch.ts';
import type { Admission, AdmissionSpec } from './admission.ts';

const SKETCH_SAMPLE: IntegerDecl = {
  name: 'sketchSample',
  kind: 'integer',
  doc: 'tinylfu: counters are halved after this many x capacity counted requests (Caffeine: 10)',
  default: 10,
  min: 1,
  max: 1000,
  typical: [1, 20],
};

export class TinyLfuAdmission implements Admission {
  readonly recordsRequests = true;
  readonly needsVictim = true;
  private readonly sketch: FrequencySketch;

  constructor(capacity: number, sample: number) {
    this.sketch = new FrequencySketch(Math.max(1, Math.min(capacity, 1 << 24)), sample);
  }

  record(key: Key): void {
    this.sketch.increment(key);
  }

  admit(candidate: Key, victim: number): boolean {
    return victim < 0 || this.sketch.frequency(candidate) > this.sketch.frequency(victim);
  }
}

const tinylfu: AdmissionSpec<{ sketchSample: number }> = {
  name: 'tinylfu',
  summary: 'admit a key that would evict another only when a count-min sketch says it is requested more often',
  params: [SKETCH_SAMPLE],
  needsVictim: true,
  create: (ctx, p) => new TinyLfuAdmission(ctx.capacity, p.sketchSample),
};

export default tinylfu;
