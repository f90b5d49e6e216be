import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createChunk, openStream } from '../stream.ts';
import { makeGenerator } from '../test-support.ts';
import { validateWorkload } from '../workload-config.ts';

describe('scan generator', () => {
  it('loops start, start+1, ... for length keys, wrapping modulo keys', () => {
    const gen = makeGenerator('scan', { keys: 10, length: 4, start: 8 }, 1);
    expect(Array.from({ length: 10 }, () => gen.next())).toEqual([8, 9, 0, 1, 8, 9, 0, 1, 8, 9]);
    const all = makeGenerator('scan', { keys: 5 }, 1);
    expect(Array.from({ length: 12 }, () => all.next())).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1]);
  });

  fcTest.prop([fc.integer({ min: 1, max: 300 }), fc.nat(), fc.nat(), fc.integer()])('request i is (start + i mod length) mod keys, whatever the seed', (keys, l, s, seed) => {
    const length = 1 + (l % keys);
    const start = s % keys;
    const gen = makeGenerator('scan', { keys, length, start }, seed);
    for (let i = 0; i < 3 * length + 7; i++) expect(gen.next()).toBe((start + (i % length)) % keys);
  });

  it('continues across chunk boundaries through openStream', () => {
    const w = validateWorkload('t', { workload: 'scan', keys: 13, length: 11, start: 6, requests: 100, arrival: 'constant' }, 't');
    const stream = openStream(w, 99);
    const chunk = createChunk(7);
    const got: number[] = [];
    while (stream.nextChunk(chunk)) got.push(...chunk.keys.subarray(0, chunk.length));
    expect(got).toEqual(Array.from({ length: 100 }, (_, i) => (6 + (i % 11)) % 13));
  });
});
