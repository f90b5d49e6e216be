// Random small workloads and random parameters for any registered strategy, so contract and model
// tests cover every strategy, including ones added later, without edits.
import fc from 'fast-check';
import type { AnyStrategySpec } from '../../src/strategies/registry.ts';

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

/** Random values for whichever of the shared parameters the spec takes. */
export function paramsFor(spec: AnyStrategySpec, sourceKeys: number): fc.Arbitrary<Record<string, unknown>> {
  const has = (n: string) => spec.params.some((p) => p.name === n);
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  if (has('capacity')) fields.capacity = fc.oneof(fc.integer({ min: 1, max: 50 }), fc.constant(undefined));
  if (has('threshold')) fields.threshold = fc.oneof(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.constantFrom(0.01, 0.25, 0.5, 1));
  if (has('batch')) fields.batch = fc.integer({ min: 1, max: 20 });
  if (has('window')) fields.window = fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 30 }));
  if (has('intervalMs')) fields.intervalMs = fc.oneof(fc.double({ min: 0.5, max: 100, noNaN: true }), fc.constantFrom(1, 10));
  return fc.record(fields).map((overrides) => spec.validate({ ...spec.defaults(sourceKeys), ...overrides }, `test ${spec.name}`) as Record<string, unknown>);
}
