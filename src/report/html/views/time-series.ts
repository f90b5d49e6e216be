// Time series views of a run: hit ratio, source load and latency per window of virtual time, one line
// per strategy in the page's colours, the run's events as vertical rules (hover one for what it was;
// no text labels, which overlapped when events were close). With events, each strategy's twin run
// without them (the warm-up reference) is drawn dashed in the same colour; the legend says which is which.
import type { ViewSpec } from '../report-model.ts';
import { colourEncoding, DASH_LEGEND, FOCUS_OPACITY, LEGEND_FOCUS, countPoints, HEIGHT, lineWithPoints, SI_LABEL, WIDTH, type ColourScale } from './common.ts';

/** One window of one strategy's series (what a view needs; read back from summary.json). */
export interface SeriesInput {
  readonly strategy: string;
  readonly windowMs: number;
  readonly requests: readonly number[];
  readonly hits: readonly number[];
  readonly sourceKeys: readonly number[];
  readonly p50Ms: readonly number[];
  readonly p99Ms: readonly number[];
  /** Runs with events: the twin's hits per window (the run without the events). */
  readonly twinHits?: readonly number[] | undefined;
  /** Runs with freshness (writes, ttl, refresh): stale reads, expired misses and refresh reads per window. */
  readonly staleReads?: readonly number[] | undefined;
  readonly expiredMisses?: readonly number[] | undefined;
  readonly refreshReads?: readonly number[] | undefined;
}

export interface EventMark {
  readonly atMs: number;
  readonly label: string;
}

const RUN = 'this run';
const TWIN = 'twin without events';

type Row = {
  strategy: string;
  run: string;
  t: number;
  span: string;
  hitRatio: number | null;
  keysPerSec: number | null;
};

function rows(series: readonly SeriesInput[]): Row[] {
  const out: Row[] = [];
  for (const s of series) {
    const sec = s.windowMs / 1000;
    const add = (run: string, hits: readonly number[], withLoad: boolean) => {
      for (let i = 0; i < s.requests.length; i++) {
        const n = s.requests[i]!;
        out.push({
          strategy: s.strategy,
          run,
          t: i * sec,
          span: `${(i * sec).toLocaleString('en-US')}–${((i + 1) * sec).toLocaleString('en-US')} s`,
          hitRatio: n === 0 ? null : hits[i]! / n,
          keysPerSec: withLoad ? s.sourceKeys[i]! / sec : null,
        });
      }
    };
    add(RUN, s.hits, true);
    if (s.twinHits) add(TWIN, s.twinHits, false);
  }
  return out;
}

function eventLayer(events: readonly EventMark[]): Record<string, unknown>[] {
  if (events.length === 0) return [];
  return [
    {
      data: { values: events.map((e) => ({ t: e.atMs / 1000, event: e.label })) },
      mark: { type: 'rule', color: '#444', strokeDash: [4, 3], strokeWidth: 1.5, tooltip: true },
      encoding: {
        x: { field: 't', type: 'quantitative' },
        tooltip: [
          { field: 'event', title: 'event' },
          { field: 't', title: 'at (s)', format: ',.3~f' },
        ],
      },
    },
  ];
}

const X = { field: 't', type: 'quantitative', title: 'virtual time (s)', axis: { labelOverlap: true } };

/** The three views (hit ratio, source load, latency); none when no strategy has two windows or more. */
export function timeSeriesViews(series: readonly SeriesInput[], events: readonly EventMark[], colours: ColourScale): ViewSpec[] {
  if (series.length === 0 || series.every((s) => s.requests.length < 2)) return [];
  const names = series.map((s) => s.strategy);
  const data = rows(series);
  const twins = series.some((s) => s.twinHits !== undefined);
  const windowS = series[0]!.windowMs / 1000;
  const eventsNote = events.length > 0 ? ` Dashed grey rules: the run's events (${events.map((e) => e.label).join('; ')}); hover a rule for its name.` : '';
  const color = colourEncoding(colours, names);
  const dash = {
    field: 'run',
    type: 'nominal',
    title: null,
    scale: {
      domain: [RUN, TWIN],
      range: [
        [1, 0],
        [5, 3],
      ],
    },
    legend: twins ? DASH_LEGEND : null,
  };
  const hitRatio: ViewSpec = {
    name: 'hit-ratio',
    title: 'Hit ratio over virtual time',
    caption: `Hits / requests in each ${windowS}-second window, per strategy.${twins ? " Dashed: each strategy's twin run without the events, on the same requests (the warm-up reference)." : ''}${eventsNote}`,
    mark: 'line',
    points: countPoints(data, ['t', 'hitRatio']),
    spec: {
      width: WIDTH,
      height: HEIGHT,
      layer: [
        {
          data: { values: data },
          params: [LEGEND_FOCUS],
          mark: lineWithPoints({ interpolate: 'step-after' }),
          encoding: {
            x: X,
            y: { field: 'hitRatio', type: 'quantitative', scale: { domain: [0, 1] }, title: 'hit ratio (per window)', axis: { format: '.0%' } },
            color,
            opacity: FOCUS_OPACITY,
            strokeDash: dash,
            detail: { field: 'run' },
            tooltip: [{ field: 'strategy' }, { field: 'run', title: 'run' }, { field: 'span', title: 'virtual time' }, { field: 'hitRatio', title: 'hit ratio', format: '.4f' }],
          },
        },
        ...eventLayer(events),
      ],
    },
  };
  const load = data.filter((r) => r.run === RUN);
  const sourceLoad: ViewSpec = {
    name: 'source-load',
    title: 'Source load over virtual time',
    caption: `Keys read from the source per second (demand reads and backfilled keys) in each ${windowS}-second window; symmetric log scale, so bursts and quiet periods both show.${eventsNote}`,
    mark: 'line',
    points: countPoints(load, ['t', 'keysPerSec']),
    spec: {
      width: WIDTH,
      height: HEIGHT,
      layer: [
        {
          data: { values: load },
          params: [LEGEND_FOCUS],
          mark: lineWithPoints({ interpolate: 'step-after' }),
          encoding: {
            x: X,
            y: {
              field: 'keysPerSec',
              type: 'quantitative',
              scale: { type: 'symlog', constant: 100 },
              title: 'source keys read / s (symlog)',
              axis: { values: [0, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9], labelExpr: SI_LABEL, labelOverlap: true },
            },
            color,
            opacity: FOCUS_OPACITY,
            tooltip: [{ field: 'strategy' }, { field: 'span', title: 'virtual time' }, { field: 'keysPerSec', title: 'source keys/s', format: ',.1f' }],
          },
        },
        ...eventLayer(events),
      ],
    },
  };
  const lat = series.flatMap((s) => {
    const sec = s.windowMs / 1000;
    return s.requests.flatMap((n, i) =>
      n === 0
        ? []
        : [
            { strategy: s.strategy, percentile: 'p50', t: i * sec, ms: s.p50Ms[i]!, span: `${(i * sec).toLocaleString('en-US')}–${((i + 1) * sec).toLocaleString('en-US')} s` },
            { strategy: s.strategy, percentile: 'p99', t: i * sec, ms: s.p99Ms[i]!, span: `${(i * sec).toLocaleString('en-US')}–${((i + 1) * sec).toLocaleString('en-US')} s` },
          ],
    );
  });
  // A log scale cannot place 0 ms (a zero hit latency): linear then.
  const logOk = lat.every((r) => r.ms > 0);
  const latency: ViewSpec = {
    name: 'latency',
    title: 'Latency over virtual time',
    caption: `Modeled request latency per ${windowS}-second window: p99 solid, p50 dashed.${eventsNote}`,
    mark: 'line',
    points: countPoints(lat, ['t', 'ms']),
    spec: {
      width: WIDTH,
      height: HEIGHT,
      layer: [
        {
          data: { values: lat },
          params: [LEGEND_FOCUS],
          mark: lineWithPoints({ interpolate: 'step-after' }),
          encoding: {
            x: X,
            y: { field: 'ms', type: 'quantitative', scale: { type: logOk ? 'log' : 'linear' }, title: `latency (ms${logOk ? ', log scale' : ''})`, axis: { format: '~g', labelOverlap: true } },
            color,
            opacity: FOCUS_OPACITY,
            strokeDash: {
              field: 'percentile',
              type: 'nominal',
              title: null,
              scale: {
                domain: ['p99', 'p50'],
                range: [
                  [1, 0],
                  [4, 3],
                ],
              },
              legend: DASH_LEGEND,
            },
            tooltip: [{ field: 'strategy' }, { field: 'percentile' }, { field: 'span', title: 'virtual time' }, { field: 'ms', title: 'ms', format: ',.3f' }],
          },
        },
        ...eventLayer(events),
      ],
    },
  };
  return [hitRatio, sourceLoad, latency, ...freshnessView(series, events, colours, windowS, eventsNote)];
}

const FRESH = [
  ['stale reads', 'staleReads'],
  ['expired misses', 'expiredMisses'],
  ['refresh reads', 'refreshReads'],
] as const;

/** Runs with freshness: stale reads, expired misses and refresh reads per second, per window (dash: which). */
function freshnessView(series: readonly SeriesInput[], events: readonly EventMark[], colours: ColourScale, windowS: number, eventsNote: string): ViewSpec[] {
  if (!series.some((s) => s.staleReads !== undefined)) return [];
  const values = series.flatMap((s) => {
    const sec = s.windowMs / 1000;
    return FRESH.flatMap(([what, field]) =>
      (s[field] ?? []).map((n, i) => ({ strategy: s.strategy, what, t: i * sec, perSec: n / sec, span: `${(i * sec).toLocaleString('en-US')}–${((i + 1) * sec).toLocaleString('en-US')} s` })),
    );
  });
  const names = series.map((s) => s.strategy);
  return [
    {
      name: 'freshness',
      title: 'Freshness over virtual time',
      caption: `Per second in each ${windowS}-second window: stale reads (hits that served an outdated value; solid), expired misses (dashed) and refresh reads (dotted); symmetric log scale.${eventsNote}`,
      mark: 'line',
      points: countPoints(values, ['t', 'perSec']),
      spec: {
        width: WIDTH,
        height: HEIGHT,
        layer: [
          {
            data: { values },
            params: [LEGEND_FOCUS],
            mark: lineWithPoints({ interpolate: 'step-after', point: { filled: true, size: 12 } }),
            encoding: {
              x: X,
              y: { field: 'perSec', type: 'quantitative', scale: { type: 'symlog', constant: 10 }, title: 'per second (symlog)', axis: { labelExpr: SI_LABEL, labelOverlap: true } },
              color: colourEncoding(colours, names),
              opacity: FOCUS_OPACITY,
              detail: { field: 'what' },
              strokeDash: {
                field: 'what',
                type: 'nominal',
                title: null,
                scale: {
                  domain: FRESH.map(([w]) => w),
                  range: [
                    [1, 0],
                    [5, 3],
                    [1, 2],
                  ],
                },
                legend: { orient: 'bottom', symbolType: 'stroke', symbolStrokeColor: '#444' },
              },
              tooltip: [{ field: 'strategy' }, { field: 'what', title: 'count' }, { field: 'span', title: 'virtual time' }, { field: 'perSec', title: 'per second', format: ',.1f' }],
            },
          },
          ...eventLayer(events),
        ],
      },
    },
  ];
}
