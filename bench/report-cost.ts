// What report.html and report.png cost a run, step by step, on an existing results folder:
//   npx tsx bench/report-cost.ts DIR [runs]
// html: the page written again (model from the folder's files, assets inlined, atomic write), in
// process; png: Chromium launched (fresh profile), the page loaded until window.reportReady, the
// scrolling boxes let out, the full-page screenshot, the browser closed. Best and median of `runs`
// (default 5) per step, in ms. The whole command with and without the png is measured with hyperfine
// (bench/README.md).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitForScreenshot, launchChromium } from '../src/report/html/browser.ts';
import { writeReport } from '../src/report/html/write-report.ts';

const dir = process.argv[2];
const runs = Number(process.argv[3] ?? 5);
if (dir === undefined || !(runs >= 1)) {
  console.error('usage: npx tsx bench/report-cost.ts DIR [runs]   (DIR: a results folder, e.g. from npm run bench -- --workload zipf)');
  process.exit(2);
}

const steps = ['html', 'launch', 'load+ready', 'fit', 'screenshot', 'close'] as const;
const times: Record<(typeof steps)[number], number[]> = { html: [], launch: [], 'load+ready': [], fit: [], screenshot: [], close: [] };
const out = mkdtempSync(join(tmpdir(), 'bb-report-cost-'));
try {
  for (let i = 0; i < runs; i++) {
    const html = join(out, 'report.html');
    let t = performance.now();
    const lap = (step: (typeof steps)[number]) => {
      const now = performance.now();
      times[step].push(now - t);
      t = now;
    };
    await writeReport(dir, { out: html, screenshot: false });
    lap('html');
    const session = await launchChromium();
    lap('launch');
    const page = await session.openPage(html);
    lap('load+ready');
    await fitForScreenshot(page);
    lap('fit');
    await page.screenshot({ fullPage: true, type: 'png' });
    lap('screenshot');
    await session.close();
    lap('close');
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}

const ms = (v: number) => v.toFixed(0).padStart(6);
console.log(`step         first   best   median  (ms, ${runs} runs; the first run also reads the inlined scripts and loads the modules)`);
let best = 0;
let median = 0;
for (const s of steps) {
  const v = [...times[s]].sort((a, b) => a - b);
  const m = v[Math.floor(v.length / 2)]!;
  if (s !== 'html') {
    best += v[0]!;
    median += m;
  }
  console.log(`${s.padEnd(11)} ${ms(times[s][0]!)}  ${ms(v[0]!)}   ${ms(m)}`);
}
const first = steps.filter((s) => s !== 'html').reduce((n, s) => n + times[s][0]!, 0);
console.log(`${'png total'.padEnd(11)} ${ms(first)}  ${ms(best)}   ${ms(median)}`);
