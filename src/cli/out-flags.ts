// --force: the one flag that lets a run replace an existing non-empty results folder (--out). Shared by
// every command that writes a results folder, so its wording and meaning are the same everywhere.
import type { Argv } from 'yargs';

export const FORCE_DESCRIPTION = 'replace an existing non-empty --out folder: the new folder is written beside it and swapped in only when complete (without --force such a folder is refused, exit 2)';

export function forceOption<T>(y: Argv<T>) {
  return y.option('force', { type: 'boolean', default: false, describe: FORCE_DESCRIPTION });
}

export function forceFlag(a: Record<string, unknown>): boolean {
  return a.force === true;
}
