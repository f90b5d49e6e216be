// A cyclic sequential scan: request i (0-based) is key (start + (i mod length)) mod keys, i.e.
// start, start+1, ..., start+length-1 (wrapping past keys-1 to 0), then again from start.
// Deterministic: uses no randomness. A loop longer than an LRU cache makes LRU miss on every request.
import { declaredDefaults, validateDeclared, type ParamDecl } from '../../core/param-decl.ts';
import type { KeyGenerator, WorkloadSpec } from '../../core/types.ts';
import { earlierKeys, fmt, KEYS } from '../common-params.ts';

export interface ScanParams {
  readonly keys: number;
  /** Keys in one loop; null (only before validation) means all keys. */
  readonly length: number | null;
  readonly start: number;
}

class Scan implements KeyGenerator {
  private readonly keys: number;
  private readonly start: number;
  private readonly length: number;
  /** Position within the loop, 0 .. length-1. */
  private i = 0;
  constructor(keys: number, start: number, length: number) {
    this.keys = keys;
    this.start = start;
    this.length = length;
  }
  next(): number {
    let k = this.start + this.i;
    if (k >= this.keys) k -= this.keys; // start < keys and i < length <= keys: one subtraction wraps
    if (++this.i === this.length) this.i = 0;
    return k;
  }
}

const PARAMS: readonly ParamDecl[] = [
  KEYS,
  {
    name: 'length',
    kind: 'integer',
    doc: 'keys in one loop: start, start+1, ..., start+length-1 (modulo keys), then again',
    unit: 'keys',
    default: null,
    defaultText: 'keys',
    min: 1,
    max: earlierKeys,
    maxText: 'keys',
    nullable: { means: 'all keys', resolve: earlierKeys },
  },
  {
    name: 'start',
    kind: 'integer',
    doc: 'first key of the loop; the loop wraps from keys-1 to 0',
    default: 0,
    min: 0,
    max: (earlier) => earlierKeys(earlier) - 1,
    maxText: 'keys-1',
  },
];

const scan: WorkloadSpec<ScanParams> = {
  name: 'scan',
  summary: 'a sequential loop over `length` keys from `start`, repeated: the LRU-killer',
  params: PARAMS,
  defaults: declaredDefaults(PARAMS) as unknown as ScanParams,
  validate: (raw, where) => validateDeclared(PARAMS, raw, where) as unknown as ScanParams,
  keys: (p) => p.keys,
  createGenerator(p) {
    return new Scan(p.keys, p.start, p.length ?? p.keys);
  },
  describe: (p) => {
    const length = p.length ?? p.keys;
    return `scan: loop over ${fmt(length)} of ${fmt(p.keys)} keys from key ${fmt(p.start)}`;
  },
};

export default scan;
