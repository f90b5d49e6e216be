// Every refresh part, registered by one import and one line below (one file each in this folder,
// default-exporting a RefreshPartSpec). The `refresh` strategy parameter chooses one (none: expiry
// only); the expiry parameters (./ttl.ts) and each part's own are declared once, in their files.
import { ConfigError } from '../../core/errors.ts';
import type { ChoiceDecl, ParamDecl } from '../../core/param-decl.ts';
import { didYouMean } from '../../core/suggest.ts';
import bulkRefresh from './bulk-refresh.ts';
import refreshAhead from './refresh-ahead.ts';
import type { RefreshPartSpec } from './refresh-part.ts';
import swr from './swr.ts';
import { TTI, TTL, TTL_JITTER } from './ttl.ts';
import xfetch from './xfetch.ts';

const specs = new Map<string, RefreshPartSpec>();
function register(spec: RefreshPartSpec): void {
  if (specs.has(spec.name)) throw new Error(`refresh part "${spec.name}" is registered twice`);
  specs.set(spec.name, spec);
}

// One line per part, in the order `list` shows them.
register(refreshAhead);
register(swr);
register(xfetch);
register(bulkRefresh);

export function allRefreshPartSpecs(): readonly RefreshPartSpec[] {
  return [...specs.values()];
}

/** The part `name` (or an alias) names; undefined for none. Throws ConfigError for an unknown name. */
export function refreshPartSpec(name: string, where = 'the refresh axis'): RefreshPartSpec | undefined {
  if (name === 'none') return undefined;
  const spec = specs.get(name) ?? allRefreshPartSpecs().find((s) => s.aliases?.includes(name));
  if (spec === undefined) {
    const known = ['none', ...specs.keys()];
    throw ConfigError.at(where, `unknown refresh part ${JSON.stringify(name)}${didYouMean(name, known)}; known: ${known.join(', ')}`, REFRESH.name);
  }
  return spec;
}

/** The refresh axis of every bundle preset: none (expiry only) or a part; sweepable. */
export const REFRESH: ChoiceDecl = {
  name: 'refresh',
  kind: 'choice',
  doc: 'what reloads cached keys besides a miss: none (expiry only), or a refresh part (`list` describes each)',
  choices: ['none', ...allRefreshPartSpecs().flatMap((s) => [s.name, ...(s.aliases ?? [])])],
  default: 'none',
};

/** The expiry parameters every freshness strategy has. */
export const EXPIRY_PARAMS: readonly ParamDecl[] = [TTL, TTL_JITTER, TTI];

/** Every freshness parameter a bundle preset takes: refresh, expiry, then each part's own. */
export function freshnessParamDecls(): ParamDecl[] {
  return [REFRESH, ...EXPIRY_PARAMS, ...allRefreshPartSpecs().flatMap((s) => s.params)];
}
