// The refresh axis of a freshness strategy (issue 14, design §9): what, besides a demand miss, reloads
// a cached key. A part only decides; FreshCacheStrategy (fresh-cache-strategy.ts) keeps the entries'
// metadata, runs the reloads through source.refresh and counts. One file per part, registered by one
// line in ./registry.ts; the expiry itself (ttl, ttlJitter, tti: ./ttl.ts) is no part, every
// freshness strategy has it. The strategy calls these methods from one class, so each call site
// sees the parts of one run only.
import type { ParamDecl } from '../../core/param-decl.ts';

export interface RefreshPart {
  readonly name: string;
  /** Hit of a non-expired entry with no reload in flight: start a background reload now? (refresh-ahead, xfetch) */
  readonly watchesHits: boolean;
  /**
   * Asked on such a hit when watchesHits: `loadedAt` when the value entered the cache (fill, update
   * write or reload completion), `expiresAt` its expiry (Infinity: none), `deltaMs` the modelled
   * latency of the source call that loaded it.
   */
  shouldRefresh(now: number, loadedAt: number, expiresAt: number, deltaMs: number): boolean;
  /** How long after expiry a stale value may still be served while one reload runs (swr); 0: none. */
  readonly staleWindowMs: number;
  /** Timer-driven parts (bulk-refresh): first time (Infinity: none); step() picks keys to reload at `now`. */
  readonly firstStepAt: number;
  /** Writes up to out.length keys to reload into out; n of them, and the next step's time (Infinity: none). */
  step?(now: number, view: FreshView, out: Uint32Array): { readonly n: number; readonly nextAt: number };
}

/** What a timer-driven part may read of the cache (fresh-core provides it). */
export interface FreshView {
  /** Visits every cached key with no reload in flight, with its expiry time (ms) (O(size)). */
  forEachCached(visit: (key: number, expiresAt: number) => void): void;
  /** A key's expiry time (ms; Infinity: never), or NaN when it is not cached or a reload of it is in flight. */
  reloadableExpiry(key: number): number;
  /** The selection's rank of a cached key, higher = hotter (hottest's counts), or undefined if it has none. */
  hotness?(key: number): number;
}

/** What a part is built from: the strategy's seed (a part drawing random numbers derives its own stream) and resolved ttl. */
export interface RefreshPartContext {
  readonly seed: number;
  /** The strategy's ttl in ms (Infinity: none). */
  readonly ttlMs: number;
  readonly sourceKeys: number;
  readonly keySpace: number;
}

/** A registry entry: the part's name as `refresh` takes it, its parameters (declared once, in its file) and its factory. */
export interface RefreshPartSpec {
  readonly name: string;
  /** Other names `refresh` accepts for it (stale-while-revalidate for swr). */
  readonly aliases?: readonly string[];
  readonly summary: string;
  readonly params: readonly ParamDecl[];
  /**
   * Cross-parameter checks once every freshness parameter is validated (refreshAfter needs a finite
   * ttl or a value of its own); throws ConfigError at `where`.
   */
  check?(p: Readonly<Record<string, unknown>>, ttlMs: number, where: string): void;
  create(ctx: RefreshPartContext, p: Readonly<Record<string, unknown>>): RefreshPart;
}
