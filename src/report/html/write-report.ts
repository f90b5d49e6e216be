// report.html (and report.png) in a results folder: model -> page -> atomic write. Called by bench,
// sweep, mrc, load and check once their other files are written, and by `backfill-bench report DIR`.
// Building the page is cheap (a few ms plus reading the three inlined scripts, ~830 kB): the charts
// render in the browser, not in Node.
import { basename, join, resolve } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.ts';
import { readReportModel } from './models/read.ts';
import { renderPage } from './page.ts';
import { screenshotWhyNot } from './browser.ts';

export const REPORT_HTML = 'report.html';
export const REPORT_PNG = 'report.png';

export interface WriteReportOptions {
  /** Where the page goes (default DIR/report.html). */
  readonly out?: string | undefined;
  /** Write report.png beside it when a browser is found (default: screenshotByDefault(); --no-screenshot: false). */
  readonly screenshot?: boolean | undefined;
  /** One line of news (why there is no png): stderr by default. */
  readonly log?: ((line: string) => void) | undefined;
}

export interface WrittenReport {
  readonly html: string;
  readonly png?: string | undefined;
}

/**
 * Whether to write report.png when the caller did not say: yes, unless BB_NO_SCREENSHOT=1 (the test
 * suite sets it, so the many runs it makes do not each start a browser; the browser tests ask for
 * their pictures explicitly).
 */
export function screenshotByDefault(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.BB_NO_SCREENSHOT !== '1';
}

export async function writeReport(dir: string, o: WriteReportOptions = {}): Promise<WrittenReport> {
  return writePage(renderPage(await readReportModel(dir)), o.out ?? join(dir, REPORT_HTML), o);
}

/** `report A B`: the comparison page, by default A/compare-<B's name>.html (and its png). */
export async function writeComparison(dirA: string, dirB: string, o: WriteReportOptions = {}): Promise<WrittenReport> {
  const { compareModel } = await import('./compare.ts');
  return writePage(renderPage(await compareModel(dirA, dirB)), o.out ?? join(dirA, `compare-${basename(resolve(dirB)).replace(/[^A-Za-z0-9._-]+/g, '_')}.html`), o);
}

async function writePage(page: string, html: string, o: WriteReportOptions): Promise<WrittenReport> {
  writeFileAtomic(html, page, 'report page');
  if (!(o.screenshot ?? screenshotByDefault())) return { html };
  const png = html.replace(/\.html?$/i, '') + '.png';
  // The browser part (browser.ts): Chromium renders the page, waits for window.reportReady, writes the png atomically.
  const whyNot = await screenshotWhyNot(html, png);
  if (whyNot !== undefined) {
    (o.log ?? ((l) => process.stderr.write(`${l}\n`)))(`no ${REPORT_PNG}: ${whyNot}`);
    return { html };
  }
  return { html, png };
}
