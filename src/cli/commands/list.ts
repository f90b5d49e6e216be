// `list`: every workload preset and generator, trace format and strategy, with parameters and
// defaults; as Markdown, or as JSON (`--format json`) for scripts. Both render the same data.
import type { CommandModule } from 'yargs';
import { declData, type ParamDecl } from '../../core/param-decl.ts';
import { LATENCY_PARAMS } from '../../source/source-model.ts';
import { SOURCE_PARAMS } from '../../source/queue/source-params.ts';
import { allStrategySpecs } from '../../strategies/registry.ts';
import { allPolicySpecs } from '../../strategies/eviction/registry.ts';
import { allAdmissionSpecs } from '../../strategies/admission/registry.ts';
import { bundleOf, partsDeclaring } from '../../strategies/presets/preset.ts';
import { allRefreshPartSpecs, EXPIRY_PARAMS } from '../../strategies/freshness/registry.ts';
import { allSelectionSpecs } from '../../strategies/selection/registry.ts';
import { allTriggerSpecs } from '../../strategies/triggers/registry.ts';
import { COMPRESSIONS, FORMAT_DOCS, TIME_UNITS, TRACE_FORMATS } from '../../traces/formats.ts';
import { allWorkloadSpecs } from '../../workloads/registry.ts';
import { EVENT_EXAMPLES, EVENT_PARAMS, EVENT_SUMMARIES, EVENT_SYNTAX } from '../../events/parse-event.ts';
import { EVENT_KINDS } from '../../events/timeline-event.ts';
import { COMMON_PARAMS, presetNames, resolveWorkload } from '../../workloads/workload-config.ts';
import { markdownTable } from '../../report/markdown.ts';
import { METRIC_SETS } from '../../runner/metrics.ts';
import { choiceFlag } from '../flags.ts';
import { packageVersion } from '../version.ts';

export interface ListData {
  readonly version: string;
  readonly presets: readonly { name: string; generator: string; requests: number | null; description: string; error?: string }[];
  readonly workloadFields: readonly ParamData[];
  readonly workloads: readonly { name: string; summary: string; kind: 'generator' | 'stream source'; params: readonly ParamData[] }[];
  readonly traceFormats: readonly { name: string; description: string }[];
  readonly compressions: readonly string[];
  readonly timeUnits: readonly string[];
  readonly strategies: readonly { name: string; summary: string; traits: readonly string[]; parts?: Readonly<Record<string, string>>; params: readonly ParamData[] }[];
  readonly evictionPolicies: readonly { name: string; summary: string; capabilities: Readonly<Record<string, boolean>>; params: readonly ParamData[] }[];
  readonly admissions: readonly { name: string; summary: string; params: readonly ParamData[] }[];
  readonly triggers: readonly { name: string; summary: string; params: readonly ParamData[] }[];
  /** clairvoyant: needs the future requests (its strategy gets the clairvoyant trait). */
  readonly selections: readonly { name: string; summary: string; clairvoyant: boolean; params: readonly ParamData[] }[];
  /** Expiry (every bundle preset) and the refresh parts (`refresh`). */
  readonly expiry: readonly ParamData[];
  readonly refreshParts: readonly { name: string; aliases: readonly string[]; summary: string; params: readonly ParamData[] }[];
  readonly latency: readonly ParamData[];
  /** The source model (issue 15): connections, service time, queue, coalescing. */
  readonly source: readonly ParamData[];
  /** Every metric column (result files, --target/--budget, the regression check), with the runs that have it. */
  readonly metrics: readonly { id: string; header: string; unit: string; better: string; group: string | null; shownIn: string; description: string }[];
  readonly events: { readonly syntax: string; readonly examples: readonly string[]; readonly kinds: readonly { name: string; summary: string; params: readonly { name: string; doc: string }[] }[] };
}

/** A declaration as plain data (see param-decl.ts declData): name, kind, flag, unit, default, allowed, description. */
export type ParamData = Readonly<Record<string, unknown>>;
const data = (decls: readonly ParamDecl[]): ParamData[] => decls.map(declData);

export function listData(): ListData {
  return {
    version: packageVersion(),
    presets: presetNames().map((name) => {
      try {
        const w = resolveWorkload(name);
        return { name, generator: w.generator, requests: w.requests, description: w.description };
      } catch (e) {
        return { name, generator: '(invalid)', requests: null, description: '', error: (e as Error).message };
      }
    }),
    workloadFields: data(COMMON_PARAMS),
    workloads: allWorkloadSpecs().map((s) => ({ name: s.name, summary: s.summary, kind: s.openStream ? 'stream source' : 'generator', params: data(s.params) })),
    traceFormats: TRACE_FORMATS.map((name) => ({ name, description: FORMAT_DOCS[name] })),
    compressions: COMPRESSIONS,
    timeUnits: TIME_UNITS,
    // A strategy's own parameters; each policy's and admission's are listed with that part.
    strategies: allStrategySpecs().map((s) => ({ name: s.name, summary: s.summary, traits: s.traits, ...partsOf(s), params: data(s.params.filter((p) => partsDeclaring(p.name).length === 0)) })),
    evictionPolicies: allPolicySpecs().map((p) => ({ name: p.name, summary: p.summary, capabilities: { ...p.capabilities }, params: data(p.params) })),
    admissions: allAdmissionSpecs().map((a) => ({ name: a.name, summary: a.summary, params: data(a.params) })),
    triggers: allTriggerSpecs().map((t) => ({ name: t.name, summary: t.summary, params: data(t.params) })),
    selections: allSelectionSpecs().map((t) => ({ name: t.name, summary: t.summary, clairvoyant: t.clairvoyant === true, params: data(t.params) })),
    expiry: data(EXPIRY_PARAMS),
    refreshParts: allRefreshPartSpecs().map((r) => ({ name: r.name, aliases: r.aliases ?? [], summary: r.summary, params: data(r.params) })),
    latency: data(LATENCY_PARAMS),
    source: data(SOURCE_PARAMS),
    metrics: METRIC_SETS.flatMap((set) =>
      set.columns.map((m) => ({ id: m.id, header: m.header, unit: m.unit, better: m.direction, group: m.group ?? null, shownIn: set.when, description: m.description })),
    ),
    events: { syntax: EVENT_SYNTAX, examples: EVENT_EXAMPLES, kinds: EVENT_KINDS.map((k) => ({ name: k, summary: EVENT_SUMMARIES[k], params: EVENT_PARAMS[k] })) },
  };
}

/** The parts a preset bundles (none for strategies that are not bundles, e.g. opt). */
function partsOf(s: object): { parts?: Record<string, string> } {
  const b = bundleOf(s);
  return b ? { parts: { eviction: b.eviction ?? 'lru', admission: b.admission ?? 'always', trigger: b.trigger, selection: b.selection ?? 'source-order' } } : {};
}

function table(params: readonly ParamData[]): string {
  return markdownTable(
    ['parameter', 'default', 'allowed', 'unit', 'meaning'],
    params.map((p) => [String(p.name), String(p.default), String(p.allowed), p.unit === null ? '' : String(p.unit), String(p.description)]),
    [false, false, false, false, false],
  );
}

export function listText(d: ListData = listData()): string {
  const out: string[] = ['# Workload presets (--workload NAME)', ''];
  const presetRows = d.presets.map((p) => [p.name, p.generator, p.requests === null ? '' : p.requests.toLocaleString('en-US'), p.error ?? p.description]);
  out.push(markdownTable(['preset', 'generator', 'requests', 'description'], presetRows, [false, false, true, false]), '');
  out.push('# Fields every workload file has', '', table(d.workloadFields), '');
  out.push('# Timeline events (--event, repeatable, or "events" in a workload file)', '');
  out.push(
    `Syntax: ${d.events.syntax}. Examples: ${d.events.examples.join(', ')}. Every strategy of the run gets the events, and also runs a twin without them on the same requests (the reference of the warm-up metrics; not a row of the report).`,
    '',
  );
  for (const k of d.events.kinds)
    out.push(
      `## ${k.name}: ${k.summary}`,
      '',
      markdownTable(
        ['parameter', 'meaning'],
        k.params.map((p) => [p.name, p.doc]),
        [false, false],
      ),
      '',
    );
  out.push('# Workload generators ("workload" field)', '');
  for (const w of d.workloads) out.push(`## ${w.name}: ${w.summary}`, '', table(w.params), '');
  out.push('# Trace formats (--trace-format, or "format" in a trace workload file)', '');
  out.push(
    markdownTable(
      ['format', 'records'],
      d.traceFormats.map((f) => [f.name, f.description]),
      [false, false],
    ),
    '',
  );
  out.push(`compressions (--compression): ${d.compressions.join(', ')}, detected from the first bytes by default; time units (--time-unit): ${d.timeUnits.join(', ')}`, '');
  out.push(
    '# Strategies (--strategies a,b)',
    '',
    "Each parameter is also a flag (`--NAME`, e.g. --capacity, --interval for intervalMs) and a sweep grid axis (`--param NAME=v1,v2` or start:end:step). Values: numbers; true/false; a choice name; a size as a count (4096), bytes with a unit (64MiB, 1.5GB) or a share of the working set (10%); null, none or the parameter's word (unbounded, cumulative) for null.",
    '',
  );
  out.push(
    'A preset bundles an eviction policy, an admission filter, a trigger and a selection (its `parts` below). Compose: `--strategies none,lru-backfill,s3fifo+threshold` (`policy+preset`: the preset on another policy); `--eviction P` and `--admission A` apply to every selected strategy, `--selection S` to every backfilling one; their own parameters (`--counter-bits`, `--sketch-sample`, `--hot-keys`...) apply to the strategies using that part. In a sweep, `--param eviction=lru,sieve,s3fifo`, `--param admission=always,tinylfu` and `--param selection=source-order,hottest` are grid axes.',
    '',
  );
  for (const s of d.strategies) {
    const parts = s.parts
      ? `; parts: ${Object.entries(s.parts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`
      : '';
    out.push(`## ${s.name}: ${s.summary}`, '', `traits: ${s.traits.join(', ') || 'none'}${parts}`, '', table(s.params), '');
  }
  out.push('# Eviction policies (--eviction, or policy+preset)', '');
  for (const p of d.evictionPolicies) {
    const caps = Object.entries(p.capabilities)
      .filter(([, on]) => on)
      .map(([c]) => c);
    out.push(`## ${p.name}: ${p.summary}`, '', `capabilities: ${caps.join(', ') || 'none'}`, '', p.params.length === 0 ? 'no parameters' : table(p.params), '');
  }
  out.push('# Admission filters (--admission; backfilled keys too unless --backfill-admission bypass)', '');
  for (const a of d.admissions) out.push(`## ${a.name}: ${a.summary}`, '', a.params.length === 0 ? 'no parameters' : table(a.params), '');
  out.push(
    '# Triggers (when a preset backfills)',
    '',
    'Every backfilling trigger also takes `batch` and `rateLimit` (--rate-limit: keys per virtual second, a token bucket holding one batch; bytes/s with a batch in bytes; unlimited by default).',
    '',
  );
  for (const t of d.triggers) out.push(`## ${t.name}: ${t.summary}`, '', t.params.length === 0 ? 'no parameters' : table(t.params), '');
  out.push('# Selections (what a backfill loads: --selection, on every backfilling strategy; a clairvoyant one makes its strategy clairvoyant)', '');
  for (const t of d.selections) out.push(`## ${t.name}: ${t.summary}${t.clairvoyant ? ' [clairvoyant]' : ''}`, '', t.params.length === 0 ? 'no parameters' : table(t.params), '');
  out.push(
    '# Expiry and refresh (every preset but opt; --ttl, --ttl-jitter, --tti and --refresh apply to all)',
    '',
    'Expiry is checked lazily on read: an expired entry read is an expired miss (a miss). Strategies without a finite ttl or tti and without a refresh part, in runs without writes, run exactly as before. Durations: ms (500) or with a unit (500ms, 30s, 1.5m, 2h); inf for none.',
    '',
    table(d.expiry),
    '',
  );
  for (const r of d.refreshParts) {
    const alias = r.aliases.length === 0 ? '' : ` (also: ${r.aliases.join(', ')})`;
    out.push(`## refresh ${r.name}${alias}: ${r.summary}`, '', r.params.length === 0 ? 'no parameters' : table(r.params), '');
  }
  out.push(`# Latency model (${d.latency.map((p) => p.flag).join(', ')})`, '', table(d.latency), '');
  out.push(
    `# Source model (${d.source.map((p) => p.flag).join(', ')}; "source" in a config file)`,
    '',
    'The defaults are the model of old: every source call is served at once, each costs its latency. A finite --source-concurrency (or an exponential service time) makes the source a queue: c connections, a FIFO line, misses and backfills competing for them; a request for a key whose fetch is in flight waits for it (a delayed hit) or, with --coalesce false, reads it again (a duplicate read). Such runs add the source columns (delayed hits, duplicate reads, stampede, src util, queue length and wait, source errors); see README "Latency".',
    '',
    table(d.source),
    '',
  );
  out.push(
    '# Metrics (result columns; sweep constraints: --target "hitRatio>=0.9", --budget "sourceReads<=2e6", --target "staleReadRatio<=0.01")',
    '',
    'Every column of summary.csv, summary.json and sweep.csv; the terminal table shows the key ones. A set of columns appears only in the runs that have it.',
    '',
  );
  for (const when of [...new Set(d.metrics.map((m) => m.shownIn))]) {
    const rows = d.metrics.filter((m) => m.shownIn === when);
    out.push(
      `## ${when}`,
      '',
      markdownTable(
        ['metric', 'header', 'unit', 'better', 'meaning'],
        rows.map((m) => [m.id, m.header, m.unit, m.better, m.description]),
        [false, false, false, false, false],
      ),
      '',
    );
  }
  out.push('# Report pages (report.html in every results folder; `report DIR` rewrites it, `report A B` compares two folders)', '', REPORT_PAGES, '');
  return out.join('\n');
}

/** What each folder's report.html shows (src/report/html/models/), for `list` and the README. */
export const REPORT_PAGES = [
  '- every page: what ran (workload, strategies, seed, versions, git commit, the command to run it again), the sortable summary table (grouped columns, the best value per column marked) and interactive charts with tooltips, one colour per strategy; self-contained, no network request',
  '- bench: hit ratio, source load and latency over virtual time (events as rules; twins dashed), the latency distribution',
  '- sweep: the recommendation and runner-up with their rationale first; every cell; the Pareto frontier (click a point: its configuration), heatmaps, miss-ratio curves, source load and latency per strategy',
  '- mrc: the curve and its table; load: live beside simulated, the cross-check verdicts; check: the verdict, what changed (better or worse), every cell',
  "- report A B: per matched row and metric, A, B, the change and whether B is better or worse by the metric's direction; rows on one side only and changed configurations listed",
  '- flags (every command that writes a folder, and report): --open (in the browser, when there is a display), --no-screenshot (no report.png); BB_NO_SCREENSHOT=1 skips report.png unless --screenshot',
].join('\n');

export function listCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: 'list',
    describe: 'list workload presets, generators, trace formats and strategies with their parameters and defaults',
    builder: (y) =>
      y
        .option('format', { type: 'string', default: 'table', describe: 'stdout format: table (Markdown) or json (the same data, for scripts)' })
        .example('$0 list --format json | jq -r ".strategies[].name"', 'the strategy names'),
    handler: (a: Record<string, unknown>) => {
      const format = choiceFlag('format', a.format, ['table', 'json']) ?? 'table';
      process.stdout.write(format === 'json' ? `${JSON.stringify(listData(), null, 2)}\n` : listText());
      setExit(0);
    },
  };
}
