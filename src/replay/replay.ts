// The reference's run(), driven by the engine: source keys are interned to dense ids in dict order,
// the lookups are replayed through the `threshold` strategy (the engine's CacheStrategy, unbounded
// store), and the ids are mapped back to keys and values for the reference's summary.
import { pythonRound4 } from '../core/python-round.ts';
import { ABSENT, type StrategyContext } from '../core/types.ts';
import { CountingSource } from '../source/counting-source.ts';
import { DEFAULT_LATENCY } from '../source/source-model.ts';
import { createCacheStrategy } from '../strategies/cache-strategy.ts';
import { checkWritableFile, writeFileAtomic } from '../core/atomic-write.ts';
import { floatRepr, pyDumps, stringRepr, type PyDict, type PyValue } from './python-json.ts';
import { loadReplayInput, type ReplayInput } from './replay-input.ts';

export interface ReplayOptions {
  /**
   * Skip (and do not count) a backfill that would load no keys: empty source, or every source key
   * already cached. Off by default: the reference counts such fruitless backfills, and replay
   * reproduces the reference exactly. (The `threshold` strategy of `bench` always skips them.)
   */
  readonly skipFruitlessBackfills: boolean;
}

export interface ReplayCounts {
  readonly cacheSize: number;
  readonly hits: number;
  readonly misses: number;
  readonly backfills: number;
}

export interface ReplayOutcome {
  readonly counts: ReplayCounts;
  /** round(hits / total, 4), 0.0 without lookups. */
  readonly hitRate: number;
  readonly missRate: number;
  /** Key id of each lookup: ids < sourceKeys are source keys, the others absent keys. */
  readonly lookupIds: Uint32Array;
  readonly sourceKeys: number;
  /** Key string of each id. */
  readonly keys: readonly string[];
  /** Value of each source key id. */
  readonly sourceValues: readonly PyValue[];
}

/** Replays the lookups through the engine's threshold strategy. */
export function runReplay(input: ReplayInput, options: ReplayOptions): ReplayOutcome {
  const sourceKeys = input.sourceKeys.length;
  const keys = [...input.sourceKeys];
  const ids = new Map<string, number>();
  for (let i = 0; i < sourceKeys; i++) ids.set(keys[i]!, i);
  // Lookup keys the source does not have get ids >= sourceKeys: absent keys.
  const lookupIds = new Uint32Array(input.lookups.length);
  for (let i = 0; i < input.lookups.length; i++) {
    const key = input.lookups[i]!;
    let id = ids.get(key);
    if (id === undefined) {
      id = keys.length;
      ids.set(key, id);
      keys.push(key);
    }
    lookupIds[i] = id;
  }

  const source = new CountingSource(sourceKeys, DEFAULT_LATENCY, undefined);
  const ctx: StrategyContext = { source, sourceKeys, keySpace: keys.length };
  const strategy = createCacheStrategy(ctx, {
    capacity: undefined,
    threshold: input.missThreshold,
    // A backfill never loads more than the source holds, so a larger batch changes nothing; capping
    // it keeps the engine's batch buffers small for huge values.
    batch: Math.min(input.backfillBatch, Math.max(1, sourceKeys)),
    countEmptyBackfills: !options.skipFruitlessBackfills,
  });

  let hits = 0;
  for (let i = 0; i < lookupIds.length; i++) {
    const id = lookupIds[i]!;
    if (strategy.access(id, 0)) hits++;
    if ((strategy.lastValue !== ABSENT) !== id < sourceKeys) {
      throw new Error(`replay: lookup ${i} (key id ${id}, ${sourceKeys} source keys) was served ${strategy.lastValue === ABSENT ? 'nothing' : 'a value'}`);
    }
  }
  strategy.finish();

  const stats = strategy.stats();
  const total = lookupIds.length;
  const misses = total - hits;
  return {
    counts: { cacheSize: stats.finalSize, hits, misses, backfills: stats.backfills },
    hitRate: total === 0 ? 0 : pythonRound4(hits / total),
    missRate: total === 0 ? 0 : pythonRound4(misses / total),
    lookupIds,
    sourceKeys,
    keys,
    sourceValues: input.sourceValues,
  };
}

/**
 * The value the reference returns for a key id: the cached or source value, both source[key], or
 * None for an absent key. "found" is "value is not None", so a source value of null is not found.
 */
function valueOf(o: ReplayOutcome, id: number): PyValue {
  return id < o.sourceKeys ? o.sourceValues[id]! : null;
}

/** The reference's summary dict, in its key order. */
export function summaryDict(o: ReplayOutcome): PyDict {
  const results: PyValue[] = Array.from(o.lookupIds, (id) => {
    const value = valueOf(o, id);
    return new Map<string, PyValue>([
      ['key', o.keys[id]!],
      ['value', value],
      ['found', value !== null],
    ]);
  });
  return new Map<string, PyValue>([...scalarFields(o), ['lookup_results', results]]);
}

function scalarFields(o: ReplayOutcome): [string, PyValue][] {
  return [
    ['cache_size', BigInt(o.counts.cacheSize)],
    ['hits', BigInt(o.counts.hits)],
    ['misses', BigInt(o.counts.misses)],
    ['hit_rate', o.hitRate],
    ['miss_rate', o.missRate],
    ['backfills', BigInt(o.counts.backfills)],
  ];
}

/** Bytes (roughly) of each chunk summaryChunks yields. */
const CHUNK_CHARS = 1 << 16;

/**
 * json.dumps(summary, indent=2), the reference's output, in chunks of about 64 KB, without building
 * the summary dict or the whole text (20 million lookups make more text than a JS string can hold):
 * a lookup's entry depends only on its key, so each distinct key's entry is printed once.
 */
export function* summaryChunks(o: ReplayOutcome): Generator<string> {
  const parts: string[] = ['{'];
  for (const [name, value] of scalarFields(o)) {
    parts.push(`\n  ${stringRepr(name)}: ${typeof value === 'number' ? floatRepr(value) : String(value)},`);
  }
  parts.push('\n  "lookup_results": ');
  if (o.lookupIds.length === 0) {
    parts.push('[]');
  } else {
    const entries = new Array<string | undefined>(o.keys.length);
    parts.push('[');
    let chars = 0;
    for (let i = 0; i < o.lookupIds.length; i++) {
      const id = o.lookupIds[i]!;
      let entry = entries[id];
      if (entry === undefined) {
        const value = valueOf(o, id);
        entry = `\n    {\n      "key": ${stringRepr(o.keys[id]!)},\n      "value": ${pyDumps(value, 2, 3)},\n      "found": ${value !== null}\n    }`;
        entries[id] = entry;
      }
      parts.push(i === 0 ? entry : ',' + entry);
      chars += entry.length + 1;
      if (chars >= CHUNK_CHARS) {
        yield parts.join('');
        parts.length = 0;
        chars = 0;
      }
    }
    parts.push('\n  ]');
  }
  parts.push('\n}');
  yield parts.join('');
}

/** The whole summary text (small outputs, tests). */
export function formatSummary(o: ReplayOutcome): string {
  return [...summaryChunks(o)].join('');
}

/**
 * The reference's run(input_path, output_path): reads the input (a missing file is {}), replays, and
 * streams the summary to the output file atomically (creating parent directories). Nothing is
 * written when the input or the output path is bad. Print it with summaryChunks(outcome).
 */
export function replayFile(inputPath: string, outputPath: string, options: ReplayOptions): { input: ReplayInput; outcome: ReplayOutcome } {
  const input = loadReplayInput(inputPath);
  checkWritableFile(outputPath, 'replay output');
  const outcome = runReplay(input, options);
  writeFileAtomic(outputPath, summaryChunks(outcome), 'replay output');
  return { input, outcome };
}
