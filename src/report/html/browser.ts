// The system Chromium, driven by playwright-core: it renders report.html to report.png and opens pages
// for the browser tests. Nothing is downloaded: the browser is the one installed on the machine
// (Debian's `chromium`; .ci/run installs it), found by findChromium(). playwright-core loads on first
// use only, so runs that write no screenshot never pay for it.
//
// Each launch gets a fresh profile folder (mkdtemp, removed on close and if the process is
// interrupted) and flags that keep the browser from phoning home (no background networking,
// component updates, sync or QUIC), so a page's only request is its own file:// load.
import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { AtomicFile } from '../../core/atomic-write.ts';
import { releaseTemp, trackTemp } from '../../core/temp-files.ts';

/** The flags every launch passes (besides the profile folder). */
export const LAUNCH_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Names looked up on $PATH, in order, after $BB_CHROMIUM and /usr/bin/chromium. */
const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
/** Fixed install paths tried last (macOS application bundles). */
const FIXED = ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

/** The page width a screenshot is taken at (CSS pixels); the height is the whole page. */
export const SCREENSHOT_WIDTH = 1280;
// Run in the page before a screenshot: a picture cannot scroll, so every box that scrolls sideways
// (a wide table, a wide chart) is let out; the full-page picture then takes in what sticks out.
const UNCLIP = `(() => {
  for (const el of document.querySelectorAll('*')) {
    const s = getComputedStyle(el);
    if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && el.scrollWidth > el.clientWidth) el.style.overflowX = 'visible';
  }
})()`;
/** How long a screenshot may take, launch to PNG, unless told otherwise. */
export const DEFAULT_TIMEOUT_MS = 60_000;

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export type ChromiumLookup = { readonly path: string; readonly why?: undefined } | { readonly path?: undefined; readonly why: string };

/**
 * Where Chromium is, or why none was found. $BB_CHROMIUM, when set, is the only candidate (an
 * explicit choice is never silently replaced by another browser); otherwise /usr/bin/chromium, then
 * chromium, chromium-browser, google-chrome, google-chrome-stable, chrome on $PATH, then the macOS
 * application bundles.
 */
export function lookupChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLookup {
  const chosen = env.BB_CHROMIUM;
  if (chosen !== undefined && chosen !== '') {
    return isExecutable(chosen) ? { path: resolve(chosen) } : { why: `BB_CHROMIUM=${chosen} is not an executable file` };
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  const candidates = ['/usr/bin/chromium', ...NAMES.flatMap((n) => dirs.map((d) => join(d, n))), ...FIXED];
  const found = candidates.find(isExecutable);
  if (found !== undefined) return { path: found };
  return { why: `no Chromium found (looked for /usr/bin/chromium and ${NAMES.join(', ')} on $PATH; install Debian's chromium package or set BB_CHROMIUM)` };
}

/** The Chromium executable to use, or undefined when there is none (see lookupChromium). */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return lookupChromium(env).path;
}

/** A browser failed to start, load a page or render it in time. The message says which. */
export class BrowserError extends Error {
  override readonly name = 'BrowserError';
}

export interface LaunchOptions {
  /** The executable (default: findChromium()). */
  readonly executablePath?: string | undefined;
  /** Milliseconds for the launch and for each page step (default DEFAULT_TIMEOUT_MS). */
  readonly timeoutMs?: number | undefined;
  /** Where findChromium looks ($BB_CHROMIUM, $PATH; default process.env). */
  readonly env?: NodeJS.ProcessEnv | undefined;
}

/** One running browser with its own profile folder. close() ends it and removes the folder. */
export interface ChromiumSession {
  readonly executablePath: string;
  readonly context: BrowserContext;
  /** A new tab showing `htmlPath` (file://), once window.reportReady has resolved. */
  openPage(htmlPath: string, hooks?: PageHooks): Promise<Page>;
  close(): Promise<void>;
}

/** Listeners attached before the page loads (the tests collect console errors and requests). */
export interface PageHooks {
  readonly beforeLoad?: (page: Page) => void;
}

/** Starts Chromium (headless, a fresh profile). Throws a BrowserError naming the executable on failure. */
export async function launchChromium(o: LaunchOptions = {}): Promise<ChromiumSession> {
  const lookup: ChromiumLookup = o.executablePath !== undefined ? { path: o.executablePath } : lookupChromium(o.env);
  if (lookup.path === undefined) throw new BrowserError(lookup.why);
  const executablePath = lookup.path;
  const timeout = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'backfill-bench-chromium-'));
  trackTemp(profile);
  // Chromium's helper processes may still be writing into the profile as it closes (seen under heavy
  // load: ENOTEMPTY): retry, and if it still cannot go, leave it to the exit hook (trackTemp) rather
  // than fail a screenshot that was taken.
  const removeProfile = () => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      releaseTemp(profile);
    } catch {
      /* removed at exit by temp-files.ts */
    }
  };
  let context: BrowserContext;
  try {
    // A persistent context is the only way to give playwright our own --user-data-dir.
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [...LAUNCH_ARGS],
      timeout,
      viewport: { width: SCREENSHOT_WIDTH, height: 800 },
      deviceScaleFactor: 1,
      offline: false,
    });
  } catch (e) {
    removeProfile();
    throw new BrowserError(`Chromium (${executablePath}) did not start: ${launchFailure(e)}`);
  }
  context.setDefaultTimeout(timeout);
  let closed = false;
  return {
    executablePath,
    context,
    async openPage(htmlPath, hooks = {}) {
      const page = await context.newPage();
      hooks.beforeLoad?.(page);
      const url = pathToFileURL(resolve(htmlPath)).href;
      try {
        await page.goto(url, { waitUntil: 'load', timeout });
      } catch (e) {
        throw new BrowserError(`${htmlPath}: Chromium could not load the page: ${firstLine(e)}`);
      }
      await waitReady(page, htmlPath, timeout);
      return page;
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await context.close();
      } finally {
        removeProfile();
      }
    },
  };
}

/**
 * Waits for the page's `window.reportReady` (a Promise the report resolves once every view has
 * rendered, or rejects on an error). A page without it is taken as ready once loaded.
 */
async function waitReady(page: Page, htmlPath: string, timeout: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'timeout'>((ok) => (timer = setTimeout(() => ok('timeout'), timeout)));
  try {
    const ready = page.evaluate(`Promise.resolve(globalThis.reportReady).then(() => 'ok', (e) => 'error: ' + (e && e.message ? e.message : String(e)))`) as Promise<string>;
    // After a timeout nothing awaits it: closing the page then rejects it, which must not go unhandled.
    ready.catch(() => undefined);
    const outcome = await Promise.race([ready, expired]);
    if (outcome === 'timeout') throw new BrowserError(`${htmlPath}: the page did not finish rendering within ${timeout / 1000} s (window.reportReady still pending)`);
    if (outcome !== 'ok') throw new BrowserError(`${htmlPath}: the page failed to render: ${outcome.slice('error: '.length)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Lets out every sideways-scrolling box, so a full-page picture shows it whole (the layout keeps its width). */
export async function fitForScreenshot(page: Page): Promise<void> {
  await page.evaluate(UNCLIP);
}

export interface ScreenshotOptions extends LaunchOptions {
  /** An already running browser to use (the tests share one per file); otherwise one is launched and closed. */
  readonly session?: ChromiumSession | undefined;
}

/**
 * Renders `htmlPath` in Chromium and writes the whole page as a PNG to `pngPath` (atomically: a
 * reader sees the old file or the new one). Waits for window.reportReady. The page is laid out
 * SCREENSHOT_WIDTH wide; the picture is as tall as the page and wider when a box that scrolls
 * sideways in a browser (a wide table) sticks out: it shows it whole. Throws a BrowserError
 * (no browser, it failed, or the time ran out), leaving any existing `pngPath` untouched.
 */
export async function screenshot(htmlPath: string, pngPath: string, o: ScreenshotOptions = {}): Promise<void> {
  const timeout = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const session = o.session ?? (await launchChromium(o));
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new BrowserError(`${htmlPath}: no screenshot within ${timeout / 1000} s (Chromium ${session.executablePath})`)), timeout);
  });
  let page: Page | undefined;
  try {
    const work = (async () => {
      const p = await session.openPage(htmlPath, { beforeLoad: (opened) => (page = opened) });
      await fitForScreenshot(p);
      return p.screenshot({ fullPage: true, type: 'png', animations: 'disabled', timeout });
    })();
    // After a timeout nothing awaits it: closing the page or browser then rejects it, which must not go unhandled.
    work.catch(() => undefined);
    const png = await Promise.race([work, expired]);
    const f = AtomicFile.open(pngPath, 'screenshot');
    f.write(png);
    f.commit();
  } finally {
    clearTimeout(timer);
    // A failure to close must not hide the outcome (the png written, or why not).
    if (o.session === undefined) await session.close().catch(() => undefined);
    else await (page as Page | undefined)?.close().catch(() => undefined);
  }
}

/**
 * Why a launch failed, in one line: the browser's own last error line (playwright's "Browser logs"),
 * else playwright's first line; with the exit code when the process ended. The Debian wrapper
 * script's harmless "[: unexpected operator" is skipped.
 */
function launchFailure(e: unknown): string {
  // eslint-disable-next-line no-control-regex
  const msg = (e instanceof Error ? e.message : String(e)).replace(/\x1b\[[0-9;]*m/g, '');
  const logs = msg.split('Call log:')[0] ?? msg;
  const own = [...logs.matchAll(/^\[pid=\d+\]\[err\] (.*)$/gm)].map((m) => m[1]!.trim()).filter((l) => l !== '' && !/unexpected operator/.test(l));
  const exit = /process did exit: exitCode=(\d+)/.exec(msg)?.[1];
  const why = own.at(-1) ?? firstLine(e);
  return exit !== undefined && exit !== '0' ? `${why} (exit code ${exit})` : why;
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  // playwright appends a call log and ANSI colours after the first line.
  // eslint-disable-next-line no-control-regex
  return (msg.split('\n').find((l) => l.trim() !== '') ?? msg).replace(/\x1b\[[0-9;]*m/g, '').trim();
}

/**
 * report.png beside report.html, for write-report: undefined once written, else why there is none
 * (no browser, or it failed), for one line on stderr. Never throws: a results folder is complete
 * without its picture, and a run must not fail for want of a browser.
 */
export async function screenshotWhyNot(htmlPath: string, pngPath: string, o: LaunchOptions = {}): Promise<string | undefined> {
  const lookup: ChromiumLookup = o.executablePath !== undefined ? { path: o.executablePath } : lookupChromium(o.env);
  if (lookup.path === undefined) return `${lookup.why} (--no-screenshot skips it)`;
  try {
    await screenshot(htmlPath, pngPath, { ...o, executablePath: lookup.path });
    return undefined;
  } catch (e) {
    return e instanceof BrowserError ? e.message : firstLine(e);
  }
}
