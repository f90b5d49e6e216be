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
