// `replay`: the reference's run() (cache backfill runner), reference-compatible input and output,
// replayed through the engine's `threshold` strategy.
import type { CommandModule } from 'yargs';
import { ConfigError } from '../../core/errors.ts';
import { replayFile } from '../../replay/replay.ts';
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
        .option('count-empty-backfills', {
          type: 'string',
          describe: 'count backfills that load no keys, exactly as the reference does (default: skip them)',
        }),
    handler: (a: Record<string, unknown>) => {
      const input = pathFlag('input', a.input, DEFAULT_REPLAY_INPUT);
      const output = pathFlag('output', a.output, DEFAULT_REPLAY_OUTPUT);
      // A bare --count-empty-backfills means true; =true / =false are accepted too.
      const rawCount = stringFlag('count-empty-backfills', a['count-empty-backfills']);
      const countEmptyBackfills = booleanFlag('count-empty-backfills', rawCount === '' ? 'true' : rawCount) ?? false;
      const { text, input: parsed } = replayFile(input, output, { countEmptyBackfills });
      if (!parsed.existed) process.stderr.write(`backfill-bench: note: ${input} does not exist; replayed the empty config {} as the reference does\n`);
      process.stdout.write(text + '\n');
      setExit(0);
    },
  };
}
