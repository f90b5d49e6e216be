// What the browser tests look at on a report page, through the page's test hooks (src/report/html/
// page.ts): each view is <div class="view" id="view-NAME" data-points="N" data-mark="line|point|rect|
// bar|area|rule"> holding vega's SVG, N being the items of that mark (a `line` view draws one point
// per datum on its lines: its symbols are counted); the table is <table id="summary" data-rows="N">;
// a view with a configuration panel fills #config-NAME on a click; window.reportReady settles when
// every view has rendered. One browser per test file (browserPerFile); a file without a browser is skipped
// with a title naming what is missing (describeWithBrowser), so `npm test` passes on a bare clone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, lookupChromium, SCREENSHOT_WIDTH as SCREEN_WIDTH, type ChromiumSession } from '../../src/report/html/browser.ts';

const lookup = lookupChromium();

/** describe() when a browser is found; otherwise skipped, the title saying why. */
export function describeWithBrowser(title: string, body: () => void): void {
  if (lookup.path !== undefined) describe(title, body);
  else if (process.env.BB_REQUIRE_BROWSER === '1') {
    // CI (.ci/run) installs Chromium: there a missing browser is a failure, not a skip.
    describe(title, () => it('has a browser (BB_REQUIRE_BROWSER=1)', () => expect.fail(lookup.why)));
  } else {
    describe.skip(`${title} (skipped: ${lookup.why})`, body);
    console.warn(`browser tests "${title}" skipped: ${lookup.why}`);
  }
}

/** One browser for the calling file: launched before its tests, closed after. */
export function browserPerFile(): () => ChromiumSession {
  let session: ChromiumSession | undefined;
  beforeAll(async () => {
    session = await launchChromium({ executablePath: lookup.path });
  });
  afterAll(async () => {
    await session?.close();
  });
  return () => {
    if (session === undefined) throw new Error('the browser did not start (see beforeAll)');
    return session;
  };
}

/** What a page did while loading and rendering. */
export interface Watched {
  readonly page: Page;
  readonly url: string;
  readonly consoleErrors: string[];
  readonly consoleWarnings: string[];
  readonly pageErrors: string[];
  /** Every request the page made, its own load included. */
  readonly requests: string[];
}

/** Opens `htmlPath` in a new tab, recording console messages, page errors and requests from the start. */
export async function openWatched(session: ChromiumSession, htmlPath: string): Promise<Watched> {
  const consoleErrors: string[] = [];
  const consoleWarnings: string[] = [];
  const pageErrors: string[] = [];
  const requests: string[] = [];
  const page = await session.openPage(htmlPath, {
    beforeLoad(p) {
      p.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
        if (m.type() === 'warning') consoleWarnings.push(m.text());
      });
      p.on('pageerror', (e) => pageErrors.push(e.message));
      p.on('request', (r) => requests.push(r.url()));
    },
  });
  return { page, url: pathToFileURL(resolve(htmlPath)).href, consoleErrors, consoleWarnings, pageErrors, requests };
}

export interface TextBox {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface ViewProbe {
  readonly id: string;
  /** data-points and data-mark as the page declares them. */
  readonly points: number;
  readonly mark: string;
  /** Items of the declared mark drawn in the SVG (a line view's points, symbols, rects, rules; an area's vertices). */
  readonly items: number;
  /** Line paths drawn (a line view's series). */
  readonly lines: number;
  /** Every mark element of any type. */
  readonly marks: number;
  readonly hasSvg: boolean;
  /** Visible, non-empty text (axis labels and titles, legends, chart titles), in page pixels. */
  readonly texts: readonly TextBox[];
  /** Each legend's entries: label and how its symbol looks (shape, fill, visible stroke and dash, opacity). */
  readonly legends: readonly (readonly { readonly label: string; readonly look: string }[])[];
  /** How far (px) the chart sticks out of its box sideways (> 0: the reader must scroll to see it all). */
  readonly overflowX: number;
}

// Runs in the page (a string: the project's TypeScript has no DOM types).
const VG_TYPE = `{ line: 'symbol', point: 'symbol', rect: 'rect', bar: 'rect', area: 'area', rule: 'rule' }`;
const PROBE = `(() => {
  const vgType = ${VG_TYPE};
  const hidden = (el) => el.closest('[opacity="0"], [fill-opacity="0"], [display="none"], [visibility="hidden"]') !== null;
  return [...document.querySelectorAll('div.view')].map((v) => {
    const mark = v.dataset.mark || '';
    const type = vgType[mark];
    let items = 0;
    for (const g of v.querySelectorAll('svg g.role-mark.mark-' + type)) {
      for (const el of g.children) {
        // an area is one path per series: its vertices, top and bottom edges (M/L/C end points) halved
        items += type === 'area' ? ((el.getAttribute('d') || '').match(/[MLC]/g) || []).length / 2 : 1;
      }
    }
    let marks = 0;
    for (const g of v.querySelectorAll('svg g.role-mark')) marks += g.children.length;
    let lines = 0;
    for (const g of v.querySelectorAll('svg g.role-mark.mark-line')) lines += g.children.length;
    const texts = [...v.querySelectorAll('svg text')]
      .filter((t) => t.textContent.trim() !== '' && !hidden(t))
      .map((t) => { const r = t.getBoundingClientRect(); return { text: t.textContent, x: r.x + scrollX, y: r.y + scrollY, w: r.width, h: r.height }; })
      .filter((b) => b.w > 0 && b.h > 0);
    // How far the chart reaches past its box (a box that scrolls sideways hides the rest) or the window.
    const cutOff = (v) => {
      const svg = v.querySelector('svg');
      if (!svg) return 0;
      const r = svg.getBoundingClientRect();
      const box = v.getBoundingClientRect();
      return Math.max(r.right - (box.left + v.clientWidth), r.right - document.documentElement.clientWidth);
    };
    const look = (p) => {
      const a = (n) => p.getAttribute(n) || '';
      const stroke = a('stroke');
      const stroked = stroke !== '' && stroke !== 'transparent' && stroke !== 'none' && a('stroke-width') !== '0' && a('stroke-opacity') !== '0';
      const filled = a('fill') !== '' && a('fill') !== 'transparent' && a('fill') !== 'none' && a('fill-opacity') !== '0';
      const opacity = a('opacity') || '1';
      return [a('d'), filled ? a('fill') + ' ' + (a('fill-opacity') || '1') : 'no fill', stroked ? stroke + ' ' + (a('stroke-dasharray') || 'solid') : 'no stroke', 'opacity ' + opacity].join(' | ');
    };
    const legends = [...v.querySelectorAll('svg g.role-legend')].map((l) =>
      [...l.querySelectorAll('g.role-legend-symbol')].flatMap((g) => [...g.children]).map((p, i) => {
        const labels = [...l.querySelectorAll('g.role-legend-label text')];
        return { label: labels[i] ? labels[i].textContent : '?', look: look(p) };
      }),
    );
    return { id: v.id, points: Number(v.dataset.points), mark, items, marks, lines, hasSvg: v.querySelector('svg') !== null, texts, legends, overflowX: cutOff(v) };
  });
})()`;

export async function probeViews(page: Page): Promise<ViewProbe[]> {
  return (await page.evaluate(PROBE)) as ViewProbe[];
}

/**
 * Pairs of text boxes that overlap by more than `slack` pixels both ways. Glyph boxes include the
 * font's line gap, so legend rows and stacked labels touch by a pixel without the letters meeting.
 */
export function overlappingTexts(texts: readonly TextBox[], slack = 2): [TextBox, TextBox][] {
  const out: [TextBox, TextBox][] = [];
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i]!;
      const b = texts[j]!;
      const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      if (w > slack && h > slack) out.push([a, b]);
    }
  }
  return out;
}

/** A point (viewport pixels) on the `index`-th item of the view's declared mark: a shape's centre, a rule's middle, an area's middle vertex. */
async function markPoint(page: Page, viewId: string, index = 0): Promise<{ x: number; y: number } | undefined> {
  return (await page.evaluate(`((id, index) => {
    const vgType = ${VG_TYPE};
    const v = document.getElementById(id);
    const type = vgType[v.dataset.mark];
    const els = [...v.querySelectorAll('svg g.role-mark.mark-' + type)].flatMap((g) => [...g.children]);
    const el = els[index];
    if (!el) return undefined;
    el.scrollIntoView({ block: 'center' });
    if (type === 'area') {
      // vega shows an area's (or a line's) tooltip only near a vertex: hover the middle one (the end
      // point of each path command: M/L x,y and C's last pair).
      const ends = [...(el.getAttribute('d') || '').matchAll(/[MLC]([^MLCZ]*)/g)].map((m) => m[1].split(/[ ,]+/).filter((t) => t !== '').map(Number).slice(-2));
      const [x, y] = ends[Math.floor(ends.length / 4)];
      const p = new DOMPoint(x, y).matrixTransform(el.getScreenCTM());
      return { x: p.x, y: p.y };
    }
    if (type === 'rule') {
      const p = el.getPointAtLength(el.getTotalLength() / 2).matrixTransform(el.getScreenCTM());
      return { x: p.x, y: p.y };
    }
    const r = el.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  })(${JSON.stringify(viewId)}, ${index})`)) as { x: number; y: number } | undefined;
}

/** Hovers the view's first mark; the tooltip's text, or '' when none became visible within `ms`. */
export async function hoverTooltip(page: Page, viewId: string, ms = 3000): Promise<string> {
  await page.mouse.move(0, 0);
  const at = await markPoint(page, viewId);
  if (at === undefined) return '';
  await page.mouse.move(at.x, at.y, { steps: 2 });
  const tip = page.locator('#vg-tooltip-element.visible');
  try {
    await tip.waitFor({ state: 'visible', timeout: ms });
  } catch {
    return '';
  }
  return (await tip.textContent())?.trim() ?? '';
}

/** Clicks the `index`-th item of the view's declared mark type. */
export async function clickMark(page: Page, viewId: string, index = 0): Promise<void> {
  const at = await markPoint(page, viewId, index);
  if (at === undefined) throw new Error(`${viewId}: no mark ${index} to click`);
  await page.mouse.click(at.x, at.y);
}

/** The summary table: its data-rows attribute and the body rows it shows. */
export async function summaryTable(page: Page): Promise<{ declared: number; rows: number; cells: string[][] }> {
  return (await page.evaluate(`(() => {
    const t = document.getElementById('summary');
    if (!t) return { declared: -1, rows: -1, cells: [] };
    const rows = [...t.tBodies].flatMap((b) => [...b.rows]);
    return { declared: Number(t.dataset.rows), rows: rows.length, cells: rows.map((r) => [...r.cells].map((c) => c.textContent.trim())) };
  })()`)) as { declared: number; rows: number; cells: string[][] };
}

export interface PageExpectations {
  /** The results the folder holds: the summary table shows one row each (undefined: its rows only equal its data-rows). */
  readonly rows: number | undefined;
  /** Views the page must have (ids without `view-`). */
  readonly views?: readonly string[];
}

/**
 * Everything a reader of any report page can expect, asserted softly (every defect of a page is
 * listed, not only the first): no console or page errors, no request but the page's own load, every
 * view drawn with as many marks as it declares points (and some), no overlapping text inside a view,
 * a tooltip on each view's first mark, the table's rows equal to the results.
 */
export async function expectReadablePage(w: Watched, o: PageExpectations): Promise<ViewProbe[]> {
  expect.soft(w.consoleErrors, 'console errors').toEqual([]);
  expect.soft(w.pageErrors, 'page errors').toEqual([]);
  expect.soft(w.requests, 'requests besides the page itself').toEqual([w.url]);
  const views = await probeViews(w.page);
  if (o.views) expect.soft(views.map((v) => v.id.replace(/^view-/, ''))).toEqual(expect.arrayContaining([...o.views]));
  expect.soft(views.length, 'views').toBeGreaterThan(0);
  for (const v of views) {
    expect.soft(v.hasSvg, `${v.id}: rendered as SVG`).toBe(true);
    expect.soft(v.points, `${v.id}: data-points`).toBeGreaterThan(0);
    expect.soft(v.items, `${v.id}: ${v.mark} marks drawn against data-points`).toBe(v.points);
    if (v.mark === 'line') expect.soft(v.lines, `${v.id}: line paths`).toBeGreaterThan(0);
    for (const entries of v.legends) {
      // Two entries that look the same cannot be told apart (a dash legend drawn as filled dots).
      const looks = new Map<string, string[]>();
      for (const e of entries) looks.set(e.look, [...(looks.get(e.look) ?? []), e.label]);
      const same = [...looks.values()].filter((labels) => labels.length > 1).map((labels) => labels.join(' = '));
      expect.soft(same, `${v.id}: legend entries drawn alike`).toEqual([]);
    }
    // vega shortens a label longer than its limit with an ellipsis: a legend or axis label cut short.
    expect
      .soft(
        v.texts.map((t) => t.text).filter((t) => t.endsWith('…')),
        `${v.id}: labels cut short`,
      )
      .toEqual([]);
    expect.soft(v.overflowX, `${v.id}: px cut off at the right (at ${SCREEN_WIDTH} px)`).toBeLessThanOrEqual(0);
    const overlaps = overlappingTexts(v.texts).map(([a, b]) => `"${a.text}" / "${b.text}"`);
    expect.soft(overlaps, `${v.id}: overlapping text`).toEqual([]);
    expect.soft(await hoverTooltip(w.page, v.id), `${v.id}: tooltip on hover`).not.toBe('');
  }
  const table = await summaryTable(w.page);
  if (o.rows !== undefined) expect.soft(table.declared, 'table data-rows').toBe(o.rows);
  expect.soft(table.rows, 'table body rows').toBe(table.declared);
  expect.soft(table.rows, 'table body rows').toBeGreaterThan(0);
  return views;
}
