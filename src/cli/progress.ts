// A progress bar on stderr, only for interactive runs that last more than about a second.
import type CliProgress from 'cli-progress';
import { lazyRequire } from '../core/lazy-require.ts';

/** cli-progress, loaded when a bar is first drawn: commands that show none never load it. */
export const loadCliProgress = lazyRequire<typeof CliProgress>('cli-progress');

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export function createProgress(label: string, enabled = process.stderr.isTTY === true, unit = 'requests'): Progress {
  if (!enabled) return { update() {}, stop() {} };
  const started = Date.now();
  let bar: CliProgress.SingleBar | undefined;
  return {
    update(done, total) {
      if (!bar) {
        if (Date.now() - started < 1000 || done >= total) return;
        const cliProgress = loadCliProgress();
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | ETA {eta_formatted}`, hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
      }
      bar.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}
