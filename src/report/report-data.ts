// What every reporter gets: the resolved workload, the run settings, and one result per strategy.
import type { LatencyModel } from '../source/source-model.ts';
import { REFRESH, refreshPartSpec } from '../strategies/freshness/registry.ts';
import { TTI, TTL_JITTER } from '../strategies/freshness/ttl.ts';
import type { SourceParams } from '../source/queue/source-params.ts';
import type { StrategyResult } from '../runner/result.ts';
import type { ResolvedWorkload } from '../workloads/workload-config.ts';
import type { CpuReport } from '../cpu/cpu-cost.ts';
import { formatEvent, type EventSpec } from '../events/parse-event.ts';
import type { TimelineEvent } from '../events/timeline-event.ts';
import { admissionSpec } from '../strategies/admission/registry.ts';
import { policySpec } from '../strategies/eviction/registry.ts';
import { selectionSpec } from '../strategies/selection/registry.ts';
import { ADMISSION, BACKFILL_ADMISSION, CAPACITY_UNBOUNDED, EVICTION, RATE_LIMIT, SELECTION } from '../strategies/strategy-params.ts';

export interface BenchReport {
  readonly workload: ResolvedWorkload;
  readonly seed: number;
  readonly latency: LatencyModel;
  readonly results: readonly StrategyResult[];
  /** Present with --cpu: tinybench timings of each strategy and the two reference tasks. */
  readonly cpu?: CpuReport | undefined;
  /** The run's timeline events, ordered by time (absent when it has none). */
  readonly events?: readonly TimelineEvent[] | undefined;
  /** The source model, when it is not today's (a source that saturates: issue 15). */
  readonly source?: SourceParams | undefined;
}

/**
 * Part choices at their defaults, and the rate limit when there is none, left out of one-line
 * parameter texts (CSV and JSON keep them): runs that use none of them read as they always did.
 */
const DEFAULT_PARTS: Readonly<Record<string, unknown>> = Object.fromEntries([
  ...[EVICTION, ADMISSION, BACKFILL_ADMISSION, SELECTION].map((d) => [d.name, d.default]),
  [RATE_LIMIT.name, RATE_LIMIT.nullable?.word],
  // Freshness at its defaults (no jitter, no idle expiry, no refresh part) says nothing.
  ...[TTL_JITTER, REFRESH].map((d) => [d.name, d.default]),
  [TTI.name, TTI.nullable?.word],
]);

/** The declared defaults of the chosen eviction policy's and admission's own parameters (smallRatio=0.1...). */
function partParamDefaults(params: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const decls = [
    ...(typeof params[EVICTION.name] === 'string' ? policySpec(params[EVICTION.name] as string).params : []),
    ...(typeof params[ADMISSION.name] === 'string' ? admissionSpec(params[ADMISSION.name] as string).params : []),
    ...(typeof params[SELECTION.name] === 'string' ? selectionSpec(params[SELECTION.name] as string).params : []),
    ...(typeof params[REFRESH.name] === 'string' ? (refreshPartSpec(params[REFRESH.name] as string)?.params ?? []) : []),
  ];
  return Object.fromEntries(decls.map((d) => [d.name, d.default]));
}

/**
 * Compact "key=value" rendering of a strategy's parameters, for one-line texts (tables, chart
 * labels, sweep cell names): part choices and a part's own parameters at their defaults are left out.
 */
export function paramsText(params: Readonly<Record<string, unknown>>): string {
  const partDefaults = partParamDefaults(params);
  // An unbounded cache evicts nothing: its eviction policy says nothing about it.
  const c = params[CAPACITY_UNBOUNDED.name];
  const evictionMoot = c === null || c === undefined || c === CAPACITY_UNBOUNDED.nullable?.word;
  const policyParams = evictionMoot && typeof params[EVICTION.name] === 'string' ? new Set(policySpec(params[EVICTION.name] as string).params.map((d) => d.name)) : new Set<string>();
  if (evictionMoot) policyParams.add(EVICTION.name);
  return Object.entries(params)
    .filter(([k, v]) => v !== null && DEFAULT_PARTS[k] !== v && !(Object.hasOwn(partDefaults, k) && partDefaults[k] === v) && !policyParams.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 6 }).replace(/,/g, '') : String(v)}`)
    .join(' ');
}

/** One line describing the workload and the run, for the top of reports. */
export function workloadLine(r: BenchReport): string {
  const w = r.workload;
  const absent = w.absentRatio > 0 ? `, ${(w.absentRatio * 100).toFixed(2).replace(/\.?0+$/, '')}% absent keys` : '';
  return `Workload ${w.name}: ${w.summary}; ${w.requests.toLocaleString('en-US')} requests, ${w.clock ?? `${w.arrival} arrivals at ${w.rate.toLocaleString('en-US')}/s`}${absent}; seed ${r.seed}; latency model: hit ${r.latency.hitMs} ms, source call ${r.latency.callMs} ms + ${r.latency.perKeyMs} ms/key${r.latency.jitter > 0 ? `, jitter ±${r.latency.jitter * 100}%` : ''}.${sourceText(r)}${eventsText(r.events ?? r.workload.events)}`;
}

/** The source model's sentence of the header (queued runs only). */
function sourceText(r: BenchReport): string {
  const p = r.source;
  if (p === undefined) return '';
  const fixed = p.serviceMs ?? r.latency.callMs;
  const perKey = p.servicePerKeyMs ?? r.latency.perKeyMs;
  const service = `${p.serviceDistribution === 'exponential' ? 'exponential service, mean' : 'service'} ${fixed} ms + ${perKey} ms/key`;
  const servers = p.sourceConcurrency === null ? 'unbounded concurrency' : `${p.sourceConcurrency} connection${p.sourceConcurrency === 1 ? '' : 's'}`;
  const line = p.queueLimit === null ? '' : `, at most ${p.queueLimit} waiting`;
  const timeout = p.timeoutMs === null ? '' : `, timeout ${p.timeoutMs} ms`;
  return ` Source: ${servers}, ${service}${line}${timeout}, backfill priority ${p.backfillPriority}, ${p.coalesce ? 'coalescing (delayed hits)' : 'no coalescing (duplicate reads)'}.`;
}

/** The events sentence of the header: each event, and what the twins are. */
function eventsText(events: readonly (TimelineEvent | EventSpec)[] | undefined): string {
  if (events === undefined || events.length === 0) return '';
  return ` Events: ${events.map(formatEvent).join(', ')} (each strategy also ran a twin without them, on the same requests: the warm-up reference).`;
}
