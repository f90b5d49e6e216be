// Every trigger part, registered by one import and one line below (one file each in this folder).
import { ConfigError } from '../../core/errors.ts';
import { didYouMean } from '../../core/suggest.ts';
import missRate from './miss-rate.ts';
import never from './never.ts';
import onEvent from './on-event.ts';
import timer from './timer.ts';
import type { TriggerSpec } from './trigger.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTriggerSpec = TriggerSpec<any>;

const specs = new Map<string, AnyTriggerSpec>();
function register(spec: AnyTriggerSpec): void {
  if (specs.has(spec.name)) throw new Error(`trigger "${spec.name}" is registered twice`);
  specs.set(spec.name, spec);
}

register(never);
register(missRate);
register(timer);
register(onEvent);

export function allTriggerSpecs(): readonly AnyTriggerSpec[] {
  return [...specs.values()];
}

export function triggerSpec(name: string, where = 'trigger'): AnyTriggerSpec {
  const spec = specs.get(name);
  if (!spec) {
    const known = [...specs.keys()];
    throw ConfigError.at(where, `unknown trigger ${JSON.stringify(name)}${didYouMean(name, known)}; known: ${known.join(', ')}`, 'trigger');
  }
  return spec;
}
