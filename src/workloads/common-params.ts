import type { BooleanDecl, IntegerDecl, NumberDecl } from '../core/param-decl.ts';

/** Keys are capped below 2^31 so a key space with absent keys (2 x keys) fits a Uint32Array. */
export const MAX_KEYS = 2 ** 31 - 1;

export const KEYS: IntegerDecl = {
  name: 'keys',
  kind: 'integer',
  doc: 'number of distinct keys the source holds (keys 0 .. keys-1)',
  unit: 'keys',
  default: 100_000,
  min: 1,
  max: MAX_KEYS,
};

/** The `keys` validated before a parameter whose range depends on it. */
export const earlierKeys = (earlier: Readonly<Record<string, unknown>>): number => earlier.keys as number;

/**
 * Largest Zipf exponent accepted. Beyond a few the distribution is all but a point mass on rank 1;
 * the sampler stays exact up to here (checked against the pmf in the tests).
 */
export const MAX_ALPHA = 100;

export const ALPHA: NumberDecl = {
  name: 'alpha',
  kind: 'number',
  doc: 'Zipf exponent: P(rank k) ∝ k^-alpha (0 = uniform, ~1 = typical web/cache skew, larger = more skewed)',
  default: 0.99,
  min: 0,
  max: MAX_ALPHA,
};

export const SCRAMBLE: BooleanDecl = {
  name: 'scramble',
  kind: 'boolean',
  doc: 'true: ranks map to keys through a seeded random permutation (hot keys scattered over the key space); false: rank 1 is key 0, rank 2 key 1, ...',
  default: true,
};

/** The parameters several generators share: each is a workload flag (--keys, --alpha, --scramble). */
export const SHARED_WORKLOAD_PARAMS = [KEYS, ALPHA, SCRAMBLE] as const;

/** "100,000" */
export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/** 0.07 -> "7%" (without binary-fraction noise). */
export function pct(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(10))}%`;
}
