// Every selection part, registered by one import and one line below (one file each in this folder).
import { ConfigError } from '../../core/errors.ts';
import { didYouMean } from '../../core/suggest.ts';
import type { SelectionSpec } from './selection.ts';
import clairvoyant from './clairvoyant.ts';
import hottest from './hottest.ts';
import recentlyEvicted from './recently-evicted.ts';
import snapshot from './snapshot.ts';
import sourceOrder from './source-order.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySelectionSpec = SelectionSpec<any>;

const specs = new Map<string, AnySelectionSpec>();
function register(spec: AnySelectionSpec): void {
  if (specs.has(spec.name)) throw new Error(`selection "${spec.name}" is registered twice`);
  specs.set(spec.name, spec);
}

register(sourceOrder);
register(hottest);
register(recentlyEvicted);
register(snapshot);
register(clairvoyant);

export function allSelectionSpecs(): readonly AnySelectionSpec[] {
  return [...specs.values()];
}

export function selectionSpec(name: string, where = 'selection'): AnySelectionSpec {
  const spec = specs.get(name);
  if (!spec) {
    const known = [...specs.keys()];
    throw ConfigError.at(where, `unknown selection ${JSON.stringify(name)}${didYouMean(name, known)}; known: ${known.join(', ')}`, 'selection');
  }
  return spec;
}
