// The report page's flags, shared by every command that writes a results folder (bench, sweep, mrc,
// load, check) and by `report`: --no-screenshot (no report.png) and --open (show the page).
import type { Argv } from 'yargs';
import { openPage } from '../report/html/open-page.ts';
import { writeReport } from '../report/html/write-report.ts';

export function reportFlagOptions<T>(y: Argv<T>) {
  return y
    .option('screenshot', { type: 'boolean', describe: 'also write report.png beside report.html when a Chromium browser is found (default on; --no-screenshot: off)' })
    .option('open', { type: 'boolean', describe: 'open report.html in the browser when there is a display (else print why not)' });
}

/**
 * After a command wrote its folder: report.html (and report.png). A failure here never fails the run
 * (its results are written): the line says what went wrong and how to regenerate the page.
 */
export async function writeRunReport(dir: string, a: Record<string, unknown>): Promise<void> {
  let html: string;
  try {
    html = (await writeReport(dir, { screenshot: typeof a.screenshot === 'boolean' ? a.screenshot : undefined })).html;
  } catch (e) {
    process.stderr.write(`report.html not written: ${(e as Error).message}; the results are complete: \`backfill-bench report ${dir}\` retries\n`);
    return;
  }
  if (a.open === true) process.stderr.write(`${await openPage(html)}\n`);
}
