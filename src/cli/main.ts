#!/usr/bin/env node
// backfill-bench command line. Every command validates all input before doing any work, and bad
// input exits 2 with one line naming the problem.
//
// Start-up is kept short: a command's module loads only when that command runs (the heavy packages
// load later still, on first use; see core/lazy-require.ts), and `--version` loads nothing.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CommandModule } from 'yargs';
import { ConfigError } from '../core/errors.ts';
import { EXIT_USAGE, reportError } from './exit.ts';
import { explainUsageError, type UsageLike } from './usage-errors.ts';
import { packageVersion } from './version.ts';

type CommandFactory = (setExit: (code: number) => void) => CommandModule;

/** Every command, in the order --help lists them: one line each, its module imported on demand. */
const COMMANDS: Readonly<Record<string, () => Promise<CommandFactory>>> = {
  bench: async () => (await import('./commands/bench.ts')).benchCommand,
  replay: async () => (await import('./commands/replay.ts')).replayCommand,
  list: async () => (await import('./commands/list.ts')).listCommand,
  sweep: async () => (await import('./commands/sweep.ts')).sweepCommand,
  mrc: async () => (await import('./commands/mrc.ts')).mrcCommand,
  load: async () => (await import('./commands/load.ts')).loadCommand,
  trace: async () => (await import('./commands/trace.ts')).traceCommand,
  check: async () => (await import('./commands/check.ts')).checkCommand,
  report: async () => (await import('./commands/report.ts')).reportCommand,
};

/**
 * The commands this command line needs: the one it starts with; `bench` (the default command) for
 * flags alone; all of them when it may name another (the top-level --help, a misspelt command and
 * its did-you-mean, a command after the flags).
 */
export function commandsNeeded(argv: readonly string[]): string[] {
  const isCommand = (w: string | undefined) => w !== undefined && Object.hasOwn(COMMANDS, w);
  if (isCommand(argv[0])) return [argv[0]!];
  const flagsOnly = argv.length === 0 || (argv[0]!.startsWith('-') && !argv.some((a) => a === '--help' || a === '-h' || isCommand(a)));
  return flagsOnly ? ['bench'] : Object.keys(COMMANDS);
}

export async function main(argv: readonly string[]): Promise<number> {
  if (argv.length === 1 && argv[0] === '--version') {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  let code = 0;
  try {
    const [{ default: yargs }, { hideBin }, commands] = await Promise.all([import('yargs'), import('yargs/helpers'), Promise.all(commandsNeeded(argv).map((name) => COMMANDS[name]!()))]);
    const parser = yargs(hideBin(['node', 'backfill-bench', ...argv] as string[])).scriptName('backfill-bench');
    for (const command of commands) parser.command(command((c) => (code = c)));
    // yargs renders the whole help text after every command it runs (a third of a bench run's start-up,
    // ~30 ms) only to print it should the command fail; .fail() below never prints help, so skip it.
    (parser as unknown as { getInternalMethods(): { getUsageInstance(): { cacheHelpMessage(): void } } }).getInternalMethods().getUsageInstance().cacheHelpMessage = () => {};
    await parser
      .strict()
      .strictCommands()
      .parserConfiguration({ 'parse-numbers': false, 'parse-positional-numbers': false, 'duplicate-arguments-array': true })
      .help()
      .version(packageVersion())
      .epilogue(
        '`npm ci` builds the command (dist/; `npm run build` rebuilds it after a change, `npm run dev -- ARGS` runs the sources). ' +
          'Run it as `npx backfill-bench ARGS` here, or anywhere after `npm link`. For a clean stdout from an npm script, silence ' +
          "npm's banner with -s: `npm run -s bench -- --format json | jq .`",
      )
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

/** Runs the command line as this process's command (bin/backfill-bench.js, `tsx src/cli/main.ts`). */
export async function runAsProcess(argv: readonly string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (e) {
    process.exitCode = reportError(e);
  }
}

function isEntry(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}
if (isEntry()) void runAsProcess(process.argv.slice(2));

export { EXIT_USAGE };
