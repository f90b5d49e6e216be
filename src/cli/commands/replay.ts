import type { CommandModule } from 'yargs';

// Placeholder signature; implemented by the replay work.
export function replayCommand(setExit: (code: number) => void): CommandModule {
  return { command: 'replay', describe: 'reference-compatible replay', handler: () => setExit(0) };
}
