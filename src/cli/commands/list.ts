// `list`: every workload preset and generator, and every strategy, with parameters and defaults.
import type { CommandModule } from 'yargs';
import type { ParamDoc } from '../../core/types.ts';
import { LATENCY_PARAMS } from '../../source/source-model.ts';
import { allStrategySpecs } from '../../strategies/registry.ts';
import { allWorkloadSpecs } from '../../workloads/registry.ts';
import { COMMON_PARAMS, presetNames, resolveWorkload } from '../../workloads/workload-config.ts';
import { markdownTable } from '../../report/markdown.ts';

function paramRows(params: readonly ParamDoc[]): string[][] {
  return params.map((p) => [p.name, p.default, p.allowed, p.description]);
}

function table(params: readonly ParamDoc[]): string {
  return markdownTable(['parameter', 'default', 'allowed', 'meaning'], paramRows(params), [false, false, false, false]);
}

export function listText(): string {
  const out: string[] = ['# Workload presets (--workload NAME)', ''];
  const presetRows = presetNames().map((name) => {
    try {
      const w = resolveWorkload(name);
      return [name, w.generator, w.requests.toLocaleString('en-US'), w.description];
    } catch (e) {
      return [name, '(invalid)', '', (e as Error).message];
    }
  });
  out.push(markdownTable(['preset', 'generator', 'requests', 'description'], presetRows, [false, false, true, false]), '');
  out.push('# Fields every workload file has', '', table(COMMON_PARAMS), '');
  out.push('# Workload generators ("workload" field)', '');
  for (const spec of allWorkloadSpecs()) out.push(`## ${spec.name}: ${spec.summary}`, '', table(spec.params), '');
  out.push('# Strategies (--strategies a,b)', '');
  for (const spec of allStrategySpecs()) {
    out.push(`## ${spec.name}: ${spec.summary}`, '', `traits: ${spec.traits.join(', ') || 'none'}`, '', table(spec.params), '');
  }
  out.push('# Latency model (--hit-ms, --call-ms, --per-key-ms, --jitter)', '', table(LATENCY_PARAMS), '');
  return out.join('\n');
}

export function listCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: 'list',
    describe: 'list workload presets, generators and strategies with their parameters and defaults',
    handler: () => {
      process.stdout.write(listText());
      setExit(0);
    },
  };
}
