// CLI flags derived from parameter declarations: one `--flag` per declared parameter (its name in
// kebab-case unless declared otherwise), described from its doc, allowed values and default, and
// parsed by its kind. Validation stays with the declaration; a bad value is reported against the flag.
import type { Options } from 'yargs';
import { ConfigError } from '../core/errors.ts';
import { allowedText, defaultText, flagOf, nullWords, type ScalarDecl } from '../core/param-decl.ts';
import { booleanFlag, numberFlag, stringFlag } from './flags.ts';

/** One string option per declaration, for yargs' `.options()`; `note` (e.g. the strategies that take it) ends the description. */
export function paramOptions(decls: readonly ScalarDecl[], prefix = '', note: (d: ScalarDecl) => string = () => ''): Record<string, Options> {
  const out: Record<string, Options> = {};
  for (const d of decls) {
    const extra = note(d);
    out[flagOf(d)] = { type: 'string', describe: `${prefix}${d.doc}; ${allowedText(d)} (default ${defaultText(d)})${extra === '' ? '' : `; ${extra}`}` };
  }
  return out;
}

/**
 * The value of a declared parameter's flag, parsed by its kind (numbers strictly, true/false, a
 * size as text, a null word as null); undefined when the flag is absent. Ranges are checked later,
 * by the declaration, and reported against the flag.
 */
export function paramFlag(d: ScalarDecl, a: Readonly<Record<string, unknown>>): unknown {
  const flag = flagOf(d);
  const raw = a[flag];
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw new ConfigError(`--${flag} was given ${raw.length} times; give it once`);
  const text = String(raw).trim();
  if (d.nullable !== undefined && nullWords(d).includes(text)) return d.nullable.word ?? null;
  switch (d.kind) {
    case 'integer':
    case 'number':
      return numberFlag(flag, raw);
    case 'boolean':
      return booleanFlag(flag, raw);
    case 'size':
    case 'duration':
      return /^[0-9]+$/.test(text) ? Number(text) : text;
    case 'choice':
      return stringFlag(flag, raw);
  }
}

/** Every declared flag that was given, as a params object (absent flags left out). */
export function paramFlagValues(decls: readonly ScalarDecl[], a: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of decls) {
    const v = paramFlag(d, a);
    if (v !== undefined) out[d.name] = v;
  }
  return out;
}
