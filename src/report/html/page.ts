// One self-contained HTML file: inline CSS, the inlined vega / vega-lite / vega-embed builds, the views'
// specs as JSON, and a small inline script (render the views, sort the tables). A Content-Security-
// Policy allows no network request of any kind: nothing is fetched, even by accident.
//
// Test hooks (the browser tests rely on them; keep them exact):
// - each view: <div class="view" id="view-NAME" data-view="NAME" data-points="N" data-mark="MARK">,
//   rendered as SVG. MARK is the view's data mark: `line` views draw one filled point per datum on
//   their lines (vega's `.role-mark.mark-symbol` items), `point` views one symbol per datum, `rect` and
//   `bar` one `.mark-rect` item, `rule` one `.mark-rule` item; N is that count.
// - window.reportReady: a Promise resolved once every view has rendered, rejected on an error.
// - the summary table: <table id="summary" data-rows="N">, one <tr> per result in its <tbody>.
// - a view with a configuration panel (Pareto frontier): #config-NAME shows the clicked point's configuration.
import { reportAssets } from './assets.ts';
import type { ReportModel, SummaryTable, ViewSpec } from './report-model.ts';
import { escapeHtml, renderTable } from './table.ts';

/** The shared vega-lite config: legible sizes, axis labels that never overlap, legends not clipped. */
export const VIEW_CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif',
  background: 'white',
  padding: 8,
  title: { fontSize: 14, anchor: 'start' },
  axis: { labelFontSize: 11, titleFontSize: 12, titlePadding: 6, gridColor: '#e6e6e6', labelOverlap: true, labelFlush: true },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 600, titleLimit: 400, symbolSize: 90 },
  header: { labelFontSize: 11, titleFontSize: 12 },
  view: { stroke: '#ccc' },
} as const;

const CSP = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:";

const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0; color: #1d1d1f; background: #fafafa; }
main { max-width: 1280px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0 4px; }
h2 { font-size: 17px; margin: 28px 0 6px; }
header .lines p { margin: 4px 0; color: #333; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 10px 0; }
dl.facts dt { color: #666; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
code, pre { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre.command { background: #f0f0f0; padding: 6px 8px; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
.chip { white-space: nowrap; margin-right: 12px; }
section.card { background: white; border: 1px solid #e2e2e2; border-radius: 6px; padding: 12px 16px; margin: 14px 0; }
section.recommendation { border-left: 5px solid #2e7d32; }
section.recommendation.none { border-left-color: #c62828; }
.caption { color: #444; margin: 2px 0 8px; }
.views { display: grid; grid-template-columns: repeat(auto-fill, minmax(720px, 1fr)); gap: 0 16px; }
.view { min-height: 120px; overflow-x: auto; }
.config-panel { margin-top: 8px; padding: 8px; background: #f6f8fa; border-radius: 4px; min-height: 2em; }
.config-panel table { border-collapse: collapse; }
.config-panel td { padding: 1px 10px 1px 0; }
.table-wrap { overflow-x: auto; margin: 6px 0; }
table.summary { border-collapse: collapse; background: white; font-variant-numeric: tabular-nums; }
table.summary caption { text-align: left; color: #444; padding: 4px 0 8px; caption-side: top; }
table.summary th, table.summary td { padding: 4px 8px; border-bottom: 1px solid #e6e6e6; white-space: nowrap; }
table.summary thead th { background: #f3f3f3; position: sticky; top: 0; }
table.summary tr.groups th { text-align: center; border-left: 2px solid #fff; font-weight: 600; color: #333; }
table.summary tr.columns th { cursor: pointer; user-select: none; font-weight: 600; }
table.summary th[aria-sort="ascending"]::after { content: " ▲"; }
table.summary th[aria-sort="descending"]::after { content: " ▼"; }
table.summary .num { text-align: right; }
table.summary .text { text-align: left; }
table.summary td.best { background: #e7f5e9; font-weight: 600; }
table.summary .star { color: #2e7d32; margin-right: 3px; }
table.summary:not(.show-extra) .extra { display: none; }
table.summary td.better { color: #1b5e20; }
table.summary td.worse { color: #b71c1c; }
label.toggle { display: inline-block; margin: 0 0 4px; color: #444; }
ul.verdicts { list-style: none; padding: 0; margin: 6px 0; }
ul.verdicts li { padding: 2px 0; }
.pass { color: #1b5e20; font-weight: 600; }
.fail { color: #b71c1c; font-weight: 600; }
.error { background: #fdecea; color: #b71c1c; padding: 8px; border-radius: 4px; }
footer { color: #666; margin-top: 32px; font-size: 12.5px; }
`;

/** The page's inline script: render every view (SVG), then resolve window.reportReady; sortable tables. */
const SCRIPT = `
(function () {
  'use strict';
  var views = JSON.parse(document.getElementById('report-views').textContent);
  function showError(e) {
    var box = document.getElementById('render-error');
    box.hidden = false;
    box.textContent = 'A chart failed to render: ' + (e && e.message ? e.message : String(e));
  }
  function configPanel(view, name) {
    var panel = document.getElementById('config-' + name);
    view.addEventListener('click', function (event, item) {
      var d = item && item.datum;
      if (!d || !d.config) return;
      panel.textContent = '';
      var head = document.createElement('strong');
      head.textContent = d.label;
      panel.appendChild(head);
      var table = document.createElement('table');
      Object.keys(d.config).forEach(function (k) {
        var tr = table.insertRow();
        tr.insertCell().textContent = k;
        tr.insertCell().textContent = String(d.config[k]);
      });
      panel.appendChild(table);
      panel.setAttribute('data-selected', d.label);
    });
  }
  var jobs = views.map(function (v) {
    return vegaEmbed('#view-' + v.name, v.spec, { renderer: 'svg', actions: false, mode: 'vega-lite' }).then(function (res) {
      if (v.selectPanel) configPanel(res.view, v.name);
      return res;
    });
  });
  window.reportReady = Promise.all(jobs).then(function () { document.body.setAttribute('data-ready', 'true'); return true; });
  window.reportReady.catch(function (e) { showError(e); console.error(e); });

  function sortTable(table, th) {
    var col = Number(th.getAttribute('data-col'));
    var numeric = th.getAttribute('data-type') === 'number';
    var dir = th.getAttribute('aria-sort') === 'descending' ? 'ascending' : 'descending';
    if (!numeric && th.getAttribute('aria-sort') === 'none') dir = 'ascending';
    table.querySelectorAll('tr.columns th').forEach(function (h) { h.setAttribute('aria-sort', 'none'); });
    th.setAttribute('aria-sort', dir);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var key = function (r) { return r.cells[col].getAttribute('data-v'); };
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      if (x === '' && y === '') return 0;
      if (x === '') return 1; // empty cells last either way
      if (y === '') return -1;
      var c = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      return dir === 'ascending' ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  document.querySelectorAll('table.summary').forEach(function (table) {
    table.querySelectorAll('tr.columns th').forEach(function (th) {
      th.addEventListener('click', function () { sortTable(table, th); });
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortTable(table, th); } });
    });
  });
  document.querySelectorAll('input.all-columns').forEach(function (box) {
    box.addEventListener('change', function () {
      var table = document.getElementById(box.getAttribute('data-table'));
      table.classList.toggle('show-extra', box.checked);
      table.querySelectorAll('tr.groups th').forEach(function (g) {
        g.colSpan = Number(box.checked ? g.getAttribute('data-span') : g.getAttribute('data-shown')) || 1;
      });
    });
  });
})();
`;

/** Markdown's `code` and **bold** in an escaped text (the recommendation's rationale). */
export function inlineMarkdown(text: string): string {
  return escapeHtml(text)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** JSON inside <script type="application/json">: `<` escaped so no `</script>` or comment can occur. */
export function scriptJson(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function swatch(colour: string | undefined): string {
  return colour ? `<span class="swatch" style="background:${escapeHtml(colour)}"></span>` : '';
}

function headerHtml(m: ReportModel): string {
  const h = m.header;
  const colourOf = (s: string) => m.colours.range[m.colours.domain.indexOf(s)];
  const versions = Object.entries(h.versions)
    .map(([k, v]) => `${escapeHtml(k)} ${escapeHtml(v)}`)
    .join(', ');
  const facts: [string, string][] = [
    ['workload', escapeHtml(h.workload)],
    ...(h.strategies.length > 0 ? [['strategies', h.strategies.map((s) => `<span class="chip">${swatch(colourOf(s))}${escapeHtml(s)}</span>`).join(' ')] as [string, string]] : []),
    ...(h.seed !== undefined ? [['seed', String(h.seed)] as [string, string]] : []),
    ['versions', versions || 'unknown'],
    ['git commit', `<code>${escapeHtml(h.commit)}</code>`],
    ...(h.startedAt ? [['started', escapeHtml(h.startedAt)] as [string, string]] : []),
    ['command', h.command ? `<pre class="command">${escapeHtml(h.command)}</pre>` : 'not recorded in this folder'],
  ];
  return [
    `<header>`,
    `<h1>${escapeHtml(h.title)}</h1>`,
    `<div class="lines">${h.lines.map((l) => `<p>${inlineMarkdown(l)}</p>`).join('')}</div>`,
    `<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`,
    `</header>`,
  ].join('\n');
}

function recommendationHtml(m: ReportModel): string {
  const r = m.recommendation;
  if (!r) return '';
  return [
    `<section class="card recommendation${r.pick ? '' : ' none'}" id="recommendation">`,
    `<h2>Recommendation</h2>`,
    r.pick ? `<p>Pick: <strong>${escapeHtml(r.pick)}</strong>${r.runnerUp ? `; runner-up: ${escapeHtml(r.runnerUp)}` : ''}</p>` : '',
    ...r.text
      .split(/\n\s*\n/)
      .filter((p) => p.trim() !== '' && !p.startsWith('## '))
      .map((p) => `<p>${inlineMarkdown(p.trim())}</p>`),
    `</section>`,
  ].join('\n');
}

function verdictsHtml(m: ReportModel): string {
  if (!m.verdicts || m.verdicts.length === 0) return '';
  const items = m.verdicts.map(
    (v) =>
      `<li><span class="${v.pass ? 'pass' : 'fail'}">${v.pass ? '✔ pass' : '✘ FAIL'}</span> ${escapeHtml(v.subject)}: ${escapeHtml(v.check)}${v.detail ? ` <span class="detail">(${escapeHtml(v.detail)})</span>` : ''}</li>`,
  );
  const failed = m.verdicts.filter((v) => !v.pass).length;
  return `<section class="card" id="verdicts"><h2>Cross-checks: ${failed === 0 ? '<span class="pass">all pass</span>' : `<span class="fail">${failed} failed</span>`}</h2><ul class="verdicts">${items.join('')}</ul></section>`;
}

function viewHtml(v: ViewSpec): string {
  const name = escapeHtml(v.name);
  return [
    `<section class="card view-card">`,
    `<h2>${escapeHtml(v.title)}</h2>`,
    `<p class="caption">${inlineMarkdown(v.caption)}</p>`,
    `<div class="view" id="view-${name}" data-view="${name}" data-points="${v.points}" data-mark="${v.mark}"></div>`,
    v.selectPanel ? `<div class="config-panel" id="config-${name}" aria-live="polite">Click a point to see its configuration.</div>` : '',
    `</section>`,
  ].join('\n');
}

function tableSection(t: SummaryTable, colourOf: (k: string) => string | undefined): string {
  return `<section class="card"><h2>${escapeHtml(t.title)}</h2>${renderTable(t, colourOf)}</section>`;
}

/** The whole page. Deterministic: the same model gives the same bytes. */
export function renderPage(m: ReportModel): string {
  const assets = reportAssets();
  const colourOf = (k: string) => {
    const i = m.colours.domain.indexOf(k);
    return i < 0 ? undefined : m.colours.range[i];
  };
  const views = m.views.map((v) => ({ name: v.name, selectPanel: v.selectPanel === true, spec: { ...v.spec, config: VIEW_CONFIG } }));
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(m.header.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    `<body data-kind="${m.kind}">`,
    '<main>',
    headerHtml(m),
    recommendationHtml(m),
    verdictsHtml(m),
    ...m.notes.map((n) => `<p class="note">${inlineMarkdown(n)}</p>`),
    tableSection(m.table, colourOf),
    '<div class="error" id="render-error" hidden></div>',
    `<div class="views">${m.views.map(viewHtml).join('\n')}</div>`,
    ...m.tables.map((t) => tableSection(t, colourOf)),
    `<footer>Written by backfill-bench from the files in this folder (regenerate: <code>backfill-bench report &lt;folder&gt;</code>). Charts: ${assets.map((a) => `${a.name} ${a.version}`).join(', ')}, inlined; this page makes no network request.</footer>`,
    '</main>',
    ...assets.map((a) => `<script>${a.script}</script>`),
    `<script type="application/json" id="report-views">${scriptJson(views)}</script>`,
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
