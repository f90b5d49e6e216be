// Resolving which strategies run, with which parameters: preset defaults (some depend on the
// workload's key count), then flag overrides applied to every selected strategy that has the
// parameter. A flag that no selected strategy takes is an error, not silently ignored.
import { ConfigError } from '../core/errors.ts';
import { shownValue } from '../core/param-decl.ts';
import { strategySpec, type AnyStrategySpec } from '../strategies/registry.ts';
import { partsDeclaring } from '../strategies/presets/preset.ts';
import { EXPIRY_PARAMS, freshnessParamDecls, REFRESH } from '../strategies/freshness/registry.ts';

/** Freshness parameters every bundle takes, kept in its params only while they turn freshness on. */
const ALWAYS_FRESH = new Set([REFRESH, ...EXPIRY_PARAMS].map((d) => d.name));
import { strategiesTaking, strategyFlag, strategyParamDecl, takes } from '../strategies/strategy-param-index.ts';

export interface ResolvedStrategy {
  readonly name: string;
  readonly spec: AnyStrategySpec;
  /** Validated parameters (undefined capacity = unbounded). */
  readonly params: Readonly<Record<string, unknown>>;
}

const flagOf = (param: string) => `--${strategyFlag(param)}`;

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
      if (v !== undefined && takes(spec, k)) raw[k] = v;
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
  // Expiry and refresh flags apply to every strategy: one that cannot model them (opt) is refused, not left out silently.
  for (const d of freshnessParamDecls()) {
    if (overrides[d.name] === undefined) continue;
    const refusing = out.find((s) => !takes(s.spec, d.name));
    if (refusing !== undefined) {
      throw new ConfigError(
        `${flagOf(d.name)} applies to every strategy, but ${refusing.name} does not model expiry or refresh (it is the optimum of a source that never changes); leave ${refusing.name} out or drop ${flagOf(d.name)}`,
      );
    }
  }
  for (const [k, v] of Object.entries(overrides)) {
    // --ttl inf (or --refresh none) leaves freshness off, and its parameters out: not an error.
    if (v === undefined || ALWAYS_FRESH.has(k)) continue;
    if (!out.some((s) => takes(s.spec, k))) {
      const takers = strategiesTaking(k);
      throw new ConfigError(`${flagOf(k)} applies to none of the selected strategies (${names.join(', ')}); it applies to: ${takers.join(', ') || 'none'}`);
    }
    // A policy's or admission's own parameter is kept only by strategies using that part.
    if (!out.some((s) => Object.hasOwn(s.params, k))) {
      const owners = partsDeclaring(k);
      throw new ConfigError(
        `${flagOf(k)} is a parameter of ${owners.join(', ')}, which none of the selected strategies (${names.join(', ')}) uses; choose it with ${owners.map((o) => `--${o}`).join(' or ')}`,
      );
    }
  }
  return out;
}

/** Parameters as shown in reports: none as the declared null word ("unbounded" capacity), else null (a cumulative window). */
export function displayParams(params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k] = v === undefined ? shownValue(strategyParamDecl(k), v) : v;
  return out;
}
