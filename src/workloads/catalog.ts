// The set of known workloads. Filled by registry.ts (one line per generator or stream source); kept
// separate so a generator such as `mix` can look others up without an import cycle.
import { ConfigError } from '../core/errors.ts';
import type { WorkloadSpec } from '../core/types.ts';
import { didYouMean } from '../core/suggest.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyWorkloadSpec = WorkloadSpec<any>;

const specs = new Map<string, AnyWorkloadSpec>();

export function registerWorkload(spec: AnyWorkloadSpec): void {
  if (specs.has(spec.name)) throw new Error(`workload generator "${spec.name}" is registered twice`);
  specs.set(spec.name, spec);
}

export function workloadSpec(name: string, where: string): AnyWorkloadSpec {
  const spec = specs.get(name);
  if (!spec) {
    throw ConfigError.at(where, `unknown workload generator ${JSON.stringify(name)}${didYouMean(name, specs.keys())}; known: ${[...specs.keys()].join(', ')}`);
  }
  return spec;
}

export function allWorkloadSpecs(): readonly AnyWorkloadSpec[] {
  return [...specs.values()].sort((a, b) => a.name.localeCompare(b.name));
}
