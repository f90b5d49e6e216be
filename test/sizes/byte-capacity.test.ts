// Byte capacity end to end through `bench`: each object counts its size, a demand fill takes the
// request's own size (as libCacheSim's cache_get_base inserts each request's obj_size; a hit leaves
// the cached size alone), and the miss counts are libCacheSim's. Figures, and where they come from:
// - the seeded trace of test/helpers/varying-sizes-trace.ts (3,000 requests, 300 keys, 178 of them
//   requested with more than one size; written to a temporary file), libCacheSim's cachesim
//   (1a1a11a/libCacheSim at aa0fc40) on that file: `cachesim varying-sizes.oracleGeneral.bin
//   oracleGeneral lru SIZE` for SIZE 20000 50000 100000 200000 prints miss ratio 0.9143 / 0.8127 /
//   0.7013 / 0.5043 of 3,000 requests, i.e. 2,743 / 2,438 / 2,104 / 1,513 misses (a 4-digit ratio
//   of 3,000 requests names one count; a plain Python byte-LRU gives the same counts). Sizing each
//   key by its first request instead would give 2,756 / 2,454 / 2,095 / 1,523.
// - ../shared/traces/libcachesim (skipped, saying so, when absent): the shared README's byte table
//   for every policy (lru 95,095 / 94,203 / 89,783 / 71,704 at 16 / 64 / 256 MiB / 1 GiB) and its working set
//   (2,029,769,728 bytes in 48,974 objects); the csv sample, whose keys do change size, against
//   `cachesim cloudPhysicsIO.csv csv lru BYTES -t "time-col=2, obj-id-col=5, obj-size-col=4,
//   has-header=true"`: miss ratio 0.8346 / 0.8254 / 0.7710 / 0.6297.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { varyingSizesTrace } from '../helpers/varying-sizes-trace.ts';
import { fixture, tempDir } from '../helpers/traces.ts';

interface BytesJson {
  readonly capacity: number;
  readonly capacityUnit: string;
  readonly requestedBytes: number;
  readonly hitBytes: number;
  readonly byteHitRatio: number;
  readonly demandBytes: number;
  readonly backfillBytes: number;
}
interface ResultJson {
  readonly strategy: string;
  readonly requests: number;
  readonly misses: number;
  readonly missRatio: number;
  readonly bytes?: BytesJson;
}

async function bench(args: readonly string[]): Promise<ResultJson[]> {
  const r = await runCli(['bench', ...args, '--format', 'json', '--no-progress', '--out', join(tempDir(), 'r')]);
  if (r.code !== 0) throw new Error(`bench ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { results: ResultJson[] }).results;
}

const MiB = 2 ** 20;

describe('byte capacity through bench --trace', () => {
  it("a key whose size changes: each demand fill takes the request's size, as libCacheSim (2,743 / 2,438 / 2,104 / 1,513 misses)", async () => {
    const misses = [];
    for (const bytes of [20_000, 50_000, 100_000, 200_000]) {
      const [r] = await bench(['--trace', varyingSizesTrace(), '--strategies', 'none', '--capacity', `${bytes}B`]);
      expect(r!.bytes!.capacity).toBe(bytes);
      expect(r!.bytes!.capacityUnit).toBe('bytes');
      misses.push(r!.misses);
    }
    expect(misses).toEqual([2_743, 2_438, 2_104, 1_513]);
  });

  it('bytes requested are the sum of every record size; hit and demand bytes add up to them', async () => {
    const [r] = await bench(['--trace', varyingSizesTrace(), '--strategies', 'none', '--capacity', '50kB']);
    const b = r!.bytes!;
    expect(b.requestedBytes).toBe(5_148_200); // the record sizes summed by Python over the generated file
    expect(b.hitBytes + b.demandBytes).toBe(b.requestedBytes);
    expect(b.byteHitRatio).toBeCloseTo(b.hitBytes / b.requestedBytes, 15);
  });

  it('the same trace with an object capacity has no byte results (object-mode output unchanged)', async () => {
    const [r] = await bench(['--trace', varyingSizesTrace(), '--strategies', 'none', '--capacity', '50']);
    expect(r!.bytes).toBeUndefined();
  });

  it('a sweep simulates none at a byte capacity (the one-pass curve counts objects): the same misses as bench', async () => {
    const dir = join(tempDir(), 's');
    const r = await runCli(['sweep', '--trace', varyingSizesTrace(), '--strategies', 'none', '--param', 'capacity=20000B,50000B', '--workers', '0', '--no-progress', '--out', dir]);
    expect(r.code).toBe(0);
    const [header, ...rows] = readFileSync(join(dir, 'sweep.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const col = (name: string) => header!.indexOf(name);
    const none = rows.filter((row) => row[col('strategy')] === 'none').map((row) => [row[col('capacity')], row[col('method')], row[col('misses')]]);
    expect(none).toEqual([
      ['20000B', 'simulation', '2743'],
      ['50000B', 'simulation', '2438'],
    ]);
  });

  it('a capacity in bytes on a workload without sizes is refused, saying how to give sizes', async () => {
    const r = await runCli(['bench', '--trace', fixture('seq.txt'), '--strategies', 'none', '--capacity', '64MiB', '--no-progress', '--out', join(tempDir(), 'r')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/capacity 64MiB is in bytes, but the workload has no object sizes; .*--sizes fixed/);
  });
});

const SHARED = fileURLToPath(new URL('../../../shared/traces/libcachesim/', import.meta.url));
const present = existsSync(SHARED);

describe.skipIf(!present)(present ? `byte capacity on ${SHARED}` : `byte capacity on the shared traces: skipped, ${SHARED} is absent`, () => {
  const bin = join(SHARED, 'cloudPhysicsIO.oracleGeneral.bin');

  // The shared README's byte table (libCacheSim's cachesim at aa0fc40, each policy's defaults), misses of 113,872.
  const TABLE: Record<string, readonly number[]> = {
    none: [95_095, 94_203, 89_783, 71_704], // lru
    fifo: [95_473, 94_342, 89_386, 72_140],
    clock: [94_967, 94_127, 89_775, 64_456],
    sieve: [93_788, 92_965, 86_720, 64_376],
    s3fifo: [93_784, 92_531, 82_387, 70_355],
    arc: [93_751, 92_572, 85_861, 64_772],
    twoq: [94_357, 93_456, 83_567, 72_074],
    slru: [93_515, 91_929, 87_085, 57_616],
    lfu: [93_788, 92_965, 86_720, 64_376],
    'w-tinylfu': [94_317, 92_527, 84_533, 53_564],
  };
  const strategies = Object.keys(TABLE).map((p) => (p === 'none' ? p : `${p}+none`));

  // w-tinylfu hashes its keys (libCacheSim's filter and XXH64), and bench's keys are the trace's ids
  // renumbered; at these sizes its filter has 2^22 counters for 48,974 keys, so collisions are too rare
  // to move a count and the misses are cachesim's exactly too (on small caches they can differ).
  it("every policy's misses are libCacheSim's byte table at 16 MiB .. 1 GiB, w-tinylfu included", async () => {
    for (const [i, c] of ['16MiB', '64MiB', '256MiB', '1GiB'].entries()) {
      const results = await bench(['--trace', bin, '--strategies', strategies.join(','), '--capacity', c]);
      for (const r of results) {
        const policy = r.strategy.split('+')[0]!;
        const expected = TABLE[policy]![i]!;
        expect([policy, c, r.misses]).toEqual([policy, c, expected]);
      }
    }
  });

  it('100% of the working set is its 2,029,769,728 bytes: only the 48,974 first requests miss', async () => {
    const [r] = await bench(['--trace', bin, '--strategies', 'none', '--capacity', '100%']);
    expect(r!.bytes!.capacity).toBe(2_029_769_728);
    expect(r!.misses).toBe(48_974);
    const [half] = await bench(['--trace', bin, '--strategies', 'none', '--capacity', '50%']);
    expect(half!.bytes!.capacity).toBe(1_014_884_864);
  });

  it("the csv sample's size column (keys change size): libCacheSim's miss ratios 0.8346 at 16 MiB, 0.6297 at 1 GiB", async () => {
    const ratios = [];
    for (const c of [16 * MiB, 1024 * MiB]) ratios.push((await bench(['--trace', join(SHARED, 'cloudPhysicsIO.csv'), '--strategies', 'none', '--capacity', `${c}B`]))[0]!.missRatio.toFixed(4));
    expect(ratios).toEqual(['0.8346', '0.6297']);
  });
});
