// `list`: every workload preset and generator, trace format and strategy, with parameters and
// defaults; as Markdown, or as JSON (`--format json`) for scripts. Both render the same data.
import type { CommandModule } from 'yargs';
import type { ParamDoc } from '../../core/types.ts';
import { LATENCY_PARAMS } from '../../source/source-model.ts';
import { allStrategySpecs } from '../../strategies/registry.ts';
import { COMPRESSIONS, FORMAT_DOCS, TIME_UNITS, TRACE_FORMATS } from '../../traces/formats.ts';
import { allWorkloadSpecs } from '../../workloads/registry.ts';
import { COMMON_PARAMS, presetNames, resolveWorkload } from '../../workloads/workload-config.ts';
import { markdownTable } from '../../report/markdown.ts';
import { choiceFlag } from '../flags.ts';
import { packageVersion } from '../version.ts';

export interface ListData {
  readonly version: string;
  readonly presets: readonly { name: string; generator: string; requests: number | null; description: string; error?: string }[];
  readonly workloadFields: readonly ParamDoc[];
  readonly workloads: readonly { name: string; summary: string; kind: 'generator' | 'stream source'; params: readonly ParamDoc[] }[];
  readonly traceFormats: readonly { name: string; description: string }[];
  readonly compressions: readonly string[];
  readonly timeUnits: readonly string[];
  readonly strategies: readonly { name: string; summary: string; traits: readonly string[]; params: readonly ParamDoc[] }[];
  readonly latency: readonly ParamDoc[];
}

export function listData(): ListData {
  return {
    version: packageVersion(),
    presets: presetNames().map((name) => {
      try {
        const w = resolveWorkload(name);
        return { name, generator: w.generator, requests: w.requests, description: w.description };
      } catch (e) {
        return { name, generator: '(invalid)', requests: null, description: '', error: (e as Error).message };
      }
    }),
    workloadFields: COMMON_PARAMS,
    workloads: allWorkloadSpecs().map((s) => ({ name: s.name, summary: s.summary, kind: s.openStream ? 'stream source' : 'generator', params: s.params })),
    traceFormats: TRACE_FORMATS.map((name) => ({ name, description: FORMAT_DOCS[name] })),
    compressions: COMPRESSIONS,
    timeUnits: TIME_UNITS,
    strategies: allStrategySpecs().map((s) => ({ name: s.name, summary: s.summary, traits: s.traits, params: s.params })),
    latency: LATENCY_PARAMS,
  };
}

function table(params: readonly ParamDoc[]): string {
  return markdownTable(
    ['parameter', 'default', 'allowed', 'meaning'],
    params.map((p) => [p.name, p.default, p.allowed, p.description]),
    [false, false, false, false],
  );
}

export function listText(d: ListData = listData()): string {
  const out: string[] = ['# Workload presets (--workload NAME)', ''];
  const presetRows = d.presets.map((p) => [p.name, p.generator, p.requests === null ? '' : p.requests.toLocaleString('en-US'), p.error ?? p.description]);
  out.push(markdownTable(['preset', 'generator', 'requests', 'description'], presetRows, [false, false, true, false]), '');
  out.push('# Fields every workload file has', '', table(d.workloadFields), '');
  out.push('# Workload generators ("workload" field)', '');
  for (const w of d.workloads) out.push(`## ${w.name}: ${w.summary}`, '', table(w.params), '');
  out.push('# Trace formats (--trace-format, or "format" in a trace workload file)', '');
  out.push(
    markdownTable(
      ['format', 'records'],
      d.traceFormats.map((f) => [f.name, f.description]),
      [false, false],
    ),
    '',
  );
  out.push(`compressions (--compression): ${d.compressions.join(', ')}, detected from the first bytes by default; time units (--time-unit): ${d.timeUnits.join(', ')}`, '');
  out.push('# Strategies (--strategies a,b)', '');
  for (const s of d.strategies) out.push(`## ${s.name}: ${s.summary}`, '', `traits: ${s.traits.join(', ') || 'none'}`, '', table(s.params), '');
  out.push('# Latency model (--hit-ms, --call-ms, --per-key-ms, --jitter)', '', table(d.latency), '');
  return out.join('\n');
}

export function listCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: 'list',
    describe: 'list workload presets, generators, trace formats and strategies with their parameters and defaults',
    builder: (y) =>
      y
        .option('format', { type: 'string', default: 'table', describe: 'stdout format: table (Markdown) or json (the same data, for scripts)' })
        .example('$0 list --format json | jq -r ".strategies[].name"', 'the strategy names'),
    handler: (a: Record<string, unknown>) => {
      const format = choiceFlag('format', a.format, ['table', 'json']) ?? 'table';
      process.stdout.write(format === 'json' ? `${JSON.stringify(listData(), null, 2)}\n` : listText());
      setExit(0);
    },
  };
}
