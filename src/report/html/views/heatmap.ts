// Heatmaps of a sweep: one metric over two parameters of one strategy (sweep/charts.ts chooseHeatmap
// picks them, or --heatmap), a panel per combination of its other varied parameters. Values are in
// the tooltips, not written in the cells (labels overlapped in small cells).
import { nullLabel } from '../../../core/param-decl.ts';
import { strategyFlag, strategyParamDecl } from '../../../strategies/strategy-param-index.ts';
import type { SweepRow } from '../../../sweep/analysis.ts';
import { paramTitle, type HeatmapChoice } from '../../../sweep/charts.ts';
import type { GridParam } from '../../../sweep/grid.ts';
import type { ViewSpec } from '../report-model.ts';

const shownAs = (p: string) => (v: unknown) => (v === null || v === undefined ? nullLabel(strategyParamDecl(p)) : String(v));

export function heatmapView(rows: readonly SweepRow[], grid: readonly GridParam[], choice: HeatmapChoice, metric: 'hitRatio' | 'sourceReads'): ViewSpec {
  const own = rows.filter((r) => r.strategy === choice.strategy);
  const rest = grid.filter((g) => g.values.length > 1 && g.name !== choice.x && g.name !== choice.y && own.some((r) => g.name in r.params)).map((g) => g.name);
  const order = (name: string) => grid.find((g) => g.name === name)?.values.map(shownAs(name)) ?? [];
  const isHit = metric === 'hitRatio';
  const values = own.map((r) => ({
    x: shownAs(choice.x)(r.params[choice.x]),
    y: shownAs(choice.y)(r.params[choice.y]),
    panel: rest.length === 0 ? '' : rest.map((p) => `${strategyFlag(p)}=${shownAs(p)(r.params[p])}`).join(' '),
    value: isHit ? r.result.hitRatio : r.result.sourceReads,
  }));
  const panels = [...new Set(values.map((v) => v.panel))];
  const cols = Math.min(3, panels.length);
  const cellW = Math.max(24, Math.min(64, Math.floor(620 / Math.max(1, order(choice.x).length * cols))));
  const cellH = Math.max(20, Math.min(40, Math.floor(300 / Math.max(1, order(choice.y).length))));
  const title = isHit ? 'hit ratio' : 'source reads (keys)';
  const logOk = values.every((v) => v.value > 0);
  return {
    name: isHit ? 'heatmap-hit-ratio' : 'heatmap-source-reads',
    title: `${isHit ? 'Hit ratio' : 'Source reads'} of ${choice.strategy} over ${choice.x} and ${choice.y}`,
    caption: `${isHit ? 'Hit ratio = hits / requests (higher is better, darker is lower).' : 'Keys read from the source over the run, demand reads + backfilled keys (lower is better).'}${rest.length > 0 ? ` One panel per ${rest.map(strategyFlag).join(', ')}.` : ''} Hover a cell for its value.`,
    mark: 'rect',
    points: values.length,
    spec: {
      data: { values },
      facet: {
        field: 'panel',
        type: 'nominal',
        title: rest.length === 0 ? null : rest.map(paramTitle).join(', '),
        sort: panels,
        header: rest.length === 0 ? { labels: false, title: null } : { labelLimit: 300 },
      },
      columns: cols,
      spec: {
        width: cellW * order(choice.x).length,
        height: cellH * order(choice.y).length,
        mark: { type: 'rect', tooltip: true },
        encoding: {
          x: { field: 'x', type: 'ordinal', sort: order(choice.x), title: paramTitle(choice.x), axis: { labelAngle: 0, labelOverlap: true } },
          y: { field: 'y', type: 'ordinal', sort: order(choice.y), title: paramTitle(choice.y), axis: { labelOverlap: true } },
          color: isHit
            ? { field: 'value', type: 'quantitative', title, scale: { scheme: 'viridis', domain: [0, 1] }, legend: { format: '.0%', orient: 'right' } }
            : { field: 'value', type: 'quantitative', title, scale: { scheme: 'orangered', type: logOk ? 'log' : 'linear' }, legend: { labelExpr: "format(datum.value, '.2~s')", orient: 'right' } },
          tooltip: [
            { field: 'x', title: strategyFlag(choice.x) },
            { field: 'y', title: strategyFlag(choice.y) },
            ...(rest.length > 0 ? [{ field: 'panel', title: 'panel' }] : []),
            { field: 'value', title, format: isHit ? '.4f' : ',' },
          ],
        },
      },
      resolve: { scale: { color: 'shared' } },
    },
  };
}
