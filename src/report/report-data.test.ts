// One-line parameter texts leave out what is at its declared default among the parts (tables stay
// readable with composed strategies); the files keep every parameter.
import { describe, expect, it } from 'vitest';
import { paramsText } from './report-data.ts';

describe('paramsText', () => {
  it("leaves out the default parts and the chosen part's own parameters at their declared defaults", () => {
    const s3fifo = { capacity: 10000, eviction: 's3fifo', smallRatio: 0.1, ghostRatio: 0.9, moveToMainHits: 2, admission: 'always', backfillAdmission: 'same' };
    expect(paramsText(s3fifo)).toBe('capacity=10000 eviction=s3fifo');
    expect(paramsText({ ...s3fifo, smallRatio: 0.2 })).toBe('capacity=10000 eviction=s3fifo smallRatio=0.2');
    expect(paramsText({ capacity: 10000, eviction: 'lru', admission: 'probabilistic', admitProbability: 0.5 })).toBe('capacity=10000 admission=probabilistic');
    expect(paramsText({ capacity: 10000, eviction: 'lru', admission: 'probabilistic', admitProbability: 0.25 })).toBe('capacity=10000 admission=probabilistic admitProbability=0.25');
  });
  it('an unbounded cache shows no eviction policy (it evicts nothing)', () => {
    expect(paramsText({ capacity: 'unbounded', threshold: 0.5, batch: 10, eviction: 'slru', segments: 3 })).toBe('capacity=unbounded threshold=0.5 batch=10');
    expect(paramsText({ capacity: 100, threshold: 0.5, batch: 10, eviction: 'slru', segments: 3 })).toBe('capacity=100 threshold=0.5 batch=10 eviction=slru segments=3');
  });
});
