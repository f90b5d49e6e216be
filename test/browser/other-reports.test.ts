// The mrc, load and check pages in a real Chromium, from folders made here: a miss-ratio curve, a
// load test on the in-process stand-ins (live beside simulated, the cross-check verdicts), and the
// regression check's deterministic part. One browser for the three. See test/helpers/report-page.ts
// for the common checks.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { browserPerFile, describeWithBrowser, expectReadablePage, openWatched } from '../helpers/report-page.ts';

const dir = mkdtempSync(join(tmpdir(), 'bb-browser-other-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const csvRows = (path: string) => readFileSync(path, 'utf8').trim().split('\n').length - 1;

describeWithBrowser('mrc, load and check reports in Chromium', () => {
  const browser = browserPerFile();
  const mrc = join(dir, 'mrc');
  const load = join(dir, 'load');
  const check = join(dir, 'check');

  beforeAll(async () => {
    for (const argv of [
      ['mrc', '--workload', 'zipf', '--requests', '20000', '--out', mrc],
      // No --redis / --postgres: the in-process stand-ins.
      ['load', '--duration', '300ms', '--rate', '400', '--keys', '1000', '--strategies', 'none,lru-backfill', '--out', load, '--no-progress'],
      ['check', '--deterministic-only', '--quiet', '--out', check],
    ]) {
      const r = await runCli(argv);
      expect(r.code, `${argv[0]}: ${r.stderr}`).toBe(0);
    }
  });

  it('mrc: the curve drawn point by point, one table row per capacity of mrc.csv', async () => {
    const w = await openWatched(browser(), join(mrc, 'report.html'));
    await expectReadablePage(w, { rows: csvRows(join(mrc, 'mrc.csv')), views: ['miss-ratio-curve'] });
    await w.page.close();
  });

  it('load: live beside simulated (a row each per strategy), the cross-check verdicts visible and passing on the stand-ins', async () => {
    const w = await openWatched(browser(), join(load, 'report.html'));
    // summary.csv: one live and one simulator row per strategy.
    const rows = csvRows(join(load, 'summary.csv'));
    expect(rows).toBe(4);
    await expectReadablePage(w, { rows });
    const runs = (await w.page.evaluate(`[...document.querySelectorAll('#summary tbody tr')].map((r) => r.textContent)`)) as string[];
    for (const s of ['none', 'lru-backfill']) {
      expect(runs.filter((r) => r.includes(s) && /live/.test(r))).toHaveLength(1);
      expect(runs.filter((r) => r.includes(s) && /simulat/.test(r))).toHaveLength(1);
    }
    const verdicts = (await w.page.evaluate(`[...document.querySelectorAll('ul.verdicts li')].filter((li) => li.offsetParent !== null).map((li) => li.textContent)`)) as string[];
    for (const s of ['none', 'lru-backfill']) expect(verdicts.filter((v) => v.includes(`${s}:`)).length, s).toBeGreaterThan(0);
    expect(verdicts.filter((v) => !/pass/.test(v))).toEqual([]);
    await w.page.close();
  });

  it("check: the verdict, one row per cell of the suite (check.json's cells)", async () => {
    const w = await openWatched(browser(), join(check, 'report.html'));
    const doc = JSON.parse(readFileSync(join(check, 'check.json'), 'utf8')) as { verdict: string; deterministic: { cells: Record<string, unknown> } };
    await expectReadablePage(w, { rows: Object.keys(doc.deterministic.cells).length });
    const verdicts = (await w.page.evaluate(`[...document.querySelectorAll('ul.verdicts li')].map((li) => li.textContent)`)) as string[];
    expect(doc.verdict).toBe('pass');
    expect(verdicts.join('\n')).toMatch(/pass.*behaviour/);
    await w.page.close();
  });
});
