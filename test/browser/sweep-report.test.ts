// A sweep's report.html in a real Chromium, from a sweep made here: capacity x threshold for
// lru-backfill (heatmaps), none beside it, a target (a recommendation and a runner-up), the Pareto
// frontier (click a point: its configuration). See test/helpers/report-page.ts for the common checks.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { browserPerFile, clickMark, describeWithBrowser, expectReadablePage, openWatched, type Watched } from '../helpers/report-page.ts';

const dir = mkdtempSync(join(tmpdir(), 'bb-browser-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// none at 2 capacities + lru-backfill at 2 capacities x 3 thresholds: 8 configurations (sweep.csv rows).
const SWEEP = ['sweep', '--workload', 'zipf', '--keys', '2000', '--requests', '20000', '--workers', '0', '--strategies', 'none,lru-backfill'];
const GRID = ['--param', 'capacity=100,400', '--param', 'threshold=0.2:0.6:0.2', '--target', 'hitRatio>=0.5'];

describeWithBrowser('sweep report in Chromium', () => {
  const browser = browserPerFile();
  const out = join(dir, 'sweep');
  let rows = 0;
  let w: Watched;

  beforeAll(async () => {
    const r = await runCli([...SWEEP, ...GRID, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    rows = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n').length - 1;
    expect(rows).toBe(8);
    w = await openWatched(browser(), join(out, 'report.html'));
  });

  it('the page: no errors or requests, every view drawn with its points, no overlapping text, tooltips, one row per configuration', async () => {
    const views = await expectReadablePage(w, { rows, views: ['pareto', 'heatmap-hit-ratio', 'heatmap-source-reads'] });
    // lru-backfill's 2 capacities x 3 thresholds, one cell each.
    expect(views.find((v) => v.id === 'view-heatmap-hit-ratio')?.items).toBe(6);
    expect(views.find((v) => v.id === 'view-pareto')?.items).toBe(rows);
  });

  it('the recommendation and the runner-up come first, above the table', async () => {
    const at = (await w.page.evaluate(`(() => {
      const rec = document.getElementById('recommendation');
      const table = document.getElementById('summary');
      return { text: rec ? rec.textContent : '', before: rec !== null && table !== null && (rec.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0 };
    })()`)) as { text: string; before: boolean };
    expect(at.before).toBe(true);
    expect(at.text).toMatch(/Pick:.*capacity=\d+/);
    expect(at.text).toMatch(/runner-up/i);
  });

  it('clicking a point of the Pareto frontier shows its configuration below it', async () => {
    const panel = w.page.locator('#config-pareto');
    expect(await panel.getAttribute('data-selected')).toBeNull();
    await clickMark(w.page, 'view-pareto', 0);
    await expect.poll(() => panel.getAttribute('data-selected'), { timeout: 3000 }).toMatch(/^(none|lru-backfill)\b/);
    const text = (await panel.textContent()) ?? '';
    expect(text).toMatch(/capacity\s*(100|400)/);
  });
});
