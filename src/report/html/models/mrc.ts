// The page of an mrc folder: mrc.csv (one row per capacity, then the unbounded cache), mrc.md's
// first paragraph (the workload and the method), run.json (command, policy, commit, versions).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../../core/errors.ts';
import { CAPACITY_UNBOUNDED } from '../../../strategies/strategy-params.ts';
import { headerFromRun, readRunRecord, type ReportModel, type TableColumn } from '../report-model.ts';
import { pageColours } from '../views/common.ts';
import { mrcView } from '../views/mrc-curve.ts';
import { firstParagraph } from './bench.ts';

interface CurveRow {
  readonly capacity: number;
  readonly hitRatio: number;
  readonly missRatio: number;
  /** SHARDS' split-half error estimate (0 when exact); sampled policy curves: none. */
  readonly error: number | undefined;
}

/** mrc.csv's rows (both layouts: the one-pass curve's and a policy curve's); the unbounded row's capacity is Infinity. */
/** mrc.csv's capacity column: named as the capacity parameter. */
const CAPACITY = CAPACITY_UNBOUNDED.name;

export function readMrcCsv(dir: string): CurveRow[] {
  const path = join(dir, 'mrc.csv');
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = (head ?? '').split(',');
  const at = (name: string) => cols.indexOf(name);
  if (at(CAPACITY) < 0 || at('hitRatio') < 0) throw new ConfigError(`report: ${path} has no capacity and hitRatio columns`);
  return lines.map((l, i) => {
    const f = l.split(',');
    const num = (name: string) => (at(name) < 0 || f[at(name)] === '' ? undefined : Number(f[at(name)]));
    const capacity = f[at(CAPACITY)] === 'unbounded' ? Infinity : Number(f[at(CAPACITY)]);
    const hitRatio = num('hitRatio');
    if (!(capacity > 0) || hitRatio === undefined || !Number.isFinite(hitRatio)) throw new ConfigError(`report: ${path}:${i + 2}: not a capacity and a hit ratio`);
    return { capacity, hitRatio, missRatio: num('missRatio') ?? 1 - hitRatio, error: num('errorEstimate') };
  });
}

const col = (id: string, header: string, direction: TableColumn['direction'], digits: number, description: string, infinite?: string): TableColumn => ({
  id,
  header,
  unit: id === CAPACITY ? 'keys' : 'ratio',
  direction,
  digits,
  description,
  kind: 'number',
  infinite,
});

export function mrcModel(dir: string): ReportModel {
  const run = readRunRecord(dir) as ReturnType<typeof readRunRecord> & { policy?: string; seed?: number; workload?: { name?: string } };
  const rows = readMrcCsv(dir);
  const policy = run.policy ?? 'lru';
  const colours = pageColours([policy]);
  const bounded = rows.filter((r) => Number.isFinite(r.capacity));
  const unbounded = rows.find((r) => r.capacity === Infinity)?.hitRatio;
  const sampled = rows.some((r) => (r.error ?? 0) > 0);
  const line = firstParagraph(dir, 'mrc.md');
  const workload = run.workload?.name ?? /^Workload ([^:]+):/.exec(line ?? '')?.[1] ?? 'unknown';
  const view = mrcView(
    [{ strategy: policy, label: `${policy} (demand fill)`, kind: 'curve', points: bounded.map((r) => ({ capacity: r.capacity, hitRatio: r.hitRatio, error: sampled ? r.error : undefined })) }],
    unbounded,
    colours,
    `Hit ratio of demand-fill ${policy} at each capacity${sampled ? ' (sampled: hover a point for its error estimate)' : ''}; dotted: an unbounded cache (only first requests miss).`,
  );
  return {
    kind: 'mrc',
    header: {
      title: `Miss-ratio curve: workload ${workload}`,
      workload,
      lines: line ? [line] : [],
      strategies: [policy],
      seed: run.seed,
      ...headerFromRun(run),
    },
    table: {
      id: 'summary',
      title: 'Hit ratio by capacity',
      caption: `One row per capacity of mrc.csv (policy ${policy}), then the unbounded cache. Click a column header to sort.`,
      groups: [
        {
          name: 'hit ratio',
          columns: [
            col(CAPACITY, 'capacity (keys)', 'neutral', 0, 'cache capacity in keys', 'unbounded'),
            col('hitRatio', 'hit ratio', 'higher', 4, 'hits / requests of a demand-fill cache of this capacity'),
            col('missRatio', 'miss ratio', 'lower', 4, 'misses / requests'),
            ...(sampled ? [col('error', '± error', 'neutral', 4, "SHARDS' split-half error estimate")] : []),
          ],
        },
      ],
      rows: rows.map((r) => ({ colourKey: policy, values: [r.capacity, r.hitRatio, r.missRatio, ...(sampled ? [r.error ?? null] : [])] })),
      markBest: false,
    },
    tables: [],
    views: view ? [view] : [],
    notes: [],
    colours,
  };
}
