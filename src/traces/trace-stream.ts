// A trace as a request stream: the second pass over the file, records decoded straight into the
// runner's chunk (keys and times), keys mapped to ids by the dictionary the first pass built.
//
// Source order and sourceKeys. The source of a trace holds exactly the trace's distinct keys:
// sourceKeys = distinct keys, ids 0 .. distinct-1. Backfilling strategies load keys in "source
// order" 0, 1, 2 ...; if ids followed first appearance in the trace, that order would be the order
// in which keys are about to be requested, and backfill would be prefetching from the future. So ids
// follow ascending key order instead (integer keys by value, then string keys byte-wise), the order
// of a table scanned by its primary key, which knows nothing of when keys are requested. (A source
// holding exactly the trace's keys is itself a small piece of hindsight: it never holds keys that no
// request wants; it is the honest choice short of inventing keys.) `none` and `opt` do not look at
// key values, so their results do not depend on this choice at all.
//
// Virtual time: from the trace's timestamps when it has them (relative to the first, scaled by the
// time unit; a timestamp earlier than one before it is raised to it, so time never goes back), else
// from the workload's arrival process and rate, as for synthetic workloads.
import { ConfigError } from '../core/errors.ts';
import { createRng } from '../core/rng.ts';
import type { AsyncRequestStream, ObjectSizes, RequestChunk } from '../core/types.ts';
import { createArrivalClock, type ArrivalProcess } from '../core/arrival.ts';
import { MS_PER_UNIT } from './formats.ts';
import { createDecoder, RecordReader } from './record-reader.ts';
import { BadRecords, RecordSink } from './record-sink.ts';
import type { TraceIndex } from './trace-index.ts';
import { traceSizes } from './decoded-trace.ts';
import { recordedSize, TableSizes, type SizeParams } from '../core/object-sizes.ts';
import { fillKeySizes } from '../core/chunks.ts';

export interface TraceStreamOptions {
  readonly absentRatio: number;
  readonly arrival: ArrivalProcess;
  readonly rate: number;
  /** Object sizes the workload asks for (a distribution replaces the trace's own). */
  readonly sizes?: SizeParams | undefined;
}

export class TraceStream implements AsyncRequestStream {
  readonly sourceKeys: number;
  readonly keySpace: number;
  readonly requests: number;
  readonly objectSizes: ObjectSizes | undefined;
  readonly hasOps: boolean;
  readonly hasTtls: boolean;
  /** Whether each request's own recorded size is used (the trace's sizes, not a distribution). */
  private readonly ownSizes: boolean;
  private produced = 0;
  private reader: RecordReader | undefined;
  private readonly sink = new RecordSink(new Uint32Array(0), new Float64Array(0), new Float64Array(0), 0);
  private readonly clock;
  private readonly absentRng;
  private readonly msPerUnit: number;
  private lastTime = 0;

  /** The last request's virtual time, from the first pass's times (timestamped traces only). */
  get spanMs(): number | undefined {
    return this.index.format.hasTimes && this.index.requests > 0 ? (this.index.maxTime - this.index.firstTime) * this.msPerUnit : undefined;
  }

  constructor(
    private readonly index: TraceIndex,
    private readonly o: TraceStreamOptions,
    seed: number,
  ) {
    this.sourceKeys = index.distinct;
    this.keySpace = o.absentRatio > 0 ? index.distinct * 2 : index.distinct;
    this.requests = index.requests;
    this.clock = createArrivalClock(o.arrival, o.rate, createRng(seed, 'arrival'));
    this.absentRng = createRng(seed, 'absent');
    this.msPerUnit = MS_PER_UNIT[index.format.timeUnit];
    this.objectSizes = traceSizes(o, seed, index.keySizes);
    this.ownSizes = this.objectSizes instanceof TableSizes;
    this.hasOps = index.format.hasOps;
    this.hasTtls = index.format.hasTtls;
  }

  async nextChunk(chunk: RequestChunk): Promise<boolean> {
    const n = Math.min(chunk.keys.length, this.requests - this.produced);
    chunk.length = 0;
    if (n <= 0) {
      await this.close();
      return false;
    }
    const index = this.index;
    if (!this.reader) {
      if (!index.dict.isSorted) throw new Error('trace stream: the dictionary was not sorted');
      // Bad records were counted (or refused) by the first pass; here they are skipped silently.
      const decoder = createDecoder(index.format, index.dict, new BadRecords(true), index.options.path);
      this.reader = await RecordReader.open(index.options.path, index.format, decoder);
    }
    const sink = this.sink;
    sink.ids = chunk.keys;
    sink.times = chunk.times;
    if (sink.sizes.length < n) sink.sizes = new Float64Array(chunk.keys.length);
    // Ops and TTLs go straight into the chunk when it has room for them, else into scratch arrays.
    if (this.hasOps) sink.ops = chunk.ops ?? (sink.ops.length >= n ? sink.ops : new Uint8Array(chunk.keys.length));
    if (this.hasTtls) sink.ttls = chunk.ttls ?? (sink.ttls.length >= n ? sink.ttls : new Float64Array(chunk.keys.length));
    sink.n = 0;
    sink.cap = n;
    while (!sink.full && !this.reader.finished) {
      const before = sink.n;
      await this.reader.fill(sink);
      if (sink.n === before && !sink.full && !this.reader.finished) throw new Error(`${index.options.path}: the reader made no progress`);
    }
    if (sink.n !== n || index.dict.size !== index.distinct) {
      throw new ConfigError(
        `${index.options.path}: the trace changed while it was being read (${sink.n !== n ? `${this.produced + sink.n} requests, the first pass found ${this.requests}` : 'a key the first pass did not see'}); run again`,
      );
    }
    const keys = chunk.keys;
    const times = chunk.times;
    if (index.format.hasTimes) {
      const t0 = index.firstTime;
      const scale = this.msPerUnit;
      let last = this.lastTime;
      for (let i = 0; i < n; i++) {
        const t = (times[i]! - t0) * scale;
        last = t > last ? t : last;
        times[i] = last;
      }
      this.lastTime = last;
    } else {
      this.clock.fill(times, n);
    }
    const absentRatio = this.o.absentRatio;
    if (absentRatio > 0) {
      const sourceKeys = this.sourceKeys;
      for (let i = 0; i < n; i++) if (this.absentRng.nextDouble() < absentRatio) keys[i] = keys[i]! + sourceKeys;
    }
    const sizes = chunk.sizes;
    if (sizes !== undefined && this.objectSizes !== undefined) {
      if (this.ownSizes) for (let i = 0; i < n; i++) sizes[i] = recordedSize(sink.sizes[i]!);
      else fillKeySizes(this.objectSizes, keys, n, this.sourceKeys, sizes);
    }
    chunk.length = n;
    this.produced += n;
    return true;
  }

  async close(): Promise<void> {
    const r = this.reader;
    this.reader = undefined;
    this.produced = this.requests;
    if (r) await r.close();
  }
}
