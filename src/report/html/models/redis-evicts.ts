// The page of a `load --redis-evicts` folder (summary.json kind "load-redis-evicts"): Redis evicting by
// itself (maxmemory, sampled LRU/LFU) beside the exact policy on the same requests; the columns are
// eviction-report.ts's EVICTION_COLUMNS, the verdicts its cross-checks.
import { EVICTION_COLUMNS } from '../../../load/eviction-report.ts';
import type { RedisEvictingResult } from '../../../load/redis-eviction.ts';
import { headerFromRun, readJson, readRunRecord, textColumn, type ReportModel, type Verdict, type ViewSpec } from '../report-model.ts';
import { HEIGHT, pageColours, WIDTH } from '../views/common.ts';
import { firstParagraph } from './bench.ts';

interface EvictsDoc {
  readonly workload: { readonly name: string };
  readonly seed: number;
  readonly failed: readonly { readonly name: string; readonly reason: string }[];
  readonly results: readonly RedisEvictingResult[];
}

export function redisEvictsModel(dir: string): ReportModel {
  const doc = readJson(dir, 'summary.json') as EvictsDoc;
  const run = readRunRecord(dir);
  const names = doc.results.map((x) => x.name);
  const colours = pageColours(names);
  const verdicts: Verdict[] = doc.results.flatMap((x) => [
    ...x.failedChecks.map((c) => ({ subject: x.name, check: c, pass: false, detail: '' })),
    { subject: x.name, check: 'cross-checks', pass: x.failedChecks.length === 0, detail: '' },
    { subject: x.name, check: 'run complete', pass: x.status === 'complete', detail: x.status === 'complete' ? '' : x.partialReasons.join(', ') },
  ]);
  const values = doc.results.flatMap((x) => [
    { strategy: x.name, run: 'Redis', hitRatio: x.hitRatio },
    { strategy: x.name, run: `exact ${x.exact.policy}`, hitRatio: x.exact.hitRatio },
  ]);
  const view: ViewSpec = {
    name: 'hit-ratio',
    title: 'Hit ratio: Redis beside the exact policy',
    caption: 'Per Redis policy, its own hit ratio (solid) and the exact policy on the same requests at the same capacity (light); the gap is the cost of sampling.',
    mark: 'bar',
    points: values.length,
    spec: {
      width: WIDTH,
      height: HEIGHT - 60,
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'strategy', type: 'nominal', title: null, axis: { labelAngle: 0, labelOverlap: true } },
        xOffset: { field: 'run', type: 'nominal' },
        y: { field: 'hitRatio', type: 'quantitative', title: 'hit ratio', axis: { format: '.0%' } },
        color: { field: 'strategy', type: 'nominal', title: null, scale: { domain: [...colours.domain], range: [...colours.range] }, legend: null },
        opacity: { condition: { test: "datum.run === 'Redis'", value: 1 }, value: 0.45 },
        tooltip: [{ field: 'strategy', title: 'Redis policy' }, { field: 'run' }, { field: 'hitRatio', title: 'hit ratio', format: '.4f' }],
      },
    },
  };
  const paragraph = firstParagraph(dir, 'summary.md');
  return {
    kind: 'load',
    header: {
      title: `Load test, Redis evicting: workload ${doc.workload.name}`,
      workload: doc.workload.name,
      lines: paragraph ? paragraph.split('\n') : [],
      strategies: names,
      seed: doc.seed,
      ...headerFromRun(run),
    },
    table: {
      id: 'summary',
      title: 'Redis policies',
      caption: 'One row per Redis policy run. Click a column header to sort.',
      groups: [
        { name: 'policy', columns: [textColumn('policy', 'Redis policy', 'the maxmemory policy and its samples'), textColumn('exact', 'exact policy', 'the exact policy it is compared with')] },
        {
          name: 'measured',
          columns: EVICTION_COLUMNS.map((c) => ({
            id: c.id,
            header: c.header,
            unit: '',
            direction: c.id === 'hitRatio' || c.id === 'exactHitRatio' ? 'higher' : 'neutral',
            digits: c.digits,
            description: c.header,
            kind: 'number' as const,
          })),
        },
      ],
      rows: doc.results.map((x) => ({ colourKey: x.name, values: [x.name, x.exact.policy, ...EVICTION_COLUMNS.map((c) => c.get(x) ?? null)] })),
      markBest: false,
    },
    tables: [],
    views: [view],
    verdicts,
    notes: doc.failed.map((f) => `${f.name}: not run to the end: ${f.reason}`),
    colours,
  };
}
