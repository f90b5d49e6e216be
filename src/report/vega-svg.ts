// Charts as SVG: a vega-lite spec compiled to vega and rendered headless in Node (renderer "none",
// no browser, no canvas). One shared config keeps every chart legible: 12-13 px labels and titles.
// vega and vega-lite (the slowest packages to load) are imported by the first chart.
import type { TopLevelSpec } from 'vega-lite';

export const CHART_CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  background: 'white',
  padding: 12,
  title: { fontSize: 15, fontWeight: 'bold', anchor: 'start', offset: 10, subtitleFontSize: 12, subtitleColor: '#444' },
  axis: { labelFontSize: 12, titleFontSize: 13, titlePadding: 8, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 12, titleFontSize: 12, labelLimit: 900, titleLimit: 400, symbolSize: 120 },
  header: { labelFontSize: 12, titleFontSize: 13 },
  view: { stroke: '#ccc' },
} as const;

/**
 * vega numbers clip paths and gradients with process-wide counters (clip7, gradient_3), so the same
 * chart rendered second in a process would differ. Renumbering them in order of appearance makes
 * the SVG depend only on the chart.
 */
export function stableIds(svg: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(m[1]!)) ids.set(m[1]!, `${m[1]!.replace(/_?\d+$/, '')}-${ids.size + 1}`);
  if (ids.size === 0) return svg;
  return svg.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (all, pre: string, id: string) => (ids.has(id) ? `${pre}${ids.get(id)}` : all));
}

/** Renders a vega-lite spec (the shared config applied) to an SVG document. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const full = { ...spec, config: { ...CHART_CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec;
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const { spec: vgSpec } = compile(full);
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    const svg = stableIds(await view.toSVG());
    return svg.endsWith('\n') ? svg : `${svg}\n`;
  } finally {
    view.finalize();
  }
}
