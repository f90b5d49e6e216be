// `refresh-ahead` (Caffeine's refreshAfterWrite): a read of an entry older than `refreshAfter` (since
// it was filled, updated or last reloaded) returns the cached value and starts one background reload;
// the entry is replaced when the reload completes, after the source call's modelled latency. As in
// Caffeine's BoundedLocalCache.refreshIfNeeded: strictly older (now - writeTime > refreshAfter), one
// reload per key in flight, and at completion the value is replaced only if the entry was not
// rewritten meanwhile (else discarded). An entry that expires first (hasExpired: now - writeTime >=
// expireAfterWrite) is an expired miss: a refresh never serves an expired value.
import { ConfigError } from '../../core/errors.ts';
import type { DurationDecl } from '../../core/param-decl.ts';
import type { RefreshPart, RefreshPartSpec } from './refresh-part.ts';
import { MAX_DURATION_MS } from './ttl.ts';

export const REFRESH_AFTER: DurationDecl = {
  name: 'refreshAfter',
  kind: 'duration',
  doc: 'refresh-ahead: a read of an entry written longer ago than this returns it and starts one background reload',
  unit: 'ms',
  default: null,
  defaultText: 'null (ttl / 2)',
  min: 0,
  minExclusive: true,
  max: MAX_DURATION_MS,
  nullable: { means: 'half the ttl', resolve: () => undefined },
  typical: [500, 300_000],
};

class RefreshAhead implements RefreshPart {
  readonly name = 'refresh-ahead';
  readonly watchesHits = true;
  readonly staleWindowMs = 0;
  readonly firstStepAt = Infinity;
  constructor(private readonly afterMs: number) {}
  shouldRefresh(now: number, loadedAt: number): boolean {
    return now - loadedAt > this.afterMs;
  }
}

const refreshAhead: RefreshPartSpec = {
  name: 'refresh-ahead',
  summary: "a read of an entry older than refreshAfter returns it and reloads it in the background (Caffeine's refreshAfterWrite)",
  params: [REFRESH_AFTER],
  check(p, ttlMs, where) {
    if (p.refreshAfter === undefined && ttlMs === Infinity) {
      throw ConfigError.at(where, 'refresh refresh-ahead needs a finite ttl (refreshAfter defaults to ttl / 2) or a refreshAfter of its own', REFRESH_AFTER.name);
    }
  },
  create: (ctx, p) => new RefreshAhead((p.refreshAfter as number | undefined) ?? ctx.ttlMs / 2),
};

export default refreshAhead;
