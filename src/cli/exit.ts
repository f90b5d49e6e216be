// How the CLI ends: bad input exits 2 with one line, a regression or failed check exits 1, and an
// internal error exits 1 with its message (and the stack only with BACKFILL_BENCH_DEBUG=1).
import { ConfigError } from '../core/errors.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

export function reportError(e: unknown): number {
  if (e instanceof ConfigError) {
    process.stderr.write(`backfill-bench: ${oneLine(e.message)}\n`);
    return EXIT_USAGE;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`backfill-bench: internal error: ${oneLine(err.message)}\n`);
  if (process.env.BACKFILL_BENCH_DEBUG === '1' && err.stack) process.stderr.write(`${err.stack}\n`);
  return EXIT_FAILURE;
}
