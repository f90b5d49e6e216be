// `xfetch`: probabilistic early recomputation (Vattani, Chierichetti, Lowenstein, "Optimal
// Probabilistic Cache Stampede Prevention", PVLDB 8(8), 2015). On each hit of an unexpired entry with
// no reload in flight, draw u = 1 - U[0, 1) in (0, 1] and reload in the background when
// now - Δ·β·ln(u) >= expiry, Δ the modelled latency (ms) of the source call that loaded the entry,
// β = xfetchBeta (> 1 favours earlier refreshes). Seeded: each strategy draws from
// createRng(seed, 'xfetch'), so runs repeat exactly.
import { ConfigError } from '../../core/errors.ts';
import type { NumberDecl } from '../../core/param-decl.ts';
import { createRng } from '../../core/rng.ts';
import type { Rng } from '../../core/types.ts';
import type { RefreshPart, RefreshPartSpec } from './refresh-part.ts';
import { TTL } from './ttl.ts';

export const XFETCH_BETA: NumberDecl = {
  name: 'xfetchBeta',
  kind: 'number',
  doc: "xfetch: β of the early-refresh test now - Δ·β·ln(u) >= expiry (1: the paper's optimum; larger refreshes earlier)",
  default: 1,
  min: 0,
  minExclusive: true,
  max: 1000,
  typical: [0.5, 4],
};

class XFetch implements RefreshPart {
  readonly name = 'xfetch';
  readonly watchesHits = true;
  readonly staleWindowMs = 0;
  readonly firstStepAt = Infinity;
  constructor(
    private readonly beta: number,
    private readonly rng: Rng,
  ) {}
  shouldRefresh(now: number, _loadedAt: number, expiresAt: number, deltaMs: number): boolean {
    const u = 1 - this.rng.nextDouble();
    return now - deltaMs * this.beta * Math.log(u) >= expiresAt;
  }
}

const xfetch: RefreshPartSpec = {
  name: 'xfetch',
  summary: 'each hit reloads early with probability rising towards expiry: now - Δ·β·ln(u) >= expiry (Vattani et al., PVLDB 2015)',
  params: [XFETCH_BETA],
  check(_p, ttlMs, where) {
    if (ttlMs === Infinity) throw ConfigError.at(where, 'refresh xfetch refreshes ahead of expiry: give a finite ttl', TTL.name);
  },
  create: (ctx, p) => new XFetch(p.xfetchBeta as number, createRng(ctx.seed, 'xfetch')),
};

export default xfetch;
