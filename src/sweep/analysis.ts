// What a design review reads off a sweep: the Pareto frontier over hit ratio (higher is better),
// source reads and p99 latency (lower is better), the table order ("best first"), and the
// recommendation: the cheapest configuration that meets every --target and --budget.
//
// "Cheapest" is the load on the source first, memory second: fewest keys read from the source over
// the run (sourceReads: what the database pays), then fewest source round trips (sourceCalls), then
// the smallest capacity (unbounded counts as infinite), then the lowest p99 latency, then the higher
// hit ratio; the cell key breaks any remaining tie, so the choice never depends on run order.
//
// Only deployable configurations are recommended: a strategy with the `clairvoyant` trait (opt, which
// needs every future request) is a bound to compare with, shown in the report as a reference, never
// the pick, the runner-up or the closest. When nothing meets the constraints, the closest is the
// configuration whose worst constraint is violated the least, relative to the constraint's value (5x
// over a budget is a violation of 4; a hit ratio of 0.85 against a target of 0.9, 0.056).
import type { StrategyResult } from '../runner/result.ts';
import { allStrategySpecs, strategySpec, type AnyStrategySpec } from '../strategies/registry.ts';
import { traitsOf } from '../core/types.ts';
import { meetsAll, parseConstraints, type Constraint } from './constraints.ts';

export interface SweepRow {
  /** The cell's configuration hash. */
  readonly key: string;
  readonly strategy: string;
  /** Every parameter of the strategy (display form: "unbounded" capacity, null window). */
  readonly params: Readonly<Record<string, unknown>>;
  /** How the result was obtained: "simulation", or "mrc" (a `none` cell from the one-pass curve). */
  readonly method: string;
  readonly result: StrategyResult;
}

export interface Objective {
  readonly id: 'hitRatio' | 'sourceReads' | 'latencyP99Ms';
  readonly label: string;
  readonly better: 'higher' | 'lower';
  get(r: StrategyResult): number;
}

export const FRONTIER_OBJECTIVES: readonly Objective[] = [
  { id: 'hitRatio', label: 'hit ratio', better: 'higher', get: (r) => r.hitRatio },
  { id: 'sourceReads', label: 'source reads', better: 'lower', get: (r) => r.sourceReads },
  { id: 'latencyP99Ms', label: 'p99 latency', better: 'lower', get: (r) => r.latencyMs.p99 },
];

const cmp = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0);
const cmpText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** a dominates b: at least as good on every objective and better on one. */
export function dominates(a: StrategyResult, b: StrategyResult): boolean {
  let better = false;
  for (const o of FRONTIER_OBJECTIVES) {
    const c = o.better === 'higher' ? cmp(o.get(b), o.get(a)) : cmp(o.get(a), o.get(b));
    if (c > 0) return false;
    if (c < 0) better = true;
  }
  return better;
}

/**
 * For each row, whether no other row dominates it. Rows are visited in lexicographic order (hit ratio
 * down, source reads up, p99 up), where any dominator comes strictly earlier; by transitivity it is
 * enough to compare with the frontier found so far. O(n x frontier size).
 */
export function paretoFlags(rows: readonly SweepRow[]): boolean[] {
  const [h, s, p] = FRONTIER_OBJECTIVES as [Objective, Objective, Objective];
  const order = rows
    .map((_, i) => i)
    .sort((i, j) => {
      const a = rows[i]!.result;
      const b = rows[j]!.result;
      return cmp(h.get(b), h.get(a)) || cmp(s.get(a), s.get(b)) || cmp(p.get(a), p.get(b));
    });
  const flags = new Array<boolean>(rows.length).fill(false);
  const frontier: StrategyResult[] = [];
  for (const i of order) {
    const r = rows[i]!.result;
    if (frontier.some((f) => dominates(f, r))) continue;
    flags[i] = true;
    frontier.push(r);
  }
  return flags;
}

export function capacityOf(row: SweepRow): number {
  const c = row.params.capacity;
  return typeof c === 'number' ? c : Infinity;
}

/** The cost order of the recommendation (see the top of this file). */
export function cheaperFirst(a: SweepRow, b: SweepRow): number {
  return (
    cmp(a.result.sourceReads, b.result.sourceReads) ||
    cmp(a.result.sourceCalls, b.result.sourceCalls) ||
    cmp(capacityOf(a), capacityOf(b)) ||
    cmp(a.result.latencyMs.p99, b.result.latencyMs.p99) ||
    cmp(b.result.hitRatio, a.result.hitRatio) ||
    cmpText(a.key, b.key)
  );
}

/** "Best first" for the Markdown table: frontier first, then hit ratio, source reads, p99. */
export function bestFirst(rows: readonly SweepRow[], frontier: readonly boolean[]): number[] {
  return rows
    .map((_, i) => i)
    .sort(
      (i, j) =>
        cmp(frontier[i] ? 0 : 1, frontier[j] ? 0 : 1) ||
        cmp(rows[j]!.result.hitRatio, rows[i]!.result.hitRatio) ||
        cmp(rows[i]!.result.sourceReads, rows[j]!.result.sourceReads) ||
        cmp(rows[i]!.result.latencyMs.p99, rows[j]!.result.latencyMs.p99) ||
        cmpText(rows[i]!.key, rows[j]!.key),
    );
}

/**
 * Whether a strategy with these parameters can be deployed: not clairvoyant (opt, or a backfill whose
 * selection is clairvoyant); a strategy no longer registered counts as deployable.
 */
export function isDeployable(strategy: string, params: Readonly<Record<string, unknown>> = {}): boolean {
  const spec = allStrategySpecs().find((s) => s.name === strategy) ?? (strategy.includes('+') ? tryComposed(strategy) : undefined);
  return !spec || !traitsOf(spec, params).includes('clairvoyant');
}

function tryComposed(name: string): AnyStrategySpec | undefined {
  try {
    return strategySpec(name);
  } catch {
    return undefined;
  }
}

/** How far a result is from meeting a constraint, relative to its value (0 when met). */
export function relativeViolation(r: StrategyResult, c: Constraint): number {
  const v = c.metric.get(r);
  const over = c.op === '>=' || c.op === '>' ? c.value - v : v - c.value;
  const strictTie = over === 0 && (c.op === '>' || c.op === '<');
  if (over < 0 || (over === 0 && !strictTie)) return 0;
  const scale = Math.abs(c.value) > 0 ? Math.abs(c.value) : 1;
  return strictTie ? Number.MIN_VALUE : over / scale;
}

/** The largest relative violation of any constraint (0 when all are met). */
export function worstViolation(r: StrategyResult, cs: readonly Constraint[]): number {
  let worst = 0;
  for (const c of cs) worst = Math.max(worst, relativeViolation(r, c));
  return worst;
}

export interface Recommendation {
  readonly constraints: readonly Constraint[];
  /** True when no --target or --budget was given and the default target was used. */
  readonly defaulted: boolean;
  /** Rows meeting every constraint, cheapest first. */
  readonly meeting: readonly SweepRow[];
  readonly pick: SweepRow | undefined;
  readonly runnerUp: SweepRow | undefined;
  /**
   * When nothing deployable meets the constraints: the deployable row whose largest relative violation
   * is smallest (then the higher hit ratio, then the cheaper).
   */
  readonly closest: SweepRow | undefined;
  /** Rows of clairvoyant strategies: references (bounds), never recommended. */
  readonly references: readonly SweepRow[];
}

/** The default target when none is given: within one point of the best hit ratio a deployable configuration reached. */
export function defaultConstraints(rows: readonly SweepRow[]): Constraint[] {
  const best = Math.max(...rows.map((r) => r.result.hitRatio));
  const floor = Math.max(0, Math.floor((best - 0.01) * 10_000) / 10_000);
  return parseConstraints('target', `hitRatio>=${floor}`);
}

export function recommend(
  rows: readonly SweepRow[],
  given: readonly Constraint[],
  deployable: (strategy: string, params: Readonly<Record<string, unknown>>) => boolean = isDeployable,
): Recommendation {
  const candidates = rows.filter((r) => deployable(r.strategy, r.params));
  const references = rows.filter((r) => !deployable(r.strategy, r.params));
  const defaulted = given.length === 0 && candidates.length > 0;
  const constraints = defaulted ? defaultConstraints(candidates) : given;
  const meeting = candidates.filter((r) => meetsAll(r.result, constraints)).sort(cheaperFirst);
  const worst = new Map(candidates.map((r) => [r, worstViolation(r.result, constraints)]));
  const closest = meeting.length > 0 ? undefined : [...candidates].sort((a, b) => cmp(worst.get(a)!, worst.get(b)!) || cmp(b.result.hitRatio, a.result.hitRatio) || cheaperFirst(a, b))[0];
  return { constraints, defaulted, meeting, pick: meeting[0], runnerUp: meeting[1], closest, references };
}

/** One row per strategy for the per-strategy charts: its cheapest row meeting the constraints, else its best hit ratio. */
export function representatives(rows: readonly SweepRow[], strategies: readonly string[], constraints: readonly Constraint[]): SweepRow[] {
  const out: SweepRow[] = [];
  for (const s of strategies) {
    const own = rows.filter((r) => r.strategy === s);
    if (own.length === 0) continue;
    const ok = own.filter((r) => meetsAll(r.result, constraints)).sort(cheaperFirst);
    out.push(ok[0] ?? [...own].sort((a, b) => cmp(b.result.hitRatio, a.result.hitRatio) || cheaperFirst(a, b))[0]!);
  }
  return out;
}
