// `swr` (stale-while-revalidate, RFC 5861; lru-cache's allowStale with a fetchMethod): a read of an
// expired entry within `swr` after its expiry is served the stale value (a hit, counted in
// revalidations) and starts one background reload if none is in flight; past the window it is an
// ordinary expired miss. The window counts from the entry's expiry (after write, or after access
// with tti). Default window: half the ttl (a choice: HTTP leaves it to each response).
import { ConfigError } from '../../core/errors.ts';
import type { DurationDecl } from '../../core/param-decl.ts';
import type { RefreshPart, RefreshPartSpec } from './refresh-part.ts';
import { MAX_DURATION_MS } from './ttl.ts';

export const SWR: DurationDecl = {
  name: 'swr',
  kind: 'duration',
  doc: 'stale-while-revalidate: how long after expiry a read is still served the stale value while one background reload runs',
  unit: 'ms',
  default: null,
  defaultText: 'null (ttl / 2)',
  min: 0,
  minExclusive: true,
  max: MAX_DURATION_MS,
  nullable: { means: 'half the ttl', resolve: () => undefined },
  typical: [500, 300_000],
};

class StaleWhileRevalidate implements RefreshPart {
  readonly name = 'swr';
  readonly watchesHits = false;
  readonly firstStepAt = Infinity;
  constructor(readonly staleWindowMs: number) {}
  shouldRefresh(): boolean {
    return false;
  }
}

const swr: RefreshPartSpec = {
  name: 'swr',
  aliases: ['stale-while-revalidate'],
  summary: 'after expiry, serve the stale value for up to swr while one background reload runs; past it, a miss',
  params: [SWR],
  check(p, ttlMs, where) {
    if (p.swr === undefined && ttlMs === Infinity) throw ConfigError.at(where, 'refresh swr needs a finite ttl (swr defaults to ttl / 2) or an swr window of its own', SWR.name);
  },
  create: (ctx, p) => new StaleWhileRevalidate((p.swr as number | undefined) ?? ctx.ttlMs / 2),
};

export default swr;
