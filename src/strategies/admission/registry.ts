// Every admission part, registered by one import and one line below (one file each in this folder,
// default-exporting an AdmissionSpec), in the order `list` shows them.
import { ConfigError } from '../../core/errors.ts';
import { didYouMean } from '../../core/suggest.ts';
import type { AdmissionSpec } from './admission.ts';
import always from './always.ts';
import probabilistic from './probabilistic.ts';
import secondHit from './second-hit.ts';
import tinylfu from './tinylfu.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAdmissionSpec = AdmissionSpec<any>;

const specs = new Map<string, AnyAdmissionSpec>();
function register(spec: AnyAdmissionSpec): void {
  if (specs.has(spec.name)) throw new Error(`admission "${spec.name}" is registered twice`);
  specs.set(spec.name, spec);
}

register(always);
register(tinylfu);
register(secondHit);
register(probabilistic);

export function allAdmissionSpecs(): readonly AnyAdmissionSpec[] {
  return [...specs.values()];
}

export function admissionSpec(name: string, where = 'the admission axis'): AnyAdmissionSpec {
  const spec = specs.get(name);
  if (!spec) {
    const known = [...specs.keys()];
    throw ConfigError.at(where, `unknown admission ${JSON.stringify(name)}${didYouMean(name, known)}; known: ${known.join(', ')}`);
  }
  return spec;
}
