// Comparing a run of the suite with its reference (the baseline, or another git tree). Deterministic
// metrics are compared exactly, their columns and directions taken from METRICS; CPU samples go
// through the statistical decision procedure in src/stats/slowdown.ts.
import { METRICS, type MetricColumn } from '../runner/metrics.ts';
import type { StrategyResult } from '../runner/result.ts';
import { compareTimings, formatP, percent, type TimingComparison, type TimingThresholds } from '../stats/slowdown.ts';
import { median } from '../stats/median.ts';

export type Change = 'better' | 'worse' | 'changed';

export interface MetricChange {
  readonly cell: string;
  readonly metric: MetricColumn;
  /** undefined when the reference does not have this metric. */
  readonly before: number | undefined;
  readonly after: number;
  readonly change: Change;
}

export interface DeterministicComparison {
  /** Cell ids in suite order. */
  readonly cells: readonly string[];
  readonly current: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly reference: Readonly<Record<string, Readonly<Record<string, number>> | undefined>>;
  readonly changes: readonly MetricChange[];
  /** In the suite, not in the reference. */
  readonly added: readonly string[];
  /** In the reference, not in the suite. */
  readonly removed: readonly string[];
  /** In both, but defined differently (workload, strategy, parameters, seed or latency model). */
  readonly redefined: readonly string[];
  /** Metrics no reference cell has (declared since the reference was recorded): shown, not compared. */
  readonly newMetrics: readonly string[];
}

/** Every declared metric of one result, by id. */
export function metricValues(r: StrategyResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of METRICS) out[m.id] = m.get(r);
  return out;
}

export function sameValue(a: number | undefined, b: number | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && Number.isNaN(a) && Number.isNaN(b));
}

/** better / worse by the metric's direction; "changed" for neutral metrics or a missing value. */
export function classify(m: Pick<MetricColumn, 'direction'>, before: number | undefined, after: number): Change {
  if (before === undefined || Number.isNaN(before) || Number.isNaN(after) || m.direction === 'neutral') return 'changed';
  if (m.direction === 'higher') return after > before ? 'better' : 'worse';
  return after < before ? 'better' : 'worse';
}

export function compareDeterministic(
  cells: readonly string[],
  current: Readonly<Record<string, Readonly<Record<string, number>>>>,
  reference: Readonly<Record<string, Readonly<Record<string, number>>>>,
  opts: { redefined?: readonly string[] } = {},
): DeterministicComparison {
  const changes: MetricChange[] = [];
  const added: string[] = [];
  const ref: Record<string, Readonly<Record<string, number>> | undefined> = {};
  const redefined = new Set(opts.redefined ?? []);
  const recorded = new Set(Object.values(reference).flatMap((r) => Object.keys(r)));
  const newMetrics = Object.keys(reference).length === 0 ? [] : METRICS.filter((m) => !recorded.has(m.id)).map((m) => m.id);
  for (const id of cells) {
    const after = current[id];
    if (!after) throw new Error(`no result for cell ${id}`);
    const before = reference[id];
    ref[id] = before;
    if (!before) {
      added.push(id);
      continue;
    }
    for (const m of METRICS) {
      if (newMetrics.includes(m.id)) continue;
      const b = before[m.id];
      const a = after[m.id]!;
      if (!sameValue(b, a)) changes.push({ cell: id, metric: m, before: b, after: a, change: classify(m, b, a) });
    }
  }
  const removed = Object.keys(reference).filter((id) => !cells.includes(id));
  return { cells, current, reference: ref, changes, added, removed, redefined: cells.filter((id) => redefined.has(id)), newMetrics };
}

export function behaviourChanged(d: DeterministicComparison): boolean {
  return d.changes.length > 0 || d.added.length > 0 || d.removed.length > 0 || d.redefined.length > 0;
}

/** What the check concludes about one timed cell. */
export type CpuVerdict = 'slower' | 'faster' | 'unchanged' | 'too-few-samples' | 'no reference' | 'not reproduced' | 'unstable';

export interface CpuRow {
  readonly cell: string;
  /** Samples of this run (x calibration, one per process); of the confirmation when there was one. */
  readonly current: readonly number[];
  /** Median ns per request of this run. */
  readonly currentNs: number;
  readonly reference?: readonly number[] | undefined;
  readonly referenceNs?: number | undefined;
  /** The comparison the verdict rests on (the confirmation's, when there was one). */
  readonly comparison?: TimingComparison | undefined;
  /** The first comparison, when it looked slower and a second set of samples was taken. */
  readonly first?: TimingComparison | undefined;
  readonly verdict: CpuVerdict;
  /** Why, for people, when the verdict needs explaining. */
  readonly note?: string | undefined;
}

type Samples = Readonly<Record<string, { samples: readonly number[]; nsPerRequest: number } | undefined>>;

export function compareCpu(cells: readonly string[], current: Samples, reference: Samples, t: TimingThresholds): CpuRow[] {
  return cells.map((cell) => {
    const cur = current[cell];
    if (!cur) throw new Error(`no CPU samples for cell ${cell}`);
    const ref = reference[cell];
    const comparison = ref && ref.samples.length > 0 ? compareTimings(ref.samples, cur.samples, t) : undefined;
    return {
      cell,
      current: cur.samples,
      currentNs: cur.nsPerRequest,
      reference: ref?.samples,
      referenceNs: ref?.nsPerRequest,
      comparison,
      verdict: comparison ? comparison.verdict : 'no reference',
    };
  });
}

/** Interquartile range / median: how much a set of timings spreads. */
export function relativeSpread(samples: readonly number[]): number {
  return (quantile(samples, 0.75) - quantile(samples, 0.25)) / median(samples);
}

/**
 * Why this run's timings cannot be trusted, if they cannot: they spread more than 3 times as much
 * as the reference's (and more than 5 %). That is the mark of a machine that was busy for part of
 * the run (another job's memory traffic slows memory-bound code, not the calibration loop), not of
 * a change in the code, which shifts the timings rather than scattering them.
 */
export function instability(current: readonly number[], reference: readonly number[]): string | undefined {
  const c = relativeSpread(current);
  const r = relativeSpread(reference);
  if (c <= Math.max(0.05, 3 * r)) return undefined;
  return `this run's timings spread ${(c * 100).toFixed(0)} % (interquartile range / median) against the reference's ${(r * 100).toFixed(0)} %: the machine was busy`;
}

/**
 * A slowdown fails the check only if it shows again in a second, independent set of samples, and
 * that set is stable. `second` holds the rows of that second comparison (same cells).
 */
export function confirmSlowdowns(first: readonly CpuRow[], second: readonly CpuRow[]): CpuRow[] {
  return first.map((row) => {
    if (row.verdict !== 'slower') return row;
    const again = second.find((r) => r.cell === row.cell);
    if (!again?.comparison) return row;
    const base = { ...again, first: row.comparison };
    const was = `first set ${percent(row.comparison!.ratio)} (p = ${formatP(row.comparison!.p)})`;
    if (again.verdict !== 'slower')
      return {
        ...base,
        verdict: 'not reproduced',
        note: `${was}, but a second set of samples gave ${percent(again.comparison.ratio)} (p = ${formatP(again.comparison.p)}): not reproduced, taken as noise`,
      };
    const why = instability(again.current, again.reference ?? []);
    if (why) return { ...base, verdict: 'unstable', note: `${was}, second ${percent(again.comparison.ratio)}, but ${why}; rerun, or compare with --against REF` };
    return { ...base, verdict: 'slower', note: `${was}; confirmed by a second set: ${again.comparison.reason}` };
  });
}

/** Linear-interpolated quantile (type 7, as numpy's default). */
export function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}
