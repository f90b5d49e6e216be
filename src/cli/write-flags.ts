// --writes (bench, sweep, load): the write process's rate, a workload field like the others (--write-weights
// and --write-mode come from their declarations with the other workload flags). Commands that do not
// simulate writes refuse a workload with them rather than run without.
import { ConfigError } from '../core/errors.ts';
import { allowedText } from '../core/param-decl.ts';
import { WRITES, type WriteSettings } from '../source/writes/write-params.ts';
import { stringFlag } from './flags.ts';
import type { ResolvedWorkload } from '../workloads/workload-config.ts';

export const writesFlagOption = {
  type: 'string',
  describe: `writes at the source: ${allowedText(WRITES)}; default off (a trace with operations: its own). Keys by --write-weights, effect on the cache by --write-mode; see \`list\` and README "Writes"`,
} as const;

/** The --writes flag, as a workload override (undefined when absent). */
export function writesFlag(a: Readonly<Record<string, unknown>>): string | undefined {
  return stringFlag('writes', a.writes);
}

function describe(w: WriteSettings): string {
  return w.rate === undefined ? `writeMode ${w.mode}` : `writes ${w.rate === 'trace' ? 'trace' : `${w.rate}/s`}`;
}

/** For commands that do not simulate writes (mrc, trace export). */
export function refuseWrites(w: ResolvedWorkload, command: string): void {
  if (w.writes === undefined) return;
  throw new ConfigError(
    `${command} does not simulate writes at the source, and workload ${w.name} has ${describe(w.writes)}; writes apply to bench, sweep and load (leave out --writes, --write-weights, --write-mode and the workload's "writes" fields)`,
  );
}
