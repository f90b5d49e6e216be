// Contract tests every registered generator must pass (new generator files are picked up by the
// registry and so covered here automatically), plus presets and validation messages.
import { allowedText, defaultText } from '../core/param-decl.ts';
import { fc, test as fcTest } from '@fast-check/vitest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../core/errors.ts';
import { createRng } from '../core/rng.ts';
import { allWorkloadSpecs, workloadSpec } from './registry.ts';
import { createChunk, openStream } from './stream.ts';
import { chiSquareCritical, chiSquareTop, CountingRng, histogram, makeGenerator } from './test-support.ts';
import { presetNames, resolveWorkload, validateWorkload, type ResolvedWorkload } from './workload-config.ts';

const REQUESTS = 5003; // 5 full chunks of 1000 and a partial one
const KEYS = 1000;

function small(name: string, extra: Record<string, unknown> = {}): ResolvedWorkload {
  const spec = workloadSpec(name, 'test');
  const raw: Record<string, unknown> = { workload: name, requests: REQUESTS, arrival: 'poisson', rate: 1000, ...extra };
  if (spec.params.some((p) => p.name === 'keys')) raw.keys = KEYS;
  return validateWorkload(`test:${name}`, raw, `test:${name}`);
}

/** The whole stream, read in chunks of chunkSize; also returns the chunk lengths seen. */
function readAll(w: ResolvedWorkload, seed: number, chunkSize = 1000): { keys: number[]; times: number[]; lengths: number[]; keySpace: number; sourceKeys: number } {
  const stream = openStream(w, seed);
  const chunk = createChunk(chunkSize);
  const keys: number[] = [];
  const times: number[] = [];
  const lengths: number[] = [];
  while (stream.nextChunk(chunk)) {
    lengths.push(chunk.length);
    for (let i = 0; i < chunk.length; i++) {
      keys.push(chunk.keys[i]!);
      times.push(chunk.times[i]!);
    }
  }
  expect(chunk.length).toBe(0);
  expect(stream.nextChunk(chunk)).toBe(false);
  return { keys, times, lengths, keySpace: stream.keySpace, sourceKeys: stream.sourceKeys };
}

// Generators only: workloads that read their requests (openStream: the trace workload) have no
// generator to check; test/traces/ covers them.
const specs = allWorkloadSpecs().filter((s) => s.openStream === undefined);

describe('registry', () => {
  it('discovers all the generators', () => {
    expect(specs.map((s) => s.name)).toEqual(expect.arrayContaining(['hotspot', 'latest', 'mix', 'scan', 'shifting', 'uniform', 'zipf']));
  });
});

describe.each(specs.map((s) => [s.name, s] as const))('generator %s', (name, spec) => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('documents every default and validates its own defaults (idempotently)', () => {
    const documented = spec.params.map((p) => p.name);
    expect(Object.keys(spec.defaults).sort()).toEqual([...documented].sort());
    for (const p of spec.params) {
      expect(p.doc.length).toBeGreaterThan(0);
      expect(allowedText(p).length).toBeGreaterThan(0);
      expect(defaultText(p).length).toBeGreaterThan(0);
    }
    const once = spec.validate({ ...spec.defaults }, 'test');
    const twice = spec.validate({ ...once }, 'test');
    expect(twice).toEqual(once);
    expect(spec.describe(once)).toMatch(/\S/);
  });

  it('same seed, same stream (keys and times)', () => {
    const w = small(name);
    const a = readAll(w, 7);
    const b = readAll(w, 7);
    expect(b.keys).toEqual(a.keys);
    expect(b.times).toEqual(a.times);
  });

  it('different seeds: different streams; different keys unless the generator uses no randomness', () => {
    const w = small(name);
    const a = readAll(w, 7);
    const b = readAll(w, 8);
    expect(b.times).not.toEqual(a.times); // the poisson clock always depends on the seed
    // Whether the generator is random at all is observed, not declared: count its rng draws.
    const rngA = new CountingRng(createRng(7, 'probe'));
    const genA = spec.createGenerator(w.params, rngA, REQUESTS);
    const genB = spec.createGenerator(w.params, new CountingRng(createRng(8, 'probe')), REQUESTS);
    const ka = Array.from({ length: 2000 }, () => genA.next());
    const kb = Array.from({ length: 2000 }, () => genB.next());
    if (rngA.draws === 0) expect(kb).toEqual(ka);
    else expect(kb).not.toEqual(ka);
  });

  it('produces exactly `requests` requests over several chunks', () => {
    const { keys, lengths } = readAll(small(name), 3);
    expect(keys.length).toBe(REQUESTS);
    expect(lengths).toEqual([1000, 1000, 1000, 1000, 1000, 3]);
  });

  it('keys are integers in [0, keySpace) and times non-decreasing, with and without absent keys', () => {
    for (const absentRatio of [0, 0.3]) {
      const w = small(name, { absentRatio });
      const { keys, times, keySpace, sourceKeys } = readAll(w, 4, 777);
      expect(sourceKeys).toBe(spec.keys(w.params));
      expect(keySpace).toBe(absentRatio > 0 ? 2 * sourceKeys : sourceKeys);
      let absent = 0;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        if (!(Number.isInteger(k) && k >= 0 && k < keySpace)) expect.fail(`request ${i}: key ${k} outside [0, ${keySpace})`);
        if (k >= sourceKeys) absent++;
        if (!(Number.isFinite(times[i]!) && times[i]! >= 0)) expect.fail(`request ${i}: time ${times[i]}`);
        if (i > 0 && times[i]! < times[i - 1]!) expect.fail(`request ${i}: time ${times[i]} < ${times[i - 1]}`);
      }
      if (absentRatio === 0) expect(absent).toBe(0);
      else expect(Math.abs(absent / keys.length - absentRatio)).toBeLessThan(0.05);
    }
  });

  it('never calls the unseeded global random function', () => {
    const spy = vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('the unseeded global random function was called');
    });
    readAll(small(name), 5);
    expect(spy).not.toHaveBeenCalled();
  });
});

describe('uniform generator', () => {
  it('draws every key equally often (chi-square)', () => {
    const keys = 200;
    const draws = 200_000;
    const gen = makeGenerator('uniform', { keys }, 71);
    const counts = histogram(() => gen.next(), draws, keys);
    const chi = chiSquareTop(counts, new Array(keys).fill(1 / keys), draws, keys - 1);
    expect(chi.stat).toBeLessThan(chiSquareCritical(chi.df));
  });
});

describe('presets', () => {
  it('includes the documented presets', () => {
    expect(presetNames()).toEqual(expect.arrayContaining(['hotspot', 'latest', 'mix', 'scan', 'shifting', 'uniform', 'zipf']));
  });

  it.each(presetNames())('%s resolves and describes itself', (name) => {
    const w = resolveWorkload(name);
    // Each shipped preset is named after its generator.
    expect(w.generator).toBe(name);
    expect(w.description).toMatch(/\S/);
    expect(w.requests).toBeGreaterThan(0);
    // And streams: first chunk is full and in range.
    const stream = openStream(w, 1);
    const chunk = createChunk(4096);
    expect(stream.nextChunk(chunk)).toBe(true);
    expect(chunk.length).toBe(4096);
    expect(chunk.keys.every((k) => k < stream.keySpace)).toBe(true);
  });

  it.each(presetNames())('%s accepts a --keys override (derived fields follow keys)', (name) => {
    const w = resolveWorkload(name, { keys: 5000 });
    expect(workloadSpec(w.generator, 't').keys(w.params)).toBe(5000);
  });

  it('zipf is the documented default: 100,000 keys, 10^6 requests, alpha 0.99, scrambled, poisson at 10,000/s', () => {
    const w = resolveWorkload('zipf');
    expect(w.params).toEqual({ keys: 100_000, alpha: 0.99, scramble: true });
    expect({ requests: w.requests, arrival: w.arrival, rate: w.rate, absentRatio: w.absentRatio }).toEqual({
      requests: 1_000_000,
      arrival: 'poisson',
      rate: 10_000,
      absentRatio: 0,
    });
  });

  it('mix is 95% zipf + 5% scan', () => {
    const w = resolveWorkload('mix');
    const comps = w.params.components as { weight: number; workload: string }[];
    expect(comps.map((c) => [c.workload, c.weight])).toEqual([
      ['zipf', 0.95],
      ['scan', 0.05],
    ]);
  });

  it('CLI overrides reach component defaults (mix components default to the mix keys)', () => {
    const w = resolveWorkload('mix', { keys: 5000 });
    const comps = w.params.components as { keys: number }[];
    expect(comps.map((c) => c.keys)).toEqual([5000, 5000]);
  });
});

describe('validation errors name the field, the value and what is allowed', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['zipf negative alpha', { workload: 'zipf', alpha: -0.5 }, /"alpha" is -0\.5; allowed: .*>= 0/],
    ['zipf NaN alpha', { workload: 'zipf', alpha: Number.NaN }, /"alpha" is NaN; allowed/],
    ['zipf alpha as string', { workload: 'zipf', alpha: '1' }, /"alpha" is "1"; allowed/],
    ['zipf keys 0', { workload: 'zipf', keys: 0 }, /"keys" is 0; allowed: an integer >= 1/],
    ['zipf fractional keys', { workload: 'zipf', keys: 10.5 }, /"keys" is 10\.5/],
    ['zipf scramble not boolean', { workload: 'zipf', scramble: 'yes' }, /"scramble" is "yes"; allowed: true or false/],
    ['hotspot hotFraction 2', { workload: 'hotspot', hotFraction: 2 }, /"hotFraction" is 2; allowed: .*<= 1/],
    ['hotspot hotFraction 0', { workload: 'hotspot', hotFraction: 0 }, /"hotFraction" is 0; allowed: .*> 0/],
    ['hotspot hotOpsFraction -0.1', { workload: 'hotspot', hotOpsFraction: -0.1 }, /"hotOpsFraction" is -0\.1/],
    ['scan length > keys', { workload: 'scan', keys: 10, length: 11 }, /"length" is 11; allowed: .*<= 10/],
    ['scan start = keys', { workload: 'scan', keys: 10, start: 10 }, /"start" is 10; allowed: .*<= 9/],
    ['latest initialKeys 0', { workload: 'latest', initialKeys: 0 }, /"initialKeys" is 0/],
    ['latest initialKeys > keys', { workload: 'latest', keys: 10, initialKeys: 11 }, /"initialKeys" is 11; allowed: .*<= 10/],
    ['latest newKeyEvery 0', { workload: 'latest', newKeyEvery: 0 }, /"newKeyEvery" is 0/],
    ['shifting shiftEvery 0', { workload: 'shifting', shiftEvery: 0 }, /"shiftEvery" is 0/],
    ['shifting shiftBy > keys', { workload: 'shifting', keys: 10, shiftBy: 11 }, /"shiftBy" is 11/],
    ['mix components empty', { workload: 'mix', components: [] }, /"components" is \[\]; allowed: an array of 1/],
    ['mix components not an array', { workload: 'mix', components: { weight: 1 } }, /"components" is \{"weight":1\}/],
    [
      'mix unknown component workload',
      {
        workload: 'mix',
        components: [
          { weight: 1, workload: 'zipf' },
          { weight: 1, workload: 'nope' },
        ],
      },
      /components\[1\]: unknown workload generator "nope"/,
    ],
    ['mix nested mix', { workload: 'mix', components: [{ weight: 1, workload: 'mix' }] }, /components\[0\]: "workload" is "mix"/],
    ['mix missing workload', { workload: 'mix', components: [{ weight: 1 }] }, /components\[0\]: "workload" is nothing/],
    ['mix weight 0', { workload: 'mix', components: [{ weight: 0, workload: 'zipf' }] }, /components\[0\]: "weight" is 0; allowed: .*> 0/],
    ['mix weight NaN', { workload: 'mix', components: [{ weight: Number.NaN, workload: 'zipf' }] }, /components\[0\]: "weight" is NaN/],
    [
      'mix component param',
      {
        workload: 'mix',
        components: [
          { weight: 1, workload: 'scan' },
          { weight: 1, workload: 'zipf', alpha: -1 },
        ],
      },
      /components\[1\]: "alpha" is -1/,
    ],
    ['mix component keys > mix keys', { workload: 'mix', keys: 100, components: [{ weight: 1, workload: 'zipf', keys: 101 }] }, /components\[0\]: "keys" is 101; allowed: integer 1 \.\. 100/],
    ['mix component unknown field', { workload: 'mix', components: [{ weight: 1, workload: 'zipf', alhpa: 1 }] }, /components\[0\]: unknown field "alhpa"/],
    ['mix component not an object', { workload: 'mix', components: [3] }, /components\[0\]: is 3/],
  ];
  it.each(cases)('%s', (_label, raw, message) => {
    let error: unknown;
    try {
      validateWorkload('t', raw, 'file.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^file\.json: /);
    expect((error as ConfigError).message).toMatch(message);
  });

  it('component errors point a file locator at "components"', () => {
    let error: unknown;
    try {
      validateWorkload('t', { workload: 'mix', components: [{ weight: 1, workload: 'zipf', alpha: -1 }] }, 'file.json', (f) => `file.json:9:1 (${f})`);
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).message).toMatch(/^file\.json:9:1 \(components\): components\[0\]: "alpha" is -1/);
  });

  fcTest.prop([fc.oneof(fc.double({ max: -1e-300 }), fc.constantFrom(Number.NaN, Infinity, -Infinity), fc.double({ min: 100.000001, noNaN: true }))])(
    'any alpha outside [0, 100] is refused with a ConfigError naming alpha (zipf, latest, shifting)',
    (alpha) => {
      for (const workload of ['zipf', 'latest', 'shifting']) {
        expect(() => validateWorkload('t', { workload, alpha }, 't')).toThrow(ConfigError);
        expect(() => validateWorkload('t', { workload, alpha }, 't')).toThrow(/"alpha" is/);
      }
    },
  );

  fcTest.prop([fc.double({ min: 0, max: 100, noNaN: true })])('any alpha in [0, 100] is accepted', (alpha) => {
    expect(validateWorkload('t', { workload: 'zipf', alpha }, 't').params.alpha).toBe(alpha);
  });
});
