// Random small workloads and random parameters for any registered strategy, so contract and model
// tests cover every strategy, including ones added later, without edits.
import fc from 'fast-check';
import { ConfigError } from '../../src/core/errors.ts';
import { isScalar, type ParamDecl } from '../../src/core/param-decl.ts';
import { REFRESH } from '../../src/strategies/freshness/registry.ts';
import { TTI, TTL } from '../../src/strategies/freshness/ttl.ts';
import type { AnyStrategySpec } from '../../src/strategies/registry.ts';
import { declsArbitrary } from './param-arbitraries.ts';

export interface SmallWorkload {
  readonly sourceKeys: number;
  readonly keys: number[];
  readonly times: number[];
}

/** Keys in [0, 2 * sourceKeys): roughly a quarter absent; times non-decreasing with ties. */
export const smallWorkload: fc.Arbitrary<SmallWorkload> = fc
  .integer({ min: 1, max: 40 })
  .chain((sourceKeys) =>
    fc.record({
      sourceKeys: fc.constant(sourceKeys),
      keys: fc.array(fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: sourceKeys - 1 }) }, { weight: 1, arbitrary: fc.integer({ min: sourceKeys, max: 2 * sourceKeys - 1 }) }), {
        minLength: 0,
        maxLength: 250,
      }),
      gaps: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 40, noNaN: true })), { minLength: 250, maxLength: 250 }),
    }),
  )
  .map(({ sourceKeys, keys, gaps }) => {
    let t = 0;
    const times = keys.map((_, i) => (t += gaps[i]!));
    return { sourceKeys, keys, times };
  });

/**
 * Parameters refused in combination only: a duelling admission with a policy naming no victim, a
 * refresh part whose default needs a finite ttl (refreshAfter, swr) or that refreshes ahead of expiry (xfetch: ttl).
 */
const CROSS_CHECKED = new Set(['admission', 'refreshAfter', 'swr', 'ttl']);

/**
 * Random values for every parameter the spec declares (from the declarations: see param-arbitraries.ts),
 * validated; combinations the strategy refuses as a whole (CROSS_CHECKED) are left out.
 */
export function paramsFor(spec: AnyStrategySpec, sourceKeys: number, { freshness = true }: { readonly freshness?: boolean } = {}): fc.Arbitrary<Record<string, unknown>> {
  // Without freshness: no expiry, no refresh part (models that know nothing of time and versions).
  const off = freshness ? {} : Object.fromEntries([REFRESH, TTL, TTI].filter((d) => spec.params.some((p: ParamDecl) => p.name === d.name)).map((d) => [d.name, d === REFRESH ? 'none' : null]));
  return declsArbitrary(spec.params.filter(isScalar))
    .map((overrides) => {
      try {
        return spec.validate({ ...spec.defaults(sourceKeys), ...overrides, ...off }, `test ${spec.name}`) as Record<string, unknown>;
      } catch (e) {
        if (e instanceof ConfigError && e.field !== undefined && CROSS_CHECKED.has(e.field)) return undefined;
        throw e;
      }
    })
    .filter((p): p is Record<string, unknown> => p !== undefined);
}
