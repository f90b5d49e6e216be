// The `ttl` part: expiry after write (`ttl`, with an optional seeded `ttlJitter`) and after access
// (`tti`, time to idle), as Caffeine's expireAfterWrite / expireAfterAccess. Every freshness strategy
// has it (infinite by default); the refresh parts (./registry.ts) add reloads on top. Expiry is
// checked lazily when a key is read, as real caches do: an expired entry stays (and occupies space)
// until read (an expired miss) or evicted. A TTL carried by a trace's write record replaces `ttl` for
// that key from then on (Strategy.write's ttlMs; see KeyTtls).
import type { DurationDecl, Nullable, NumberDecl } from '../../core/param-decl.ts';
import type { Rng } from '../../core/types.ts';
import { createRng } from '../../core/rng.ts';
import { DIRECT_INDEX_MAX_KEYS } from '../stores/key-index.ts';

/** Longest duration a freshness parameter takes: 10 years of virtual time, in ms. */
export const MAX_DURATION_MS = 10 * 365 * 86_400_000;

/** "inf" (also infinite / never / none): no expiry; the engine reads it as undefined. */
export const INFINITE: Nullable = { means: 'never', word: 'inf', aliases: ['infinite', 'never'], resolve: () => undefined };

export const TTL: DurationDecl = {
  name: 'ttl',
  kind: 'duration',
  doc: 'expire an entry this long after it was written (filled, updated or reloaded); checked when read: an expired entry is a miss (expiredMisses)',
  unit: 'ms',
  default: null,
  defaultText: 'inf (no expiry)',
  min: 0,
  minExclusive: true,
  max: MAX_DURATION_MS,
  nullable: INFINITE,
  typical: [1000, 600_000],
};

export const TTL_JITTER: NumberDecl = {
  name: 'ttlJitter',
  kind: 'number',
  doc: "spread each entry's ttl uniformly over ttl x (1 +- ttlJitter) (seeded), so entries filled together do not expire together",
  default: 0,
  min: 0,
  max: 1,
};

export const TTI: DurationDecl = {
  name: 'tti',
  kind: 'duration',
  doc: 'time to idle: expire an entry not read (nor written) for this long',
  unit: 'ms',
  default: null,
  defaultText: 'inf (no idle expiry)',
  min: 0,
  minExclusive: true,
  max: MAX_DURATION_MS,
  nullable: INFINITE,
  typical: [1000, 600_000],
};

/** The expiry settings of one strategy, resolved (Infinity: none). */
export interface ExpirySettings {
  readonly ttlMs: number;
  readonly ttlJitter: number;
  readonly ttiMs: number;
}

/**
 * Each new entry's expiry time: now + the key's TTL (a trace's, else ttl) x (1 + ttlJitter x U(-1, 1)),
 * U from the strategy's own stream createRng(seed, 'ttl'). The jitter applies to a trace's TTL too.
 */
export class Expiry {
  private readonly rng: Rng | undefined;
  private readonly keyTtls: KeyTtls;

  constructor(
    private readonly s: ExpirySettings,
    seed: number,
    keySpace: number,
  ) {
    this.rng = s.ttlJitter > 0 ? createRng(seed, 'ttl') : undefined;
    this.keyTtls = new KeyTtls(keySpace);
  }

  /** Expiry time of `key` written at `now`; Infinity when it never expires. */
  at(key: number, now: number): number {
    const own = this.keyTtls.get(key);
    const ttl = own > 0 ? own : this.s.ttlMs;
    if (ttl === Infinity) return Infinity;
    return this.rng === undefined ? now + ttl : now + ttl * (1 + this.s.ttlJitter * (2 * this.rng.nextDouble() - 1));
  }

  /** A trace record's TTL for `key` (ms, > 0): replaces ttl for that key from now on. */
  setKeyTtl(key: number, ttlMs: number): void {
    this.keyTtls.set(key, ttlMs);
  }
}

/**
 * Per-key TTLs carried by trace records: none until the first one (most runs never allocate), then a
 * Float64Array over a dense key space or a Map above DIRECT_INDEX_MAX_KEYS. 0: none.
 */
class KeyTtls {
  private dense: Float64Array | undefined;
  private sparse: Map<number, number> | undefined;

  constructor(private readonly keySpace: number) {}

  get(key: number): number {
    if (this.dense !== undefined && key < this.dense.length) return this.dense[key]!;
    return this.sparse === undefined ? 0 : (this.sparse.get(key) ?? 0);
  }

  set(key: number, ttlMs: number): void {
    if (this.keySpace <= DIRECT_INDEX_MAX_KEYS && key < this.keySpace) {
      this.dense ??= new Float64Array(this.keySpace);
      this.dense[key] = ttlMs;
    } else {
      (this.sparse ??= new Map()).set(key, ttlMs);
    }
  }
}
