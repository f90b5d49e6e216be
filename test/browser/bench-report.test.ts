// A bench run's report.html in a real Chromium, from results folders made here: a run with events
// (its time series carry the events as rules) and its report.png written by the command itself; a
// second run (B) and `report A B`, the comparison page. See test/helpers/report-page.ts for what every page is held to.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fitForScreenshot, SCREENSHOT_WIDTH } from '../../src/report/html/browser.ts';
import { runCli } from '../helpers/cli.ts';
import { browserPerFile, describeWithBrowser, expectReadablePage, openWatched, summaryTable } from '../helpers/report-page.ts';

const dir = mkdtempSync(join(tmpdir(), 'bb-browser-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 60,000 requests at the zipf preset's 10,000/s: 6 s of virtual time, 12 windows of 500 ms per series.
const RUN = ['bench', '--workload', 'zipf', '--requests', '60000', '--series-window', '500ms', '--no-progress'];
const EVENTS = ['--event', 'restart@2s', '--event', 'outage@4s:for=500ms'];

function results(folder: string): number {
  return (JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8')) as { results: unknown[] }).results.length;
}

describeWithBrowser('bench report in Chromium', () => {
  const browser = browserPerFile();
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  let stderrA = '';

  beforeAll(async () => {
    // A: with events and the command's own report.png (asked for: the suite sets BB_NO_SCREENSHOT=1; a
    // second browser, started by the command).
    const ra = await runCli([...RUN, ...EVENTS, '--out', a, '--screenshot']);
    expect(ra.code, ra.stderr).toBe(0);
    stderrA = ra.stderr;
    // B: another seed and one strategy fewer, for the comparison.
    const rb = await runCli([...RUN, ...EVENTS, '--seed', '2', '--strategies', 'none,lru-backfill,time-based', '--out', b, '--no-screenshot']);
    expect(rb.code, rb.stderr).toBe(0);
  });

  it('the page: no errors or requests, every view drawn with its points, no overlapping text, tooltips, one row per result', async () => {
    const w = await openWatched(browser(), join(a, 'report.html'));
    await expectReadablePage(w, { rows: results(a), views: ['hit-ratio', 'source-load', 'latency'] });
    await w.page.close();
  });

  it('a run with writes and a ttl: the freshness view too, held to the same checks', async () => {
    const c = join(dir, 'fresh');
    // README's freshness example, on 6 s of requests.
    const r = await runCli([...RUN, '--writes', '100/s', '--write-mode', 'none', '--ttl', '2s', '--strategies', 'ttl,refresh-ahead,swr,xfetch', '--out', c]);
    expect(r.code, r.stderr).toBe(0);
    const w = await openWatched(browser(), join(c, 'report.html'));
    await expectReadablePage(w, { rows: results(c), views: ['hit-ratio', 'freshness'] });
    await w.page.close();
  });

  it('the time series show the events as rules (the restart, the outage and its end), hovering one names it', async () => {
    const w = await openWatched(browser(), join(a, 'report.html'));
    const rules = (await w.page.evaluate(`[...document.querySelectorAll('#view-hit-ratio svg g.role-mark.mark-rule')].reduce((n, g) => n + g.children.length, 0)`)) as number;
    expect(rules).toBe(3);
    const tip = await w.page.evaluate(`(() => {
      const el = document.querySelector('#view-hit-ratio svg g.role-mark.mark-rule line, #view-hit-ratio svg g.role-mark.mark-rule path');
      el.scrollIntoView({ block: 'center' });
      const r = el.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    })()`);
    const at = tip as { x: number; y: number };
    await w.page.mouse.move(at.x, at.y, { steps: 2 });
    await w.page.locator('#vg-tooltip-element.visible').waitFor({ state: 'visible', timeout: 3000 });
    expect(await w.page.locator('#vg-tooltip-element').textContent()).toMatch(/restart/);
    await w.page.close();
  });

  it('lines hidden under each other come forward: clicking a legend entry fades the other strategies', async () => {
    const w = await openWatched(browser(), join(a, 'report.html'));
    // The opacity of each strategy's points in the hit-ratio view (vega writes the tooltip fields into aria-label).
    const opacities = async () =>
      (await w.page.evaluate(`(() => {
        const by = {};
        for (const p of document.querySelectorAll('#view-hit-ratio g.role-mark.mark-symbol path')) {
          const m = /strategy: ([^;]+)/.exec(p.getAttribute('aria-label') || '');
          if (m) (by[m[1].trim()] ??= new Set()).add(p.getAttribute('opacity') || '1');
        }
        return Object.fromEntries(Object.entries(by).map(([k, v]) => [k, [...v].sort()]));
      })()`)) as Record<string, string[]>;
    const before = await opacities();
    expect(Object.keys(before).sort()).toEqual(['lru-backfill', 'none', 'threshold', 'time-based']);
    for (const o of Object.values(before)) expect(o).toEqual(['1']);
    const label = w.page.locator('#view-hit-ratio g.role-legend-label text', { hasText: /^lru-backfill$/ });
    await label.click();
    await expect.poll(async () => (await opacities())['none']).not.toEqual(['1']);
    const after = await opacities();
    expect(after['lru-backfill']).toEqual(['1']);
    for (const s of ['none', 'threshold', 'time-based']) expect(Number(after[s]![0])).toBeLessThan(0.5);
    await w.page.close();
  });

  it('report A B: the comparison page passes the same checks; rows for the strategies both ran, a bar each for A and B', async () => {
    const out = join(dir, 'compare.html');
    const r = await runCli(['report', a, b, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'compare.png'))).toBe(false); // the suite's BB_NO_SCREENSHOT=1
    const w = await openWatched(browser(), out);
    const views = await expectReadablePage(w, { rows: undefined });
    // B ran none, lru-backfill and time-based; A also threshold, which is listed as only in A.
    const both = ['none', 'lru-backfill', 'time-based'];
    const bars = views.filter((v) => v.mark === 'bar');
    expect(bars.length).toBeGreaterThan(0);
    for (const v of bars) expect(v.items, v.id).toBe(2 * both.length);
    const table = await summaryTable(w.page);
    expect(new Set(table.cells.map((c) => c[0]))).toEqual(new Set(both));
    expect(await w.page.locator('body').textContent()).toMatch(/Only in A: threshold/);
    await w.page.close();
  });

  it('the command wrote report.png beside report.html: the whole page, the whole table', async () => {
    expect(stderrA).not.toMatch(/no report\.png/);
    const png = readFileSync(join(a, 'report.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const w = await openWatched(browser(), join(a, 'report.html'));
    // In the browser the table scrolls sideways; the picture cannot, so it is wide enough for all of it.
    const tableRight = (await w.page.evaluate(`(() => { const t = document.getElementById('summary'); return t.getBoundingClientRect().left + t.scrollWidth; })()`)) as number;
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(Math.max(SCREENSHOT_WIDTH, Math.ceil(tableRight)));
    // The full page, not the viewport: as tall as the page laid out as for the picture (several screens).
    await fitForScreenshot(w.page);
    const height = (await w.page.evaluate('document.documentElement.scrollHeight')) as number;
    expect(height).toBeGreaterThan(3 * 800);
    expect(png.readUInt32BE(20)).toBe(height);
    await w.page.close();
    expect(existsSync(join(b, 'report.png'))).toBe(false); // --no-screenshot
  });
});
