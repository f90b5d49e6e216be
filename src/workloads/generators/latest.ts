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
import { declaredDefaults, validateDeclared, type ParamDecl } from '../../core/param-decl.ts';
import type { KeyGenerator, WorkloadSpec } from '../../core/types.ts';
import { ALPHA, earlierKeys, fmt, KEYS } from '../common-params.ts';
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

const PARAMS: readonly ParamDecl[] = [
  KEYS,
  ALPHA,
  {
    name: 'initialKeys',
    kind: 'integer',
    doc: 'keys already introduced at the first request (keys 0 .. initialKeys-1)',
    unit: 'keys',
    default: null,
    defaultText: '10% of keys (at least 1)',
    min: 1,
    max: earlierKeys,
    maxText: 'keys',
    nullable: { means: 'the default, 10% of keys', resolve: (earlier) => defaultInitialKeys(earlierKeys(earlier)) },
  },
  {
    name: 'newKeyEvery',
    kind: 'integer',
    doc: 'requests between introductions of the next key',
    unit: 'requests',
    default: null,
    defaultText: 'max(1, floor(requests / (keys - initialKeys + 1))): all keys introduced by the end',
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    nullable: { means: 'the default, all keys introduced by the end' },
  },
];

const latest: WorkloadSpec<LatestParams> = {
  name: 'latest',
  summary: 'keys introduced one by one over the run; requests Zipf-skewed toward the newest',
  params: PARAMS,
  defaults: declaredDefaults(PARAMS) as unknown as LatestParams,
  validate: (raw, where) => validateDeclared(PARAMS, raw, where) as unknown as LatestParams,
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
