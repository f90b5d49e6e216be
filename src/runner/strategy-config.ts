// Resolving which strategies run, with which parameters: preset defaults (some depend on the
// workload's key count), then flag overrides applied to every selected strategy that has the
// parameter. A flag that no selected strategy takes is an error, not silently ignored.
import { ConfigError } from '../core/errors.ts';
import { allStrategySpecs, strategySpec, type AnyStrategySpec } from '../strategies/registry.ts';

export interface ResolvedStrategy {
  readonly name: string;
  readonly spec: AnyStrategySpec;
  /** Validated parameters (undefined capacity = unbounded). */
  readonly params: Readonly<Record<string, unknown>>;
}

/** The CLI flag that sets a strategy parameter (most are the same name). */
export const FLAG_FOR_PARAM: Readonly<Record<string, string>> = { intervalMs: 'interval', maxRequests: 'opt-max-requests' };
const flagOf = (param: string) => `--${FLAG_FOR_PARAM[param] ?? param}`;

export function resolveStrategies(names: readonly string[], overrides: Readonly<Record<string, unknown>>, sourceKeys: number): ResolvedStrategy[] {
  if (names.length === 0) throw new ConfigError('--strategies: give at least one strategy');
  const seen = new Set<string>();
  const out: ResolvedStrategy[] = [];
  for (const name of names) {
    if (seen.has(name)) throw new ConfigError(`--strategies: ${JSON.stringify(name)} is listed twice`);
    seen.add(name);
    const spec = strategySpec(name, '--strategies');
    const raw: Record<string, unknown> = { ...spec.defaults(sourceKeys) };
    for (const [k, v] of Object.entries(overrides)) {
      if (v !== undefined && spec.params.some((p) => p.name === k)) raw[k] = v;
    }
    let params: Readonly<Record<string, unknown>>;
    try {
      params = Object.freeze(spec.validate(raw, `strategy ${name}`) as Record<string, unknown>);
    } catch (e) {
      // A bad value that came from a flag is reported against the flag.
      if (e instanceof ConfigError && e.field !== undefined && Object.hasOwn(overrides, e.field) && overrides[e.field] !== undefined) {
        throw e.relocated(flagOf(e.field));
      }
      throw e;
    }
    out.push(Object.freeze({ name, spec, params }));
  }
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) continue;
    if (!out.some((s) => s.spec.params.some((p) => p.name === k))) {
      const takers = allStrategySpecs()
        .filter((s) => s.params.some((p) => p.name === k))
        .map((s) => s.name);
      throw new ConfigError(`${flagOf(k)} applies to none of the selected strategies (${names.join(', ')}); it applies to: ${takers.join(', ') || 'none'}`);
    }
  }
  return out;
}

/** Parameters as shown in reports: undefined capacity becomes "unbounded", undefined window null. */
export function displayParams(params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k] = v === undefined ? (k === 'capacity' ? 'unbounded' : null) : v;
  return out;
}
