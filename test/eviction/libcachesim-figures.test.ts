// Every registered eviction policy at every point libCacheSim publishes for cloudPhysicsIO
// (../shared/traces/README.md, "Eviction policies on cloudPhysicsIO, as libCacheSim computes them":
// `cachesim cloudPhysicsIO.oracleGeneral.bin oracleGeneral POLICY SIZE`, 1a1a11a/libCacheSim at
// aa0fc40, each policy's default parameters; object mode with --ignore-obj-size 1, byte mode with the
// trace's object sizes). The policy is driven directly as cachesim's cache_get_base does: find, and
// on a miss insert, with the trace's own obj_ids as keys (as cachesim sees them). Miss counts must be
// identical for every policy, w-tinylfu included: it hashes the key with libCacheSim's counting Bloom
// filter and XXH64, so its figures depend on the ids (on renumbered keys they differ slightly).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NOT_CACHED, type EvictionPolicy } from '../../src/strategies/eviction/eviction-policy.ts';
import { declaredDefaults } from '../../src/core/param-decl.ts';
import { allPolicySpecs } from '../../src/strategies/eviction/registry.ts';
import { readOracleGeneral, type OracleGeneralTrace } from '../helpers/oracle-general.ts';

const TRACE = fileURLToPath(new URL('../../../shared/traces/libcachesim/cloudPhysicsIO.oracleGeneral.bin', import.meta.url));
const present = existsSync(TRACE);
const REQUESTS = 113_872;
const MiB = 2 ** 20;

const OBJECT_SIZES = [489, 1000, 4897, 10000] as const;
const BYTE_SIZES = [16 * MiB, 64 * MiB, 256 * MiB, 1024 * MiB] as const;

/** Misses out of 113,872 requests, copied from ../shared/traces/README.md (the two tables under "Eviction policies on cloudPhysicsIO"). */
const PUBLISHED: Record<string, { objects: readonly number[]; bytes: readonly number[] }> = {
  lru: { objects: [95_420, 94_823, 91_657, 79_438], bytes: [95_095, 94_203, 89_783, 71_704] },
  fifo: { objects: [96_518, 95_520, 91_716, 79_210], bytes: [95_473, 94_342, 89_386, 72_140] },
  clock: { objects: [95_332, 94_727, 91_599, 84_750], bytes: [94_967, 94_127, 89_775, 64_456] },
  sieve: { objects: [94_419, 93_975, 90_040, 81_059], bytes: [93_788, 92_965, 86_720, 64_376] },
  s3fifo: { objects: [94_559, 94_017, 85_691, 76_212], bytes: [93_784, 92_531, 82_387, 70_355] },
  arc: { objects: [94_229, 94_027, 88_002, 79_413], bytes: [93_751, 92_572, 85_861, 64_772] },
  twoq: { objects: [94_573, 94_117, 88_160, 78_831], bytes: [94_357, 93_456, 83_567, 72_074] },
  slru: { objects: [94_590, 94_084, 90_011, 82_234], bytes: [93_515, 91_929, 87_085, 57_616] },
  lfu: { objects: [96_765, 95_562, 90_040, 81_059], bytes: [93_788, 92_965, 86_720, 64_376] },
  'w-tinylfu': { objects: [96_480, 94_913, 88_374, 77_188], bytes: [94_317, 92_527, 84_533, 53_564] },
};

/** Policies whose figures depend on a hash libCacheSim does not share with us: within this many requests (none now). */
const TOLERANCE: Record<string, number> = {};

/** cachesim's loop: a hit updates the policy, a miss inserts (an object too large is not admitted). */
function misses(policy: EvictionPolicy, trace: OracleGeneralTrace, bytes: boolean): number {
  const { keys, sizes } = trace;
  let missed = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (policy.find(key) !== NOT_CACHED) continue;
    missed++;
    policy.insert(key, bytes ? sizes[i]! : 1);
  }
  policy.check();
  return missed;
}

let trace: OracleGeneralTrace | undefined;
const load = (): OracleGeneralTrace => (trace ??= readOracleGeneral(TRACE, true));

describe.skipIf(!present)(present ? `libCacheSim's published miss counts on ${TRACE}` : `libCacheSim's published miss counts: skipped, ${TRACE} is absent (../shared/traces)`, () => {
  it('the trace is the published one: 113,872 requests, 48,974 objects', () => {
    expect([load().keys.length, load().distinct]).toEqual([REQUESTS, 48_974]);
  });

  it('every registered policy has published figures (a new one needs them added from ../shared/traces/README.md)', () => {
    expect(
      allPolicySpecs()
        .filter((s) => !PUBLISHED[s.name])
        .map((s) => s.name),
    ).toEqual([]);
  });

  for (const spec of allPolicySpecs()) {
    const figures = PUBLISHED[spec.name];
    if (!figures) continue;
    const tolerance = TOLERANCE[spec.name] ?? 0;
    const rule = tolerance === 0 ? 'exactly' : `within 1 percentage point (${tolerance} misses) of`;
    for (const bytes of [false, true]) {
      const sizes = bytes ? BYTE_SIZES : OBJECT_SIZES;
      const published = bytes ? figures.bytes : figures.objects;
      const label = sizes.map((s, i) => `${bytes ? `${s / MiB} MiB` : s}: ${published[i]}`).join(', ');
      it(`${spec.name}, capacity in ${bytes ? 'bytes' : 'objects'}: ${rule} cachesim's misses (${label})`, () => {
        const measured = sizes.map((capacity) => misses(spec.create(capacity, load().keySpace, declaredDefaults(spec.params) as Record<string, number | boolean | string>), load(), bytes));
        if (tolerance === 0) expect(measured).toEqual(published);
        else measured.forEach((m, i) => expect(Math.abs(m - published[i]!), `${sizes[i]}: ${m} vs ${published[i]}`).toBeLessThanOrEqual(tolerance));
      });
    }
  }
});
