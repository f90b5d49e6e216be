// Recency skew (YCSB "latest"-like, but with an exact Zipf): keys are introduced in order 0, 1, 2, ...
// and requests favour the newest ones.
//
// Request i (0-based) sees n_i = min(keys, initialKeys + floor(i / newKeyEvery)) introduced keys
// (keys 0 .. n_i - 1). It draws a rank r from Zipf(n_i, alpha) and requests key n_i - r: the newest
// key (n_i - 1) is rank 1, the hottest; the oldest key (0) is rank n_i, the coldest.
// Zipf(n, alpha) is exactly Zipf(keys, alpha) conditioned on r <= n; the sampler draws it directly
// (ZipfSampler.setN) rather than by rejecting r > n, which would waste draws while n is small.
//
// newKeyEvery defaults to max(1, floor(requests / (keys - initialKeys + 1))), so that all keys have
// been introduced before the last request.
import { optionalIntegerParam } from '../../core/params.ts';
import type { KeyGenerator, WorkloadSpec } from '../../core/types.ts';
import { alphaDoc, alphaParam, fmt, KEYS_PARAM, keysParam } from '../common-params.ts';
import { ZipfSampler } from '../zipf-sampler.ts';

export interface LatestParams {
  readonly keys: number;
  readonly alpha: number;
  /** Keys introduced before the first request; null (only before validation) means 10% of keys. */
  readonly initialKeys: number | null;
  /** Requests between introductions of new keys; null means derived from `requests`. */
  readonly newKeyEvery: number | null;
}

export function defaultInitialKeys(keys: number): number {
  return Math.max(1, Math.floor(keys / 10));
}

/** newKeyEvery when not given: all keys introduced by the end of `requests` requests. */
export function defaultNewKeyEvery(keys: number, initialKeys: number, requests: number): number {
  return Math.max(1, Math.floor(requests / (keys - initialKeys + 1)));
}

class Latest implements KeyGenerator {
  private readonly sampler: ZipfSampler;
  private readonly keys: number;
  private readonly every: number;
  /** Keys introduced so far. */
  private n: number;
  /** Requests served since the last introduction. */
  private since = 0;
  constructor(sampler: ZipfSampler, keys: number, initialKeys: number, every: number) {
    this.sampler = sampler;
    this.keys = keys;
    this.n = initialKeys;
    this.every = every;
  }
  next(): number {
    const key = this.n - this.sampler.sample();
    if (++this.since === this.every) {
      this.since = 0;
      if (this.n < this.keys) this.sampler.setN(++this.n);
    }
    return key;
  }
}

const latest: WorkloadSpec<LatestParams> = {
  name: 'latest',
  summary: 'keys introduced one by one over the run; requests Zipf-skewed toward the newest',
  params: [
    KEYS_PARAM,
    alphaDoc('0.99'),
    {
      name: 'initialKeys',
      kind: 'integer',
      description: 'keys already introduced at the first request (keys 0 .. initialKeys-1)',
      default: '10% of keys (at least 1)',
      allowed: 'integer 1 .. keys',
    },
    {
      name: 'newKeyEvery',
      kind: 'integer',
      description: 'requests between introductions of the next key',
      default: 'max(1, floor(requests / (keys - initialKeys + 1))): all keys introduced by the end',
      allowed: 'integer >= 1 (or null for the default)',
    },
  ],
  defaults: { keys: 100_000, alpha: 0.99, initialKeys: null, newKeyEvery: null },
  validate(raw, where) {
    const keys = keysParam(raw, where);
    return {
      keys,
      alpha: alphaParam(raw, where),
      initialKeys: optionalIntegerParam(raw, 'initialKeys', { min: 1, max: keys }, where) ?? defaultInitialKeys(keys),
      newKeyEvery: optionalIntegerParam(raw, 'newKeyEvery', { min: 1 }, where) ?? null,
    };
  },
  keys: (p) => p.keys,
  createGenerator(p, rng, requests) {
    const initialKeys = p.initialKeys ?? defaultInitialKeys(p.keys);
    const every = p.newKeyEvery ?? defaultNewKeyEvery(p.keys, initialKeys, requests);
    return new Latest(new ZipfSampler(initialKeys, p.alpha, rng), p.keys, initialKeys, every);
  },
  describe: (p) => {
    const initialKeys = p.initialKeys ?? defaultInitialKeys(p.keys);
    const every = p.newKeyEvery === null ? 'spread over the run' : `every ${fmt(p.newKeyEvery)} requests`;
    return `latest: zipf alpha=${p.alpha} toward the newest of ${fmt(p.keys)} keys, ${fmt(initialKeys)} at start, a new key ${every}`;
  },
};

export default latest;
