// The summary table as HTML: a grouped header row (hit ratio / source load / latency / freshness...,
// as present), numbers right-aligned with thousands separators at each column's digits, the best value
// per column marked (by the column's direction; ties all marked; no mark when every row has the same
// value, or fewer than two rows have one), sortable by clicking a header (page.ts's inline script
// sorts on each cell's data-v, numerically for numbers). `<table id="summary" data-rows="N">`.
import type { SummaryTable, TableColumn, TableRow } from './report-model.ts';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A number as the table shows it: thousands separators, the column's digits; infinite as the column says; absent as a dash. */
export function formatCell(c: Pick<TableColumn, 'digits' | 'infinite'>, v: number | string | null): string {
  if (v === null) return '—';
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return v === Infinity && c.infinite !== undefined ? c.infinite : Number.isNaN(v) ? '—' : v > 0 ? '∞' : '−∞';
  const s = v.toLocaleString('en-US', { minimumFractionDigits: c.digits, maximumFractionDigits: c.digits });
  // -0.000 reads as 0.000.
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s.replace(/^-/, '−');
}

export const columnsOf = (t: Pick<SummaryTable, 'groups'>): TableColumn[] => t.groups.flatMap((g) => g.columns);

/**
 * For each column, the rows holding its best value (by direction), or none: neutral and text
 * columns, columns where fewer than two rows have a value, and columns where every row ties.
 */
export function bestRows(t: Pick<SummaryTable, 'groups' | 'rows'>): Set<number>[] {
  return columnsOf(t).map((c, ci) => {
    const best = new Set<number>();
    if (c.kind !== 'number' || c.direction === 'neutral') return best;
    const vals = t.rows.map((r) => r.values[ci]).map((v) => (typeof v === 'number' && !Number.isNaN(v) ? v : undefined));
    const present = vals.filter((v): v is number => v !== undefined);
    if (present.length < 2 || present.every((v) => v === present[0])) return best;
    const target = c.direction === 'higher' ? Math.max(...present) : Math.min(...present);
    vals.forEach((v, i) => v === target && best.add(i));
    return best;
  });
}

const sortKey = (v: number | string | null): string => (v === null ? '' : typeof v === 'number' ? (Number.isNaN(v) ? '' : String(v)) : v);

function headCell(c: TableColumn, i: number): string {
  const arrow = c.direction === 'higher' ? ' ↑' : c.direction === 'lower' ? ' ↓' : '';
  const better = c.direction === 'higher' ? 'higher is better' : c.direction === 'lower' ? 'lower is better' : '';
  const title = [c.description, c.unit && c.kind === 'number' ? `unit: ${c.unit}` : '', better].filter(Boolean).join('; ');
  const cls = [c.kind === 'number' ? 'num' : 'text', c.extra ? 'extra' : ''].filter(Boolean).join(' ');
  return `<th class="${cls}" data-col="${i}" data-type="${c.kind}" title="${escapeHtml(title)}" aria-sort="none" tabindex="0">${escapeHtml(c.header)}${arrow}</th>`;
}

function bodyRow(t: SummaryTable, r: TableRow, ri: number, cols: readonly TableColumn[], best: readonly Set<number>[], colourOf: (key: string) => string | undefined): string {
  const cells = cols.map((c, ci) => {
    const v = r.values[ci] ?? null;
    const isBest = t.markBest && best[ci]!.has(ri);
    const tone = c.tones && (v === 'better' || v === 'worse') ? v : '';
    const cls = [c.kind === 'number' ? 'num' : 'text', c.extra ? 'extra' : '', isBest ? 'best' : '', tone].filter(Boolean).join(' ');
    const colour = ci === 0 ? colourOf(r.colourKey) : undefined;
    const swatch = colour ? `<span class="swatch" style="background:${escapeHtml(colour)}"></span>` : '';
    const digits = r.digits?.[ci];
    const text = escapeHtml(formatCell(digits === undefined ? c : { ...c, digits }, v));
    const mark = isBest ? `<span class="star" title="best in this column (${c.direction === 'higher' ? 'highest' : 'lowest'})">★</span>` : '';
    return `<td class="${cls}" data-v="${escapeHtml(sortKey(v))}">${swatch}${mark}${text}</td>`;
  });
  return `<tr data-key="${escapeHtml(r.colourKey)}">${cells.join('')}</tr>`;
}

/** The table's HTML. `id` is "summary" for the page's main table (the browser tests' hook). */
export function renderTable(t: SummaryTable, colourOf: (key: string) => string | undefined = () => undefined): string {
  const cols = columnsOf(t);
  const best = bestRows(t);
  const groupRow = t.groups
    .map((g) => {
      const shown = g.columns.filter((c) => !c.extra).length;
      const cls = shown === 0 ? ' class="extra"' : '';
      // data-span / data-shown: page.ts resizes the group cell when "all columns" is toggled.
      return `<th${cls} colspan="${shown || g.columns.length}" data-span="${g.columns.length}" data-shown="${shown}" scope="colgroup">${escapeHtml(g.name)}</th>`;
    })
    .join('');
  const hasExtra = cols.some((c) => c.extra);
  return [
    `<div class="table-wrap">`,
    hasExtra ? `<label class="toggle"><input type="checkbox" class="all-columns" data-table="${escapeHtml(t.id)}"> all ${cols.length} columns</label>` : '',
    `<table id="${escapeHtml(t.id)}" class="summary${t.markBest ? ' marked' : ''}" data-rows="${t.rows.length}">`,
    `<caption>${escapeHtml(t.caption)}</caption>`,
    `<thead><tr class="groups">${groupRow}</tr><tr class="columns">${cols.map(headCell).join('')}</tr></thead>`,
    `<tbody>${t.rows.map((r, i) => bodyRow(t, r, i, cols, best, colourOf)).join('')}</tbody>`,
    `</table></div>`,
  ].join('\n');
}
