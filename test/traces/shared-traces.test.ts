// A few published figures on the real traces in ../shared/traces (read in place, never copied into
// the project; `npm run validate:traces` checks all of them). Skipped, saying why, when the folder
// is absent.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LATENCY } from '../../src/source/source-model.ts';
import { runStrategies } from '../../src/runner/run.ts';
import { strategySpec } from '../../src/strategies/registry.ts';
import { openWorkload, reopenStream } from '../../src/workloads/stream.ts';
import { traceWorkload } from '../helpers/traces.ts';

const DIR = fileURLToPath(new URL('../../../shared/traces/', import.meta.url));
const present = existsSync(DIR);

const at = (capacity: number, name: string) => {
  const spec = strategySpec(name);
  return { name: `${name}@${capacity}`, spec, params: spec.validate({ ...spec.defaults(1), capacity }, name) as Record<string, unknown> };
};

describe.skipIf(!present)(present ? `published figures on ${DIR}` : `published figures: skipped, ${DIR} is absent`, () => {
  it('lirs/gli: LRU hit ratio 11.21 % at 1000', async () => {
    const w = traceWorkload(join(DIR, 'lirs/gli.trace.gz'));
    const [r] = await runStrategies((await openWorkload(w, 1)).stream, [at(1000, 'none')], { seed: 1, latency: DEFAULT_LATENCY });
    expect((r!.hitRatio * 100).toFixed(2)).toBe('11.21');
  });

  it('cloudPhysicsIO.oracleGeneral.bin: LRU 95,420 and opt 90,256 misses at 489', async () => {
    const w = traceWorkload(join(DIR, 'libcachesim/cloudPhysicsIO.oracleGeneral.bin'));
    const [lru, opt] = await runStrategies((await openWorkload(w, 1)).stream, [at(489, 'none'), at(489, 'opt')], { seed: 1, latency: DEFAULT_LATENCY, reopen: () => reopenStream(w, 1) });
    expect([lru!.misses, opt!.misses]).toEqual([95_420, 90_256]);
  });
});
