// A weighted mixture of other workloads: each request picks component c with probability
// weight_c / sum(weights) (Walker/Vose alias table, one uniform double per pick), then draws the key
// from that component's own generator. Components are any generator but `mix`, with their own
// parameters; a component's keys default to the mix's keys and may not exceed them, so a component
// can be confined to the low part of the key space (e.g. a scan over the first 10% of keys).
//
// Randomness: at setup one uint32 per component is drawn from the mix's rng and seeds that
// component's own Rng stream (createRng(seed, "mix:<index>")); the component pick then uses the mix's
// rng. So the streams are deterministic per seed and components never shift each other's draws.
// Each component is created for round(requests * weight / total) requests (at least 1), its expected
// share: generators that spread something over the run (latest) then do so over the whole run.
//
// Spec lookups go through ../catalog.ts, not ../registry.ts: the registry imports this file, so
// importing it from here would be a cycle.
import { ConfigError, show } from '../../core/errors.ts';
import { isPlainObject, numberParam, rejectUnknownFields } from '../../core/params.ts';
import { createRng } from '../../core/rng.ts';
import type { KeyGenerator, Rng, WorkloadSpec } from '../../core/types.ts';
import { workloadSpec, type AnyWorkloadSpec } from '../catalog.ts';
import { declaredDefaults, validateDeclared, type ParamDecl } from '../../core/param-decl.ts';
import { earlierKeys, fmt, KEYS, pct } from '../common-params.ts';

/** One validated component: its weight, generator name and that generator's validated params. */
export interface MixComponent {
  readonly weight: number;
  readonly workload: string;
  readonly [param: string]: unknown;
}

export interface MixParams {
  readonly keys: number;
  readonly components: readonly MixComponent[];
}

const RESERVED = ['weight', 'workload'] as const;
export const MAX_COMPONENTS = 256;

function componentParams(spec: AnyWorkloadSpec, c: MixComponent): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const doc of spec.params) params[doc.name] = c[doc.name];
  return params;
}

/** Vose's alias method: pick i with probability weights[i] / sum, O(1) per pick. */
export class AliasTable {
  private readonly prob: Float64Array;
  private readonly alias: Uint32Array;
  private readonly m: number;
  constructor(weights: readonly number[]) {
    const m = weights.length;
    const total = weights.reduce((a, b) => a + b, 0);
    this.m = m;
    this.prob = new Float64Array(m);
    this.alias = new Uint32Array(m);
    const scaled = weights.map((w) => (w / total) * m);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((s, i) => (s < 1 ? small : large).push(i));
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    // Leftovers are 1 up to rounding.
    for (const i of [...small, ...large]) {
      this.prob[i] = 1;
      this.alias[i] = i;
    }
  }
  /** An index in [0, m), from one uniform double. */
  pick(rng: Rng): number {
    const u = rng.nextDouble() * this.m;
    const i = Math.floor(u);
    return u - i < this.prob[i]! ? i : this.alias[i]!;
  }
}

class Mix implements KeyGenerator {
  private readonly table: AliasTable;
  private readonly gens: readonly KeyGenerator[];
  private readonly rng: Rng;
  constructor(table: AliasTable, gens: readonly KeyGenerator[], rng: Rng) {
    this.table = table;
    this.gens = gens;
    this.rng = rng;
  }
  next(): number {
    return this.gens[this.table.pick(this.rng)]!.next();
  }
}

function validateComponent(c: unknown, keys: number, cw: string): MixComponent {
  if (!isPlainObject(c)) {
    throw ConfigError.at(cw, `is ${show(c)}; allowed: an object {"weight": number > 0, "workload": generator name, ...its params}`, 'components');
  }
  const weight = numberParam(c, 'weight', { min: 0, minExclusive: true }, cw);
  if (typeof c.workload !== 'string') {
    throw ConfigError.at(cw, `"workload" is ${show(c.workload)}; allowed: a generator name other than "mix"`, 'workload');
  }
  if (c.workload === 'mix') throw ConfigError.at(cw, `"workload" is "mix"; allowed: a generator name other than "mix" (mixes do not nest)`, 'workload');
  const spec = workloadSpec(c.workload, cw);
  if (spec.params.some((p) => (RESERVED as readonly string[]).includes(p.name))) {
    throw new Error(`workload generator "${spec.name}" has a parameter named "weight" or "workload" and cannot be a mix component`);
  }
  rejectUnknownFields(c, [...RESERVED, ...spec.params.map((p) => p.name)], cw);
  const merged: Record<string, unknown> = { ...spec.defaults, keys, ...c };
  const genRaw: Record<string, unknown> = {};
  for (const p of spec.params) genRaw[p.name] = merged[p.name];
  const params = spec.validate(genRaw, cw) as Record<string, unknown>;
  const componentKeys = spec.keys(params);
  if (componentKeys > keys) {
    throw ConfigError.at(cw, `"keys" is ${show(componentKeys)}; allowed: integer 1 .. ${keys} (the mix's keys)`, 'keys');
  }
  return Object.freeze({ weight, workload: spec.name, ...params });
}

function validateComponents(raw: Readonly<Record<string, unknown>>, where: string, earlier: Readonly<Record<string, unknown>>): readonly MixComponent[] {
  const keys = earlierKeys(earlier);
  const list = raw.components;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_COMPONENTS) {
    throw ConfigError.at(where, `"components" is ${show(list)}; allowed: an array of 1 .. ${MAX_COMPONENTS} objects {"weight": number > 0, "workload": generator name, ...its params}`, 'components');
  }
  const components = list.map((c: unknown, i) => {
    const part = `components[${i}]`;
    try {
      return validateComponent(c, keys, `${where}: ${part}`);
    } catch (e) {
      // Point a file locator at "components": the inner field is named in the detail.
      if (e instanceof ConfigError) throw e.where === `${where}: ${part}` ? e.nestedAt(where, part, 'components') : new ConfigError(e.message, 'components');
      throw e;
    }
  });
  const total = components.reduce((a, c) => a + c.weight, 0);
  if (!Number.isFinite(total)) throw ConfigError.at(where, `"components" weights sum to ${total}; allowed: a finite sum`, 'components');
  return Object.freeze(components);
}

const PARAMS: readonly ParamDecl[] = [
  KEYS,
  {
    name: 'components',
    kind: 'custom',
    type: 'array',
    doc: 'the mixed workloads: [{"weight": w, "workload": name, ...that generator\'s params}]; each request picks a component with probability weight / total; component keys default to the mix\'s keys',
    default: [
      { weight: 0.95, workload: 'zipf' },
      { weight: 0.05, workload: 'scan' },
    ],
    allowed: `1 .. ${MAX_COMPONENTS} objects, weight > 0, workload any generator but "mix", keys <= the mix's keys`,
    parse: validateComponents,
  },
];

const mix: WorkloadSpec<MixParams> = {
  name: 'mix',
  summary: 'a weighted mixture of other workloads (e.g. 95% zipf + 5% scan)',
  params: PARAMS,
  defaults: declaredDefaults(PARAMS) as unknown as MixParams,
  validate: (raw, where) => validateDeclared(PARAMS, raw, where) as unknown as MixParams,
  keys: (p) => p.keys,
  createGenerator(p, rng, requests) {
    const total = p.components.reduce((a, c) => a + c.weight, 0);
    // Child seeds first, in component order: deterministic for a given rng.
    const seeds = p.components.map(() => rng.nextUint32());
    const gens = p.components.map((c, i) => {
      const spec = workloadSpec(c.workload, 'mix');
      const share = Math.max(1, Math.round((requests * c.weight) / total));
      return spec.createGenerator(componentParams(spec, c), createRng(seeds[i]!, `mix:${i}`), share);
    });
    if (gens.length === 1) return gens[0]!;
    return new Mix(new AliasTable(p.components.map((c) => c.weight)), gens, rng);
  },
  describe: (p) => {
    const total = p.components.reduce((a, c) => a + c.weight, 0);
    const parts = p.components.map((c) => {
      const spec = workloadSpec(c.workload, 'mix');
      return `${pct(c.weight / total)} ${spec.describe(componentParams(spec, c))}`;
    });
    return `mix over ${fmt(p.keys)} keys: ${parts.join(' + ')}`;
  },
};

export default mix;
