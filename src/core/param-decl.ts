// One declaration per parameter: name, kind, default value, range, unit and a one-line doc. Defaults,
// validation (with file:line messages), `list`, CLI flags, CSV columns, sweep grids, chart labels and
// test arbitraries all derive from these; no parameter name is listed by hand anywhere else.
import { booleanParam, choiceParam, integerParam, numberParam } from './params.ts';

interface DeclBase {
  readonly name: string;
  /** One line: what the parameter does. */
  readonly doc: string;
  /** Unit shown in tables and chart labels ("keys", "ms", "bytes"); none for ratios and counts. */
  readonly unit?: string;
}

export interface IntegerDecl extends DeclBase {
  readonly kind: 'integer';
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

export interface NumberDecl extends DeclBase {
  readonly kind: 'number';
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** min itself is not allowed. */
  readonly minExclusive?: boolean;
}

export interface BooleanDecl extends DeclBase {
  readonly kind: 'boolean';
  readonly default: boolean;
}

export interface ChoiceDecl extends DeclBase {
  readonly kind: 'choice';
  readonly choices: readonly string[];
  readonly default: string;
}

export type ParamDecl = IntegerDecl | NumberDecl | BooleanDecl | ChoiceDecl;

/** The declared defaults, as a params object. */
export function declaredDefaults(decls: readonly ParamDecl[]): Record<string, number | boolean | string> {
  return Object.fromEntries(decls.map((d) => [d.name, d.default]));
}

/** Validates the declared fields of `raw` (missing ones take their default); throws ConfigError naming where and what is allowed. */
export function validateDeclared(decls: readonly ParamDecl[], raw: Record<string, unknown>, where: string): Record<string, number | boolean | string> {
  const out: Record<string, number | boolean | string> = {};
  for (const d of decls) {
    const r = raw[d.name] === undefined ? { ...raw, [d.name]: d.default } : raw;
    switch (d.kind) {
      case 'integer':
        out[d.name] = integerParam(r, d.name, { min: d.min, max: d.max }, where);
        break;
      case 'number':
        out[d.name] = numberParam(r, d.name, { min: d.min, max: d.max, minExclusive: d.minExclusive ?? false }, where);
        break;
      case 'boolean':
        out[d.name] = booleanParam(r, d.name, where);
        break;
      case 'choice':
        out[d.name] = choiceParam(r, d.name, d.choices, where);
        break;
    }
  }
  return out;
}
