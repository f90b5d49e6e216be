// `--heatmap x,y` and `--heatmap-strategy NAME` checked against the sweep's grid before anything
// runs: a typo used to drop the heatmaps silently and the report then gave a false reason.
import { ConfigError } from '../core/errors.ts';
import { didYouMean } from '../core/suggest.ts';
import { strategySpec } from '../strategies/registry.ts';
import { strategyFlag, takes } from '../strategies/strategy-param-index.ts';
import type { GridParam } from './grid.ts';

export interface HeatmapRequest {
  readonly x?: string | undefined;
  readonly y?: string | undefined;
  readonly strategy?: string | undefined;
}

const flagName = strategyFlag;

/** Throws a ConfigError unless some heatmap can honour the request on this grid and these strategies. */
export function checkHeatmapRequest(req: HeatmapRequest | undefined, grid: readonly GridParam[], strategies: readonly string[]): void {
  if (!req || (req.x === undefined && req.y === undefined && req.strategy === undefined)) return;
  const varied = grid.filter((g) => g.values.length > 1).map((g) => g.name);
  const variedText = varied.length === 0 ? 'none' : varied.map(flagName).join(', ');
  for (const p of [req.x, req.y]) {
    if (p === undefined || varied.includes(p)) continue;
    const known = grid.some((g) => g.name === p);
    const why = known ? `${flagName(p)} has a single value in this grid` : `${JSON.stringify(flagName(p))} is not a parameter of this grid${didYouMean(flagName(p), varied.map(flagName))}`;
    throw new ConfigError(`--heatmap: ${why}; parameters with two or more values: ${variedText}`);
  }
  if (req.strategy !== undefined && !strategies.includes(req.strategy)) {
    throw new ConfigError(`--heatmap-strategy: ${JSON.stringify(req.strategy)} is not a strategy of this sweep${didYouMean(req.strategy, strategies)}; the sweep runs: ${strategies.join(', ')}`);
  }
  const wanted = [req.x, req.y].filter((p): p is string => p !== undefined);
  const fits = (s: string) => {
    const taken = varied.filter((p) => takes(strategySpec(s), p));
    return wanted.every((p) => taken.includes(p)) && taken.length >= 2;
  };
  const candidates = req.strategy !== undefined ? [req.strategy] : strategies;
  if (!candidates.some(fits)) {
    const over = wanted.length > 0 ? ` over ${wanted.map(flagName).join(' and ')}` : '';
    const who = req.strategy !== undefined ? `strategy ${req.strategy} cannot give` : 'no strategy of this sweep can give';
    throw new ConfigError(`--heatmap: ${who} a heatmap${over} (a heatmap needs two parameters the strategy takes, each with two or more values); parameters with two or more values: ${variedText}`);
  }
}
