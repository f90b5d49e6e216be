// Every eviction policy, registered by one import and one line below (one file each in this folder,
// default-exporting a PolicySpec). An explicit list rather than a directory scan: greppable, no
// top-level await, the same from the compiled dist/.
import { ConfigError } from '../../core/errors.ts';
import { didYouMean } from '../../core/suggest.ts';
import arc from './arc.ts';
import clock from './clock.ts';
import fifo from './fifo.ts';
import lfu from './lfu.ts';
import lru from './lru.ts';
import type { PolicySpec } from './policy-spec.ts';
import s3fifo from './s3fifo.ts';
import sieve from './sieve.ts';
import slru from './slru.ts';
import twoq from './twoq.ts';
import wTinyLfu from './w-tinylfu.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPolicySpec = PolicySpec<any>;

const specs = new Map<string, AnyPolicySpec>();
function register(spec: AnyPolicySpec): void {
  if (specs.has(spec.name)) throw new Error(`eviction policy "${spec.name}" is registered twice`);
  specs.set(spec.name, spec);
}

// One line per policy, in the order `list` shows them.
register(lru);
register(fifo);
register(clock);
register(sieve);
register(s3fifo);
register(arc);
register(twoq);
register(slru);
register(lfu);
register(wTinyLfu);

export function allPolicySpecs(): readonly AnyPolicySpec[] {
  return [...specs.values()];
}

export function policySpec(name: string, where = 'the eviction axis'): AnyPolicySpec {
  const spec = specs.get(name);
  if (!spec) {
    const known = [...specs.keys()];
    throw ConfigError.at(where, `unknown eviction policy ${JSON.stringify(name)}${didYouMean(name, known)}; known: ${known.join(', ')}`);
  }
  return spec;
}
