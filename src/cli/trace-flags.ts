// Flags that replay a trace instead of a synthetic workload (`bench --trace PATH ...`, `trace stats`,
// `trace export`): they build a `trace` workload, validated like a workload file, with errors
// pointing at the flag.
import type { Argv, Options } from 'yargs';
import { ConfigError } from '../core/errors.ts';
import { allowedText, defaultText, flagOf } from '../core/param-decl.ts';
import { TRACE_PARAMS } from '../traces/trace-workload.ts';
import { COMMON_PARAMS, validateWorkload, type ResolvedWorkload } from '../workloads/workload-config.ts';
import { booleanFlag, stringFlag } from './flags.ts';

/** The trace workload's parameters as flags: --trace (path), --trace-format, --key-column, ... (declared in trace-workload.ts). */
export function traceFlagOptions<T>(y: Argv<T>) {
  const options: Record<string, Options> = {};
  for (const d of TRACE_PARAMS) {
    const what = d.name === 'path' ? 'replay this trace file instead of a synthetic workload' : `trace: ${d.doc}`;
    options[flagOf(d)] = { type: d.kind === 'boolean' ? 'boolean' : 'string', describe: `${what}; ${allowedText(d)}${d.name === 'path' ? '' : ` (default ${defaultText(d)})`}` };
  }
  return y.options(options);
}

/** The trace fields the flags give (undefined when not given); --trace itself (the path) is read apart. */
export function traceFields(a: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of TRACE_PARAMS) {
    if (d.name === 'path') continue;
    const flag = flagOf(d);
    const text = d.kind === 'boolean' ? undefined : stringFlag(flag, a[flag]);
    if (d.kind === 'boolean') out[d.name] = a[flag] === undefined ? undefined : booleanFlag(flag, a[flag]);
    else if (d.kind === 'custom' && d.type === 'boolean') out[d.name] = text === undefined || text === 'auto' ? text : booleanFlag(flag, text);
    else out[d.name] = text;
  }
  return out;
}

/** The flag that gave a workload field: a trace parameter's, else the field in kebab-case (--absent-ratio). */
function flagOfField(field: string): string {
  const d = TRACE_PARAMS.find((p) => p.name === field) ?? COMMON_PARAMS.find((p) => p.name === field);
  return d === undefined ? field : flagOf(d);
}

/**
 * The `trace` workload the flags describe, or undefined without --trace (then trace-only flags are
 * an error). `overrides` are the common workload overrides (--requests, --rate, ...).
 */
export function traceWorkloadFromFlags(a: Record<string, unknown>, overrides: Readonly<Record<string, unknown>> = {}): ResolvedWorkload | undefined {
  const path = stringFlag('trace', a.trace);
  const fields = traceFields(a);
  if (path === undefined) {
    const given = Object.entries(fields).find(([, v]) => v !== undefined);
    if (given) throw new ConfigError(`--${flagOfField(given[0])} applies to trace replay only; give --trace PATH`);
    return undefined;
  }
  if (a.workload !== undefined) throw new ConfigError('give --workload or --trace, not both (a trace file can also be a workload file: {"workload": "trace", "path": ...})');
  const raw: Record<string, unknown> = { workload: 'trace', path };
  for (const [k, v] of Object.entries({ ...overrides, ...fields })) if (v !== undefined) raw[k] = v;
  return validateWorkload(path, raw, '--trace', (field) => `--${flagOfField(field)}`);
}
