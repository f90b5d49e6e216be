// A small hand-made report page with the same test hooks as report.html (views as
// <div class="view" id="view-NAME" data-points data-mark>, <table id="summary" data-rows>,
// window.reportReady), vega inlined from the installed packages. The browser tests use it to show
// that each check catches the defect it is for (an overlap, a request, a console error, a view
// without marks) on a page made to have it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// The packages export no subpaths; each one's main file sits in build/ beside the minified bundle.
const ASSETS = [
  ['vega', 'vega.min.js'],
  ['vega-lite', 'vega-lite.min.js'],
  ['vega-embed', 'vega-embed.min.js'],
] as const;

export interface HandmadeView {
  readonly name: string;
  readonly mark: 'line' | 'point' | 'rect' | 'bar' | 'area' | 'rule';
  /** The data-points attribute (what the checks compare the marks with). */
  readonly points: number;
  /** A vega-lite spec (data inlined). */
  readonly spec: object;
}

export interface HandmadePage {
  readonly views: readonly HandmadeView[];
  readonly rows?: readonly (readonly string[])[];
  /** Extra HTML at the end of <body> (a defect planted on purpose). */
  readonly extraBody?: string;
}

let assets: string | undefined;
function inlineAssets(): string {
  assets ??= ASSETS.map(([pkg, file]) => `<script>${readFileSync(join(dirname(require.resolve(pkg)), file), 'utf8').replace(/<\/script/gi, '<\\/script')}</script>`).join('\n');
  return assets;
}

export function handmadePage(p: HandmadePage): string {
  const rows = p.rows ?? [];
  const specs = Object.fromEntries(p.views.map((v) => [v.name, v.spec]));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hand-made report</title>
<style>body{font:14px Helvetica,Arial,sans-serif;margin:16px} td{text-align:right;padding:2px 8px}</style>
${inlineAssets()}
</head><body>
<h1>hand-made report</h1>
<table id="summary" data-rows="${rows.length}"><thead><tr><th>strategy</th><th>hit ratio</th></tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>
${p.views.map((v) => `<div class="view" id="view-${v.name}" data-points="${v.points}" data-mark="${v.mark}"></div>`).join('\n')}
<script>
const specs = ${JSON.stringify(specs).replace(/</g, '\\u003c')};
window.reportReady = Promise.all(Object.entries(specs).map(([name, spec]) =>
  vegaEmbed('#view-' + name, spec, { renderer: 'svg', actions: false })));
</script>
${p.extraBody ?? ''}
</body></html>
`;
}

/** A line per strategy over `n` windows, with an event rule: a time-series view like the report's. */
export function seriesSpec(n: number, strategies: readonly string[]): object {
  const values = strategies.flatMap((s, i) => Array.from({ length: n }, (_, t) => ({ strategy: s, t: t * 1000, hitRatio: 0.5 + 0.04 * i + 0.01 * (t % 7) })));
  return {
    width: 500,
    height: 200,
    layer: [
      {
        data: { values },
        mark: { type: 'line', tooltip: true, point: { filled: true, size: 18 } },
        encoding: { x: { field: 't', type: 'quantitative', title: 'time (ms)' }, y: { field: 'hitRatio', type: 'quantitative' }, color: { field: 'strategy' } },
      },
      { data: { values: [{ at: 3000, event: 'restart' }] }, mark: 'rule', encoding: { x: { field: 'at', type: 'quantitative' }, tooltip: [{ field: 'event' }] } },
    ],
  };
}

/** One point per configuration (a frontier-like scatter). */
export function scatterSpec(n: number): object {
  const values = Array.from({ length: n }, (_, i) => ({ load: 1000 + 37 * i, p99: 5 + ((i * 7) % 11), config: `batch=${i}` }));
  return {
    width: 400,
    height: 200,
    data: { values },
    mark: { type: 'point', filled: true, size: 80 },
    encoding: { x: { field: 'load', type: 'quantitative' }, y: { field: 'p99', type: 'quantitative' }, tooltip: [{ field: 'config' }, { field: 'load' }] },
  };
}
