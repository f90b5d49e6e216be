// Progress on stderr for every long command (bench, sweep, mrc, load, trace export): a bar on a
// terminal, and off a terminal (CI logs, `2> file`) a plain line every few seconds. --progress forces
// it on, --no-progress off. The ETA is measured: the time taken so far for the work done since the
// first update, extrapolated over the work left (a sweep weighs its cells by their relative cost).
import type CliProgress from 'cli-progress';
import { lazyRequire } from '../core/lazy-require.ts';

/** cli-progress, loaded when a bar is first drawn: commands that show none never load it. */
export const loadCliProgress = lazyRequire<typeof CliProgress>('cli-progress');

/** Done and total in units of work that take about the same time each (a sweep: estimated cell cost). */
export interface Work {
  readonly done: number;
  readonly total: number;
}

export interface Progress {
  update(done: number, total: number, work?: Work): void;
  stop(): void;
}

export interface ProgressOptions {
  readonly stream?: { write(s: string): unknown; readonly isTTY?: boolean };
  /** Milliseconds, monotonic; injected by tests. */
  readonly now?: () => number;
  /** Off a terminal: at most one line this often (default 5 s). */
  readonly lineEveryMs?: number;
  /** On a terminal: draw the bar only for runs that last longer than this (default 1 s). */
  readonly barAfterMs?: number;
  /** Print the latest line on a timer too, so slow steps (a long sweep cell) still show up (default true). */
  readonly timer?: boolean;
}

/** Measured time left: (time since the first update) x (work left) / (work done since then). */
export class Eta {
  private t0: number | undefined;
  private w0 = 0;
  constructor(private readonly now: () => number) {}

  /** Seconds left, or undefined while nothing has been measured yet. */
  secondsLeft(done: number, total: number): number | undefined {
    const t = this.now();
    if (this.t0 === undefined) {
      this.t0 = t;
      this.w0 = done;
      return undefined;
    }
    const dw = done - this.w0;
    const dt = t - this.t0;
    if (dw <= 0 || dt <= 0) return undefined;
    return Math.max(0, ((total - done) * dt) / dw / 1000);
  }
}

/** 42 s, 3m 05s, 2h 07m; "--" when unknown. */
export function durationText(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '--';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * `enabled`: the --progress flag (undefined: on; a bar on a terminal, lines elsewhere).
 * `unit`: what done/total count (requests, cells, rows).
 */
export function createProgress(label: string, enabled?: boolean, unit = 'requests', o: ProgressOptions = {}): Progress {
  if (enabled === false) return { update() {}, stop() {} };
  const stream = o.stream ?? process.stderr;
  const now = o.now ?? (() => performance.now());
  const eta = new Eta(now);
  const started = now();
  let state: { done: number; total: number; left: number | undefined; at: number } | undefined;
  const track = (done: number, total: number, work?: Work) => {
    const left = work ? eta.secondsLeft(work.done, work.total) : eta.secondsLeft(done, total);
    state = { done, total, left, at: now() };
  };
  // Time left now: the estimate at the last update, less the time since.
  const leftNow = () => (state?.left === undefined ? undefined : Math.max(0, state.left - (now() - state.at) / 1000));

  if (stream.isTTY === true) {
    let bar: CliProgress.SingleBar | undefined;
    return {
      update(done, total, work) {
        track(done, total, work);
        if (!bar) {
          if (now() - started < (o.barAfterMs ?? 1000) || done >= total) return;
          const cliProgress = loadCliProgress();
          bar = new cliProgress.SingleBar(
            {
              stream: stream as NodeJS.WritableStream,
              format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | ETA {etaText} | elapsed {duration_formatted}`,
              hideCursor: true,
              clearOnComplete: true,
              fps: 5,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, done, { etaText: durationText(leftNow()) });
        }
        bar.update(done, { etaText: durationText(leftNow()) });
      },
      stop() {
        bar?.stop();
      },
    };
  }

  const every = o.lineEveryMs ?? 5000;
  let lastLine = started;
  const line = () => {
    if (!state || now() - lastLine < every) return;
    lastLine = now();
    const pct = state.total > 0 ? Math.floor((state.done / state.total) * 100) : 0;
    stream.write(`${label}: ${pct}% (${count(state.done)}/${count(state.total)} ${unit}), ${durationText((now() - started) / 1000)} elapsed, ETA ${durationText(leftNow())}\n`);
  };
  const timer = o.timer === false ? undefined : setInterval(line, Math.max(250, Math.min(every, 1000)));
  timer?.unref();
  return {
    update(done, total, work) {
      track(done, total, work);
      line();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
