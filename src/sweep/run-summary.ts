// The one-line account of a sweep run: cells computed and reused, where they ran, and how many ran
// at once on average (the cells' own times over the wall time of running them, not of the command).
import type { RunSweepOutcome } from './run.ts';

export function sweepSummary(o: Pick<RunSweepOutcome, 'computed' | 'reused' | 'workers' | 'taskSeconds'>, wallSeconds: number, runSeconds: number): string {
  const where = o.workers === 0 ? 'in the main thread' : `${o.workers} worker${o.workers === 1 ? '' : 's'}`;
  // One thread runs one cell at a time: "at once" says something only with two or more workers.
  const atOnce = o.workers > 1 && runSeconds > 0 ? ` (${Math.min(o.workers, o.taskSeconds / runSeconds).toFixed(2)} at once on average)` : '';
  const busy = o.computed > 0 ? `, ${o.taskSeconds.toFixed(1)} s of cell time${atOnce}` : '';
  return `${o.computed} cells computed, ${o.reused} reused, ${where}, ${wallSeconds.toFixed(1)} s${busy}`;
}
