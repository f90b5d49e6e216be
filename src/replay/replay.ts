// The reference's run(), driven by the engine: source keys are interned to dense ids in dict order,
// the lookups are replayed through the `threshold` strategy (CacheStrategy, unbounded store), and the
// ids are mapped back to keys and values for the reference's summary.
import { ABSENT, type StrategyContext } from '../core/types.ts';
import { CountingSource } from '../source/counting-source.ts';
import { DEFAULT_LATENCY } from '../source/source-model.ts';
import { pythonRound4 } from '../core/python-round.ts';
import { CacheStrategy } from '../strategies/cache-strategy.ts';
import { pyDumps, type PyDict, type PyValue } from './python-json.ts';
import { loadReplayInput, type ReplayInput } from './replay-input.ts';
import { writeFileAtomic, checkWritableFile } from './atomic-write.ts';

export interface ReplayOptions {
  /**
   * Count a backfill that loads no keys, as the reference does. By default such fruitless backfills
   * (empty source, or every source key already cached) are skipped and not counted.
   */
  readonly countEmptyBackfills: boolean;
}

export interface ReplayCounts {
  readonly cacheSize: number;
  readonly hits: number;
  readonly misses: number;
  readonly backfills: number;
}

/** Replays the lookups; returns the reference's summary dict, in the reference's key order. */
export function runReplay(input: ReplayInput, options: ReplayOptions): { summary: PyDict; counts: ReplayCounts } {
  const sourceKeys = input.sourceKeys.length;
  const ids = new Map<string, number>();
  for (let i = 0; i < sourceKeys; i++) ids.set(input.sourceKeys[i]!, i);
  // Lookup keys the source does not have get ids >= sourceKeys: absent keys.
  const lookupIds = new Uint32Array(input.lookups.length);
  let keySpace = sourceKeys;
  for (let i = 0; i < input.lookups.length; i++) {
    const key = input.lookups[i]!;
    let id = ids.get(key);
    if (id === undefined) {
      id = keySpace++;
      ids.set(key, id);
    }
    lookupIds[i] = id;
  }

  const source = new CountingSource(sourceKeys, DEFAULT_LATENCY, undefined);
  const ctx: StrategyContext = { source, sourceKeys, keySpace };
  const strategy = new CacheStrategy(ctx, {
    capacity: undefined,
    threshold: input.missThreshold,
    // A backfill never loads more than the source holds, so a larger batch changes nothing; capping
    // it keeps the engine's batch buffers small for huge values.
    batch: Math.min(input.backfillBatch, Math.max(1, sourceKeys)),
    countEmptyBackfills: options.countEmptyBackfills,
  });

  let hits = 0;
  const results: PyValue[] = new Array<PyValue>(input.lookups.length);
  for (let i = 0; i < lookupIds.length; i++) {
    const id = lookupIds[i]!;
    if (strategy.access(id, 0)) hits++;
    const present = strategy.lastValue !== ABSENT;
    if (present !== id < sourceKeys) {
      throw new Error(`replay: lookup ${i} (key id ${id}, source keys ${sourceKeys}) was served ${present ? 'a value' : 'nothing'}`);
    }
    // The reference returns the cached or source value, both source[key]; found is "value is not None".
    const value = present ? input.sourceValues[id]! : null;
    results[i] = new Map<string, PyValue>([
      ['key', input.lookups[i]!],
      ['value', value],
      ['found', value !== null],
    ]);
  }
  strategy.finish();

  const stats = strategy.stats();
  const total = lookupIds.length;
  const misses = total - hits;
  const counts: ReplayCounts = { cacheSize: stats.finalSize, hits, misses, backfills: stats.backfills };
  const summary = new Map<string, PyValue>([
    ['cache_size', BigInt(stats.finalSize)],
    ['hits', BigInt(hits)],
    ['misses', BigInt(misses)],
    ['hit_rate', total === 0 ? 0 : pythonRound4(hits / total)],
    ['miss_rate', total === 0 ? 0 : pythonRound4(misses / total)],
    ['backfills', BigInt(stats.backfills)],
    ['lookup_results', results],
  ]);
  return { summary, counts };
}

/** The summary as the reference writes it: json.dumps(summary, indent=2). */
export function formatSummary(summary: PyDict): string {
  return pyDumps(summary, 2);
}

/**
 * The reference's run(input_path, output_path): reads the input (a missing file is {}), replays,
 * writes the summary atomically (creating parent directories) and returns its text. Nothing is
 * written when the input or the output path is bad.
 */
export function replayFile(inputPath: string, outputPath: string, options: ReplayOptions): { text: string; input: ReplayInput; counts: ReplayCounts } {
  const input = loadReplayInput(inputPath);
  checkWritableFile(outputPath, 'replay output');
  const { summary, counts } = runReplay(input, options);
  const text = formatSummary(summary);
  writeFileAtomic(outputPath, text, 'replay output');
  return { text, input, counts };
}
