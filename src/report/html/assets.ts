// The three scripts every report.html inlines: vega, vega-lite and vega-embed, read from the installed
// packages (their minified browser builds), once per process. Nothing is fetched: the page opens from
// a laptop, a CI artifact or an e-mail attachment with no network.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface Asset {
  readonly name: string;
  readonly version: string;
  /** The script, safe to place inside <script>...</script>. */
  readonly script: string;
}

/** Package -> its browser build, beside the package's entry point (the packages export no other paths). */
const BUILDS: readonly (readonly [string, string])[] = [
  ['vega', 'vega.min.js'],
  ['vega-lite', 'vega-lite.min.js'],
  ['vega-embed', 'vega-embed.min.js'],
];

let cached: readonly Asset[] | undefined;

/**
 * A script's text made safe to inline: `</script` (any case) would end the element early, and `<!--`
 * could start an HTML comment state inside it. Both are split with a backslash, which JavaScript reads
 * as the same characters wherever they occur (strings, regular expressions, comments).
 */
export function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** The build folder of an installed package: the folder of its entry point (build/ for all three). */
function buildDir(pkg: string): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve(pkg));
}

/** vega, vega-lite, vega-embed in load order, each with its version (read from its package.json). */
export function reportAssets(): readonly Asset[] {
  if (cached) return cached;
  cached = BUILDS.map(([name, file]) => {
    const dir = buildDir(name);
    const version = (JSON.parse(readFileSync(join(dir, '..', 'package.json'), 'utf8')) as { version: string }).version;
    return { name, version, script: inlineScript(readFileSync(join(dir, file), 'utf8')) };
  });
  return cached;
}
