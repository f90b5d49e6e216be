// Events as users write them: `restart@60s`, `restart@60s:warm=snapshot,rate=5000`,
// `lose@30s:nodes=4,warm=peer,rate=2000`, `shift@90s:by=10000`, `outage@120s:for=10s` (the --event
// flag, repeatable, and strings in a workload file's "events"), or objects in a file
// ({ "kind": "restart", "at": "60s", "warm": "snapshot" }). Times take ms, s, m or h; a bare number
// is seconds (as --duration). Parsing gives EventSpecs; resolveEvents fills what needs the stream
// (shift's default `by`), orders them by time and numbers them.
import { ConfigError, show } from '../core/errors.ts';
import { didYouMean } from '../core/suggest.ts';
import { DEFAULT_WARM_BATCH, defaultShift, EVENT_KINDS, WARM_MODES, type EventKind, type TimelineEvent, type WarmMode } from './timeline-event.ts';

/** A parsed event before the stream is known: shift's `by` may still be the default. */
export type EventSpec =
  | { readonly kind: 'restart'; readonly at: number; readonly warm: WarmMode; readonly rate: number | undefined; readonly batch: number }
  | { readonly kind: 'lose'; readonly at: number; readonly fraction: number; readonly warm: WarmMode; readonly rate: number | undefined; readonly batch: number }
  | { readonly kind: 'shift'; readonly at: number; readonly by: number | undefined }
  | { readonly kind: 'outage'; readonly at: number; readonly durationMs: number };

/** Each kind's parameters and what they take: the one list behind parsing, errors, `list` and --help. */
export const EVENT_PARAMS: Readonly<Record<EventKind, readonly { readonly name: string; readonly doc: string }[]>> = {
  restart: [
    { name: 'warm', doc: `how the cache comes back: ${WARM_MODES.join(', ')} (default cold)` },
    { name: 'rate', doc: 'warm-up keys per virtual second (default: instant)' },
    { name: 'batch', doc: `keys per warm-up call (default ${DEFAULT_WARM_BATCH})` },
  ],
  lose: [
    { name: 'nodes', doc: 'one node of N is lost: fraction 1/N' },
    { name: 'fraction', doc: 'fraction of the cached keys lost, in (0, 1] (give nodes or fraction)' },
    { name: 'warm', doc: `how the lost keys come back: ${WARM_MODES.join(', ')} (default cold)` },
    { name: 'rate', doc: 'warm-up keys per virtual second (default: instant)' },
    { name: 'batch', doc: `keys per warm-up call (default ${DEFAULT_WARM_BATCH})` },
  ],
  shift: [{ name: 'by', doc: 'keys popularity moves by: key k is requested as (k + by) mod keys (default keys / 10)' }],
  outage: [{ name: 'for', doc: 'duration of the outage (required), e.g. 10s' }],
};

/** What each kind does, for `list` and the README. */
export const EVENT_SUMMARIES: Readonly<Record<EventKind, string>> = {
  restart:
    'the cache restarts: contents and eviction-policy state lost; warm=cold comes back empty, warm=snapshot with the keys cached just before (instantly: as if nothing was lost; with a rate: read back from the source, counted as source load), warm=peer with the keys a twin cache that never restarted holds (copied, not source load)',
  lose: 'a fraction of the cached keys is lost (one node of N in a consistent-hashed cluster: nodes=N), chosen by a seeded hash; optionally warmed back as for restart',
  shift: "popularity moves: from then on key k of the source is requested as (k + by) mod keys (the shifting generator's move, once, on any workload)",
  outage: 'the source fails for a while: demand misses fail (counted as failed reads, nothing cached), backfills and warm-ups pause',
};

/** One line per kind, for --help and errors. */
export const EVENT_SYNTAX = 'KIND@TIME[:name=value,...], KIND one of restart, lose, shift, outage; TIME e.g. 60s, 500ms, 2m (bare number: seconds)';

export const EVENT_EXAMPLES: readonly string[] = ['restart@60s', 'restart@60s:warm=snapshot,rate=5000', 'lose@30s:nodes=4,warm=peer,rate=2000', 'shift@90s:by=10000', 'outage@120s:for=10s'];

/** Largest event time and outage duration accepted: 10^12 ms (about 31 years of virtual time). */
const MAX_MS = 1e12;
const MAX_NODES = 1_000_000;
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses `KIND@TIME[:name=value,...]`; `where` names the flag or file:line in errors. */
export function parseEvent(text: string, where: string): EventSpec {
  const s = text.trim();
  const atSign = s.indexOf('@');
  if (atSign < 0) throw ConfigError.at(where, `${show(text)} is not an event; write ${EVENT_SYNTAX}, e.g. ${EVENT_EXAMPLES.join(', ')}`);
  const kind = checkKind(s.slice(0, atSign).trim(), where);
  const rest = s.slice(atSign + 1);
  const colon = rest.indexOf(':');
  const timeText = colon < 0 ? rest : rest.slice(0, colon);
  const params: Record<string, string> = {};
  if (colon >= 0) {
    const list = rest.slice(colon + 1);
    for (const item of list.split(',')) {
      const eq = item.indexOf('=');
      if (eq <= 0) throw ConfigError.at(where, `${kind} event: ${show(item.trim())} is not name=value; ${allowedText(kind)}`);
      const name = item.slice(0, eq).trim();
      if (Object.hasOwn(params, name)) throw ConfigError.at(where, `${kind} event: ${name} is given twice; give it once`);
      params[name] = item.slice(eq + 1).trim();
    }
  }
  return buildEvent(kind, timeText, params, where);
}

/** An event from a file: a string as for --event, or an object { kind, at, ...parameters }. */
export function parseEventValue(value: unknown, where: string): EventSpec {
  if (typeof value === 'string') return parseEvent(value, where);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw ConfigError.at(where, `an event is ${show(value)}; write a string (${EVENT_SYNTAX}) or an object { "kind": ..., "at": ..., parameters }`);
  }
  const o = value as Record<string, unknown>;
  if (typeof o.kind !== 'string') throw ConfigError.at(where, `an event object needs "kind": one of ${EVENT_KINDS.join(', ')}`);
  const kind = checkKind(o.kind, where);
  if (o.at === undefined) throw ConfigError.at(where, `${kind} event: "at" is missing; give the time, e.g. "60s"`);
  const params: Record<string, string> = {};
  for (const [name, v] of Object.entries(o)) {
    if (name === 'kind') continue;
    if (typeof v !== 'string' && (typeof v !== 'number' || !Number.isFinite(v))) throw ConfigError.at(where, `${kind} event: "${name}" is ${show(v)}; give a number or a string`);
    if (name !== 'at') params[name] = String(v);
  }
  return buildEvent(kind, String(o.at), params, where);
}

/**
 * The events a file's "events" field holds (an array). An error names its element as the field
 * (`events[2]`), so a file loader can point at its line.
 */
export function parseEventList(value: unknown, where: string): EventSpec[] {
  if (!Array.isArray(value)) throw ConfigError.at(where, `"events" is ${show(value)}; give an array of events, e.g. ["restart@60s", "outage@120s:for=10s"]`, 'events');
  return value.map((v, i) => {
    try {
      return parseEventValue(v, where);
    } catch (e) {
      throw e instanceof ConfigError ? e.relocated(where, `events[${i}]`) : e;
    }
  });
}

function checkKind(kind: string, where: string): EventKind {
  if ((EVENT_KINDS as readonly string[]).includes(kind)) return kind as EventKind;
  throw ConfigError.at(where, `unknown event ${show(kind)}${didYouMean(kind, EVENT_KINDS)}; events: ${EVENT_KINDS.join(', ')} (${EVENT_SYNTAX})`);
}

function allowedText(kind: EventKind): string {
  return `${kind} takes ${EVENT_PARAMS[kind].map((p) => p.name).join(', ')}`;
}

function buildEvent(kind: EventKind, timeText: string, params: Record<string, string>, where: string): EventSpec {
  const allowed = EVENT_PARAMS[kind].map((p) => p.name);
  for (const name of Object.keys(params)) {
    if (!allowed.includes(name)) throw ConfigError.at(where, `${kind} event: unknown parameter ${show(name)}${didYouMean(name, allowed)}; ${allowedText(kind)}`);
  }
  const at = parseTime(timeText, `${kind} event time`, where, 0);
  const p = (name: string) => params[name];
  switch (kind) {
    case 'restart':
    case 'lose': {
      const warm = p('warm') === undefined ? 'cold' : checkWarm(p('warm')!, kind, where);
      const rate = p('rate') === undefined ? undefined : parseNumber(p('rate')!, kind, 'rate', where, { min: 0, minExclusive: true, max: 1e12, integer: false, text: 'keys per second, > 0' });
      const batch = p('batch') === undefined ? DEFAULT_WARM_BATCH : parseNumber(p('batch')!, kind, 'batch', where, { min: 1, max: 1e9, integer: true, text: 'an integer 1 .. 1e9' });
      if (warm === 'cold' && (rate !== undefined || p('batch') !== undefined)) {
        throw ConfigError.at(where, `${kind} event: ${rate !== undefined ? 'rate' : 'batch'} paces a warm-up, and warm=cold has none; give warm=snapshot or warm=peer`);
      }
      if (kind === 'restart') return { kind, at, warm, rate, batch };
      if ((p('nodes') === undefined) === (p('fraction') === undefined)) throw ConfigError.at(where, `lose event: give nodes=N (one node of N is lost) or fraction=F (0 < F <= 1), one of them`);
      const fraction =
        p('nodes') !== undefined
          ? 1 / parseNumber(p('nodes')!, kind, 'nodes', where, { min: 1, max: MAX_NODES, integer: true, text: `an integer 1 .. ${MAX_NODES}` })
          : parseNumber(p('fraction')!, kind, 'fraction', where, { min: 0, minExclusive: true, max: 1, integer: false, text: 'a number > 0 and <= 1' });
      return { kind, at, fraction, warm, rate, batch };
    }
    case 'shift': {
      const by = p('by') === undefined ? undefined : parseNumber(p('by')!, kind, 'by', where, { min: 1, max: 2 ** 32, integer: true, text: 'an integer 1 .. 2^32' });
      return { kind, at, by };
    }
    case 'outage': {
      if (p('for') === undefined) throw ConfigError.at(where, `outage event: give its duration, e.g. outage@${showTime(at)}:for=10s`);
      const durationMs = parseTime(p('for')!, 'outage event: for', where, Number.MIN_VALUE);
      return { kind, at, durationMs };
    }
  }
}

function checkWarm(v: string, kind: EventKind, where: string): WarmMode {
  if ((WARM_MODES as readonly string[]).includes(v)) return v as WarmMode;
  throw ConfigError.at(where, `${kind} event: warm=${v} is not allowed${didYouMean(v, WARM_MODES)}; use ${WARM_MODES.join(', ')}`);
}

interface NumberRule {
  readonly min: number;
  readonly minExclusive?: boolean;
  readonly max: number;
  readonly integer: boolean;
  readonly text: string;
}

function parseNumber(raw: string, kind: EventKind, name: string, where: string, r: NumberRule): number {
  const v = raw === '' ? NaN : Number(raw);
  const ok = Number.isFinite(v) && (r.minExclusive ? v > r.min : v >= r.min) && v <= r.max && (!r.integer || Number.isInteger(v));
  if (!ok) throw ConfigError.at(where, `${kind} event: ${name}=${raw} is not allowed; ${name} is ${r.text}`);
  return v;
}

/** Milliseconds from "60s", "500ms", "2m", "1h" or a bare number of seconds. */
function parseTime(raw: string, what: string, where: string, min: number): number {
  const m = /^((?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)(ms|s|m|h)?$/i.exec(raw.trim());
  const ms = m ? Number(m[1]) * UNITS[m[2] ?? 's']! : NaN;
  if (!(ms >= min && ms <= MAX_MS)) {
    throw ConfigError.at(where, `${what}: ${show(raw)} is not allowed; give a duration ${min > 0 ? '> 0' : '>= 0'} such as 60s, 500ms, 2m, 1h (bare number: seconds; at most ${MAX_MS} ms)`);
  }
  return ms;
}

/** A time as the syntax writes it: the largest unit that keeps it exact. */
export function showTime(ms: number): string {
  if (ms !== 0 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms !== 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/**
 * The run's events: defaults that need the stream filled in (shift's `by` from the key count),
 * ordered by time (stable: events at the same time keep the order given) and numbered.
 */
export function resolveEvents(specs: readonly EventSpec[], sourceKeys: number): readonly TimelineEvent[] {
  const sorted = specs.map((s, i) => ({ s, i })).sort((a, b) => a.s.at - b.s.at || a.i - b.i);
  return Object.freeze(
    sorted.map(({ s }, index): TimelineEvent => {
      switch (s.kind) {
        case 'shift':
          return Object.freeze({ kind: 'shift', at: s.at, by: s.by ?? defaultShift(sourceKeys) });
        case 'lose':
          return Object.freeze({ ...s, index });
        default:
          return Object.freeze({ ...s });
      }
    }),
  );
}

/** The canonical text of an event (parseEvent reads it back to the same event): reports, run.json. */
export function formatEvent(e: TimelineEvent | EventSpec): string {
  const head = `${e.kind}@${showTime(e.at)}`;
  const params: string[] = [];
  switch (e.kind) {
    case 'restart':
    case 'lose':
      if (e.kind === 'lose') params.push(fractionParam(e.fraction));
      if (e.warm !== 'cold') params.push(`warm=${e.warm}`);
      if (e.rate !== undefined) params.push(`rate=${e.rate}`);
      if (e.batch !== DEFAULT_WARM_BATCH) params.push(`batch=${e.batch}`);
      break;
    case 'shift':
      if (e.by !== undefined) params.push(`by=${e.by}`);
      break;
    case 'outage':
      params.push(`for=${showTime(e.durationMs)}`);
      break;
  }
  return params.length === 0 ? head : `${head}:${params.join(',')}`;
}

/** nodes=N when the fraction is exactly 1/N, else fraction=F. */
function fractionParam(f: number): string {
  const n = Math.round(1 / f);
  return n >= 1 && n <= MAX_NODES && 1 / n === f ? `nodes=${n}` : `fraction=${f}`;
}
