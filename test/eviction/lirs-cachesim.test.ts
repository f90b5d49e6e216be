// s3fifo, arc and w-tinylfu on LIRS traces (../shared/traces/lirs), beyond the figures the shared
// README publishes: the miss ratio to the four digits libCacheSim's cachesim prints, at six capacities
// each. Figures from `cachesim <trace>.txt txt s3fifo|arc|tinyLFU 20,50,100,300,1000,3000
// --ignore-obj-size 1` (libCacheSim at aa0fc40), run on the traces decompressed with the `*` and empty
// lines dropped. w-tinylfu hashes its keys as libCacheSim does, so it is replayed with cachesim's own
// obj_ids: its txt reader interns each line as a string (glib quarks: 1, 2, 3, ... in order of first
// appearance; cli_reader_utils.c sets obj_id_is_num = false unless given obj-id-is-num=true), so the
// keys renumbered from 1. The other policies do not depend on the ids.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { NOT_CACHED } from '../../src/strategies/eviction/eviction-policy.ts';
import { policySpec } from '../../src/strategies/eviction/registry.ts';
import { declaredDefaults } from '../../src/core/param-decl.ts';

const LIRS = fileURLToPath(new URL('../../../shared/traces/lirs/', import.meta.url));
const CAPACITIES = [20, 50, 100, 300, 1000, 3000];
const FIGURES: Record<string, Record<string, number[]>> = {
  sprite: { s3fifo: [0.9147, 0.8434, 0.708, 0.3892, 0.1064, 0.0633], arc: [0.9189, 0.8507, 0.7434, 0.412, 0.103, 0.0623] },
  multi2: { s3fifo: [0.9407, 0.9186, 0.7353, 0.6478, 0.502, 0.2988], arc: [0.953, 0.9163, 0.7407, 0.6506, 0.4925, 0.2729] },
  '2_pools': { s3fifo: [0.908, 0.769, 0.5543, 0.4913, 0.4561, 0.3602], arc: [0.9116, 0.7687, 0.5312, 0.4912, 0.4567, 0.3597] },
};

/** w-tinylfu (cachesim's tinyLFU), on cachesim's txt ids. */
const W_TINYLFU: Record<string, number[]> = {
  loop: [1, 1, 0.921, 0.7587, 0.1464, 0.002],
  sprite: [1, 1, 0.7117, 0.3943, 0.1967, 0.0932],
  multi2: [1, 1, 0.7286, 0.5993, 0.4307, 0.2203],
  '2_pools': [1, 1, 0.5775, 0.4909, 0.456, 0.3596],
};

const present = existsSync(LIRS);

function readLines(name: string): string[] {
  return gunzipSync(readFileSync(`${LIRS}${name}.trace.gz`))
    .toString('utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && l !== '*');
}

/** The obj_ids cachesim's txt reader gives the trace's lines: 1, 2, 3, ... in order of first appearance. */
function readQuarkKeys(name: string): Uint32Array {
  return readKeys(name).map((k) => k + 1);
}

function missRatios(name: string, keys: Uint32Array): number[] {
  const spec = policySpec(name);
  let keySpace = 0;
  for (const key of keys) keySpace = Math.max(keySpace, key + 1);
  return CAPACITIES.map((capacity) => {
    const policy = spec.create(capacity, keySpace, declaredDefaults(spec.params));
    let misses = 0;
    for (const key of keys) {
      if (policy.find(key) === NOT_CACHED) {
        misses++;
        policy.insert(key, 1);
      }
    }
    return Number((misses / keys.length).toFixed(4));
  });
}

/** The trace's keys, renumbered densely in order of first appearance. */
function readKeys(name: string): Uint32Array {
  const lines = readLines(name);
  const ids = new Map<string, number>();
  return Uint32Array.from(lines, (l) => {
    let k = ids.get(l);
    if (k === undefined) ids.set(l, (k = ids.size));
    return k;
  });
}

describe.skipIf(!present)(present ? 'cachesim miss ratios on LIRS traces' : `cachesim miss ratios on LIRS traces: skipped, ${LIRS} is absent (../shared/traces)`, () => {
  for (const [trace, byPolicy] of Object.entries(FIGURES)) {
    it(`${trace}: s3fifo and arc print cachesim's miss ratio at ${CAPACITIES.join(', ')} objects`, () => {
      const keys = readKeys(trace);
      for (const [name, ratios] of Object.entries(byPolicy)) expect(missRatios(name, keys), `${name} on ${trace}`).toEqual(ratios);
    });
  }

  for (const [trace, ratios] of Object.entries(W_TINYLFU)) {
    it(`${trace}: w-tinylfu prints cachesim's tinyLFU miss ratio at ${CAPACITIES.join(', ')} objects (on cachesim's txt ids)`, () => {
      expect(missRatios('w-tinylfu', readQuarkKeys(trace))).toEqual(ratios);
    });
  }
});
