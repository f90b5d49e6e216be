// Flags that replay a trace instead of a synthetic workload (`bench --trace PATH ...`, `trace stats`,
// `trace export`): they build a `trace` workload, validated like a workload file, with errors
// pointing at the flag.
import type { Argv } from 'yargs';
import { ConfigError } from '../core/errors.ts';
import { validateWorkload, type ResolvedWorkload } from '../workloads/workload-config.ts';
import { booleanFlag, stringFlag } from './flags.ts';

export function traceFlagOptions<T>(y: Argv<T>) {
  return y
    .option('trace', { type: 'string', describe: 'replay this trace file instead of a synthetic workload (.gz, .xz, .zst decompressed as read)' })
    .option('trace-format', { type: 'string', describe: 'trace format: auto (default), txt, lirs, csv, oracle-general, cache2k, bin64be' })
    .option('compression', { type: 'string', describe: 'trace compression: auto (from the first bytes, default), none, gzip, xz, zstd' })
    .option('key-column', { type: 'string', describe: 'csv trace: key column, number (from 1) or header name' })
    .option('time-column', { type: 'string', describe: 'csv trace: timestamp column (virtual time comes from it)' })
    .option('size-column', { type: 'string', describe: 'csv trace: object size column' })
    .option('delimiter', { type: 'string', describe: 'csv trace: field delimiter (auto, one character, tab, space)' })
    .option('header', { type: 'string', describe: 'csv trace: first line is a header: auto, true, false' })
    .option('time-unit', { type: 'string', describe: 'unit of trace timestamps: auto, s, ms, us, ns' })
    .option('skip-bad-records', { type: 'boolean', describe: 'count and skip malformed trace records instead of stopping at the first' });
}

const TRACE_FLAGS: readonly [string, string][] = [
  ['trace-format', 'format'],
  ['compression', 'compression'],
  ['key-column', 'keyColumn'],
  ['time-column', 'timeColumn'],
  ['size-column', 'sizeColumn'],
  ['delimiter', 'delimiter'],
  ['time-unit', 'timeUnit'],
];

/** The trace fields the flags give (undefined when not given). */
export function traceFields(a: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [flag, field] of TRACE_FLAGS) out[field] = stringFlag(flag, a[flag]);
  const header = stringFlag('header', a.header);
  out.header = header === undefined || header === 'auto' ? header : booleanFlag('header', header);
  out.skipBadRecords = a['skip-bad-records'] === undefined ? undefined : booleanFlag('skip-bad-records', a['skip-bad-records']);
  return out;
}

const FLAG_OF_FIELD: Readonly<Record<string, string>> = Object.fromEntries([
  ...TRACE_FLAGS.map(([f, k]) => [k, f]),
  ['path', 'trace'],
  ['header', 'header'],
  ['skipBadRecords', 'skip-bad-records'],
  ['absentRatio', 'absent-ratio'],
]);

/**
 * The `trace` workload the flags describe, or undefined without --trace (then trace-only flags are
 * an error). `overrides` are the common workload overrides (--requests, --rate, ...).
 */
export function traceWorkloadFromFlags(a: Record<string, unknown>, overrides: Readonly<Record<string, unknown>> = {}): ResolvedWorkload | undefined {
  const path = stringFlag('trace', a.trace);
  const fields = traceFields(a);
  if (path === undefined) {
    const given = Object.entries(fields).find(([, v]) => v !== undefined);
    if (given) throw new ConfigError(`--${FLAG_OF_FIELD[given[0]] ?? given[0]} applies to trace replay only; give --trace PATH`);
    return undefined;
  }
  if (a.workload !== undefined) throw new ConfigError('give --workload or --trace, not both (a trace file can also be a workload file: {"workload": "trace", "path": ...})');
  const raw: Record<string, unknown> = { workload: 'trace', path };
  for (const [k, v] of Object.entries({ ...overrides, ...fields })) if (v !== undefined) raw[k] = v;
  return validateWorkload(path, raw, '--trace', (field) => `--${FLAG_OF_FIELD[field] ?? field}`);
}
