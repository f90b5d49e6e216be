// Every parameter some registered strategy takes, looked up by name or by CLI flag. Derived from the
// strategies' declarations (registry.ts), so CLI flags, CSV columns, sweep grids and chart labels
// cover a parameter as soon as a strategy declares it.
import { flagOf, isScalar, type ParamDecl, type ScalarDecl } from '../core/param-decl.ts';
import { allStrategySpecs, type AnyStrategySpec } from './registry.ts';

/** Each parameter name once (its first declaration), in the order `allStrategySpecs` lists the strategies. */
export function strategyParamDecls(): readonly ScalarDecl[] {
  const out = new Map<string, ScalarDecl>();
  for (const s of allStrategySpecs()) for (const d of s.params) if (isScalar(d) && !out.has(d.name)) out.set(d.name, d);
  return [...out.values()];
}

export function strategyParamDecl(name: string): ScalarDecl | undefined {
  return strategyParamDecls().find((d) => d.name === name);
}

/** The parameter a CLI flag (without dashes) or a parameter name refers to: "interval" and "intervalMs" both give intervalMs. */
export function strategyParamByFlagOrName(given: string): ScalarDecl | undefined {
  return strategyParamDecls().find((d) => flagOf(d) === given) ?? strategyParamDecl(given);
}

/** The flag of a strategy parameter (without dashes); the name itself for a name no strategy declares. */
export function strategyFlag(name: string): string {
  const d = strategyParamDecl(name);
  return d === undefined ? name : flagOf(d);
}

/** The strategies that declare `name`. */
export function strategiesTaking(name: string): string[] {
  return allStrategySpecs()
    .filter((s) => takes(s, name))
    .map((s) => s.name);
}

export function takes(spec: AnyStrategySpec, name: string): boolean {
  return spec.params.some((p: ParamDecl) => p.name === name);
}
