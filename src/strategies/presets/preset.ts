// A preset is a named bundle of parts and parameters: eviction x admission x trigger x selection, a
// capacity, and the defaults that differ from the parts' own. Its parameters are the bundle's, the
// parts' (declared once in each part's file) and, for any policy or admission the user picks, that
// part's own: so `--eviction s3fifo --admission tinylfu` or a sweep over `eviction=lru,s3fifo` work on
// every preset. `policy+preset` (e.g. `s3fifo+threshold`) is the preset with another default policy.
import { ConfigError } from '../../core/errors.ts';
import { declaredDefaults, validateDeclared, validateOne, type ParamDecl, type SizeDecl } from '../../core/param-decl.ts';
import { rejectUnknownFields } from '../../core/params.ts';
import type { Strategy, StrategyContext, StrategySpec, StrategyTrait } from '../../core/types.ts';
import { admissionSpec, allAdmissionSpecs } from '../admission/registry.ts';
import { createPolicy, createStrategyOf } from '../cache-strategy.ts';
import { allPolicySpecs, policySpec } from '../eviction/registry.ts';
import { allSelectionSpecs, selectionSpec } from '../selection/registry.ts';
import { workingSetOf } from '../../core/object-sizes.ts';
import { ADMISSION, BACKFILL_ADMISSION, BATCH, BATCH_BYTES, CAPACITY_UNBOUNDED, EVICTION, INTERVAL, RATE_LIMIT, SELECTION, THRESHOLD, WINDOW } from '../strategy-params.ts';
import { triggerSpec } from '../triggers/registry.ts';
import { freshnessParts } from '../freshness/fresh-cache-strategy.ts';
import { allRefreshPartSpecs, EXPIRY_PARAMS, freshnessParamDecls, REFRESH, refreshPartSpec } from '../freshness/registry.ts';
import type { TimelineEvent } from '../../events/timeline-event.ts';

export interface Bundle {
  readonly name: string;
  readonly summary: string;
  readonly traits: readonly StrategyTrait[];
  /** The capacity declaration: 10% of the keys (CAPACITY_TENTH) or unbounded (CAPACITY_UNBOUNDED). */
  readonly capacity: SizeDecl;
  /** Eviction policy by default (lru when left out). */
  readonly eviction?: string;
  /** Admission by default (always when left out). */
  readonly admission?: string;
  readonly trigger: string;
  /**
   * Backfill selection (source-order when left out). A preset that never backfills has a `selection`
   * parameter only when it names one here: bulk-refresh ranks the keys it reloads by it.
   */
  readonly selection?: string;
  /** Defaults that differ from the parts' declarations (time-based: batch 100). */
  readonly defaults?: Readonly<Record<string, number | string | boolean>>;
}

/** The order reports have always shown the reference's parameters in; the rest follow. */
const ORDER = [CAPACITY_UNBOUNDED, THRESHOLD, INTERVAL, BATCH, WINDOW, EVICTION, ADMISSION, BACKFILL_ADMISSION, SELECTION].map((d) => d.name);
const rank = (d: ParamDecl) => (ORDER.includes(d.name) ? ORDER.indexOf(d.name) : ORDER.length);

// A preset's own default replaces the declaration's, and the text describing the declared one.
const withDefault = (d: ParamDecl, v: number | string | boolean | undefined): ParamDecl => (v === undefined ? d : ({ ...d, default: v, defaultText: undefined } as ParamDecl));

/** Every policy's and admission's (and, for a backfilling preset, selection's) own parameters (each declared in its part's file), once each. */
function partParams(base: readonly ParamDecl[], backfills: boolean): ParamDecl[] {
  const out = new Map<string, ParamDecl>();
  const selections = backfills ? allSelectionSpecs().flatMap((s) => s.params) : [];
  for (const d of [...allPolicySpecs().flatMap((s) => s.params), ...allAdmissionSpecs().flatMap((s) => s.params), ...selections]) {
    if (base.some((b) => b.name === d.name)) throw new Error(`part parameter "${d.name}" has the name of a strategy parameter`);
    if (!out.has(d.name)) out.set(d.name, d);
  }
  return [...out.values()];
}

const bundles = new WeakMap<object, Bundle>();

/** The bundle a preset spec was made from (undefined for strategies that are not bundles, e.g. opt). */
export function bundleOf(spec: object): Bundle | undefined {
  return bundles.get(spec);
}

/** The strategy spec of a bundle. */
export function presetSpec(b: Bundle): StrategySpec<Record<string, unknown>> {
  const trigger = triggerSpec(b.trigger, `preset ${b.name}`);
  const selection = selectionSpec(b.selection ?? (SELECTION.default as string), `preset ${b.name}`);
  const eviction = b.eviction ?? 'lru';
  policySpec(eviction, `preset ${b.name}`);
  const d = b.defaults ?? {};
  // The strategy has a selection: to backfill, or (bulk-refresh) to rank its reloads.
  const selects = trigger.backfills || b.selection !== undefined;
  const own: ParamDecl[] = [
    b.capacity,
    ...trigger.params,
    ...(trigger.backfills ? [BATCH, RATE_LIMIT] : []),
    { ...EVICTION, default: eviction },
    withDefault(ADMISSION, b.admission),
    ...(trigger.backfills ? [BACKFILL_ADMISSION] : []),
    ...(selects ? [{ ...SELECTION, default: selection.name }] : []),
  ]
    .map((p) => withDefault(p, d[p.name]))
    .sort((x, y) => rank(x) - rank(y));
  const parts = partParams(own, selects);
  // Freshness (issue 14): expiry, the refresh axis and each refresh part's own, on every bundle.
  const fresh = freshnessParamDecls().map((p) => withDefault(p, d[p.name]));
  const all = [...own, ...parts, ...fresh];
  // A clairvoyant selection makes the strategy clairvoyant (the runner reads ahead; sweeps never recommend it).
  const clairvoyantTraits: readonly StrategyTrait[] = [...b.traits.filter((t) => t !== 'clairvoyant'), 'clairvoyant'];
  const traitsFor = (p: Readonly<Record<string, unknown>>): readonly StrategyTrait[] =>
    selects && typeof p[SELECTION.name] === 'string' && selectionSpecOrUndefined(p[SELECTION.name] as string)?.clairvoyant === true ? clairvoyantTraits : b.traits;
  const spec: StrategySpec<Record<string, unknown>> = {
    name: b.name,
    summary: b.summary,
    traits: traitsFor({ [SELECTION.name]: selection.name }),
    traitsFor,
    params: all,
    defaults: (sourceKeys) => declaredDefaults(own, { sourceKeys }),
    validate(raw, where) {
      rejectUnknownFields(
        raw,
        all.map((p) => p.name),
        where,
      );
      const out = validateDeclared(own, raw, where);
      // The chosen policy's and admission's own parameters; those of parts not chosen are dropped
      // (a sweep over eviction=lru,s3fifo carries s3fifo's into the lru cells).
      for (const p of policySpec(out.eviction as string, where).params) out[p.name] = validateOne(p, raw, where, out);
      const admission = admissionSpec(out.admission as string, where);
      for (const p of admission.params) out[p.name] = validateOne(p, raw, where, out);
      if (selects) for (const p of selectionSpec(out[SELECTION.name] as string, where).params) out[p.name] = validateOne(p, raw, where, out);
      if (admission.needsVictim && out.capacity !== undefined && !namesVictim(out.eviction as string)) {
        const naming = allPolicySpecs().filter((s) => namesVictim(s.name));
        throw ConfigError.at(
          where,
          `admission ${admission.name} duels each candidate against the policy's next victim, which eviction ${String(out.eviction)} does not name; use it with ${naming.map((s) => s.name).join(', ')}`,
          ADMISSION.name,
        );
      }
      return Object.assign(out, validateFreshness(fresh, raw, where));
    },
    checkEvents(p, events, where) {
      const e = events.find((x: TimelineEvent) => x.kind === 'restart' || x.kind === 'lose');
      if (e !== undefined && isFresh(p)) {
        throw ConfigError.at(where, `${b.name} with ttl, tti or refresh cannot take ${e.kind} events: cache events are not modelled with freshness yet; drop the event or the freshness parameters`);
      }
    },
    create: (ctx, p) => createPreset(ctx, b, trigger.backfills, selects, p),
  };
  bundles.set(spec, b);
  return spec;
}

/** Whether validated params turn freshness on (they then hold `refresh`, see validateFreshness). */
function isFresh(p: Readonly<Record<string, unknown>>): boolean {
  return Object.hasOwn(p, REFRESH.name);
}

/**
 * The freshness parameters, validated: none at all when they leave freshness off (ttl and tti
 * infinite, refresh none), so such runs keep today's parameters, results and classes; otherwise the
 * expiry parameters, refresh (its canonical name) and the chosen part's own.
 */
function validateFreshness(decls: readonly ParamDecl[], raw: Readonly<Record<string, unknown>>, where: string): Record<string, unknown> {
  const decl = (name: string) => decls.find((d) => d.name === name)!;
  const out: Record<string, unknown> = {};
  for (const e of EXPIRY_PARAMS) out[e.name] = validateOne(decl(e.name), raw, where, out);
  const refresh = validateOne(decl(REFRESH.name), raw, where, out) as string;
  const spec = refreshPartSpec(refresh, where);
  if (out.ttl === undefined && out.tti === undefined && spec === undefined) return {};
  out[REFRESH.name] = spec?.name ?? 'none';
  if (spec !== undefined) {
    for (const p of spec.params) out[p.name] = validateOne(decl(p.name), raw, where, out);
    spec.check?.(out, (out.ttl as number | undefined) ?? Infinity, where);
  }
  return out;
}

function pick(p: Readonly<Record<string, unknown>>, decls: readonly ParamDecl[]): Record<string, unknown> {
  return Object.fromEntries(decls.map((d) => [d.name, p[d.name]]));
}

function createPreset(ctx: StrategyContext, b: Bundle, backfills: boolean, selects: boolean, p: Readonly<Record<string, unknown>>): Strategy {
  const capacity = p.capacity as number | undefined;
  const policy = policySpec(p.eviction as string);
  const admission = admissionSpec(p.admission as string);
  const trigger = triggerSpec(b.trigger);
  // An admission sketch counts objects: a capacity in bytes is turned into objects of the mean size.
  const objects = capacity !== undefined && ctx.sizes !== undefined ? Math.max(1, Math.round((capacity * ctx.sourceKeys) / workingSetOf(ctx.sizes, ctx.sourceKeys))) : capacity;
  const batchBytes = p[BATCH_BYTES] as number | undefined;
  const newPolicy = () => createPolicy(policy.name, capacity, ctx.keySpace, pick(p, policy.params));
  const newAdmission = () => (admission.passThrough ? undefined : admission.create({ capacity: objects ?? ctx.sourceKeys, seed: ctx.seed ?? 1 }, pick(p, admission.params)));
  return createStrategyOf(ctx, {
    policy: newPolicy(),
    admission: newAdmission(),
    // A restart rebuilds both, empty, of the same kinds and parameters.
    rebuild: { policy: newPolicy, admission: newAdmission },
    rateLimit: backfills ? (p[RATE_LIMIT.name] as number | undefined) : undefined,
    batchBytes: backfills && ctx.batchSizes !== undefined ? batchBytes : undefined,
    backfillAdmission: (p.backfillAdmission as 'same' | 'bypass' | undefined) ?? 'same',
    trigger: trigger.create(p),
    // A batch in bytes (resolved by the runner with the workload's sizes): each selection keeps its batches within the budget.
    selection: selectionSpec(selects ? (p[SELECTION.name] as string) : (SELECTION.default as string)).create(
      {
        sourceKeys: ctx.sourceKeys,
        keySpace: ctx.keySpace,
        seed: ctx.seed ?? 1,
        capacity: objects,
        future: ctx.future,
        batchSizes: batchBytes !== undefined ? ctx.batchSizes : undefined,
        batchBytes: ctx.batchSizes !== undefined ? batchBytes : undefined,
      },
      selects ? pick(p, selectionSpec(p[SELECTION.name] as string).params) : {},
    ),
    batch: backfills ? (p.batch as number) : 0,
    freshness: isFresh(p) || ctx.writes !== undefined || ctx.keyTtls === true ? createFreshness(ctx, p) : undefined,
  });
}

/** StrategyParts.freshness from validated params (all infinite / none when only the run's writes turn it on). */
function createFreshness(ctx: StrategyContext, p: Readonly<Record<string, unknown>>) {
  const ttlMs = (p.ttl as number | undefined) ?? Infinity;
  const spec = typeof p.refresh === 'string' ? refreshPartSpec(p.refresh) : undefined;
  const part = spec?.create({ seed: ctx.seed ?? 1, ttlMs, sourceKeys: ctx.sourceKeys, keySpace: ctx.keySpace }, p);
  return freshnessParts({ ttlMs, ttlJitter: (p.ttlJitter as number | undefined) ?? 0, ttiMs: (p.tti as number | undefined) ?? Infinity }, part);
}

/**
 * `policy+preset`: the preset with another default eviction policy (`s3fifo+threshold`). Throws a
 * ConfigError naming the unknown half.
 */
export function composedSpec(name: string, preset: StrategySpec<Record<string, unknown>> | undefined, where: string): StrategySpec<Record<string, unknown>> {
  const [policy, presetName] = name.split('+', 2) as [string, string];
  const b = preset && bundleOf(preset);
  if (!b) throw ConfigError.at(where, `${JSON.stringify(name)}: "${presetName}" is not a preset that takes an eviction policy (policy+preset, e.g. s3fifo+threshold)`);
  policySpec(policy, where);
  return presetSpec({ ...b, name, eviction: policy });
}

/** The parts declaring a parameter, as flags choose them: ["eviction clock"], ["admission tinylfu"]. */
export function partsDeclaring(name: string): string[] {
  return [
    ...allPolicySpecs()
      .filter((s) => s.params.some((p) => p.name === name))
      .map((s) => `eviction ${s.name}`),
    ...allAdmissionSpecs()
      .filter((s) => s.params.some((p) => p.name === name))
      .map((s) => `admission ${s.name}`),
    ...allSelectionSpecs()
      .filter((s) => s.params.some((p) => p.name === name))
      .map((s) => `selection ${s.name}`),
    ...allRefreshPartSpecs()
      .filter((s) => s.params.some((p) => p.name === name))
      .map((s) => `refresh ${s.name}`),
  ];
}

/**
 * Whether a strategy with these validated params is demand fill (no backfill, no admission filter)
 * on a stack algorithm, so the one-pass miss-ratio curve gives its exact result at any capacity.
 * Asks the policy's capability, never the strategy's name.
 */
export function isStackDemandFill(spec: object, params: Readonly<Record<string, unknown>>): boolean {
  const b = bundleOf(spec);
  if (!b || triggerSpec(b.trigger).backfills || params.admission !== 'always') return false;
  // Expiry and refresh break the inclusion property (and the curve knows nothing of time).
  if (isFresh(params)) return false;
  return params.capacity === undefined || policySpec(params.eviction as string).capabilities.stackAlgorithm;
}

const victimNaming = new Map<string, boolean>();
/** Whether a policy names its next victim (EvictionPolicy.victim): asked of a tiny instance, once. */
function namesVictim(policy: string): boolean {
  let v = victimNaming.get(policy);
  if (v === undefined) {
    const spec = policySpec(policy);
    v = typeof spec.create(4, 16, declaredDefaults(spec.params)).victim === 'function';
    victimNaming.set(policy, v);
  }
  return v;
}

function selectionSpecOrUndefined(name: string) {
  return allSelectionSpecs().find((s) => s.name === name);
}
