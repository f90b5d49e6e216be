// Resolving a workload: a preset name (workloads/NAME.json) or a path to a JSON file of the same
// shape, then CLI overrides, then validation of every field. The result is frozen.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../core/errors.ts';
import { findNodeAtLocation } from 'jsonc-parser';
import { readJsonObjectFile, topLevelFields } from '../core/json-file.ts';
import { isPlainObject, rejectUnknownFields } from '../core/params.ts';
import { declaredDefaults, validateOne, type CustomDecl, type ParamDecl } from '../core/param-decl.ts';
import type { ArrivalProcess } from '../core/arrival.ts';
import { type AnyWorkloadSpec } from './catalog.ts';
import { workloadSpec } from './registry.ts';
import { didYouMean } from '../core/suggest.ts';
import { OVERRIDE_FLAGS } from './override-flags.ts';
import { EVENT_SYNTAX, parseEventList, type EventSpec } from '../events/parse-event.ts';
import { distributionSizes, SIZE_PARAMS, sizesGiven, validateSizeParams, type SizeParams } from '../core/object-sizes.ts';
import { describeWriteSettings, WRITE_MODE, WRITE_PARAMS, WRITE_WEIGHTS, WRITES, writeSettings, type WriteMode, type WriteSettings, type WriteWeights } from '../source/writes/write-params.ts';

export const PRESET_DIR = fileURLToPath(new URL('../../workloads/', import.meta.url));

/** Fields every workload has, whatever its generator. */
const text = (name: string, doc: string, defaultText: string, allowed: string, parse: CustomDecl['parse']): CustomDecl => ({
  name,
  kind: 'custom',
  type: 'string',
  doc,
  default: undefined,
  defaultText,
  allowed,
  parse,
});
const DESCRIPTION = text('description', 'one line shown in reports', '(generated)', 'any string', (raw, where) => {
  if (raw.description !== undefined && typeof raw.description !== 'string') throw ConfigError.at(where, `"description" must be a string`, 'description');
  return raw.description;
});

/** Timeline events (restart, lose, shift, outage) the workload carries; --event adds to them. */
const EVENTS = text(
  'events',
  'events on the virtual timeline: restart, lose, shift, outage (see `list`)',
  '(none)',
  `an array of events: strings ${EVENT_SYNTAX}, or objects { "kind", "at", parameters }`,
  (raw, where) => (raw.events === undefined ? undefined : parseEventList(raw.events, where)),
);

const REQUESTS: ParamDecl = { name: 'requests', kind: 'integer', doc: 'requests in the stream', unit: 'requests', default: 1_000_000, min: 1, max: Number.MAX_SAFE_INTEGER };
const ABSENT_RATIO: ParamDecl = { name: 'absentRatio', kind: 'number', doc: 'fraction of requests for keys the source does not have', default: 0, min: 0, max: 1 };
const ARRIVAL: ParamDecl = { name: 'arrival', kind: 'choice', doc: 'arrival process of the virtual clock', default: 'poisson', choices: ['constant', 'poisson'] };
const RATE: ParamDecl = { name: 'rate', kind: 'number', doc: 'requests per virtual second', unit: 'requests/s', default: 10_000, min: 0, minExclusive: true, max: 1e12 };

/** Fields every workload has, whatever its generator. */
export const COMMON_PARAMS: readonly ParamDecl[] = [
  text('workload', 'generator name (see `list`)', '(required)', 'a registered generator', (raw, where) => {
    if (typeof raw.workload !== 'string') throw ConfigError.at(where, `"workload" must name a generator, e.g. "zipf"`, 'workload');
    return raw.workload;
  }),
  DESCRIPTION,
  REQUESTS,
  ABSENT_RATIO,
  ARRIVAL,
  RATE,
  ...SIZE_PARAMS,
  EVENTS,
  ...WRITE_PARAMS,
];

export const COMMON_DEFAULTS = declaredDefaults([REQUESTS, ABSENT_RATIO, ARRIVAL, RATE]);

export interface ResolvedWorkload {
  /** Preset name or file path the workload came from. */
  readonly name: string;
  readonly generator: string;
  /** The file's free-text description, or the generated summary when it has none. */
  readonly description: string;
  /** Generated from the resolved parameters: always true to what runs, overrides included. */
  readonly summary: string;
  readonly requests: number;
  readonly absentRatio: number;
  readonly arrival: ArrivalProcess;
  readonly rate: number;
  /** Object sizes: the trace's own (`auto`) or a seeded per-key distribution. */
  readonly sizes: SizeParams;
  /** Validated generator-specific parameters (always includes keys, except for traces). */
  readonly params: Readonly<Record<string, unknown>>;
  /** How virtual time is made when not by arrival and rate (traces with timestamps). */
  readonly clock?: string | undefined;
  /** Timeline events the workload file gives (absent when it gives none); resolveEvents orders them. */
  readonly events?: readonly EventSpec[] | undefined;
  /** Writes at the source (writes, writeWeights, writeMode), when any of them is given; the runner resolves them against the stream. */
  readonly writes?: WriteSettings | undefined;
}

export function presetNames(): string[] {
  if (!existsSync(PRESET_DIR)) return [];
  return readdirSync(PRESET_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

function looksLikePath(s: string): boolean {
  return s.includes('/') || s.includes('\\') || s.endsWith('.json');
}

/** Loads the raw preset or file; returns the object and where it came from. */
function loadRaw(nameOrPath: string): { raw: Record<string, unknown>; where: string; locate: (field: string) => string } {
  let path: string;
  if (looksLikePath(nameOrPath)) {
    path = nameOrPath;
  } else {
    const presets = presetNames();
    if (!presets.includes(nameOrPath)) {
      throw new ConfigError(`unknown workload ${JSON.stringify(nameOrPath)}${didYouMean(nameOrPath, presets)}; presets: ${presets.join(', ')} (or give a path to a JSON file)`);
    }
    path = `${PRESET_DIR}${nameOrPath}.json`;
  }
  // Unknown fields are refused from the parse tree, before their values are built (a huge unknown
  // array used to be converted first, then rejected).
  const { doc, value } = readJsonObjectFile(path, 'workload file', (d) => {
    const generator = d.root.type === 'object' ? findNodeAtLocation(d.root, ['workload'])?.value : undefined;
    if (typeof generator !== 'string') return;
    const spec = workloadSpec(generator, path);
    const known = [...COMMON_PARAMS.map((p) => p.name), ...spec.params.map((p) => p.name)];
    const fields = topLevelFields(d);
    const unknown = fields.find((f) => !known.includes(f));
    if (unknown !== undefined) throw new ConfigError(`${d.locate([unknown])}: unknown field "${unknown}"${didYouMean(unknown, known)}; allowed fields: ${known.join(', ')}`, unknown);
  });
  // events[i]: the line of the i-th event.
  return { raw: value, where: path, locate: (field) => doc.locate(elementPath(field)) };
}

/** `events[2]` -> ['events', 2]; any other field as it is (a file loader's path to the field's line). */
export function elementPath(field: string): (string | number)[] {
  const m = /^(\w+)\[(\d+)\]$/.exec(field);
  return m ? [m[1]!, Number(m[2])] : [field];
}

/**
 * Validates a raw workload object (file fields already merged with overrides).
 * `where` prefixes every message; `locate` (optional) turns a field into file:line:col.
 */
export function validateWorkload(name: string, raw: Record<string, unknown>, where: string, locate?: (field: string) => string): ResolvedWorkload {
  try {
    if (typeof raw.workload !== 'string') {
      throw ConfigError.at(where, `"workload" must name a generator, e.g. "zipf"`, 'workload');
    }
    const spec: AnyWorkloadSpec = workloadSpec(raw.workload, where);
    rejectUnknownFields(raw, [...COMMON_PARAMS.map((p) => p.name), ...spec.params.map((p) => p.name)], where);
    const merged: Record<string, unknown> = { ...COMMON_DEFAULTS, ...spec.commonDefaults, ...spec.defaults, ...raw };
    const requests = validateOne(REQUESTS, merged, where) as number;
    const absentRatio = validateOne(ABSENT_RATIO, merged, where) as number;
    const arrival = validateOne(ARRIVAL, merged, where) as ArrivalProcess;
    const rate = validateOne(RATE, merged, where) as number;
    validateOne(DESCRIPTION, merged, where);
    const events = validateOne(EVENTS, merged, where) as EventSpec[] | undefined;
    const sizes = Object.freeze(validateSizeParams(merged, where));
    const writes = writeSettings(
      raw,
      validateOne(WRITES, merged, where) as number | 'trace' | undefined,
      validateOne(WRITE_WEIGHTS, merged, where) as WriteWeights,
      validateOne(WRITE_MODE, merged, where) as WriteMode,
    );
    const genRaw: Record<string, unknown> = {};
    for (const p of spec.params) genRaw[p.name] = merged[p.name];
    const params = Object.freeze(spec.validate(genRaw, where) as Record<string, unknown>);
    const summary = spec.describe(params) + (sizesGiven(sizes) ? `; ${distributionSizes(sizes, 0)!.description}` : '') + (writes === undefined ? '' : `; ${describeWriteSettings(writes)}`);
    const description = (merged.description as string | undefined) ?? summary;
    return Object.freeze({
      name,
      generator: spec.name,
      description,
      summary,
      requests,
      absentRatio,
      arrival,
      rate,
      sizes,
      params,
      ...(events !== undefined && events.length > 0 ? { events: Object.freeze(events) } : {}),
      ...(writes !== undefined ? { writes } : {}),
    });
  } catch (e) {
    if (e instanceof ConfigError && e.field && locate) {
      const at = locate(e.field);
      throw e.where === where ? e.relocated(at) : e.within(at);
    }
    throw e;
  }
}

/**
 * Which flag gave each override field (e.g. alpha -> "--param alpha"), for error messages; set by the
 * CLI as a non-enumerable property of the overrides object. Fields without one are blamed on --FIELD.
 */
export { OVERRIDE_FLAGS };
export type WorkloadOverrides = Readonly<Record<string, unknown>> & { readonly [OVERRIDE_FLAGS]?: Readonly<Record<string, string>> };

/**
 * Resolves `--workload NAME|PATH` plus flag overrides (undefined values are ignored).
 * Overrides win over the file; an override error names the flag, not the file. A file's free-text
 * description no longer fits once an override changes a field, so it is then generated afresh.
 */
export function resolveWorkload(nameOrPath: string, overrides: WorkloadOverrides = {}): ResolvedWorkload {
  const { raw, where, locate } = loadRaw(nameOrPath);
  const given: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) given[k] = v;
  const merged = { ...raw, ...given };
  const flags = overrides[OVERRIDE_FLAGS] ?? {};
  const locateFileField = (field: string) => {
    const base = elementPath(field)[0] as string;
    return Object.hasOwn(given, base) ? (Object.hasOwn(flags, base) ? flags[base]! : `--${base}`) : locate(field);
  };
  const changed = Object.keys(given).some((k) => k !== 'description' && !Object.is(given[k], raw[k]));
  if (changed && !Object.hasOwn(given, 'description')) delete merged.description;
  const w = validateWorkload(nameOrPath, merged, where, locateFileField);
  return changed && !Object.hasOwn(given, 'description') ? Object.freeze({ ...w, description: describeWorkload(w) }) : w;
}

/** A one-line description generated from the resolved fields (what `list` and reports show). */
export function describeWorkload(w: ResolvedWorkload): string {
  const absent = w.absentRatio > 0 ? `, ${w.absentRatio * 100}% absent keys` : '';
  return `${w.summary}; ${w.requests.toLocaleString('en-US')} requests at ${w.rate.toLocaleString('en-US')}/s (${w.arrival})${absent}`;
}

export function isWorkloadObject(v: unknown): v is Record<string, unknown> {
  return isPlainObject(v);
}
