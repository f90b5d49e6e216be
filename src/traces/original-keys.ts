// A trace's original keys and what `trace export` keeps of a trace. A trace is replayed with its
// keys renumbered (dense ids in source order) and its times relative to the first request; exported
// as is (object sizes are not exported), those are what the file holds. This module
// gives the ids' original keys back (`trace export --original-keys`) and says, line by line, what an
// export of a trace does not keep.
import { ConfigError } from '../core/errors.ts';
import type { ExportFormat } from './trace-export.ts';
import type { TraceIndex } from './trace-index.ts';

export interface OriginalKeys {
  /** The original key of id `id` as text: a decimal integer (signed 64-bit), or the key's bytes. */
  text(id: number): string;
  /** The original key as an unsigned 64-bit integer, or undefined when it is a string or negative. */
  uint64(id: number): bigint | undefined;
  /** Whether every key is an integer that fits oracle-general's uint64 key field. */
  readonly allUint64: boolean;
}

export function originalKeys(index: TraceIndex): OriginalKeys {
  const dict = index.dict;
  if (!dict.isSorted) throw new Error('originalKeys: the dictionary is not sorted');
  const n = dict.size;
  const hi = new Int32Array(n);
  const lo = new Int32Array(n);
  const isInt = new Uint8Array(n);
  let allUint64 = true;
  dict.ints.forEach((h, l, id) => {
    hi[id] = h;
    lo[id] = l;
    isInt[id] = 1;
    if (h < 0) allUint64 = false;
  });
  const strings = dict.strings.entries();
  if (strings.id.length > 0) allUint64 = false;
  const offset = new Int32Array(n);
  const length = new Int32Array(n);
  for (let i = 0; i < strings.id.length; i++) {
    offset[strings.id[i]!] = strings.offset[i]!;
    length[strings.id[i]!] = strings.length[i]!;
  }
  const arena = dict.strings.bytes;
  const decoder = new TextDecoder();
  const big = (id: number) => (BigInt(hi[id]!) << 32n) | BigInt(lo[id]! >>> 0);
  return {
    allUint64,
    text(id) {
      if (isInt[id]) return hi[id] === 0 && lo[id]! >= 0 ? String(lo[id]) : BigInt.asIntN(64, big(id)).toString();
      return decoder.decode(arena.subarray(offset[id]!, offset[id]! + length[id]!));
    },
    uint64(id) {
      return isInt[id] && hi[id]! >= 0 ? big(id) : undefined;
    },
  };
}

/** Checks that --original-keys can be honoured for this format and trace. */
export function checkOriginalKeys(keys: OriginalKeys, format: ExportFormat, absentRatio: number): void {
  if (absentRatio > 0) throw new ConfigError('--original-keys: absent keys (--absent-ratio) have no original key; export without one of them');
  if (format === 'oracle-general' && !keys.allUint64)
    throw new ConfigError('--original-keys: oracle-general keys are unsigned 64-bit integers, and this trace has string or negative keys; export as txt or csv');
}

/** What an export of this trace does not keep, one line each (empty when nothing is lost). */
export function exportLosses(index: TraceIndex, format: ExportFormat, original: boolean, timeUnit: string): string[] {
  const out: string[] = [];
  if (!original) out.push(`keys are renumbered: written as ids 0 .. ${(index.distinct - 1).toLocaleString('en-US')} in ascending order of the original keys (give --original-keys to keep them)`);
  if (format === 'txt') {
    if (index.format.hasTimes) out.push('timestamps are dropped: a txt trace has none (export as csv or oracle-general to keep them)');
  } else if (index.format.hasTimes) {
    out.push(
      `timestamps are written relative to the first request (${index.firstTime} ${index.format.timeUnit} is subtracted), times that go back are raised to the one before${format === 'oracle-general' ? `, and rounded down to whole ${timeUnit}` : ''}`,
    );
  } else {
    out.push(`the trace has no timestamps: times are the workload's arrival clock (${timeUnit === 's' ? 'seconds' : timeUnit}), not recorded ones`);
  }
  if (index.format.hasOps) out.push("operations are kept (an op column: read, write, delete; the trace's own names, get, set, cas..., become these three)");
  if (index.format.hasTtls) out.push(`TTLs are kept (a ttl_${timeUnit} column, 0 = none)`);
  if (index.totalBytes !== undefined) out.push(`object sizes are dropped${format === 'oracle-general' ? ' (every record has size 1)' : ''}`);
  if (index.skipped > 0) out.push(`${index.skipped.toLocaleString('en-US')} bad records were skipped`);
  return out;
}
