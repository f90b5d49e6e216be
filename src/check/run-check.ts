// The regression check: run the pinned suite in the working tree, compare it with the baseline (or
// with another git ref, run side by side), decide, and describe the outcome. Rendering is in
// report.ts; the CLI command is src/cli/commands/check.ts.
import { existsSync } from 'node:fs';
import { ConfigError } from '../core/errors.ts';
import { FROM_SOURCES } from '../core/module-url.ts';
import { gitCommit } from '../report/run-info.ts';
import type { StrategyResult } from '../runner/result.ts';
import type { TimingThresholds } from '../stats/slowdown.ts';
import { checkoutRef, type RefTree } from './against.ts';
import { canonical, cellDefinition, machineDifference, readBaseline, recordedNow, thisMachine, writeBaseline, type Baseline, type BaselineCell, type CpuSamples, type Machine } from './baseline.ts';
import { median } from '../stats/median.ts';
import { behaviourChanged, compareCpu, compareDeterministic, confirmSlowdowns, metricValues, type CpuRow, type DeterministicComparison } from './compare.ts';
import type { RunSpec } from './engine.ts';
import { InProcessRunner, ProcessSampler, WorkerRunner, type CpuSampler, type CpuSampleSpec, type TreeRunner } from './runners.ts';
import { displayPath, loadSuite, REPO_ROOT, type CpuSettings } from './suite.ts';

export type CpuGate = 'auto' | 'on' | 'off';

export interface CheckOptions {
  readonly suitePath: string;
  readonly baselinePath: string;
  /** Compare with this git ref instead of the baseline. */
  readonly against?: string | undefined;
  readonly updateBaseline?: boolean;
  readonly deterministic?: boolean;
  readonly cpu?: boolean;
  /** Overrides of the suite's CPU settings. */
  readonly cpuOverrides?: Partial<Pick<CpuSettings, 'samples' | 'timeMs' | 'minEffect' | 'maxP'>>;
  /** auto: CPU slowdowns fail the check when the timings are comparable (same machine and Node). */
  readonly cpuGate?: CpuGate;
  readonly log?: (line: string) => void;
}

export interface CpuOutcome {
  readonly rows: readonly CpuRow[];
  readonly settings: CpuSettings;
  /** Whether a significant slowdown fails the check. */
  readonly gated: boolean;
  /** Why not, when not gated. */
  readonly gateNote?: string | undefined;
  /** tinybench samples per cell and round (median). */
  readonly tinybenchSamples: Readonly<Record<string, number>>;
}

export interface CheckOutcome {
  readonly mode: 'baseline' | 'against';
  readonly updated: boolean;
  readonly suite: string;
  readonly seed: number;
  /** What the run was compared with, for people. */
  readonly referenceLabel: string;
  readonly referenceDetail: string;
  readonly current: { readonly commit: string; readonly machine: Machine };
  readonly deterministic?: DeterministicComparison | undefined;
  readonly cpu?: CpuOutcome | undefined;
  readonly behaviourChanged: boolean;
  /** Cells whose CPU cost got significantly and materially worse, and the gate was on. */
  readonly cpuRegressions: readonly string[];
  /** Same, but with the gate off (timings not comparable): reported, not failed. */
  readonly cpuWarnings: readonly string[];
  readonly exitCode: 0 | 1;
  readonly baselineWritten?: string | undefined;
  readonly seconds: number;
}

export interface MeasuredCpu {
  /** Per side, per cell: samples (x calibration) and median ns/request. */
  readonly perSide: Record<string, CpuSamples & { tinybench: number }>[];
}

/**
 * Takes `samples` CPU samples of each side. With two sides the order alternates (A B, B A, A B ...),
 * so slow drifts of a shared machine fall on both alike; only one side runs at a time.
 */
export async function measureCpu(sides: readonly CpuSampler[], spec: CpuSampleSpec, samples: number, log: (line: string) => void = () => {}): Promise<MeasuredCpu> {
  const ratios = sides.map(() => new Map<string, number[]>());
  const ns = sides.map(() => new Map<string, number[]>());
  const tb = sides.map(() => new Map<string, number[]>());
  for (let r = 0; r < samples; r++) {
    const order = r % 2 === 0 ? sides.map((_, i) => i) : sides.map((_, i) => sides.length - 1 - i);
    for (const i of order) {
      const res = await sides[i]!.sample(spec);
      for (const c of spec.cells) {
        const push = (m: Map<string, number[]>, v: number | undefined) => {
          if (v === undefined || !(v > 0)) throw new Error(`${sides[i]!.label}: no CPU timing for ${c.id}`);
          (m.get(c.id) ?? m.set(c.id, []).get(c.id)!).push(v);
        };
        push(ratios[i]!, res.ratios[c.id]);
        push(ns[i]!, res.nsPerRequest[c.id]);
        push(tb[i]!, res.samples[c.id]);
      }
    }
    log(`CPU sample ${r + 1}/${samples}${sides.length > 1 ? ` of each tree (${order.map((i) => sides[i]!.label).join(', then ')})` : ''}`);
  }
  return {
    perSide: sides.map((_, i) => {
      const out: Record<string, CpuSamples & { tinybench: number }> = {};
      for (const c of spec.cells) {
        out[c.id] = { samples: ratios[i]!.get(c.id)!.map(round5), nsPerRequest: round5(median(ns[i]!.get(c.id)!)), tinybench: median(tb[i]!.get(c.id)!) };
      }
      return out;
    }),
  };
}

/** 5 significant digits: far below the noise, and the baseline file stays readable. */
function round5(v: number): number {
  return Number(v.toPrecision(5));
}

function metricsOf(results: Record<string, StrategyResult>): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [id, r] of Object.entries(results)) out[id] = metricValues(r);
  return out;
}

function shortCommit(c: string): string {
  return c.replace(/^([0-9a-f]{7})[0-9a-f]+/, '$1');
}

export async function runCheck(o: CheckOptions): Promise<CheckOutcome> {
  const started = Date.now();
  const log = o.log ?? (() => {});
  const wantDet = o.deterministic ?? true;
  const wantCpu = o.cpu ?? true;
  if (!wantDet && !wantCpu) throw new ConfigError('--deterministic-only and --cpu-only exclude each other');
  if (o.updateBaseline && o.against !== undefined) throw new ConfigError('--update-baseline writes the baseline from this tree; it cannot be combined with --against');
  if (o.updateBaseline && !wantDet) throw new ConfigError('--update-baseline needs the deterministic metrics; drop --cpu-only');
  const suite = loadSuite(o.suitePath);
  const settings: CpuSettings = { ...suite.cpu, ...o.cpuOverrides };
  const thresholds: TimingThresholds = { minEffect: settings.minEffect, maxP: settings.maxP };
  const runSpec: RunSpec = { seed: suite.seed, latency: { ...suite.latency }, ...(suite.source !== undefined ? { source: { ...suite.source } } : {}), cells: suite.cells };
  const cpuCells = suite.cells.filter((c) => settings.cells.includes(c.id));
  const cpuSpec: CpuSampleSpec = {
    seed: suite.seed,
    latency: { ...suite.latency },
    cells: cpuCells,
    timeMs: settings.timeMs,
    bufferRequests: settings.bufferRequests,
    rounds: settings.roundsPerSample,
  };
  const doCpu = wantCpu && cpuCells.length > 0;
  const machine = thisMachine();

  let baseline: Baseline | undefined;
  if (o.against === undefined) {
    if (existsSync(o.baselinePath)) baseline = readBaseline(o.baselinePath);
    else if (!o.updateBaseline) throw new ConfigError(`no baseline at ${o.baselinePath}; create it with: npm run bench:check -- --update-baseline`);
  }

  let ref: RefTree | undefined;
  const runners: TreeRunner[] = [];
  // Interrupted (Ctrl-C, a CI timeout): still remove the temporary worktree.
  const onSignal = (signal: NodeJS.Signals) => {
    ref?.remove();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    let current: TreeRunner;
    let reference: TreeRunner | undefined;
    // Against a git ref both trees run their sources through tsx, alike; alone, the working tree's
    // samples run the build this command runs from (the compiled dist/ needs no tsx).
    const currentSampler: CpuSampler = new ProcessSampler('working tree', REPO_ROOT, o.against === undefined && !FROM_SOURCES ? 'this-build' : 'sources');
    let referenceSampler: CpuSampler | undefined;
    if (o.against !== undefined) {
      ref = checkoutRef(o.against, log);
      const label = `${o.against} (${shortCommit(ref.commit)})`;
      log(`${o.against} is ${shortCommit(ref.commit)}, checked out in ${ref.root} (node_modules ${ref.deps})`);
      if (wantDet) {
        const a = new WorkerRunner('working tree', REPO_ROOT);
        const b = new WorkerRunner(label, ref.root);
        runners.push(a, b);
        await Promise.all([a.hello(), b.hello()]);
        current = a;
        reference = b;
      } else {
        current = new InProcessRunner();
      }
      referenceSampler = new ProcessSampler(label, ref.root);
    } else {
      current = new InProcessRunner();
      runners.push(current);
    }

    // Deterministic part: both trees at once when there are two (they use a core each).
    let deterministic: DeterministicComparison | undefined;
    let currentMetrics: Record<string, Record<string, number>> | undefined;
    if (wantDet) {
      log(`replaying ${suite.cells.length} cells (deterministic metrics)`);
      const [cur, refRes] = await Promise.all([current.runDeterministic(runSpec), reference?.runDeterministic(runSpec)]);
      currentMetrics = metricsOf(cur);
      const ids = suite.cells.map((c) => c.id);
      if (refRes) {
        deterministic = compareDeterministic(ids, currentMetrics, metricsOf(refRes));
      } else if (baseline) {
        const refMetrics: Record<string, Record<string, number>> = {};
        const redefined: string[] = [];
        for (const b of baseline.cells) refMetrics[b.id] = b.metrics;
        for (const c of suite.cells) {
          const b = baseline.cells.find((x) => x.id === c.id);
          if (b && canonical(b.definition) !== canonical(cellDefinition(c, suite.seed, suite.latency, suite.source))) redefined.push(c.id);
        }
        deterministic = compareDeterministic(ids, currentMetrics, refMetrics, { redefined });
      }
    }

    // CPU part.
    let cpu: CpuOutcome | undefined;
    let currentCpu: Record<string, CpuSamples & { tinybench: number }> | undefined;
    if (doCpu) {
      const sides = referenceSampler ? [currentSampler, referenceSampler] : [currentSampler];
      log(
        `timing ${cpuCells.length} cells: ${settings.samples} samples${referenceSampler ? ' per tree, interleaved' : ''}, each a fresh process timing ${settings.roundsPerSample} round(s) of ${settings.timeMs} ms per task`,
      );
      const measured = await measureCpu(sides, cpuSpec, settings.samples, log);
      currentCpu = measured.perSide[0]!;
      const refCpu: Record<string, CpuSamples | undefined> = {};
      let gated: boolean;
      let gateNote: string | undefined;
      if (referenceSampler) {
        Object.assign(refCpu, measured.perSide[1]!);
        gated = o.cpuGate !== 'off';
        gateNote = gated ? undefined : 'CPU gate off (--cpu-gate off)';
      } else {
        for (const b of baseline?.cells ?? []) {
          const c = suite.cells.find((x) => x.id === b.id);
          // Samples of a redefined cell measure something else: no comparison.
          if (b.cpu && c && canonical(b.definition) === canonical(cellDefinition(c, suite.seed, suite.latency, suite.source))) refCpu[b.id] = b.cpu;
        }
        const differs = baseline ? machineDifference(baseline.recorded, machine) : undefined;
        const sameSettings =
          !baseline?.cpuSettings ||
          (baseline.cpuSettings.timeMs === settings.timeMs && baseline.cpuSettings.bufferRequests === settings.bufferRequests && baseline.cpuSettings.roundsPerSample === settings.roundsPerSample);
        if (o.cpuGate === 'on') gated = true;
        else if (o.cpuGate === 'off') {
          gated = false;
          gateNote = 'CPU gate off (--cpu-gate off): slowdowns are reported, not failed';
        } else if (differs) {
          gated = false;
          gateNote = `the baseline's timings were taken elsewhere (${differs}), so CPU slowdowns are reported, not failed; compare on one machine with --against REF, or pass --cpu-gate on`;
        } else if (!sameSettings) {
          gated = false;
          gateNote = 'the baseline was timed with other settings (timeMs, bufferRequests or roundsPerSample), so CPU slowdowns are reported, not failed';
        } else gated = true;
      }
      let rows = compareCpu(
        cpuCells.map((c) => c.id),
        currentCpu,
        refCpu,
        thresholds,
      );
      const suspects = rows.filter((r) => r.verdict === 'slower').map((r) => r.cell);
      if (suspects.length) {
        // A slowdown must show again in fresh samples (all timed cells again, so that each sample
        // is taken exactly as before).
        log(`${suspects.join(', ')} looks slower; taking a second, independent set of samples to confirm`);
        const again = await measureCpu(sides, cpuSpec, settings.samples, log);
        const refAgain = referenceSampler ? again.perSide[1]! : refCpu;
        rows = confirmSlowdowns(
          rows,
          compareCpu(
            cpuCells.map((c) => c.id),
            again.perSide[0]!,
            refAgain,
            thresholds,
          ),
        );
      }
      const tinybenchSamples: Record<string, number> = {};
      for (const [id, v] of Object.entries(currentCpu)) tinybenchSamples[id] = v.tinybench;
      cpu = { rows, settings, gated, gateNote, tinybenchSamples };
    }

    const changed = deterministic ? behaviourChanged(deterministic) : false;
    const slower = (cpu?.rows ?? []).filter((r) => r.verdict === 'slower').map((r) => r.cell);
    const unstable = (cpu?.rows ?? []).filter((r) => r.verdict === 'unstable').map((r) => r.cell);
    const cpuRegressions = cpu?.gated ? slower : [];
    const cpuWarnings = cpu?.gated ? unstable : [...slower, ...unstable];

    let baselineWritten: string | undefined;
    if (o.updateBaseline) {
      const cells: BaselineCell[] = suite.cells.map((c) => {
        const definition = cellDefinition(c, suite.seed, suite.latency, suite.source);
        let cpuSamples: CpuSamples | undefined;
        if (currentCpu?.[c.id]) cpuSamples = { samples: currentCpu[c.id]!.samples, nsPerRequest: currentCpu[c.id]!.nsPerRequest };
        else if (!doCpu && settings.cells.includes(c.id)) {
          // --deterministic-only: keep the timings of cells whose definition did not change.
          const old = baseline?.cells.find((b) => b.id === c.id);
          if (old?.cpu && canonical(old.definition) === canonical(definition)) cpuSamples = old.cpu;
        }
        return { id: c.id, definition, metrics: currentMetrics![c.id]!, ...(cpuSamples ? { cpu: cpuSamples } : {}) };
      });
      const keepOldCpu = !doCpu && baseline?.cpuSettings;
      const newBaseline: Baseline = {
        schema: 1,
        suite: suite.displayPath,
        recorded: keepOldCpu ? { ...recordedNow(), ...pickMachine(baseline!.recorded) } : recordedNow(),
        cpuSettings: doCpu ? { samples: settings.samples, roundsPerSample: settings.roundsPerSample, timeMs: settings.timeMs, bufferRequests: settings.bufferRequests } : baseline?.cpuSettings,
        cells,
      };
      writeBaseline(o.baselinePath, newBaseline);
      baselineWritten = o.baselinePath;
    }

    const referenceLabel = ref ? `${o.against} (${shortCommit(ref.commit)})` : baseline ? displayPath(o.baselinePath) : '(no baseline yet)';
    const referenceDetail = ref
      ? `${referenceLabel}, run side by side with the working tree in this job`
      : baseline
        ? `recorded at ${shortCommit(baseline.recorded.commit)} on ${baseline.recorded.date.slice(0, 10)} with Node ${baseline.recorded.node} (${baseline.recorded.cpu})`
        : 'none';
    const fail = !o.updateBaseline && (changed || cpuRegressions.length > 0);
    return {
      mode: ref ? 'against' : 'baseline',
      updated: Boolean(o.updateBaseline),
      suite: suite.displayPath,
      seed: suite.seed,
      referenceLabel,
      referenceDetail,
      current: { commit: gitCommit(), machine },
      deterministic,
      cpu,
      behaviourChanged: changed,
      cpuRegressions,
      cpuWarnings,
      exitCode: fail ? 1 : 0,
      baselineWritten,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    for (const r of runners) await r.close().catch(() => {});
    ref?.remove();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Timings kept from an older baseline stay tied to the machine they were taken on. */
function pickMachine(m: Machine): Machine {
  return { node: m.node, platform: m.platform, cpu: m.cpu, cores: m.cores };
}
