// What the check writes: a Markdown summary (verdict first, then only what changed, then everything
// in collapsed <details>), github-action-benchmark files (customBiggerIsBetter and
// customSmallerIsBetter) and Bencher Metric Format JSON. Metric columns and directions come from
// METRICS; nothing here lists metrics by hand.
import { METRICS, type MetricColumn } from '../runner/metrics.ts';
import { formatMetric, markdownTable } from '../report/markdown.ts';
import { formatP, percent } from '../stats/slowdown.ts';
import { median } from '../stats/median.ts';
import { quantile, type CpuRow, type CpuVerdict, type MetricChange } from './compare.ts';
import type { CheckOutcome } from './run-check.ts';
import { displayPath } from './suite.ts';

const CPU_UNIT = 'x calibration';

function fmt(m: Pick<MetricColumn, 'digits'>, v: number | undefined): string {
  return v === undefined ? '—' : formatMetric(m, v);
}

function signed(m: Pick<MetricColumn, 'digits'>, v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const s = formatMetric(m, Math.abs(v));
  return v > 0 ? `+${s}` : v < 0 ? `−${s}` : s;
}

export function deltaText(c: Pick<MetricChange, 'metric' | 'before' | 'after'>): string {
  if (c.before === undefined) return 'new';
  const d = c.after - c.before;
  const rel = c.before !== 0 ? ` (${percent(c.after / c.before)})` : '';
  // A difference too small for the metric's digits still shows: exact comparison found it.
  const digits = formatMetric(c.metric, Math.abs(d)) === formatMetric(c.metric, 0) ? { digits: 6 } : c.metric;
  return `${signed(digits, d)}${rel}`;
}

const CHANGE_MARK: Record<MetricChange['change'], string> = { better: 'better', worse: '**worse**', changed: 'changed' };

function verdictLine(o: CheckOutcome): string {
  if (o.updated) return o.referenceLabel === '(no baseline yet)' ? '## 📝 Baseline created' : '## 📝 Baseline updated';
  const why: string[] = [];
  const d = o.deterministic;
  if (o.behaviourChanged && d) {
    const cells = new Set(d.changes.map((c) => c.cell));
    const worse = d.changes.filter((c) => c.change === 'worse').length;
    const better = d.changes.filter((c) => c.change === 'better').length;
    const parts = [`${d.changes.length} metric${d.changes.length === 1 ? '' : 's'} in ${cells.size} cell${cells.size === 1 ? '' : 's'}`];
    if (d.changes.length) parts[0] += ` (${worse} worse, ${better} better${d.changes.length - worse - better ? `, ${d.changes.length - worse - better} neutral` : ''})`;
    if (d.added.length) parts.push(`${d.added.length} new cell${d.added.length === 1 ? '' : 's'}`);
    if (d.removed.length) parts.push(`${d.removed.length} removed cell${d.removed.length === 1 ? '' : 's'}`);
    if (d.redefined.length) parts.push(`${d.redefined.length} redefined cell${d.redefined.length === 1 ? '' : 's'}`);
    why.push(`behaviour changed: ${parts.join(', ')}`);
  }
  if (o.cpuRegressions.length) why.push(`CPU cost regressed in ${o.cpuRegressions.join(', ')}`);
  if (why.length) return `## ❌ Regression check failed: ${why.join('; ')}`;
  return `## ✅ Regression check passed${o.cpuWarnings.length ? ` (⚠️ CPU cost looked slower but did not fail the check: ${o.cpuWarnings.join(', ')})` : ''}`;
}

function ciText(r: CpuRow): string {
  const c = r.comparison;
  if (!c || Number.isNaN(c.ratioLow)) return '—';
  return `${percent(c.ratioLow)} … ${percent(c.ratioHigh)}`;
}

const CPU_VERDICT: Record<CpuVerdict, string> = {
  slower: '**slower**',
  faster: 'faster',
  unchanged: 'no change',
  'too-few-samples': 'too few samples',
  'no reference': 'no reference',
  'not reproduced': 'not reproduced',
  unstable: 'unstable ⚠️',
};

function cpuTable(rows: readonly CpuRow[], o: CheckOutcome): string {
  const conf = o.cpu ? `${Math.round((1 - o.cpu.settings.maxP) * 1000) / 10} % CI` : 'CI';
  const header = ['cell', `before (${CPU_UNIT})`, `after (${CPU_UNIT})`, 'after ns/req', 'change (estimate)', conf, 'p', 'verdict'];
  const body = rows.map((r) => {
    const c = r.comparison;
    return [
      r.cell,
      r.reference ? median(r.reference).toFixed(2) : '—',
      median(r.current).toFixed(2),
      r.currentNs.toFixed(1),
      c ? percent(c.ratio) : '—',
      ciText(r),
      c ? formatP(c.p) : '—',
      `${CPU_VERDICT[r.verdict]}${r.verdict === 'slower' && !o.cpu?.gated ? ' (not gated)' : ''}`,
    ];
  });
  return markdownTable(header, body, [false, true, true, true, true, false, true, false]);
}

function everythingTable(o: CheckOutcome): string {
  const d = o.deterministic!;
  const changed = new Map(d.changes.map((c) => [`${c.cell}\u0000${c.metric.id}`, c]));
  const rows = d.cells.map((cell) => [
    cell,
    ...METRICS.map((m) => {
      const after = d.current[cell]![m.id]!;
      const c = changed.get(`${cell}\u0000${m.id}`);
      return c ? `${fmt(m, c.before)} → **${fmt(m, after)}**` : fmt(m, after);
    }),
  ]);
  return markdownTable(['cell', ...METRICS.map((m) => m.header)], rows, [false, ...METRICS.map(() => true)]);
}

export function renderSummary(o: CheckOutcome): string {
  const out: string[] = [verdictLine(o), ''];
  const d = o.deterministic;
  const against = o.mode === 'against' ? `${o.referenceLabel}` : `${o.referenceLabel}, ${o.referenceDetail}`;
  if (d) {
    const n = d.cells.length;
    out.push(
      `- **Behaviour** (${n} cells × ${METRICS.length} metrics, seed ${o.seed}, compared exactly with ${against}): ${o.behaviourChanged ? '**changed**' : d.cells.length && Object.keys(d.reference).length ? 'unchanged' : 'no reference'}${d.newMetrics.length > 0 ? `; not in the reference, so not compared: ${d.newMetrics.join(', ')}` : ''}.`,
    );
  } else if (!o.updated) {
    out.push('- **Behaviour**: not checked (--cpu-only).');
  }
  if (o.cpu) {
    const s = o.cpu.settings;
    const slower = o.cpu.rows.filter((r) => r.verdict === 'slower').length;
    const faster = o.cpu.rows.filter((r) => r.verdict === 'faster').length;
    const compared = o.cpu.rows.filter((r) => r.comparison).length;
    const tb = Object.values(o.cpu.tinybenchSamples);
    const count = (v: CpuVerdict) => o.cpu!.rows.filter((r) => r.verdict === v).length;
    const extras = [
      faster ? `${faster} faster` : '',
      count('not reproduced') ? `${count('not reproduced')} apparent slowdown not reproduced` : '',
      count('unstable') ? `**${count('unstable')} unstable** ⚠️` : '',
    ].filter(Boolean);
    const state = compared === 0 ? 'nothing to compare with' : `${slower ? `**${slower} slower**` : 'no confirmed slowdown'}${extras.length ? `, ${extras.join(', ')}` : ''}`;
    out.push(
      `- **CPU cost** (${o.cpu.rows.length} cells, as multiples of the calibration loop timed alongside; ${s.samples} samples${o.mode === 'against' ? ' per tree, interleaved' : ''}, each a fresh process, median of ${s.roundsPerSample} round${s.roundsPerSample === 1 ? '' : 's'} of ~${Math.round(median(tb))} tinybench samples; fails when p < ${s.maxP} and the slowdown exceeds ${(s.minEffect * 100).toFixed(0)} %, confirmed by a second set of samples): ${state}.`,
    );
    if (o.cpu.gateNote) out.push(`  ⚠️ ${o.cpu.gateNote}.`);
  } else if (!o.updated) {
    out.push('- **CPU cost**: not measured (--deterministic-only).');
  }
  if (o.baselineWritten) out.push(`- Baseline written to \`${displayPath(o.baselineWritten)}\` (commit ${o.current.commit.slice(0, 12)}, Node ${o.current.machine.node}).`);
  out.push('');

  if (d && o.behaviourChanged) {
    out.push(o.updated ? '### Behaviour changes accepted into the baseline' : '### Behaviour changed', '');
    if (d.changes.length) {
      const rows = d.changes.map((c) => [c.cell, c.metric.header, fmt(c.metric, c.before), fmt(c.metric, c.after), deltaText(c), CHANGE_MARK[c.change]]);
      out.push(markdownTable(['cell', 'metric', 'before', 'after', 'delta', ''], rows, [false, false, true, true, true, false]), '');
    }
    for (const [list, what] of [
      [d.added, 'new cell, not in the reference'],
      [d.removed, 'in the reference, no longer in the suite'],
      [d.redefined, 'workload, strategy, parameters, seed or latency model differ from the reference'],
    ] as const) {
      for (const id of list) out.push(`- \`${id}\`: ${what}`);
    }
    if (d.added.length || d.removed.length || d.redefined.length) out.push('');
    if (!o.updated && o.mode === 'baseline') out.push('If the change is intended, accept it: `npm run bench:check -- --update-baseline`, and commit `results/baseline.json`.', '');
  }
  const notable = (o.cpu?.rows ?? []).filter((r) => r.comparison && r.verdict !== 'unchanged' && r.verdict !== 'too-few-samples');
  if (notable.length) {
    out.push('### CPU cost changed', '', cpuTable(notable, o), '');
    for (const r of notable) out.push(`- \`${r.cell}\`: ${r.note ?? r.comparison!.reason}`);
    out.push('');
  }
  if (d) {
    out.push(`<details><summary>All metrics (${d.cells.length} cells${o.behaviourChanged ? '; changed values as before → after' : ''})</summary>`, '', everythingTable(o), '', '</details>', '');
  }
  if (o.cpu) {
    out.push(`<details><summary>All CPU comparisons (${o.cpu.rows.length} cells)</summary>`, '', cpuTable(o.cpu.rows, o), '', '</details>', '');
  }
  out.push(`<sub>backfill-bench check of ${o.suite} on ${o.current.machine.cpu}, Node ${o.current.machine.node}, ${o.seconds.toFixed(1)} s.</sub>`, '');
  return out.join('\n');
}

/** github-action-benchmark "custom" format: [{name, unit, value, range?, extra?}]. */
export interface GabEntry {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly range?: string;
  readonly extra?: string;
}

function cpuExtra(r: CpuRow): string {
  const c = r.comparison;
  const base = `median of ${r.current.length} samples (processes); ${r.currentNs.toFixed(1)} ns/request on this machine`;
  return c ? `${base}; vs reference ${percent(c.ratio)} (CI ${ciText(r)}), p = ${formatP(c.p)}: ${r.verdict}` : base;
}

export function githubActionBenchmark(o: CheckOutcome, exportMetrics: readonly MetricColumn[]): { bigger: GabEntry[]; smaller: GabEntry[] } {
  const bigger: GabEntry[] = [];
  const smaller: GabEntry[] = [];
  const d = o.deterministic;
  if (d) {
    for (const cell of d.cells) {
      for (const m of exportMetrics) {
        const value = d.current[cell]![m.id]!;
        const before = d.reference[cell]?.[m.id];
        const e: GabEntry = { name: `${cell}: ${m.header}`, unit: m.unit, value, ...(before !== undefined && before !== value ? { extra: `reference ${before}` } : {}) };
        if (m.direction === 'higher') bigger.push(e);
        else if (m.direction === 'lower') smaller.push(e);
      }
    }
  }
  for (const r of o.cpu?.rows ?? []) {
    const half = (quantile(r.current, 0.75) - quantile(r.current, 0.25)) / 2;
    smaller.push({ name: `${r.cell}: CPU cost`, unit: CPU_UNIT, value: Number(median(r.current).toPrecision(5)), range: `± ${half.toPrecision(2)}`, extra: cpuExtra(r) });
  }
  return { bigger, smaller };
}

/** "hitRatio" -> "hit-ratio", "latencyP99Ms" -> "latency-p99-ms". */
export function slug(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

export type Bmf = Record<string, Record<string, { value: number; lower_value?: number; upper_value?: number }>>;

/** Bencher Metric Format: {benchmark: {measure: {value, lower_value?, upper_value?}}}. */
export function bencherMetricFormat(o: CheckOutcome, exportMetrics: readonly MetricColumn[]): Bmf {
  const out: Bmf = {};
  const d = o.deterministic;
  if (d) for (const cell of d.cells) for (const m of exportMetrics) (out[cell] ??= {})[slug(m.id)] = { value: d.current[cell]![m.id]! };
  for (const r of o.cpu?.rows ?? []) {
    (out[r.cell] ??= {})['cpu-x-calibration'] = { value: median(r.current), lower_value: quantile(r.current, 0.25), upper_value: quantile(r.current, 0.75) };
  }
  return out;
}

/** Everything, machine-readable (check.json). */
export function checkJson(o: CheckOutcome): Record<string, unknown> {
  const d = o.deterministic;
  return {
    verdict: o.updated ? 'updated' : o.exitCode === 0 ? 'pass' : 'fail',
    exitCode: o.exitCode,
    mode: o.mode,
    suite: o.suite,
    seed: o.seed,
    reference: { label: o.referenceLabel, detail: o.referenceDetail },
    current: o.current,
    behaviourChanged: o.behaviourChanged,
    cpuRegressions: o.cpuRegressions,
    cpuWarnings: o.cpuWarnings,
    deterministic: d
      ? {
          changes: d.changes.map((c) => ({ cell: c.cell, metric: c.metric.id, direction: c.metric.direction, before: c.before ?? null, after: c.after, change: c.change })),
          added: d.added,
          removed: d.removed,
          redefined: d.redefined,
          cells: Object.fromEntries(d.cells.map((id) => [id, d.current[id]])),
        }
      : null,
    cpu: o.cpu
      ? {
          gated: o.cpu.gated,
          gateNote: o.cpu.gateNote ?? null,
          settings: o.cpu.settings,
          cells: o.cpu.rows.map((r) => ({ cell: r.cell, current: r.current, currentNsPerRequest: r.currentNs, reference: r.reference ?? null, comparison: r.comparison ?? null })),
        }
      : null,
    baselineWritten: o.baselineWritten ?? null,
    seconds: o.seconds,
  };
}
