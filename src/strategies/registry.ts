// Discovers every strategy preset in ./presets/ (one file each, default-exporting a StrategySpec),
// so adding a strategy is adding one file; the contract tests then cover it.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../core/errors.ts';
import type { StrategySpec } from '../core/types.ts';
import { didYouMean } from '../core/suggest.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStrategySpec = StrategySpec<any>;

const dir = new URL('./presets/', import.meta.url);
const specs = new Map<string, AnyStrategySpec>();
for (const file of readdirSync(fileURLToPath(dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('_')).sort()) {
  const mod = (await import(new URL(file, dir).href)) as { default?: AnyStrategySpec };
  const spec = mod.default;
  if (!spec || typeof spec.create !== 'function') throw new Error(`src/strategies/presets/${file} must default-export a StrategySpec`);
  if (specs.has(spec.name)) throw new Error(`strategy "${spec.name}" is defined twice`);
  specs.set(spec.name, spec);
}

/** Presets in the order reports show them: the four from the reference first, then the rest. */
const FIRST = ['none', 'threshold', 'lru-backfill', 'time-based'];

export function allStrategySpecs(): readonly AnyStrategySpec[] {
  const rank = (n: string) => (FIRST.includes(n) ? FIRST.indexOf(n) : FIRST.length);
  return [...specs.values()].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

export function strategySpec(name: string, where = 'strategy'): AnyStrategySpec {
  const spec = specs.get(name);
  if (!spec) {
    const known = allStrategySpecs().map((s) => s.name);
    throw new ConfigError(`${where}: unknown strategy ${JSON.stringify(name)}${didYouMean(name, known)}; known: ${known.join(', ')}`);
  }
  return spec;
}

/** The default set for `bench`: the four strategies of the reference design. */
export const DEFAULT_STRATEGIES: readonly string[] = FIRST;
