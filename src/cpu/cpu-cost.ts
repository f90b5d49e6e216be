// CPU cost of each strategy's own code, timed with tinybench. Nothing here counts hits or source
// load (warm-up and repeats would inflate them): counts come from the deterministic replay. Each
// task replays the next slice of a pre-generated request buffer through a warmed instance, against
// a counting source with no artificial delay. Two reference tasks are timed in the same run so each
// figure can be read as a ratio that holds from machine to machine: a calibration loop (the same
// loop, doing only a typed-array read per request) and the `lru-cache` package at the same capacity.
import type { LRUCache } from 'lru-cache';
import type { Task } from 'tinybench';
import { traitsOf, type AnyRequestStream, type Strategy } from '../core/types.ts';
import { CountingSource } from '../source/counting-source.ts';
import { LATENCY_PARAMS, sourceValue, type LatencyModel } from '../source/source-model.ts';
import { RunKernel } from '../runner/kernel.ts';
import type { ResolvedStrategy } from '../runner/strategy-config.ts';
import { ChunkCollector, createChunk } from '../core/chunks.ts';
import { NOT_CACHED } from '../strategies/eviction/eviction-policy.ts';
import { policySpec } from '../strategies/eviction/registry.ts';
import { resolveCapacity, runParams, type CapacityContext } from '../runner/capacity.ts';

export interface CpuCost {
  /** Nanoseconds of CPU per request: mean, median and 99th percentile of the samples. */
  readonly nsPerRequest: { readonly mean: number; readonly p50: number; readonly p99: number };
  readonly requestsPerSec: number;
  /** tinybench's relative margin of error of the mean, in percent. */
  readonly rme: number;
  readonly samples: number;
  /** Mean cost as a multiple of the calibration loop's. */
  readonly vsCalibration: number;
  /** Mean cost as a multiple of lru-cache's. */
  readonly vsLruCache: number;
}

/** One eviction policy timed alone (find, and insert on a miss: cachesim's loop), at a strategy's capacity. */
export interface PolicyCpuCost {
  readonly policy: string;
  readonly capacity: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly cost: CpuCost;
}

export interface CpuReport {
  readonly strategies: ReadonlyMap<string, CpuCost>;
  /**
   * Each distinct eviction policy of the strategies, timed alone, when they use more than one or
   * another than lru (so that a strategy's cost can be read against its policy's); else empty.
   */
  readonly policies: readonly PolicyCpuCost[];
  readonly calibration: CpuCost;
  readonly lruCache: CpuCost;
  /** Capacity used for the lru-cache reference task. */
  readonly lruCacheCapacity: number;
  readonly sliceRequests: number;
  readonly bufferRequests: number;
  readonly timeMsPerTask: number;
}

export interface CpuOptions {
  /** Requests per timed call (thousands, so the timer is not saturated). */
  readonly sliceRequests?: number;
  /** Requests pre-generated and cycled through (the slices walk through them). */
  readonly bufferRequests?: number;
  /** Requests fed to each instance before timing starts. */
  readonly warmRequests?: number;
  /** tinybench time budget per task (ms). */
  readonly timeMs?: number;
  readonly latency: LatencyModel;
}

/** Every latency parameter at 0. */
const NO_DELAY = Object.fromEntries(LATENCY_PARAMS.map((d) => [d.name, 0])) as unknown as LatencyModel;

/** A request buffer, pre-generated once, shared by every task. */
interface Buffer {
  readonly keys: Uint32Array;
  readonly times: Float64Array;
  /** Virtual time spanned by the buffer, so each lap can move the clock forward. */
  readonly span: number;
}

async function pregenerate(open: () => AnyRequestStream | Promise<AnyRequestStream>, n: number): Promise<Buffer> {
  const c = new ChunkCollector(n);
  let offset = 0;
  // Short workloads are repeated, their times shifted, to fill the buffer.
  while (!c.full) {
    const stream = await open();
    const chunk = createChunk();
    let last = 0;
    while (!c.full && (await stream.nextChunk(chunk))) {
      const take = c.add(chunk, offset);
      last = chunk.times[take - 1]!;
    }
    if ('close' in stream && stream.close) await stream.close();
    offset += last + 1;
  }
  const times = c.times!;
  return { keys: c.keys, times, span: times[n - 1]! + 1 };
}

/** Walks slices through the buffer; each lap adds the buffer's span to the virtual time. */
class SliceCursor {
  pos = 0;
  offset = 0;
  constructor(
    readonly buf: Buffer,
    readonly slice: number,
  ) {}
  advance(): void {
    this.pos += this.slice;
    if (this.pos + this.slice > this.buf.keys.length) {
      this.pos = 0;
      this.offset += this.buf.span;
    }
  }
}

function strategyTask(resolved: ResolvedStrategy, stream: Pick<AnyRequestStream, 'sourceKeys' | 'keySpace' | 'objectSizes'>, buf: Buffer, slice: number, warm: number): () => void {
  const source = new CountingSource(stream.sourceKeys, { ...NO_DELAY }, undefined);
  // A strategy with a capacity in bytes is timed on its keys' sizes (no per-request sizes here).
  const run = runParams(resolved, stream);
  const s: Strategy = resolved.spec.create({ source, sourceKeys: stream.sourceKeys, keySpace: stream.keySpace, ...run.context }, run.params);
  // The runner's own per-request loop, without the latency record (this times the strategy).
  const kernel = new RunKernel(s, source, { name: resolved.name });
  const cur = new SliceCursor(buf, slice);
  const step = () => {
    kernel.replay(buf.keys, buf.times, cur.pos, cur.pos + slice, cur.offset);
    cur.advance();
  };
  for (let done = 0; done < warm; done += slice) step();
  return step;
}

function calibrationTask(buf: Buffer, slice: number): () => void {
  const cur = new SliceCursor(buf, slice);
  let sink = 0;
  const never = Infinity;
  return () => {
    const { keys, times } = buf;
    const end = cur.pos + slice;
    const off = cur.offset;
    let acc = sink;
    for (let i = cur.pos; i < end; i++) {
      const t = times[i]! + off;
      // A chain of dependent 32-bit multiplies: its speed is set by the multiplier's latency, not by
      // how the JIT happened to compile the loop, so every run times it alike (a bare sum took 0.9,
      // 1.5 or 2.7 ns per request from one process to the next, which made every ratio as noisy).
      acc = Math.imul(acc ^ keys[i]!, 0x9e3779b1) + (t >= never ? 1 : 0);
      acc = Math.imul(acc ^ (acc >>> 15), 0x85ebca6b);
    }
    sink = acc;
    cur.advance();
    if (sink === 0.5) throw new Error('unreachable: keeps the loop from being optimised away');
  };
}

function lruCacheTask(Lru: typeof LRUCache, buf: Buffer, slice: number, capacity: number, sourceKeys: number, warm: number): () => void {
  const cache = new Lru<number, number>({ max: capacity });
  const cur = new SliceCursor(buf, slice);
  const run = () => {
    const { keys, times } = buf;
    const end = cur.pos + slice;
    const off = cur.offset;
    for (let i = cur.pos; i < end; i++) {
      const t = times[i]! + off;
      if (t < 0) continue;
      const key = keys[i]!;
      if (cache.get(key) === undefined) {
        const v = sourceValue(key, sourceKeys);
        if (v >= 0) cache.set(key, v);
      }
    }
    cur.advance();
  };
  for (let done = 0; done < warm; done += slice) run();
  return run;
}

/** The eviction policy alone: find, and on a miss insert the key (keys the source lacks are skipped, as demand fill does). */
function policyTask(
  p: { policy: string; capacity: number; params: Readonly<Record<string, unknown>> },
  stream: Pick<AnyRequestStream, 'sourceKeys' | 'keySpace'>,
  buf: Buffer,
  slice: number,
  warm: number,
): () => void {
  const policy = policySpec(p.policy).create(p.capacity, stream.keySpace, p.params);
  const cur = new SliceCursor(buf, slice);
  const sourceKeys = stream.sourceKeys;
  const run = () => {
    const keys = buf.keys;
    const end = cur.pos + slice;
    for (let i = cur.pos; i < end; i++) {
      const key = keys[i]!;
      if (key < sourceKeys && policy.find(key) === NOT_CACHED) policy.insert(key, 1);
    }
    cur.advance();
  };
  for (let done = 0; done < warm; done += slice) run();
  return run;
}

/** The distinct (policy, capacity, policy params) of strategies bounded in objects; `eviction` absent means lru. */
export function strategyPolicies(strategies: readonly ResolvedStrategy[], stream: CapacityContext): { policy: string; capacity: number; params: Record<string, unknown> }[] {
  const out = new Map<string, { policy: string; capacity: number; params: Record<string, unknown> }>();
  for (const s of strategies) {
    const resolved = resolveCapacity(s.params.capacity, stream, `strategy ${s.name}`);
    const capacity = resolved.capacity;
    if (capacity === undefined || resolved.bytes) continue;
    const policy = typeof s.params.eviction === 'string' ? s.params.eviction : 'lru';
    const spec = policySpec(policy);
    const params = Object.fromEntries(spec.params.map((d) => [d.name, s.params[d.name] ?? d.default]));
    out.set(JSON.stringify([policy, capacity, params]), { policy, capacity, params });
  }
  const all = [...out.values()];
  return all.length > 1 || all.some((p) => p.policy !== 'lru') ? all : [];
}

function costOf(task: Task, slice: number): Omit<CpuCost, 'vsCalibration' | 'vsLruCache'> {
  const r = task.result;
  if (r.state === 'errored') throw r.error;
  if (r.state !== 'completed') throw new Error(`tinybench task ${task.name} ended in state ${r.state}`);
  const perReq = (ms: number) => (ms * 1e6) / slice;
  return {
    nsPerRequest: { mean: perReq(r.latency.mean), p50: perReq(r.latency.p50), p99: perReq(r.latency.p99) },
    requestsPerSec: r.latency.mean > 0 ? (slice * 1000) / r.latency.mean : Infinity,
    rme: r.latency.rme,
    samples: r.latency.samplesCount,
  };
}

/**
 * Times every strategy, the calibration loop and lru-cache (capacity: the first bounded strategy's,
 * else 10 % of the keys) on the same pre-generated requests.
 */
export async function measureCpuCosts(open: () => AnyRequestStream | Promise<AnyRequestStream>, all: readonly ResolvedStrategy[], o: CpuOptions): Promise<CpuReport> {
  const slice = o.sliceRequests ?? 4096;
  // Clairvoyant strategies (opt) need the whole stream ahead, not a cycled buffer: not timed.
  const strategies = all.filter((s) => !traitsOf(s.spec, s.params).includes('clairvoyant'));
  const stream = await open();
  const bufferRequests = Math.max(slice, Math.min(o.bufferRequests ?? 1 << 20, Math.max(stream.requests, slice)));
  const warm = o.warmRequests ?? Math.min(bufferRequests, 1 << 18);
  const timeMs = o.timeMs ?? 400;
  const buf = await pregenerate(open, bufferRequests);
  // lru-cache counts objects: the first strategy bounded in objects gives its capacity.
  const bounded = strategies.map((s) => runParams(s, stream).capacity).find((c) => c.capacity !== undefined && !c.bytes);
  const capacity = bounded?.capacity ?? Math.max(1, Math.round(stream.sourceKeys * 0.1));

  // tinybench and lru-cache load only when timing runs (`bench --cpu`, `check`).
  const [{ Bench }, { LRUCache: Lru }] = await Promise.all([import('tinybench'), import('lru-cache')]);
  const bench = new Bench({ time: timeMs, warmupTime: Math.min(100, timeMs / 4), throws: true });
  bench.add('calibration', calibrationTask(buf, slice));
  bench.add('lru-cache', lruCacheTask(Lru, buf, slice, capacity, stream.sourceKeys, warm));
  for (const s of strategies) bench.add(`strategy:${s.name}`, strategyTask(s, stream, buf, slice, warm));
  const policies = strategyPolicies(strategies, stream);
  policies.forEach((p, i) => bench.add(`policy:${i}`, policyTask(p, stream, buf, slice, warm)));
  await bench.run();

  const get = (name: string) => {
    const t = bench.getTask(name);
    if (!t) throw new Error(`tinybench lost task ${name}`);
    return costOf(t, slice);
  };
  const calib = get('calibration');
  const lru = get('lru-cache');
  const withRatios = (c: Omit<CpuCost, 'vsCalibration' | 'vsLruCache'>): CpuCost => ({
    ...c,
    vsCalibration: c.nsPerRequest.mean / calib.nsPerRequest.mean,
    vsLruCache: c.nsPerRequest.mean / lru.nsPerRequest.mean,
  });
  return {
    strategies: new Map(strategies.map((s) => [s.name, withRatios(get(`strategy:${s.name}`))])),
    policies: policies.map((p, i) => ({ ...p, cost: withRatios(get(`policy:${i}`)) })),
    calibration: withRatios(calib),
    lruCache: withRatios(lru),
    lruCacheCapacity: capacity,
    sliceRequests: slice,
    bufferRequests,
    timeMsPerTask: timeMs,
  };
}
