#!/usr/bin/env node
// backfill-bench command line. Every command validates all input before doing any work, and bad
// input exits 2 with one line naming the problem.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ConfigError } from '../core/errors.ts';
import { benchCommand } from './commands/bench.ts';
import { checkCommand } from './commands/check.ts';
import { listCommand } from './commands/list.ts';
import { mrcCommand } from './commands/mrc.ts';
import { loadCommand } from './commands/load.ts';
import { replayCommand } from './commands/replay.ts';
import { sweepCommand } from './commands/sweep.ts';
import { traceCommand } from './commands/trace.ts';
import { EXIT_USAGE, reportError } from './exit.ts';
import { explainUsageError, type UsageLike } from './usage-errors.ts';

export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  try {
    await yargs(hideBin(['node', 'backfill-bench', ...argv] as string[]))
      .scriptName('backfill-bench')
      .command(benchCommand((c) => (code = c)))
      .command(replayCommand((c) => (code = c)))
      .command(listCommand((c) => (code = c)))
      .command(sweepCommand((c) => (code = c)))
      .command(mrcCommand((c) => (code = c)))
      .command(loadCommand((c) => (code = c)))
      .command(traceCommand((c) => (code = c)))
      .command(checkCommand((c) => (code = c)))
      .strict()
      .strictCommands()
      .parserConfiguration({ 'parse-numbers': false, 'parse-positional-numbers': false, 'duplicate-arguments-array': true })
      .help()
      .version(false)
      .wrap(Math.min(110, process.stdout.columns || 100))
      .fail((msg, err, usage) => {
        if (err) throw err;
        throw new ConfigError(msg ? explainUsageError(msg, usage as UsageLike, argv) : 'bad usage; see --help');
      })
      .parseAsync();
  } catch (e) {
    return reportError(e);
  }
  return code;
}

const isEntry = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '');
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.exitCode = reportError(e);
    },
  );
}

export { EXIT_USAGE };
