// report.html (and report.png) in a results folder: model -> page -> atomic write. Called by bench,
// sweep, mrc, load and check once their other files are written, and by `backfill-bench report DIR`.
// Building the page is cheap (a few ms plus reading the three inlined scripts, ~830 kB): the charts
// render in the browser, not in Node.
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.ts';
import { readReportModel } from './models/read.ts';
import { renderPage } from './page.ts';

export const REPORT_HTML = 'report.html';
export const REPORT_PNG = 'report.png';

export interface WriteReportOptions {
  /** Where the page goes (default DIR/report.html). */
  readonly out?: string | undefined;
  /** Write report.png beside it when a browser is found (default true; --no-screenshot: false). */
  readonly screenshot?: boolean | undefined;
  /** One line of news (why there is no png): stderr by default. */
  readonly log?: ((line: string) => void) | undefined;
}

export interface WrittenReport {
  readonly html: string;
  readonly png?: string | undefined;
}

/**
 * The png step (the browser part, browser.ts: find Chromium, load the page, wait for
 * window.reportReady, screenshot the full page, atomic write). Returns why no png was written
 * (one line on stderr), undefined when it was, null when there is nothing to say (no browser
 * module in this build yet). A missing browser never fails a run.
 */
async function writePng(_htmlPath: string, _pngPath: string): Promise<string | undefined | null> {
  return null;
}

export async function writeReport(dir: string, o: WriteReportOptions = {}): Promise<WrittenReport> {
  const html = o.out ?? join(dir, REPORT_HTML);
  writeFileAtomic(html, renderPage(readReportModel(dir)), 'report page');
  if (o.screenshot === false) return { html };
  const png = html.replace(/\.html?$/i, '') + '.png';
  const whyNot = await writePng(html, png);
  if (whyNot === null) return { html };
  if (whyNot !== undefined) {
    (o.log ?? ((l) => process.stderr.write(`${l}\n`)))(`no ${REPORT_PNG}: ${whyNot}`);
    return { html };
  }
  return { html, png };
}
