// The memory and timer-firing estimate of a run, from its workload and strategies, before anything
// runs. Memory follows the keys used, not the key space (stores grow with the entries they hold):
// above 2^24 keys a run of R requests over K keys touches at most min(K, R) keys, and a backfilling
// strategy holds at most min(K, keys requested + keys backfilled); up to 2^24 keys the stores index
// the key space directly and allocate their slots up front. The figures per entry are upper bounds measured with
// /usr/bin/time on this machine (bench/README.md, "Resource estimate"); the estimate errs high.
import type { ResourceEstimate } from '../core/resources.ts';
import type { StrategyTrait } from '../core/types.ts';
import { OPT_BYTES_PER_REQUEST } from '../strategies/presets/opt.ts';
import { DIRECT_INDEX_MAX_KEYS } from '../strategies/stores/key-index.ts';
import { defaultHotKeys, HOT_KEYS } from '../strategies/selection/hottest.ts';
import { GHOST_KEYS } from '../strategies/selection/recently-evicted.ts';
import { SELECTION } from '../strategies/strategy-params.ts';
import hottest from '../strategies/selection/hottest.ts';
import recentlyEvicted from '../strategies/selection/recently-evicted.ts';
import snapshot from '../strategies/selection/snapshot.ts';

/** The process itself: modules, chunk buffers, histograms (measured: 110-120 MB). */
export const BASE_BYTES = 150e6;
/** A cached entry: slot links, key, value, mark (17 B), with growth slack. */
export const BYTES_PER_ENTRY = 24;
/** A key's place in a hash index (stores over more than 2^24 keys). */
export const BYTES_PER_HASHED_KEY = 16;
/** A direct index: one Int32 per key of the key space (stores over at most 2^24 keys). */
export const BYTES_PER_DIRECT_KEY = 4;
/** A sweep worker keeps its generated stream: a Uint32 key and a Float64 time per request. */
export const BYTES_PER_CACHED_REQUEST = 12;
/**
 * Each strategy run's own records: its latency histogram's direct counts (512 KiB), its time series'
 * window histogram and list of values seen (768 KiB, plus 128 KiB above 65.5 ms) and at most 2,000
 * rows of 12 columns.
 */
export const RUN_RECORD_BYTES = 1.7e6;
/** `load`: a request scheduled but not yet sent (queued behind the concurrency limit), worst case. */
export const BYTES_PER_QUEUED_REQUEST = 200;

export interface WorkloadShape {
  readonly requests: number;
  readonly sourceKeys: number;
  readonly keySpace: number;
  /** Virtual length of the run in ms, when known up front (synthetic arrivals, or `load --duration`). */
  readonly durationMs?: number | undefined;
}

export interface StrategyShape {
  readonly name: string;
  readonly traits: readonly StrategyTrait[];
  /** Validated parameters (capacity: a number, or undefined / null / "unbounded"). */
  readonly params: Readonly<Record<string, unknown>>;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Virtual duration of a synthetic workload: requests / rate. */
export function syntheticDurationMs(requests: number, rate: number): number {
  return (requests / rate) * 1000;
}

export function timerFirings(s: StrategyShape, w: WorkloadShape): number | undefined {
  const interval = num(s.params.intervalMs);
  if (interval === undefined || w.durationMs === undefined) return undefined;
  return w.durationMs / interval;
}

/** A Space-Saving counter (key, count) or a ghost-list slot (key, links, free stack). */
const BYTES_PER_SELECTION_ENTRY = 16;

/**
 * Bytes a backfill selection holds (the clairvoyant one is counted with the trait): hottest's
 * counters and their index, recently-evicted's per-key request counts and ghost list, snapshot's
 * copy of the cached keys.
 */
function selectionBytes(s: StrategyShape, w: WorkloadShape, capacity: number | undefined, used: number): number {
  const index = (entries: number) => (w.keySpace <= DIRECT_INDEX_MAX_KEYS ? BYTES_PER_DIRECT_KEY * w.keySpace : BYTES_PER_HASHED_KEY * entries);
  switch (s.params[SELECTION.name]) {
    case hottest.name: {
      const k = num(s.params[HOT_KEYS.name]) ?? defaultHotKeys(w.sourceKeys, capacity);
      return BYTES_PER_SELECTION_ENTRY * k + index(k);
    }
    case recentlyEvicted.name: {
      const ghosts = num(s.params[GHOST_KEYS.name]) ?? capacity ?? 1;
      return BYTES_PER_SELECTION_ENTRY * ghosts + index(ghosts) + index(Math.min(w.sourceKeys, used));
    }
    case snapshot.name:
      return BYTES_PER_DIRECT_KEY * (capacity ?? w.sourceKeys);
    default:
      return 0;
  }
}

/** Bytes one strategy holds over the run. */
export function strategyBytes(s: StrategyShape, w: WorkloadShape): number {
  const used = Math.min(w.keySpace, w.requests);
  const batch = num(s.params.batch) ?? 0;
  const firings = timerFirings(s, w) ?? 0;
  const backfilled = s.traits.includes('backfill') ? w.requests * batch + firings * batch : 0;
  const reachable = Math.min(w.sourceKeys, used + backfilled);
  const capacity = num(s.params.capacity);
  const clairvoyant = (s.traits.includes('clairvoyant') ? OPT_BYTES_PER_REQUEST * w.requests : 0) + selectionBytes(s, w, capacity, used) + RUN_RECORD_BYTES;
  // Up to 2^24 keys the stores index the key space directly and allocate their slots up front
  // (min(capacity, key space)); above, they hash and grow with the entries they hold.
  if (w.keySpace <= DIRECT_INDEX_MAX_KEYS) {
    const slots = capacity === undefined ? w.keySpace : Math.min(capacity, w.keySpace);
    return BYTES_PER_ENTRY * slots + BYTES_PER_DIRECT_KEY * w.keySpace + clairvoyant;
  }
  const held = capacity === undefined ? reachable : Math.min(capacity, reachable);
  return (BYTES_PER_ENTRY + BYTES_PER_HASHED_KEY) * held + clairvoyant;
}

/** One process replaying the workload into every strategy (bench, a sweep cell, load's simulator). */
export function estimateRun(w: WorkloadShape, strategies: readonly StrategyShape[]): ResourceEstimate {
  const memory = [{ what: 'the process', bytes: BASE_BYTES }, ...strategies.map((s) => ({ what: s.name, bytes: strategyBytes(s, w) }))];
  const timers = strategies.flatMap((s) => {
    const firings = timerFirings(s, w);
    if (firings === undefined) return [];
    return [{ what: s.name, firings, detail: `${(w.durationMs! / 1000).toPrecision(3)} s of virtual time / an interval of ${s.params.intervalMs} ms` }];
  });
  return { memory, timers };
}

/**
 * A sweep: each of `workers` threads (1 for the main thread) holds the stream and runs one cell at a
 * time, so the estimate is the largest cell's, times the threads that can run at once.
 * `cachedRequests`: the requests each thread keeps in memory (0 when the stream is too long to keep).
 */
/** `copies`: strategies each cell runs (2 with timeline events: the cell and its twin). */
export function estimateSweep(w: WorkloadShape, cells: readonly StrategyShape[], workers: number, cachedRequests = w.requests, copies = 1): ResourceEstimate {
  const threads = Math.max(1, Math.min(workers, cells.length));
  let worst: StrategyShape | undefined;
  let worstBytes = 0;
  for (const c of cells) {
    const b = strategyBytes(c, w);
    if (worst === undefined || b > worstBytes) [worst, worstBytes] = [c, b];
  }
  const memory = [
    { what: 'the process', bytes: BASE_BYTES },
    { what: `${threads} thread${threads === 1 ? '' : 's'} x the stream`, bytes: threads * BYTES_PER_CACHED_REQUEST * cachedRequests },
    ...(worst ? [{ what: `${threads} thread${threads === 1 ? '' : 's'} x the largest cell (${worst.name}${copies > 1 ? ' and its twin' : ''})`, bytes: threads * copies * worstBytes }] : []),
  ];
  return { memory, timers: estimateRun(w, copies > 1 ? cells.flatMap((c) => Array<StrategyShape>(copies).fill(c)) : cells).timers };
}

/** `load`: the simulator's replay plus the schedule's queue, every request queued in the worst case. */
export function estimateLoad(w: WorkloadShape, strategies: readonly StrategyShape[], expectedRequests: number): ResourceEstimate {
  const run = estimateRun(w, strategies);
  return { memory: [...run.memory, { what: `the send queue (${expectedRequests.toExponential(1)} requests)`, bytes: BYTES_PER_QUEUED_REQUEST * expectedRequests }], timers: run.timers };
}
