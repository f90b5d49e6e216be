// Every strategy preset, registered by one import and one line below (one file each in ./presets/,
// default-exporting a StrategySpec); the contract tests then cover it. An explicit list rather than a
// directory scan: greppable, no top-level await, and the same from the compiled dist/.
import { ConfigError } from '../core/errors.ts';
import type { StrategySpec } from '../core/types.ts';
import { didYouMean } from '../core/suggest.ts';
import lruBackfill from './presets/lru-backfill.ts';
import none from './presets/none.ts';
import opt from './presets/opt.ts';
import threshold from './presets/threshold.ts';
import timeBased from './presets/time-based.ts';
import warmUp from './presets/warm-up.ts';
import ttl from './presets/ttl.ts';
import refreshAhead from './presets/refresh-ahead.ts';
import swr from './presets/swr.ts';
import xfetch from './presets/xfetch.ts';
import bulkRefresh from './presets/bulk-refresh.ts';
import { composedSpec } from './presets/preset.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStrategySpec = StrategySpec<any>;

const specs = new Map<string, AnyStrategySpec>();
function register(spec: AnyStrategySpec): void {
  if (specs.has(spec.name)) throw new Error(`strategy "${spec.name}" is registered twice`);
  specs.set(spec.name, spec);
}

register(none);
register(threshold);
register(lruBackfill);
register(timeBased);
register(opt);
register(warmUp);
register(ttl);
register(refreshAhead);
register(swr);
register(xfetch);
register(bulkRefresh);

/** Presets in the order reports show them: the four from the reference first, then the rest. */
const FIRST = ['none', 'threshold', 'lru-backfill', 'time-based'];

export function allStrategySpecs(): readonly AnyStrategySpec[] {
  const rank = (n: string) => (FIRST.includes(n) ? FIRST.indexOf(n) : FIRST.length);
  return [...specs.values()].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

const composed = new Map<string, AnyStrategySpec>();

/**
 * A registered strategy by name, or a composed one: `policy+preset` (`s3fifo+threshold`) is the
 * preset with that eviction policy by default.
 */
export function strategySpec(name: string, where = 'strategy'): AnyStrategySpec {
  const spec = specs.get(name);
  if (spec) return spec;
  if (name.includes('+')) {
    let c = composed.get(name);
    if (!c) {
      c = composedSpec(name, specs.get(name.slice(name.indexOf('+') + 1)), where);
      composed.set(name, c);
    }
    return c;
  }
  const known = allStrategySpecs().map((s) => s.name);
  throw ConfigError.at(where, `unknown strategy ${JSON.stringify(name)}${didYouMean(name, known)}; known: ${known.join(', ')}, or policy+preset (e.g. s3fifo+threshold)`);
}

/** The default set for `bench`: the four strategies of the reference design. */
export const DEFAULT_STRATEGIES: readonly string[] = FIRST;
