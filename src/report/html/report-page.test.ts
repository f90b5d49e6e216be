// report.html from real results folders made here through the CLI: the model read back from the files,
// the views' shapes and point counts, the test hooks, and a page that names no external resource.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.ts';
import { tempCases } from '../../../test/helpers/temp-cases.ts';
import { metricsFor, tableMetricsFor } from '../../runner/metrics.ts';
import type { StrategyResult } from '../../runner/result.ts';
import { readReportModel } from './models/read.ts';
import { columnsOf } from './table.ts';

const { fresh } = tempCases('report-page');

/** Every src= / href= / url( target and every @import in the page outside the inlined library scripts. */
function externalRefs(html: string): string[] {
  const own = html.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>');
  return [...own.matchAll(/(?:src|href)\s*=\s*["']?([^"'\s>]+)|url\(([^)]*)\)|@import\s+([^;]+)/gi)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** Whether a page holds a text (a failure names the text, not the 1 MB page). */
function expectIn(html: string, text: string): void {
  expect(html.includes(text), `the page should contain ${text}`).toBe(true);
}

const windowsOf = (dir: string) => (JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { results: StrategyResult[] }).results.reduce((n, r) => n + r.series!.requests.length, 0);

describe('bench folder', () => {
  let dir: string;
  let html: string;
  let results: StrategyResult[];
  beforeAll(async () => {
    dir = join(fresh(), 'run');
    const r = await runCli(['bench', '--workload', 'zipf', '--keys', '2000', '--requests', '30000', '--rate', '1000', '--strategies', 'none,lru-backfill,threshold', '--no-progress', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    html = readFileSync(join(dir, 'report.html'), 'utf8');
    results = (JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { results: StrategyResult[] }).results;
  });

  it('the model: header from run.json, one table row per result, every metric column grouped', async () => {
    const m = await readReportModel(dir);
    expect(m.kind).toBe('bench');
    expect(m.header.workload).toBe('zipf');
    expect(m.header.strategies).toEqual(['none', 'lru-backfill', 'threshold']);
    expect(m.header.seed).toBe(1);
    expect(m.header.command).toMatch(/^backfill-bench\b/); // run.json's (in a test: the test runner's argv)
    expect(m.header.versions['vega-embed']).toBe('7.3.0');
    expect(m.header.commit).toMatch(/^([0-9a-f]{40}(-dirty)?|unknown)$/);
    expect(m.table.rows.map((r) => r.colourKey)).toEqual(['none', 'lru-backfill', 'threshold']);
    const ids = columnsOf(m.table).map((c) => c.id);
    expect(ids.slice(0, 2)).toEqual(['strategy', 'params']);
    expect(new Set(ids.slice(2))).toEqual(new Set(metricsFor(results).map((c) => c.id)));
    // The compact set (the terminal table's) is shown; the rest behind "all columns".
    const shown = columnsOf(m.table)
      .filter((c) => c.kind === 'number' && !c.extra)
      .map((c) => c.id);
    expect(new Set(shown)).toEqual(new Set(tableMetricsFor(results)));
    expect(m.table.groups.map((g) => g.name)).toEqual(['configuration', 'hit ratio', 'source load', 'latency']);
    // Values are the results' own, unrounded.
    const hitCol = ids.indexOf('hitRatio');
    expect(m.table.rows.map((r) => r.values[hitCol])).toEqual(results.map((r) => r.hitRatio));
  });

  it('views: hit ratio, source load, latency over time with one point per window and strategy, and the latency distribution', async () => {
    const m = await readReportModel(dir);
    const windows = results.map((r) => r.series!.requests.length);
    expect(windows.every((n) => n >= 25)).toBe(true); // 30,000 requests at 1,000/s: 30 one-second windows
    const total = windows.reduce((a, b) => a + b, 0);
    const byName = Object.fromEntries(m.views.map((v) => [v.name, v]));
    expect(Object.keys(byName)).toEqual(['hit-ratio', 'source-load', 'latency', 'latency-distribution']);
    expect(byName['hit-ratio']!.points).toBe(total);
    expect(byName['source-load']!.points).toBe(total);
    expect(byName.latency!.points).toBe(2 * total); // p50 and p99
    expect(byName['latency-distribution']!.points).toBe(5 * results.length);
    for (const v of m.views) {
      expect(v.mark).toBe('line');
      // Every colour scale of the page is the same one.
      const json = JSON.stringify(v.spec);
      expect(json).toContain(JSON.stringify({ domain: m.colours.domain, range: m.colours.range }));
      // No text marks: per-point labels overlapped.
      expect(json).not.toMatch(/"type":"text"|"mark":"text"/);
    }
  });

  it('the page: test hooks, one script per library, no external resource, no $schema URL', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expectIn(html, '<table id="summary" class="summary marked" data-rows="3">');
    for (const name of ['hit-ratio', 'source-load', 'latency', 'latency-distribution'])
      expect(new RegExp(`<div class="view" id="view-${name}" data-view="${name}" data-points="\\d+" data-mark="line">`).test(html), name).toBe(true);
    expectIn(html, 'window.reportReady');
    expectIn(html, "default-src 'none'");
    expect(externalRefs(html)).toEqual([]);
    expect(externalRefs('<img src="http://cdn.example/x.png"><link href=//fonts.example/f.css><style>@import "a.css"; b { background: url(x.png) }</style>')).toHaveLength(4); // the probe finds them
    // Outside the three library scripts, no URL of any kind.
    expect(html.replace(/<script>[\s\S]*?<\/script>/g, '')).not.toMatch(/https?:|ftp:|wss?:/i);
    const specs = html.match(/<script type="application\/json" id="report-views">([\s\S]*?)<\/script>/)![1]!;
    expect(specs).not.toMatch(/https?:|\/\//);
    expect(html.match(/<script>/g)).toHaveLength(4); // vega, vega-lite, vega-embed, the page's own
  });

  it('regenerating from the folder gives the same bytes', async () => {
    const { writeReport } = await import('./write-report.ts');
    const out = join(fresh(), 'again.html');
    await writeReport(dir, { out, screenshot: false });
    expect(readFileSync(out, 'utf8') === html, 'the same bytes').toBe(true);
  });
});

describe('the report command', () => {
  it('report DIR rewrites the page; report A B compares two folders; a third folder, or none, exits 2', async () => {
    const d = fresh();
    const bench = (out: string, capacity: string) =>
      runCli(['bench', '--workload', 'zipf', '--keys', '2000', '--requests', '20000', '--strategies', 'none,lru-backfill', '--capacity', capacity, '--no-progress', '--out', join(d, out)]);
    expect((await bench('a', '200')).code).toBe(0);
    expect((await bench('b', '400')).code).toBe(0);
    const page = readFileSync(join(d, 'a', 'report.html'), 'utf8');
    rmSync(join(d, 'a', 'report.html'));
    const again = await runCli(['report', join(d, 'a')]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(`${join(d, 'a', 'report.html')}\n`);
    expect(readFileSync(join(d, 'a', 'report.html'), 'utf8') === page, 'the same bytes as the command wrote').toBe(true);
    const cmp = await runCli(['report', join(d, 'a'), join(d, 'b')]);
    expect(cmp.code, cmp.stderr).toBe(0);
    const html = readFileSync(join(d, 'a', 'compare-b.html'), 'utf8');
    // A larger cache: none's hit ratio is higher in B, and better; its misses lower, and better.
    expect(/<td class="text" data-v="none">.*?hit ratio ↑<\/td>(<td[^>]*>[^<]*<\/td>){4}<td class="text better" data-v="better">better<\/td>/.test(html)).toBe(true);
    expectIn(html, 'Changed configuration: <code>none: params capacity=200 → capacity=400</code>');
    // The charts: A beside B for the headline metrics (one bar per strategy and side), and the hit
    // ratio over time of both (one point per window of each strategy on each side).
    for (const [name, mark, points] of [
      ['compare-hitRatio', 'bar', 4],
      ['compare-sourceReads', 'bar', 4],
      ['compare-latencyP99Ms', 'bar', 4],
      ['compare-hit-ratio-over-time', 'line', windowsOf(join(d, 'a')) + windowsOf(join(d, 'b'))],
    ])
      expectIn(html, `<div class="view" id="view-${name}" data-view="${name}" data-points="${points}" data-mark="${mark}">`);
    expect(externalRefs(html)).toEqual([]);
    expect((await runCli(['report', join(d, 'a'), join(d, 'b'), join(d, 'a')])).code).toBe(2);
    expect((await runCli(['report', join(d, 'nothing-here')])).stderr).toMatch(/^backfill-bench: report: .*nothing-here does not exist; give a results folder/);
  });
});

describe('sweep folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(fresh(), 'sweep');
    const r = await runCli([
      'sweep',
      '--workload',
      'zipf',
      '--keys',
      '2000',
      '--requests',
      '20000',
      '--strategies',
      'none,lru-backfill',
      '--param',
      'capacity=200,500,1000',
      '--param',
      'threshold=0.3,0.6',
      '--param',
      'batch=10,50',
      '--target',
      'hitRatio>=0.5',
      '--workers',
      '0',
      '--no-progress',
      '--out',
      dir,
    ]);
    expect(r.code, r.stderr).toBe(0);
  });

  it("the recommendation is sweep.md's, made with the same --target (report-options.json)", async () => {
    const m = await readReportModel(dir);
    const md = readFileSync(join(dir, 'sweep.md'), 'utf8');
    expect(JSON.parse(readFileSync(join(dir, 'report-options.json'), 'utf8'))).toMatchObject({ targets: ['hitRatio >= 0.5'], budgets: [] });
    const section = md.slice(md.indexOf('## Recommendation'), md.indexOf('## Pareto frontier')).trim();
    expect(m.recommendation!.text.trim()).toBe(section);
    expect(section).toContain('Constraints: `hitRatio >= 0.5`');
    expect(m.recommendation!.pick).toBeDefined();
    expect(section).toContain(`**\`${m.recommendation!.pick!.split(' ')[0]}\``);
  });

  it('one table row per cell (sweep.csv), one Pareto point per cell, one heatmap cell per configuration of its strategy', async () => {
    const m = await readReportModel(dir);
    const cells = readFileSync(join(dir, 'sweep.csv'), 'utf8').trim().split('\n').length - 1;
    expect(cells).toBe(3 + 3 * 2 * 2); // none: 3 capacities; lru-backfill: 3 x 2 x 2
    expect(m.table.rows).toHaveLength(cells);
    const byName = Object.fromEntries(m.views.map((v) => [v.name, v]));
    expect(byName.pareto).toMatchObject({ mark: 'point', points: cells, selectPanel: true });
    expect(byName['heatmap-hit-ratio']).toMatchObject({ mark: 'rect', points: 12 });
    expect(byName['heatmap-source-reads']).toMatchObject({ mark: 'rect', points: 12 });
    // Frontier and "meets" columns agree with the frontier of sweep.csv.
    const [head, ...lines] = readFileSync(join(dir, 'sweep.csv'), 'utf8').trim().split('\n');
    const at = head!.split(',').indexOf('onFrontier');
    const csvFrontier = lines.filter((l) => l.split(',')[at] === 'true').length;
    expect(csvFrontier).toBeGreaterThan(0);
    const frontierCol = columnsOf(m.table).findIndex((c) => c.id === 'frontier');
    expect(m.table.rows.filter((r) => r.values[frontierCol] === '★')).toHaveLength(csvFrontier);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expectIn(html, `data-rows="${cells}"`);
    expectIn(html, '<div class="config-panel" id="config-pareto"');
    expect(html.indexOf('id="recommendation"')).toBeLessThan(html.indexOf('id="summary"'));
    expect(externalRefs(html)).toEqual([]);
  });
});

describe('mrc, load and check folders', () => {
  it('mrc: one table row per mrc.csv row, one curve point per bounded capacity, the policy from run.json', async () => {
    const dir = join(fresh(), 'mrc');
    const r = await runCli(['mrc', '--workload', 'zipf', '--keys', '3000', '--requests', '20000', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    const m = await readReportModel(dir);
    const csvRows = readFileSync(join(dir, 'mrc.csv'), 'utf8').trim().split('\n').length - 1;
    expect(m.kind).toBe('mrc');
    expect(m.header.strategies).toEqual(['lru']);
    expect(m.table.rows).toHaveLength(csvRows);
    expect(m.table.rows.at(-1)!.values[0]).toBe(Infinity); // the unbounded cache, shown as "unbounded"
    expect(m.views.map((v) => [v.name, v.mark, v.points])).toEqual([['miss-ratio-curve', 'line', csvRows - 1]]);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expectIn(html, `data-rows="${csvRows}"`);
    expect(externalRefs(html)).toEqual([]);
  });

  it('load (stand-ins): live beside simulated, two rows per strategy, the cross-checks as verdicts', async () => {
    const dir = join(fresh(), 'load');
    const r = await runCli(['load', '--workload', 'zipf', '--keys', '2000', '--duration', '500ms', '--rate', '400', '--strategies', 'none,lru-backfill', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    const m = await readReportModel(dir);
    expect(m.kind).toBe('load');
    expect(m.table.rows.map((x) => x.values.slice(0, 2))).toEqual([
      ['none', 'live (stand-in + stand-in)'],
      ['none', 'simulator'],
      ['lru-backfill', 'live (stand-in + stand-in)'],
      ['lru-backfill', 'simulator'],
    ]);
    const verdicts = m.verdicts!;
    expect(verdicts.length).toBeGreaterThanOrEqual(2 * 5);
    expect(verdicts.every((v) => v.pass)).toBe(true); // the stand-ins agree with the client's counts
    expect(verdicts.filter((v) => v.check === 'decisions = simulator').map((v) => v.subject)).toEqual(['none', 'lru-backfill']);
    const byName = Object.fromEntries(m.views.map((v) => [v.name, v]));
    expect(byName['hit-ratio']).toMatchObject({ mark: 'bar', points: 4 });
    expect(byName['latency-distribution']).toMatchObject({ mark: 'line', points: 4 * 5 });
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expectIn(html, 'id="verdicts"');
    expectIn(html, 'Cross-checks: <span class="pass">all pass</span>');
    expect(externalRefs(html)).toEqual([]);
  });

  it('check: the verdict, every cell of the suite, what changed and which way (a tiny suite, its baseline edited)', async () => {
    const d = fresh();
    const suite = join(d, 'suite.json');
    const baseline = join(d, 'baseline.json');
    writeFileSync(
      suite,
      JSON.stringify({
        description: 'two cells',
        seed: 1,
        latency: { hitMs: 0.2, callMs: 2, perKeyMs: 0.02, jitter: 0 },
        workloads: { zipf: { workload: 'zipf', keys: 2000, requests: 20000, arrival: 'poisson', rate: 10000 } },
        cells: [{ workload: 'zipf', strategy: ['none', 'lru-backfill'] }],
      }),
    );
    const base = ['check', '--deterministic-only', '--quiet', '--suite', suite, '--baseline', baseline];
    expect((await runCli([...base, '--update-baseline', '--out', join(d, 'first')])).code).toBe(0);
    // The reference says zipf/none hit 1,000 more often than it does: this run is worse on hits and hit ratio.
    const b = JSON.parse(readFileSync(baseline, 'utf8')) as { cells: { id: string; metrics: Record<string, number> }[] };
    const none = b.cells.find((c) => c.id === 'zipf/none')!.metrics;
    const hits = none.hits!;
    none.hits = hits + 1000;
    writeFileSync(baseline, JSON.stringify(b));
    const dir = join(d, 'second');
    const r = await runCli([...base, '--out', dir]);
    expect(r.code, r.stderr).toBe(1);
    const m = await readReportModel(dir);
    expect(m.kind).toBe('check');
    expect(m.header.title).toBe('Regression check: FAILED');
    expect(m.header.command).toMatch(/^backfill-bench\b/);
    expect(m.table.rows.map((x) => x.values[0])).toEqual(['zipf/none', 'zipf/lru-backfill']);
    expect(m.table.markBest).toBe(false); // cells may span workloads
    expect(m.verdicts).toEqual([expect.objectContaining({ subject: 'behaviour', pass: false })]);
    const changes = m.tables.find((t) => t.id === 'changes')!;
    expect(changes.rows.map((x) => x.values)).toEqual([['zipf/none', 'hits', hits + 1000, hits, -1000, (-1000 / (hits + 1000)) * 100, 'worse']]);
    expect(m.views).toEqual([expect.objectContaining({ name: 'hit-ratio-by-cell', mark: 'bar', points: 2 })]);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expectIn(html, '<td class="text worse" data-v="worse">worse</td>');
    expect(externalRefs(html)).toEqual([]);
  });
});

describe('a bench run with freshness', () => {
  it('adds the freshness view: stale reads, expired misses and refresh reads per window of each strategy', async () => {
    const dir = join(fresh(), 'fresh');
    const r = await runCli([
      'bench',
      '--workload',
      'zipf',
      '--keys',
      '2000',
      '--requests',
      '20000',
      '--rate',
      '2000',
      '--strategies',
      'ttl,refresh-ahead',
      '--ttl',
      '2s',
      '--no-progress',
      '--out',
      dir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const m = await readReportModel(dir);
    const results = (JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { results: StrategyResult[] }).results;
    const windows = results.reduce((n, x) => n + x.series!.requests.length, 0);
    expect(m.views.find((v) => v.name === 'freshness')).toMatchObject({ mark: 'line', points: 3 * windows });
    expect(m.table.groups.map((g) => g.name)).toContain('freshness');
  });
});
