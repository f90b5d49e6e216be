// The time series of a bench run, as files: timeseries.csv (one row per strategy per window) and
// timeseries.svg (hit ratio and source load over virtual time, one colour per strategy as in every
// chart of the report, events as labelled vertical rules), which summary.md shows.
import { stringify } from 'csv-stringify/sync';
import type { TopLevelSpec } from 'vega-lite';
import type { StrategyResult } from '../runner/result.ts';
import type { SeriesData } from '../runner/time-series.ts';
import { ChartColours } from './chart-colours.ts';
import { CSV_CAST } from './csv-number.ts';
import { formatEvent } from '../events/parse-event.ts';
import type { BenchReport } from './report-data.ts';

export const SERIES_CSV = 'timeseries.csv';
export const SERIES_SVG = 'timeseries.svg';

/** An event on the chart: its time and a short label ("restart warm=snapshot"). */
export interface ChartEvent {
  readonly atMs: number;
  readonly label: string;
}

type WithSeries = StrategyResult & { readonly series: SeriesData };
const withSeries = (results: readonly StrategyResult[]): WithSeries[] => results.filter((r): r is WithSeries => r.series !== undefined);

/**
 * timeseries.csv: workload, seed, strategy, then per window its start and width (s), requests, hits,
 * hit ratio (empty for a window without requests), source keys and calls (and per second), backfilled
 * keys, evictions, p50/p99 latency (ms); failed reads in runs with an outage; bytes when the
 * run counts bytes; with a source that saturates, its offered load (service time of the calls made in
 * the window / (connections x window): above 1 the line grows) and the mean waiting line (calls);
 * in runs with freshness (writes, ttl, refresh), stale reads (and per request), expired misses and
 * keys read by background reloads. Rows of every strategy, strategy by strategy.
 */
export function renderSeriesCsv(r: BenchReport): string {
  const all = withSeries(r.results);
  const failed = all.some((x) => x.series.failedReads !== undefined);
  const bytes = all.length > 0 && all.every((x) => x.series.requestedBytes !== undefined);
  const queued = all.some((x) => x.series.sourceServers !== undefined);
  const fresh = all.some((x) => x.series.staleReads !== undefined);
  const columns = [
    'workload',
    'seed',
    'strategy',
    'windowStartS',
    'windowS',
    'requests',
    'hits',
    'hitRatio',
    'sourceKeys',
    'sourceKeysPerSec',
    'sourceCalls',
    'sourceCallsPerSec',
    'backfilledKeys',
    'evictions',
    'latencyP50Ms',
    'latencyP99Ms',
    ...(failed ? ['failedReads'] : []),
    ...(bytes ? ['requestedBytes', 'hitBytes', 'byteHitRatio', 'sourceBytes', 'sourceBytesPerSec'] : []),
    ...(queued ? ['sourceOfferedLoad', 'queueMean'] : []),
    ...(fresh ? ['staleReads', 'staleReadRatio', 'expiredMisses', 'refreshReads'] : []),
  ];
  const rows: unknown[][] = [columns];
  for (const res of all) {
    const s = res.series;
    const sec = s.windowMs / 1000;
    for (let i = 0; i < s.requests.length; i++) {
      const n = s.requests[i]!;
      rows.push([
        r.workload.name,
        r.seed,
        res.strategy,
        (i * s.windowMs) / 1000,
        sec,
        n,
        s.hits[i],
        n === 0 ? '' : s.hits[i]! / n,
        s.sourceKeys[i],
        s.sourceKeys[i]! / sec,
        s.sourceCalls[i],
        s.sourceCalls[i]! / sec,
        s.backfilledKeys[i],
        s.evictions[i],
        s.p50Ms[i],
        s.p99Ms[i],
        ...(failed ? [s.failedReads?.[i] ?? 0] : []),
        ...(bytes ? [s.requestedBytes![i], s.hitBytes![i], s.requestedBytes![i] === 0 ? '' : s.hitBytes![i]! / s.requestedBytes![i]!, s.sourceBytes![i], s.sourceBytes![i]! / sec] : []),
        ...(queued ? (s.sourceServers === undefined ? ['', ''] : [s.sourceBusyMs![i]! / (s.sourceServers * s.windowMs), s.queueAreaMs![i]! / s.windowMs]) : []),
        ...(fresh ? freshCells(s, i) : []),
      ]);
    }
  }
  return stringify(rows, { cast: CSV_CAST });
}

/** A window's freshness cells: stale reads (and per request; empty without requests), expired misses, refresh reads (0s for a strategy without freshness). */
function freshCells(s: SeriesData, i: number): unknown[] {
  const n = s.requests[i]!;
  const stale = s.staleReads?.[i] ?? 0;
  return [stale, n === 0 ? '' : stale / n, s.expiredMisses?.[i] ?? 0, s.refreshReads?.[i] ?? 0];
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** The run's events as rules: each at its time, an outage's end too. */
export function chartEvents(r: BenchReport): ChartEvent[] {
  return (r.events ?? []).flatMap((e) => [{ atMs: e.at, label: formatEvent(e) }, ...(e.kind === 'outage' ? [{ atMs: e.at + e.durationMs, label: 'outage ends' }] : [])]);
}
const SI_LABEL =
  "datum.value >= 1e9 ? format(datum.value / 1e9, '~g') + 'G' : datum.value >= 1e6 ? format(datum.value / 1e6, '~g') + 'M' : datum.value >= 1e3 ? format(datum.value / 1e3, '~g') + 'k' : format(datum.value, '~g')";

/**
 * The chart: hit ratio per window (top) and source keys read per second (symlog), one line per
 * strategy, events as vertical rules; runs with freshness add the share of requests served stale.
 * Undefined when no result has a series of two windows or more (a one-window run has nothing to
 * draw over time).
 */
export function seriesChartSpec(r: BenchReport, events: readonly ChartEvent[] = chartEvents(r)): TopLevelSpec | undefined {
  const all = withSeries(r.results);
  if (all.length === 0 || all.every((x) => x.series.requests.length < 2)) return undefined;
  const colours = new ChartColours(all.map((x) => x.strategy));
  // Series name -> strategy (its colour); a run with events also draws its twin's hit ratio, dashed.
  const keys = new Map<string, string>();
  const values: { strategy: string; kind: string; t: number; hitRatio: number | null; keysPerSec: number | null; staleRatio?: number | null }[] = [];
  // Runs with freshness: a third panel, the share of each window's requests served stale.
  const fresh = all.some((x) => x.series.staleReads !== undefined);
  const add = (name: string, strategy: string, kind: string, s: SeriesData, hits: readonly number[], withLoad: boolean) => {
    keys.set(name, strategy);
    const sec = s.windowMs / 1000;
    for (let i = 0; i < s.requests.length; i++) {
      const n = s.requests[i]!;
      values.push({
        strategy: name,
        kind,
        t: i * sec,
        hitRatio: n === 0 ? null : hits[i]! / n,
        keysPerSec: withLoad ? s.sourceKeys[i]! / sec : null,
        ...(fresh ? { staleRatio: withLoad && n > 0 ? (s.staleReads?.[i] ?? 0) / n : null } : {}),
      });
    }
    // Steps are drawn from each window's start: the last window's step needs its end too.
    values.push({ ...values[values.length - 1]!, t: s.requests.length * sec });
  };
  for (const res of all) add(res.strategy, res.strategy, 'run', res.series, res.series.hits, true);
  for (const res of all) if (res.warmup !== undefined) add(`${res.strategy} (twin, no events)`, res.strategy, 'twin', res.series, res.warmup.twinHits, false);
  const names = [...keys.keys()];
  const windowS = all[0]!.series.windowMs / 1000;
  const color = { field: 'strategy', type: 'nominal', title: null, sort: names, scale: colours.scale(keys), legend: { orient: 'bottom', columns: 2 } };
  const dash = {
    field: 'kind',
    type: 'nominal',
    scale: {
      domain: ['run', 'twin'],
      range: [
        [1, 0],
        [4, 3],
      ],
    },
    legend: null,
  };
  const x = { field: 't', type: 'quantitative', title: 'virtual time (s)' };
  // Labels alternate between two lines so that close events stay readable.
  const rules = events.map((e, i) => ({ t: e.atMs / 1000, label: e.label, y: 2 + 14 * (i % 2) }));
  const eventLayers =
    rules.length === 0
      ? []
      : [
          { data: { values: rules }, mark: { type: 'rule', color: '#444', strokeDash: [4, 3] }, encoding: { x: { field: 't', type: 'quantitative' } } },
          {
            data: { values: rules },
            mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, fontSize: 11, color: '#222' },
            encoding: { x: { field: 't', type: 'quantitative' }, y: { field: 'y', type: 'quantitative', scale: null }, text: { field: 'label' } },
          },
        ];
  const line = { type: 'line', strokeWidth: 1.5, interpolate: 'step-after' };
  return {
    $schema: SCHEMA,
    title: {
      text: 'Hit ratio and source load over virtual time',
      subtitle: [
        `workload ${r.workload.name}; ${windowS}-second windows${rules.length > 0 ? '; dashed rules: events' : ''}`,
        ...(all.some((x) => x.warmup !== undefined) ? ["dashed lines: each strategy's twin run without the events (the warm-up reference)"] : []),
      ],
    },
    data: { values },
    vconcat: [
      {
        width: 640,
        height: 200,
        layer: [
          {
            mark: line,
            encoding: { x, y: { field: 'hitRatio', type: 'quantitative', scale: { domain: [0, 1] }, title: 'hit ratio (per window)', axis: { format: '.0%' } }, color, strokeDash: dash },
          },
          ...eventLayers,
        ],
      },
      {
        width: 640,
        height: 200,
        layer: [
          {
            transform: [{ filter: "datum.kind === 'run'" }],
            mark: line,
            encoding: {
              x,
              y: {
                field: 'keysPerSec',
                type: 'quantitative',
                scale: { type: 'symlog', constant: 100 },
                title: 'source keys read / s (symlog)',
                axis: { values: [0, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9], labelExpr: SI_LABEL },
              },
              color,
            },
          },
          ...eventLayers,
        ],
      },
      ...(fresh
        ? [
            {
              width: 640,
              height: 160,
              layer: [
                {
                  transform: [{ filter: "datum.kind === 'run'" }],
                  mark: line,
                  encoding: { x, y: { field: 'staleRatio', type: 'quantitative', title: 'stale reads / requests (per window)', axis: { format: '.1%' } }, color },
                },
                ...eventLayers,
              ],
            },
          ]
        : []),
    ],
  } as unknown as TopLevelSpec;
}

/** The lines summary.md gets under its table: the chart, and where the rows are. */
export function seriesMarkdown(hasChart: boolean): string {
  return `${hasChart ? `\n![Hit ratio and source load over virtual time](${SERIES_SVG})\n` : ''}\nPer-window rows of every strategy: ${SERIES_CSV}.\n`;
}
