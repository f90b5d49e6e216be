import { integerParam, numberParam } from '../core/params.ts';
import type { ParamDoc } from '../core/types.ts';

/** Keys are capped below 2^31 so a key space with absent keys (2 x keys) fits a Uint32Array. */
export const MAX_KEYS = 2 ** 31 - 1;

export const KEYS_PARAM: ParamDoc = {
  name: 'keys',
  kind: 'integer',
  description: 'number of distinct keys the source holds (keys 0 .. keys-1)',
  default: '100000',
  allowed: `integer 1 .. ${MAX_KEYS}`,
};

/** Validates `keys`: an integer 1 .. MAX_KEYS. */
export function keysParam(raw: Record<string, unknown>, where: string): number {
  return integerParam(raw, 'keys', { min: 1, max: MAX_KEYS }, where);
}

/**
 * Largest Zipf exponent accepted. Beyond a few the distribution is all but a point mass on rank 1;
 * the sampler stays exact up to here (checked against the pmf in the tests).
 */
export const MAX_ALPHA = 100;

export function alphaDoc(defaultValue: string): ParamDoc {
  return {
    name: 'alpha',
    kind: 'number',
    description: 'Zipf exponent: P(rank k) ∝ k^-alpha (0 = uniform, ~1 = typical web/cache skew, larger = more skewed)',
    default: defaultValue,
    allowed: `number 0 .. ${MAX_ALPHA}`,
  };
}

export function alphaParam(raw: Record<string, unknown>, where: string): number {
  return numberParam(raw, 'alpha', { min: 0, max: MAX_ALPHA }, where);
}

export const SCRAMBLE_PARAM: ParamDoc = {
  name: 'scramble',
  kind: 'boolean',
  description: 'true: ranks map to keys through a seeded random permutation (hot keys scattered over the key space); false: rank 1 is key 0, rank 2 key 1, ...',
  default: 'true',
  allowed: 'true or false',
};

/** "100,000" */
export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/** 0.07 -> "7%" (without binary-fraction noise). */
export function pct(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(10))}%`;
}
