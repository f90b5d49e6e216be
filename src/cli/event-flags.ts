// --event (repeatable): timeline events for the commands that run the simulator (bench, sweep).
// They join the workload file's own "events" (file first, then the flags; resolveEvents orders all
// by time), so the resolved workload carries every event of the run (reports, run.json, sweep
// cells). Commands that do not simulate a timeline refuse a workload with events.
import type { Argv } from 'yargs';
import { ConfigError } from '../core/errors.ts';
import { EVENT_EXAMPLES, EVENT_SYNTAX, formatEvent, parseEvent } from '../events/parse-event.ts';
import type { ResolvedWorkload } from '../workloads/workload-config.ts';
import type { TimelineEvent } from '../events/timeline-event.ts';
import type { StrategyResult } from '../runner/result.ts';

export function eventFlagOption<T>(y: Argv<T>) {
  return y.option('event', {
    type: 'string',
    describe: `an event on the virtual timeline, repeatable: ${EVENT_SYNTAX}; e.g. ${EVENT_EXAMPLES.join(', ')}. Each strategy also runs a twin without the events (the warm-up reference); see \`list\``,
  });
}

/** The workload with the --event flags added to its own events (unchanged when there are none). */
export function withEventFlags(w: ResolvedWorkload, raw: unknown): ResolvedWorkload {
  if (raw === undefined) return w;
  const texts = (Array.isArray(raw) ? raw : [raw]).map(String);
  const flags = texts.map((t) => parseEvent(t, `--event ${JSON.stringify(t)}`));
  if (flags.length === 0) return w;
  return Object.freeze({ ...w, events: Object.freeze([...(w.events ?? []), ...flags]) });
}

/** For commands without a timeline (load, mrc, trace export): a workload with events is an error, not silently run without them. */
export function refuseEvents(w: ResolvedWorkload, command: string): void {
  if (w.events === undefined || w.events.length === 0) return;
  throw new ConfigError(
    `${command} does not simulate timeline events, and workload ${w.name} has ${w.events.map(formatEvent).join(', ')}; events apply to bench and sweep (use a workload file without "events")`,
  );
}

/**
 * Events after the stream's last request change nothing: said on stderr rather than left for the
 * reader to guess from a debt of 0. The last request's window is read off a result's time series
 * (an event past that window's end came after every request).
 */
export function lateEventsNote(events: readonly TimelineEvent[] | undefined, results: readonly StrategyResult[]): string | undefined {
  const series = results[0]?.series;
  if (events === undefined || series === undefined) return undefined;
  let last = series.requests.length - 1;
  while (last >= 0 && series.requests[last] === 0) last--;
  const end = (last + 1) * series.windowMs;
  const late = events.filter((e) => e.at >= end);
  if (late.length === 0) return undefined;
  return `note: ${late.map(formatEvent).join(', ')} ${late.length === 1 ? 'comes' : 'come'} after the last request (before ${end / 1000} s of virtual time): no effect on the run\n`;
}
