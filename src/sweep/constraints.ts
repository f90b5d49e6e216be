// `--target "hitRatio>=0.9"` and `--budget "sourceReads<=2e6"`: constraints on metric columns, parsed
// with a strict grammar (no eval): METRIC OP NUMBER, OP one of >= <= > <, NUMBER a plain decimal
// (exponents allowed). Several may be joined with "," or "and", or the flag repeated. Anything else
// is a ConfigError naming the flag, the text and what is allowed.
import { ConfigError } from '../core/errors.ts';
import { ALL_METRICS as METRICS, type MetricColumn } from '../runner/metrics.ts';
import type { StrategyResult } from '../runner/result.ts';
import { strictNumber } from './decimal.ts';
import { didYouMean } from '../core/suggest.ts';

export type ConstraintOp = '>=' | '<=' | '>' | '<';

export interface Constraint {
  readonly metric: MetricColumn;
  readonly op: ConstraintOp;
  readonly value: number;
  /** Which flag it came from: target or budget. */
  readonly kind: 'target' | 'budget';
  /** Normalised text, e.g. "hitRatio >= 0.9". */
  readonly text: string;
}

const ONE = /^([A-Za-z_][A-Za-z0-9_]*)\s*(>=|<=|>|<)\s*(.+)$/;

export function parseConstraints(kind: 'target' | 'budget', raw: unknown): Constraint[] {
  if (raw === undefined) return [];
  const flag = `--${kind}`;
  const out: Constraint[] = [];
  for (const item of (Array.isArray(raw) ? raw : [raw]).map(String)) {
    const parts = item.split(/\s*,\s*|\s+and\s+|\s*&&\s*/i);
    for (const part of parts.map((p) => p.trim())) {
      if (part === '') throw new ConfigError(`${flag}: ${JSON.stringify(item)} has an empty condition; write e.g. "hitRatio>=0.9"`);
      const m = ONE.exec(part);
      if (!m) throw new ConfigError(`${flag}: ${JSON.stringify(part)} is not METRIC OP NUMBER (OP one of >=, <=, >, <), e.g. "hitRatio>=0.9" or "sourceReads<=2e6"`);
      const [, id, op, num] = m as unknown as [string, string, ConstraintOp, string];
      const metric = METRICS.find((c) => c.id === id) ?? METRICS.find((c) => c.id.toLowerCase() === id.toLowerCase());
      if (!metric)
        throw new ConfigError(
          `${flag}: unknown metric ${JSON.stringify(id)}${didYouMean(
            id,
            METRICS.map((c) => c.id),
          )}; metrics: ${METRICS.map((c) => c.id).join(', ')}`,
        );
      const value = strictNumber(num);
      if (value === undefined) throw new ConfigError(`${flag}: ${JSON.stringify(num.trim())} in ${JSON.stringify(part)} is not a finite number`);
      out.push({ metric, op, value, kind, text: `${metric.id} ${op} ${num.trim()}` });
    }
  }
  return out;
}

export function satisfies(r: StrategyResult, c: Constraint): boolean {
  const v = c.metric.get(r);
  switch (c.op) {
    case '>=':
      return v >= c.value;
    case '<=':
      return v <= c.value;
    case '>':
      return v > c.value;
    case '<':
      return v < c.value;
  }
}

export function meetsAll(r: StrategyResult, cs: readonly Constraint[]): boolean {
  return cs.every((c) => satisfies(r, c));
}
