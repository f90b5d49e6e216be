// Object sizes: how many bytes each key's value holds, when a run counts bytes (a capacity in bytes
// or a fraction of the working set, byte hit ratio, bytes read from the source).
//
// Two kinds of sizes, one interface:
// - a trace's own sizes (oracleGeneral's size field, a csv size column): each key's size as first
//   seen in the trace, and every request's size as recorded (see traces/decoded-trace.ts);
// - a seeded per-key distribution (fixed, uniform, lognormal, pareto), for synthetic workloads or a
//   trace without sizes. A key's size is a pure function of (seed, key): computed when asked, so
//   memory follows the keys used, never the key space, and a key's size never changes within a run.
//
// The per-key draw hashes (seed, key) into a uniform in (0, 1) and inverts the distribution's CDF.
// A stateless hash rather than a PRNG stream: a stream would have to be consumed in key order (or
// stored per key) to give the same size whichever requests come first.
import { ConfigError } from './errors.ts';
import type { ParamDecl } from './param-decl.ts';
import { validateDeclared } from './param-decl.ts';
import { deriveSeed } from './rng.ts';
import type { Key, ObjectSizes } from './types.ts';
import { normalQuantileApprox } from '../stats/normal.ts';

/** Largest object size (bytes, 2^31-1: policies keep sizes in Int32Arrays). A larger recorded size is clamped to it. */
export const MAX_OBJECT_SIZE = 0x7fff_ffff;

export const SIZE_DISTRIBUTIONS = ['auto', 'fixed', 'uniform', 'lognormal', 'pareto'] as const;
export type SizeDistribution = (typeof SIZE_DISTRIBUTIONS)[number];

/** The workload fields that choose object sizes, declared once (every workload has them). */
export const SIZE_PARAMS: readonly ParamDecl[] = [
  {
    name: 'sizes',
    kind: 'choice',
    choices: SIZE_DISTRIBUTIONS,
    default: 'auto',
    doc: "object sizes: auto = a trace's own (oracleGeneral size field, csv size column), else none (objects count 1); or a seeded per-key distribution",
  },
  { name: 'sizeBytes', kind: 'integer', default: 4096, min: 1, max: MAX_OBJECT_SIZE, unit: 'bytes', doc: 'sizes fixed: every object; lognormal: the median' },
  {
    name: 'sizeMin',
    kind: 'integer',
    default: 1,
    min: 1,
    max: MAX_OBJECT_SIZE,
    unit: 'bytes',
    doc: 'sizes uniform: the smallest; pareto: the scale (smallest); lognormal: sizes below are raised to it',
  },
  { name: 'sizeMax', kind: 'integer', default: 1_048_576, min: 1, max: MAX_OBJECT_SIZE, unit: 'bytes', doc: 'sizes uniform: the largest; lognormal and pareto: sizes above are lowered to it' },
  { name: 'sizeSigma', kind: 'number', default: 1, min: 0, max: 10, doc: 'sizes lognormal: sigma of the log of the size' },
  { name: 'sizeAlpha', kind: 'number', default: 1.5, min: 0, minExclusive: true, max: 100, doc: 'sizes pareto: the shape (smaller = heavier tail)' },
];

export interface SizeParams {
  readonly sizes: SizeDistribution;
  readonly sizeBytes: number;
  readonly sizeMin: number;
  readonly sizeMax: number;
  readonly sizeSigma: number;
  readonly sizeAlpha: number;
}

export const SIZE_DEFAULTS: SizeParams = Object.freeze(Object.fromEntries(SIZE_PARAMS.map((d) => [d.name, d.default])) as unknown as SizeParams);

/** Validates the size fields of a workload (missing ones take their defaults). */
export function validateSizeParams(raw: Record<string, unknown>, where: string): SizeParams {
  const p = validateDeclared(SIZE_PARAMS, raw, where) as unknown as SizeParams;
  if (p.sizeMin > p.sizeMax) throw ConfigError.at(where, `"sizeMin" is ${p.sizeMin}, above "sizeMax" ${p.sizeMax}; allowed: sizeMin <= sizeMax`, 'sizeMin');
  return p;
}

/** Whether the size fields differ from their defaults (reports and descriptions show them only then). */
export function sizesGiven(p: SizeParams): boolean {
  return p.sizes !== 'auto';
}

export type { ObjectSizes };

/** A trace's sizes: each key's size as first seen, from a table indexed by key id. */
export class TableSizes implements ObjectSizes {
  constructor(
    readonly table: Uint32Array,
    readonly description: string,
  ) {}
  sizeOf(key: Key): number {
    return this.table[key]!;
  }
}

/** A 32-bit hash of (salt, key): murmur3's finaliser over both (a bijection of the key for a fixed salt). */
function mix(salt: number, key: number): number {
  let h = (key ^ salt) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ salt, 0x9e3779b1);
  h ^= h >>> 15;
  return h >>> 0;
}

/** A uniform in (0, 1), never 0 or 1 (so every inverse CDF is finite). */
const unit = (h: number) => (h + 0.5) / 4294967296;

/** Slots of the memo in front of a costly size function (a logarithm, a power): 512 KiB, whatever the key space. */
const MEMO_SLOTS = 1 << 16;

/**
 * `size` behind a direct-mapped memo of the last key seen in each slot: hot keys (most requests,
 * under any skew) cost an array read instead of a logarithm. Fixed memory; a pure function either way.
 */
function memoized(size: (key: Key) => number): (key: Key) => number {
  const keys = new Int32Array(MEMO_SLOTS).fill(-1);
  const sizes = new Uint32Array(MEMO_SLOTS);
  const mask = MEMO_SLOTS - 1;
  return (key) => {
    const i = key & mask;
    if (keys[i] === key) return sizes[i]!;
    const s = size(key);
    keys[i] = key;
    sizes[i] = s;
    return s;
  };
}

/** A seeded per-key distribution. */
export class DistributionSizes implements ObjectSizes {
  readonly description: string;
  private readonly salt: number;
  readonly sizeOf: (key: Key) => number;

  constructor(p: SizeParams, seed: number) {
    this.salt = deriveSeed(seed, 'sizes') >>> 0;
    const salt = this.salt;
    const { sizeBytes, sizeMin: lo, sizeMax: hi, sizeSigma: sigma, sizeAlpha: alpha } = p;
    const clamp = (x: number) => (x < lo ? lo : x > hi ? hi : x);
    switch (p.sizes) {
      case 'fixed':
        this.description = `every object ${sizeBytes.toLocaleString('en-US')} bytes`;
        this.sizeOf = () => sizeBytes;
        break;
      case 'uniform': {
        const span = hi - lo + 1;
        this.description = `uniform ${lo.toLocaleString('en-US')} .. ${hi.toLocaleString('en-US')} bytes per key (seeded)`;
        this.sizeOf = (key) => lo + Math.floor(unit(mix(salt, key)) * span);
        break;
      }
      case 'lognormal':
        this.description = `lognormal per key, median ${sizeBytes.toLocaleString('en-US')} bytes, sigma ${sigma}, within ${lo.toLocaleString('en-US')} .. ${hi.toLocaleString('en-US')} (seeded)`;
        this.sizeOf = memoized((key) => clamp(Math.round(sizeBytes * Math.exp(sigma * normalQuantileApprox(unit(mix(salt, key)))))));
        break;
      case 'pareto': {
        const inverseAlpha = 1 / alpha;
        this.description = `pareto per key, scale ${lo.toLocaleString('en-US')} bytes, shape ${alpha}, at most ${hi.toLocaleString('en-US')} (seeded)`;
        this.sizeOf = memoized((key) => clamp(Math.floor(lo / Math.pow(unit(mix(salt, key)), inverseAlpha))));
        break;
      }
      default:
        throw new Error(`object sizes: ${p.sizes} is not a distribution`);
    }
  }
}

/** The sizes a workload's size fields ask for, or undefined for `auto` (the stream's own, if any). */
export function distributionSizes(p: SizeParams, seed: number): ObjectSizes | undefined {
  return p.sizes === 'auto' ? undefined : new DistributionSizes(p, seed);
}

/** Sum of the sizes of keys [0, keys): the working set in bytes (O(keys), computed once per run when a capacity asks for it). */
export function workingSetBytes(sizes: ObjectSizes, keys: number): number {
  if (sizes instanceof TableSizes) {
    let sum = 0;
    const t = sizes.table;
    for (let i = 0; i < keys; i++) sum += t[i]!;
    return sum;
  }
  let sum = 0;
  for (let k = 0; k < keys; k++) sum += sizes.sizeOf(k);
  return sum;
}

/** Working-set bytes per ObjectSizes: computed once however many strategies ask. */
const workingSets = new WeakMap<ObjectSizes, { keys: number; bytes: number }>();

export function workingSetOf(sizes: ObjectSizes, sourceKeys: number): number {
  const known = workingSets.get(sizes);
  if (known !== undefined && known.keys === sourceKeys) return known.bytes;
  const bytes = workingSetBytes(sizes, sourceKeys);
  workingSets.set(sizes, { keys: sourceKeys, bytes });
  return bytes;
}

/** A recorded size as kept: at least 1 (a policy holds nothing smaller), at most MAX_OBJECT_SIZE. */
export function recordedSize(size: number): number {
  return size < 1 ? 1 : size > MAX_OBJECT_SIZE ? MAX_OBJECT_SIZE : size;
}
