// Random values for any declared parameter, from its declaration alone (kind, range, typical values,
// nullable): a parameter added to any part is covered by the contract and model tests without edits.
import fc from 'fast-check';
import type { ScalarDecl } from '../../src/core/param-decl.ts';

/** Values a test draws from: the declared typical range, else the declared range capped near its low end. */
function range(d: { readonly min: number; readonly max: unknown; readonly typical?: readonly [number, number] }, span: number): [number, number] {
  if (d.typical) return [d.typical[0], d.typical[1]];
  const max = typeof d.max === 'number' ? d.max : d.min + span;
  return [d.min, Math.min(max, d.min + span)];
}

/**
 * An arbitrary of valid raw values of `d`: what a user could write in a file or on the command line.
 * A size is a count unless `sizeForms` (then also shares "37%", unless the size takes none, and byte sizes "2KiB"): shares and
 * bytes are resolved against the workload by the runner, which tests that call a spec directly skip.
 */
export function declArbitrary(d: ScalarDecl, { sizeForms = false }: { readonly sizeForms?: boolean } = {}): fc.Arbitrary<unknown> {
  let arb: fc.Arbitrary<unknown>;
  switch (d.kind) {
    case 'integer': {
      const [lo, hi] = range(d, 1000);
      arb = fc.integer({ min: lo, max: hi });
      break;
    }
    case 'number': {
      const [lo, hi] = range(d, 1000);
      const edges = [...(d.minExclusive || lo !== d.min ? [] : [lo]), hi];
      arb = fc.oneof(fc.double({ min: lo, max: hi, noNaN: true, minExcluded: d.minExclusive === true && lo === d.min }), fc.constantFrom(...edges));
      break;
    }
    case 'boolean':
      arb = fc.boolean();
      break;
    case 'choice':
      arb = fc.constantFrom(...d.choices);
      break;
    case 'size': {
      const [lo, hi] = range(d, 1000);
      const count = fc.integer({ min: lo, max: hi });
      const bytes = fc.integer({ min: 1, max: 64 }).map((k) => `${k}KiB`);
      arb = sizeForms
        ? d.noShare
          ? fc.oneof(count, bytes)
          : fc.oneof(
              count,
              fc.integer({ min: 1, max: 100 }).map((p) => `${p}%`),
              bytes,
            )
        : count;
      break;
    }
    case 'duration': {
      // Milliseconds as a number, or whole seconds with a unit, within the declared range.
      const [lo, hi] = range(d, 1000);
      const ms = fc.integer({ min: Math.ceil(lo) + (d.minExclusive && Math.ceil(lo) === d.min ? 1 : 0), max: Math.floor(hi) });
      const s0 = Math.max(1, Math.ceil(lo / 1000));
      arb =
        s0 * 1000 <= hi
          ? fc.oneof(
              ms,
              fc.integer({ min: s0, max: Math.floor(hi / 1000) }).map((v) => `${v}s`),
            )
          : ms;
      break;
    }
  }
  return d.nullable ? fc.oneof(arb, fc.constant(null)) : arb;
}

/** A record of random raw values for every declaration. */
export function declsArbitrary(decls: readonly ScalarDecl[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(Object.fromEntries(decls.map((d) => [d.name, declArbitrary(d)])));
}
