// Random small workloads and random parameters for any registered strategy, so contract and model
// tests cover every strategy, including ones added later, without edits.
import fc from 'fast-check';
import { ConfigError } from '../../src/core/errors.ts';
import { isScalar } from '../../src/core/param-decl.ts';
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
 * Random values for every parameter the spec declares (from the declarations: see param-arbitraries.ts),
 * validated; combinations the strategy refuses as a whole (tinylfu admission with a policy that does
 * not name its victim) are left out.
 */
export function paramsFor(spec: AnyStrategySpec, sourceKeys: number): fc.Arbitrary<Record<string, unknown>> {
  return declsArbitrary(spec.params.filter(isScalar))
    .map((overrides) => {
      try {
        return spec.validate({ ...spec.defaults(sourceKeys), ...overrides }, `test ${spec.name}`) as Record<string, unknown>;
      } catch (e) {
        if (e instanceof ConfigError && e.field === 'admission') return undefined;
        throw e;
      }
    })
    .filter((p): p is Record<string, unknown> => p !== undefined);
}
