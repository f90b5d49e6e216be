// Turns a resolved workload into a RequestStream: keys from the generator, a share of them moved to
// absent keys, virtual times from the arrival process. Chunks are filled in place: the stream is
// never materialised, and memory stays flat however many requests there are.
import { ConfigError } from '../core/errors.ts';
import { createRng } from '../core/rng.ts';
import type { AnyRequestStream, RequestChunk, RequestStream } from '../core/types.ts';
import { createArrivalClock } from '../core/arrival.ts';
import { workloadSpec } from './registry.ts';
import { decodeConfig, DecodedTraceStream, type DecodedTrace } from '../traces/decoded-trace.ts';
import type { ResolvedWorkload } from './workload-config.ts';
import { describeWriteSettings } from '../source/writes/write-params.ts';

import { fillKeySizes } from '../core/chunks.ts';
import { distributionSizes } from '../core/object-sizes.ts';

export { CHUNK_SIZE, createChunk } from '../core/chunks.ts';

/**
 * Absent keys: a request chosen (with probability absentRatio) to miss the source is mapped from
 * key k to sourceKeys + k, so absent keys keep the workload's popularity shape (hot negative
 * lookups repeat, as they do in real systems). Key space is then [0, 2 * sourceKeys).
 */
/** Source keys and key space of a workload's stream, without creating its generator. */
export function streamShape(w: ResolvedWorkload): { sourceKeys: number; keySpace: number } {
  const spec = workloadSpec(w.generator, w.name);
  if (spec.openStream) {
    const s = openLoaded(w, 0);
    return { sourceKeys: s.sourceKeys, keySpace: s.keySpace };
  }
  const sourceKeys = spec.keys(w.params);
  return { sourceKeys, keySpace: w.absentRatio > 0 ? sourceKeys * 2 : sourceKeys };
}

const commonOf = (w: ResolvedWorkload) => ({ requests: w.requests, absentRatio: w.absentRatio, arrival: w.arrival, rate: w.rate, sizes: w.sizes });

/** A trace's stream, synchronously: loadWorkload must have read it in this process first. */
function openLoaded(w: ResolvedWorkload, seed: number): RequestStream {
  const s = workloadSpec(w.generator, w.name).openLoaded?.(w.params, seed, commonOf(w));
  if (!s) throw new Error(`workload ${w.name} (${w.generator}) was not loaded: call loadWorkload first`);
  return s;
}

export function openStream(w: ResolvedWorkload, seed: number): RequestStream {
  const spec = workloadSpec(w.generator, w.name);
  if (spec.openStream) return openLoaded(w, seed);
  const sourceKeys = spec.keys(w.params);
  const gen = spec.createGenerator(w.params, createRng(seed, `keys:${w.generator}`), w.requests);
  const clock = createArrivalClock(w.arrival, w.rate, createRng(seed, 'arrival'));
  const absentRng = createRng(seed, 'absent');
  const absentRatio = w.absentRatio;
  const objectSizes = distributionSizes(w.sizes, seed);
  let produced = 0;
  const popularity = spec.popularity;
  return {
    sourceKeys,
    keySpace: absentRatio > 0 ? sourceKeys * 2 : sourceKeys,
    requests: w.requests,
    objectSizes,
    // The generator's popularity order (for the write process), its setup drawn from a fresh copy of its rng.
    ...(popularity === undefined ? {} : { popularity: () => popularity.call(spec, w.params, createRng(seed, `keys:${w.generator}`)) }),
    nextChunk(chunk: RequestChunk): boolean {
      const n = Math.min(chunk.keys.length, w.requests - produced);
      chunk.length = n;
      if (n <= 0) return false;
      const keys = chunk.keys;
      for (let i = 0; i < n; i++) keys[i] = gen.next();
      if (absentRatio > 0) {
        for (let i = 0; i < n; i++) if (absentRng.nextDouble() < absentRatio) keys[i] = keys[i]! + sourceKeys;
      }
      clock.fill(chunk.times, n);
      if (objectSizes !== undefined && chunk.sizes !== undefined) fillKeySizes(objectSizes, keys, n, sourceKeys, chunk.sizes);
      produced += n;
      return true;
    },
  };
}

/**
 * Any workload's stream: synthetic ones through openStream (synchronous), traces through their own
 * openStream (asynchronous: the file is scanned first). The workload comes back with what opening
 * taught us: the real request count, and for a trace its format, key count and clock.
 */
export async function openWorkload(w: ResolvedWorkload, seed: number): Promise<{ stream: AnyRequestStream; workload: ResolvedWorkload }> {
  const spec = workloadSpec(w.generator, w.name);
  if (!spec.openStream) return { stream: openStream(w, seed), workload: w };
  const opened = await spec.openStream(w.params, seed, commonOf(w));
  const stream = opened.stream;
  // The trace's own summary replaces the generated one; the workload's writes still belong in it.
  const summary = opened.summary === undefined ? w.summary : w.writes === undefined ? opened.summary : `${opened.summary}; ${describeWriteSettings(w.writes)}`;
  return {
    stream,
    workload: Object.freeze({
      ...w,
      requests: stream.requests,
      summary,
      description: w.description === w.summary ? summary : w.description,
      clock: opened.clock,
    }),
  };
}

/** Whether the workload reads its requests (a trace) rather than generating them. */
export function readsRequests(w: ResolvedWorkload): boolean {
  return workloadSpec(w.generator, w.name).openStream !== undefined;
}

/** The same stream again (for the runner's read-ahead and --cpu): synchronous unless a trace. */
export function reopenStream(w: ResolvedWorkload, seed: number): AnyRequestStream | Promise<AnyRequestStream> {
  return readsRequests(w) ? openWorkload(w, seed).then((o) => o.stream) : openStream(w, seed);
}

/**
 * A workload ready for openStream and streamShape, which are synchronous: a trace is read (once per
 * process: its requests are decoded in memory, see traces/decoded-trace.ts) and comes back with its
 * real request count and summary; a synthetic workload comes back as it is. A trace too long to hold
 * is refused: the commands that replay a stream many times (sweep, mrc, load, check) need it in memory.
 */
export async function loadWorkload(w: ResolvedWorkload, seed: number): Promise<ResolvedWorkload> {
  const spec = workloadSpec(w.generator, w.name);
  if (!spec.openStream) return w;
  const { stream, workload } = await openWorkload(w, seed);
  if ('close' in stream && stream.close) await stream.close();
  if (!spec.openLoaded?.(workload.params, seed, commonOf(workload))) {
    throw new ConfigError(
      `workload ${w.name}: the trace has ${workload.requests.toLocaleString('en-US')} requests, more than the ${decodeConfig.maxRequests.toLocaleString('en-US')} this command holds in memory; replay its first part (--requests N, or "requests" in a trace workload file; bench replays any length)`,
    );
  }
  return workload;
}

/** A loaded trace's decoded requests (shared memory, for worker threads); undefined for synthetic workloads. */
export function loadedTrace(w: ResolvedWorkload): DecodedTrace | undefined {
  if (!readsRequests(w)) return undefined;
  const s = openLoaded(w, 0);
  return s instanceof DecodedTraceStream ? s.trace : undefined;
}
