// One colour per strategy (or eviction policy) across every chart of a report. vega-lite colours a
// nominal field by the order of the values in each chart, so the same strategy came out blue in one
// chart and orange in the next. Here colours are assigned by name, once per report: every registered
// strategy and eviction policy has a fixed slot of the palette (registry order), so `none` or
// `s3fifo` is the same colour in every report; any other name (a composed strategy such as
// `s3fifo+threshold`) takes the first free slot, names in sorted order. Each chart then passes an
// explicit domain and range to its colour scale.
import { allPolicySpecs } from '../strategies/eviction/registry.ts';
import { allStrategySpecs } from '../strategies/registry.ts';

/** Tableau 20 (vega's "tableau20"), dark shades first: distinct for up to 10 names, then the light ones. */
export const PALETTE: readonly string[] = [
  '#4c78a8',
  '#f58518',
  '#e45756',
  '#72b7b2',
  '#54a24b',
  '#eeca3b',
  '#b279a2',
  '#ff9da6',
  '#9d755d',
  '#bab0ac',
  '#9ecae9',
  '#ffbf79',
  '#ff9d98',
  '#88d27a',
  '#b7e2de',
  '#f2cf5b',
  '#d6a5c9',
  '#fcbfd2',
  '#d8b5a5',
  '#79706e',
];

/** Registered names in registry order (strategies, then eviction policies not already listed). */
function fixedNames(): string[] {
  const out: string[] = [];
  for (const s of allStrategySpecs()) if (!out.includes(s.name)) out.push(s.name);
  for (const p of allPolicySpecs()) if (!out.includes(p.name)) out.push(p.name);
  return out;
}

export class ChartColours {
  private readonly byName = new Map<string, string>();

  /** `names`: every colour key the report's charts will use. */
  constructor(names: Iterable<string>) {
    const wanted = [...new Set(names)].sort();
    const fixed = fixedNames();
    const used = new Set<number>();
    for (const n of wanted) {
      const slot = fixed.indexOf(n);
      if (slot >= 0 && slot < PALETTE.length && !used.has(slot)) {
        used.add(slot);
        this.byName.set(n, PALETTE[slot]!);
      }
    }
    let next = 0;
    for (const n of wanted) {
      if (this.byName.has(n)) continue;
      while (used.has(next % PALETTE.length) && used.size < PALETTE.length) next++;
      used.add(next % PALETTE.length);
      this.byName.set(n, PALETTE[next % PALETTE.length]!);
    }
  }

  of(name: string): string {
    const c = this.byName.get(name);
    if (c === undefined) throw new Error(`chart colours: ${JSON.stringify(name)} was not among the report's names`);
    return c;
  }

  /** A vega-lite colour scale for series labels, each coloured as its key: `series` -> key. */
  scale(series: ReadonlyMap<string, string>): { domain: string[]; range: string[] } {
    const domain = [...series.keys()];
    return { domain, range: domain.map((s) => this.of(series.get(s)!)) };
  }
}
