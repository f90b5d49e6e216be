// `report DIR`: (re)writes DIR/report.html from the files a command wrote there (bench, sweep, mrc,
// load, check), and report.png beside it when a browser is found. `report A B`: a page comparing two
// results folders (what changed, by how much, better or worse by each metric's direction), by
// default A/compare-<B's name>.html.
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { ConfigError } from '../../core/errors.ts';
import { openPage } from '../../report/html/open-page.ts';
import { writeComparison, writeReport } from '../../report/html/write-report.ts';
import { stringFlag } from '../flags.ts';
import { reportFlagOptions } from '../report-flags.ts';

export function reportCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: 'report <dirs..>',
    describe: "write a results folder's report.html (self-contained: opens offline) from its files; with two folders, a page comparing them",
    builder: (y) =>
      reportFlagOptions(y)
        .positional('dirs', { type: 'string', array: true, describe: 'a results folder (bench, sweep, mrc, load or check), or two to compare (A B: before and after)' })
        .option('out', { type: 'string', describe: 'the page to write (default DIR/report.html; comparing: A/compare-<B name>.html); a png goes beside it' })
        .example('$0 report results/2026-11-24T01-30-00Z-zipf-3fa9c1', 'regenerate the page of a run')
        .example('$0 report results/before results/after --open', 'what changed between two runs, better or worse by metric'),
    handler: async (argv) => {
      const a = argv as Record<string, unknown>;
      const dirs = ((a.dirs as unknown[]) ?? []).map((d) => resolve(String(d)));
      if (dirs.length === 0 || dirs.length > 2) throw new ConfigError(`report: give one results folder, or two to compare (got ${dirs.length})`);
      const out = stringFlag('out', a.out);
      const opts = { out: out === undefined ? undefined : resolve(out), screenshot: typeof a.screenshot === 'boolean' ? a.screenshot : undefined };
      const written = dirs.length === 1 ? await writeReport(dirs[0]!, opts) : await writeComparison(dirs[0]!, dirs[1]!, opts);
      process.stdout.write(`${written.html}${written.png ? `\n${written.png}` : ''}\n`);
      if (a.open === true) process.stderr.write(`${await openPage(written.html)}\n`);
      setExit(0);
    },
  };
}
