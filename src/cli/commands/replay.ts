// `replay`: the reference's run() (cache backfill runner), reference-compatible input and output,
// replayed through the engine's `threshold` strategy.
import type { CommandModule } from 'yargs';
import { ConfigError } from '../../core/errors.ts';
import { replayFile, summaryChunks } from '../../replay/replay.ts';
import { booleanFlag, stringFlag } from '../flags.ts';

export const DEFAULT_REPLAY_INPUT = 'data/sample_input.json';
export const DEFAULT_REPLAY_OUTPUT = 'data/output_summary.json';

function pathFlag(flag: string, raw: unknown, fallback: string): string {
  const s = stringFlag(flag, raw) ?? fallback;
  if (s === '') throw new ConfigError(`--${flag}: the path is empty`);
  return s;
}

export function replayCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: 'replay',
    describe: 'reference-compatible replay: read {source, lookups, miss_threshold, backfill_batch}, write the summary',
    builder: (y) =>
      y
        .option('input', { type: 'string', describe: `input JSON file (default ${DEFAULT_REPLAY_INPUT}); a missing file is {}` })
        .option('output', { type: 'string', describe: `summary JSON file, written atomically (default ${DEFAULT_REPLAY_OUTPUT})` })
        .option('skip-fruitless-backfills', {
          type: 'string',
          describe: 'skip, and do not count, backfills that would load no keys (as the threshold strategy of bench does); by default they are counted, exactly as the reference does',
        })
        // The default since issue 11; still accepted so scripts that pass it keep working.
        .option('count-empty-backfills', { type: 'string', hidden: true }),
    handler: (a: Record<string, unknown>) => {
      const input = pathFlag('input', a.input, DEFAULT_REPLAY_INPUT);
      const output = pathFlag('output', a.output, DEFAULT_REPLAY_OUTPUT);
      // A bare flag means true; =true / =false are accepted too.
      const bool = (flag: string) => {
        const raw = stringFlag(flag, a[flag]);
        return booleanFlag(flag, raw === '' ? 'true' : raw);
      };
      const skip = bool('skip-fruitless-backfills');
      const count = bool('count-empty-backfills');
      if (skip === true && count === true) throw new ConfigError('--skip-fruitless-backfills and --count-empty-backfills contradict each other; give one');
      const skipFruitlessBackfills = skip ?? (count === undefined ? false : !count);
      const { input: parsed, outcome } = replayFile(input, output, { skipFruitlessBackfills });
      if (!parsed.existed) process.stderr.write(`backfill-bench: note: ${input} does not exist; replayed the empty config {} as the reference does\n`);
      // Streamed, as the file was: the summary of millions of lookups never exists as one string.
      for (const chunk of summaryChunks(outcome)) process.stdout.write(chunk);
      process.stdout.write('\n');
      setExit(0);
    },
  };
}
