// The browser driver and the page checks, on hand-made pages with the report's hooks: a clean page
// passes every check, and each check catches the defect planted for it (so a passing report test
// means something). Also report.png: written whole, the page's full height, never half a file.
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { BrowserError, lookupChromium, screenshot, screenshotWhyNot, SCREENSHOT_WIDTH } from '../../src/report/html/browser.ts';
import { handmadePage, scatterSpec, seriesSpec } from '../helpers/handmade-page.ts';
import { browserPerFile, describeWithBrowser, hoverTooltip, openWatched, overlappingTexts, probeViews, summaryTable } from '../helpers/report-page.ts';

const dir = mkdtempSync(join(tmpdir(), 'bb-browser-harness-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, html: string): string {
  const path = join(dir, name);
  writeFileSync(path, html);
  return path;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const b = readFileSync(path);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

it('finds no browser where BB_CHROMIUM names none, and says so', () => {
  expect(lookupChromium({ BB_CHROMIUM: join(dir, 'absent'), PATH: '' })).toEqual({ why: `BB_CHROMIUM=${join(dir, 'absent')} is not an executable file` });
  const notExec = write('not-executable', '#!/bin/sh\n');
  expect(lookupChromium({ BB_CHROMIUM: notExec }).path).toBeUndefined();
});

it('a missing browser: no png, and the reason for the one line write-report prints', async () => {
  const html = write('nobrowser.html', '<!doctype html><p>x</p>');
  const whyNot = await screenshotWhyNot(html, join(dir, 'nobrowser.png'), { env: { BB_CHROMIUM: join(dir, 'absent') } });
  expect(whyNot).toBe(`BB_CHROMIUM=${join(dir, 'absent')} is not an executable file (--no-screenshot skips it)`);
  expect(existsSync(join(dir, 'nobrowser.png'))).toBe(false);
});

it('a browser that does not start: one line naming it, no png', async () => {
  const fake = write('fake-chromium', '#!/bin/sh\necho "no display here" >&2\nexit 1\n');
  chmodSync(fake, 0o755);
  const html = write('nostart.html', '<!doctype html><p>x</p>');
  const whyNot = await screenshotWhyNot(html, join(dir, 'nostart.png'), { env: { BB_CHROMIUM: fake }, timeoutMs: 20_000 });
  // the browser's own last stderr line and its exit code, not playwright's call log
  expect(whyNot).toBe(`Chromium (${fake}) did not start: no display here (exit code 1)`);
  expect(existsSync(join(dir, 'nostart.png'))).toBe(false);
});

describeWithBrowser('in Chromium', () => {
  const browser = browserPerFile();
  const clean = handmadePage({
    views: [
      { name: 'series', mark: 'line', points: 3 * 20, spec: seriesSpec(20, ['none', 'lru-backfill', 's3fifo']) },
      { name: 'frontier', mark: 'point', points: 12, spec: scatterSpec(12) },
    ],
    rows: [
      ['none', '0.51'],
      ['lru-backfill', '0.55'],
      ['s3fifo', '0.59'],
    ],
  });

  it('a clean page passes every check', async () => {
    const w = await openWatched(browser(), write('clean.html', clean));
    expect(w.consoleErrors).toEqual([]);
    expect(w.pageErrors).toEqual([]);
    expect(w.requests).toEqual([w.url]);
    const views = await probeViews(w.page);
    expect(views.map((v) => [v.id, v.items, v.lines])).toEqual([
      ['view-series', 60, 3],
      ['view-frontier', 12, 0],
    ]);
    for (const v of views) expect(overlappingTexts(v.texts), v.id).toEqual([]);
    expect(await summaryTable(w.page)).toMatchObject({ declared: 3, rows: 3 });
    expect(await hoverTooltip(w.page, 'view-frontier')).toMatch(/config\s*batch=0/);
    expect(await hoverTooltip(w.page, 'view-series')).toMatch(/strategy\s*(none|lru-backfill|s3fifo)/);
    await w.page.close();
  });

  it('catches overlapping labels, a request, a console error, a view without its marks, legend entries drawn alike, a label cut short, a chart cut off', async () => {
    const crowded = {
      ...(scatterSpec(12) as Record<string, unknown>),
      mark: { type: 'text', fontSize: 12 },
      encoding: { x: { field: 'load', type: 'quantitative' }, y: { value: 50 }, text: { value: '2.221' } },
    };
    // p50 dashed, p99 solid, points on the lines: vega-lite's legend draws both as the same filled dot.
    // The strategy's name is longer than the legend's label limit: shortened with an ellipsis.
    const dashValues = ['p50', 'p99'].flatMap((p) => Array.from({ length: 5 }, (_, t) => ({ t, ms: p === 'p50' ? 1 : 2, p, strategy: 'lru-backfill threshold=0.5 batch=10' })));
    const dashSpec = {
      data: { values: dashValues },
      mark: { type: 'line', point: { filled: true } },
      encoding: {
        x: { field: 't', type: 'quantitative' },
        y: { field: 'ms', type: 'quantitative' },
        color: { field: 'strategy', legend: { labelLimit: 60 } },
        strokeDash: { field: 'p', type: 'nominal' },
      },
    };
    const bad = handmadePage({
      views: [
        { name: 'crowded', mark: 'point', points: 12, spec: crowded },
        { name: 'frontier', mark: 'point', points: 13, spec: scatterSpec(12) },
        { name: 'dashes', mark: 'line', points: 10, spec: dashSpec },
        { name: 'wide', mark: 'point', points: 12, spec: { ...(scatterSpec(12) as Record<string, unknown>), width: 2000 } },
      ],
      rows: [['none', '0.5']],
      extraBody: `<img src="http://127.0.0.1:9/pixel.png" alt=""><script>console.error('planted')</script>`,
    });
    const w = await openWatched(browser(), write('bad.html', bad));
    expect(w.consoleErrors).toContain('planted');
    expect(w.requests).toEqual([w.url, 'http://127.0.0.1:9/pixel.png']);
    const [crowdedView, frontier, dashes, wide] = await probeViews(w.page);
    const looks = dashes!.legends.at(-1)!.map((e) => e.look); // the strokeDash legend, after the colour one
    expect(looks).toHaveLength(2);
    expect(looks[0]).toBe(looks[1]); // what expectReadablePage reports as "legend entries drawn alike"
    expect(dashes!.texts.map((t) => t.text).filter((t) => t.endsWith('…'))).toHaveLength(1); // "labels cut short"
    expect(wide!.overflowX).toBeGreaterThan(700); // "px cut off at the right": a 2,000 px chart in a 1,280 px window
    expect(frontier!.overflowX).toBeLessThanOrEqual(0);
    expect(crowdedView!.items).toBe(0); // text marks, not the declared points
    expect(overlappingTexts(crowdedView!.texts).length).toBeGreaterThan(0);
    expect(frontier!.items).toBe(12); // one fewer than it declares
    expect(await hoverTooltip(w.page, 'view-crowded', 500)).toBe(''); // its marks have no tooltip
    await w.page.close();
  });

  it('report.png: the whole page at the report width, written atomically beside the page', async () => {
    const html = write('shot.html', clean);
    const png = join(dir, 'shot.png');
    expect(await screenshotWhyNot(html, png)).toBeUndefined();
    const { width, height } = pngSize(png);
    expect(width).toBe(SCREENSHOT_WIDTH);
    // Two charts of 200-250 px plus the table: taller than nothing, but one screen's worth at least.
    expect(height).toBeGreaterThan(500);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a page whose reportReady never settles, or is rejected, is an error naming the page; the old png stays', async () => {
    const png = join(dir, 'keep.png');
    writeFileSync(png, 'old');
    const pending = write('pending.html', '<!doctype html><script>window.reportReady = new Promise(() => {})</script>');
    // Its own browser (as a command's png), closed after the timeout; then in the shared one.
    await expect(screenshot(pending, png, { timeoutMs: 1500 })).rejects.toThrow(BrowserError);
    await expect(screenshot(pending, png, { session: browser(), timeoutMs: 1500 })).rejects.toThrow(/pending\.html: .*within 1\.5 s/);
    const rejected = write('rejected.html', `<!doctype html><script>window.reportReady = Promise.reject(new Error('spec has no data'))</script>`);
    await expect(screenshot(rejected, png, { session: browser() })).rejects.toThrow(/rejected\.html: the page failed to render: spec has no data/);
    expect(readFileSync(png, 'utf8')).toBe('old');
  });
});
