// report-options.json in a sweep folder: the --target, --budget and --heatmap choices sweep.md was
// written with, so that report.html (and `backfill-bench report DIR` later) shows the same
// recommendation and heatmaps. A folder without the file (an older sweep) is read with none given:
// the default target and heatmap.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.ts';
import { parseConstraints } from './constraints.ts';
import type { SweepReportOptions } from './report.ts';

export const REPORT_OPTIONS = 'report-options.json';

interface OptionsFile {
  readonly targets: readonly string[];
  readonly budgets: readonly string[];
  readonly heatmap: { readonly x: string | null; readonly y: string | null; readonly strategy: string | null };
}

export function reportOptionsJson(o: SweepReportOptions): string {
  const doc: OptionsFile = {
    targets: o.constraints.filter((c) => c.kind === 'target').map((c) => c.text),
    budgets: o.constraints.filter((c) => c.kind === 'budget').map((c) => c.text),
    heatmap: { x: o.heatmap?.x ?? null, y: o.heatmap?.y ?? null, strategy: o.heatmap?.strategy ?? null },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function readReportOptions(dir: string): SweepReportOptions {
  const path = join(dir, REPORT_OPTIONS);
  if (!existsSync(path)) return { constraints: [] };
  let doc: OptionsFile;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8')) as OptionsFile;
  } catch (e) {
    throw new ConfigError(`${path}: not readable JSON (${(e as Error).message}); remove it to use the default target`);
  }
  return {
    constraints: [...parseConstraints('target', [...(doc.targets ?? [])]), ...parseConstraints('budget', [...(doc.budgets ?? [])])],
    heatmap: { x: doc.heatmap?.x ?? undefined, y: doc.heatmap?.y ?? undefined, strategy: doc.heatmap?.strategy ?? undefined },
  };
}
