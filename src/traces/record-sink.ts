// Where decoders put records: key ids, raw timestamps (trace units), sizes, and for traces with
// operations each record's op (core/ops.ts) and TTL (ms, 0 = none), in typed arrays the caller owns
// (a request chunk's own arrays during replay, so nothing is copied), plus the accounting of
// malformed records.
import { ConfigError } from '../core/errors.ts';

const NO_OPS = new Uint8Array(0);
const NO_TTLS = new Float64Array(0);

export class RecordSink {
  /** Records written so far. */
  n = 0;
  constructor(
    public ids: Uint32Array,
    public times: Float64Array,
    /** Object sizes (bytes), when the format has them; -1 when a record has none. */
    public sizes: Float64Array,
    /** Records this sink takes at most. */
    public cap: number,
    /** Each record's operation, when the format has them (written only then). */
    public ops: Uint8Array = NO_OPS,
    /** Each record's TTL in ms (0 = none), when the format has them (written only then). */
    public ttls: Float64Array = NO_TTLS,
  ) {}

  static create(cap: number, withOps = false, withTtls = false): RecordSink {
    return new RecordSink(new Uint32Array(cap), new Float64Array(cap), new Float64Array(cap), cap, withOps ? new Uint8Array(cap) : NO_OPS, withTtls ? new Float64Array(cap) : NO_TTLS);
  }

  get full(): boolean {
    return this.n >= this.cap;
  }
}

/** Malformed records: stop at the first (a ConfigError naming where and what was expected), or count and skip. */
export class BadRecords {
  count = 0;
  /** The first skipped record's message, for the report. */
  first: string | undefined;
  constructor(readonly skip: boolean) {}

  report(where: string, what: string): void {
    const msg = `${where}: ${what}`;
    if (!this.skip) throw new ConfigError(`${msg} (or pass --skip-bad-records to skip such records)`);
    this.count++;
    this.first ??= msg;
  }

  /** One line for reports: "skipped 3 bad records (first: file:12: ...)". */
  summary(): string | undefined {
    if (this.count === 0) return undefined;
    return `skipped ${this.count.toLocaleString('en-US')} bad record${this.count === 1 ? '' : 's'} (first: ${this.first})`;
  }
}
