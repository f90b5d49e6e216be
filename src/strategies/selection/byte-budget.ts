// Source-order selection with a batch measured in bytes: uncached keys in source order (0, 1, 2...,
// resuming where the last backfill stopped, wrapping) while their sizes fit the budget. The key that
// would overflow it ends the batch, and the next backfill resumes right after the last key loaded
// (so it starts with that key unless a request cached it meanwhile); a key larger than the whole
// budget is loaded alone. With
// a budget of n keys' sizes (every key the same size) it gives exactly SourceOrderCursor's batches of n.
import type { Key, ObjectSizes } from '../../core/types.ts';

import type { CacheView as Cache, Selection } from './selection.ts';

/**
 * The bytes of one backfill, for the selections other than source order: start() before a batch,
 * then take(key, n) for each candidate in the selection's order, n the keys taken so far. The first
 * key always fits (a key larger than the whole budget is loaded alone); a key that would overflow
 * the budget ends the batch (it stays a candidate for the next one).
 */
export class BatchBytes {
  private bytes = 0;

  constructor(
    private readonly sizes: ObjectSizes,
    /** Bytes per backfill, >= 1. */
    readonly budget: number,
  ) {}

  start(): void {
    this.bytes = 0;
  }

  /** Whether `key` joins the batch (counted when it does); false ends the batch. */
  take(key: Key, n: number): boolean {
    const size = this.sizes.sizeOf(key);
    if (n > 0 && this.bytes + size > this.budget) return false;
    this.bytes += size;
    return true;
  }

  /** No further key (1 byte at least) fits. */
  get full(): boolean {
    return this.bytes >= this.budget;
  }
}

/** The byte budget of a batch in bytes, when the context has one. */
export function batchBytesOf(ctx: { readonly batchSizes: ObjectSizes | undefined; readonly batchBytes: number | undefined }): BatchBytes | undefined {
  return ctx.batchBytes !== undefined && ctx.batchSizes !== undefined ? new BatchBytes(ctx.batchSizes, ctx.batchBytes) : undefined;
}

export class ByteBudgetSourceOrder implements Selection {
  private cursor = 0;

  constructor(
    private readonly sourceKeys: number,
    private readonly sizes: ObjectSizes,
    /** Bytes per backfill, >= 1. */
    readonly budget: number,
  ) {}

  /** Up to `batch` uncached keys (a cap on the count too) whose sizes sum to at most the budget, or one key larger than it. */
  select(cache: Cache, batch: number, out: Uint32Array): number {
    // Caches only hold source keys, so a full one means the source has nothing left to give.
    if (cache.size >= this.sourceKeys) return 0;
    let n = 0;
    let bytes = 0;
    let cursor = this.cursor;
    for (let scanned = 0; n < batch && scanned < this.sourceKeys; scanned++) {
      if (!cache.contains(cursor)) {
        const size = this.sizes.sizeOf(cursor);
        if (n > 0 && bytes + size > this.budget) {
          // The next batch resumes right after the last key loaded, as a count-based batch would.
          this.cursor = out[n - 1]! + 1 === this.sourceKeys ? 0 : out[n - 1]! + 1;
          return n;
        }
        out[n++] = cursor;
        bytes += size;
      }
      cursor = cursor + 1 === this.sourceKeys ? 0 : cursor + 1;
      if (bytes >= this.budget) break; // full: no key (1 byte at least) fits any more
    }
    this.cursor = cursor;
    return n;
  }
}
