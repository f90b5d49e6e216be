// Model-based tests: for every registered strategy built on the shared options (capacity,
// threshold, window, batch, intervalMs), a slow, obviously correct model is driven by the same random
// commands (get a key, let virtual time pass) and must agree with the real strategy after every step.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pythonRound4 } from '../src/core/python-round.ts';
import { DEFAULT_LATENCY } from '../src/source/source-model.ts';
import { allPolicySpecs } from '../src/strategies/eviction/registry.ts';
import { allStrategySpecs, strategySpec, type AnyStrategySpec } from '../src/strategies/registry.ts';
import { StrategyRun } from '../src/runner/run.ts';
import { createChunk } from '../src/workloads/stream.ts';
import { arrayStream } from './helpers/streams.ts';
import { paramsFor } from './helpers/strategy-arbitraries.ts';
import { resolveCapacity } from '../src/runner/capacity.ts';
import { naiveBelady } from './helpers/belady-model.ts';
import { admissionModel, type AdmissionModel } from './models/admission-models.ts';
import type { PolicyModel, PolicyModelFactory } from './models/policy-model.ts';
import { traitsOf } from '../src/core/types.ts';
import { bundleOf } from '../src/strategies/presets/preset.ts';
import { TTL } from '../src/strategies/freshness/ttl.ts';
import { defaultHotKeys, HALF_LIFE_PER_KEY, HOT_HALF_LIFE, HOT_KEYS } from '../src/strategies/selection/hottest.ts';
import { GHOST_KEYS } from '../src/strategies/selection/recently-evicted.ts';
import { ClairvoyantModel } from './models/selection-clairvoyant-model.ts';
import { HottestModel } from './models/selection-hottest-model.ts';
import type { SelectionModel } from './models/selection-model.ts';
import { RecentlyEvictedModel } from './models/selection-recently-evicted-model.ts';
import { SnapshotModel } from './models/selection-snapshot-model.ts';
import { SourceOrderModel } from './models/selection-source-order-model.ts';

interface ModelOptions {
  capacity?: number | string | undefined;
  threshold?: number | undefined;
  window?: number | undefined;
  batch?: number | undefined;
  intervalMs?: number | undefined;
  eviction?: string;
  admission?: string;
  backfillAdmission?: 'same' | 'bypass';
  selection?: string;
  /** Keys per virtual second (a token bucket holding one batch); undefined: unlimited. */
  rateLimit?: number | undefined;
}

/** The selection's plain model (test/models/selection-<name>-model.ts) for these parameters. */
function selectionModel(o: ModelOptions & { readonly capacity: number | undefined }, sourceKeys: number, params: Readonly<Record<string, unknown>>, future: readonly number[]): SelectionModel {
  switch (o.selection ?? 'source-order') {
    case 'source-order':
      return new SourceOrderModel(sourceKeys);
    case 'hottest': {
      const k = (params[HOT_KEYS.name] as number | null) ?? defaultHotKeys(sourceKeys, o.capacity);
      return new HottestModel(sourceKeys, k, (params[HOT_HALF_LIFE.name] as number | null) ?? HALF_LIFE_PER_KEY * k);
    }
    case 'recently-evicted':
      return new RecentlyEvictedModel(sourceKeys, Math.max(1, (params[GHOST_KEYS.name] as number | null) ?? o.capacity ?? 1));
    case 'snapshot':
      return new SnapshotModel(sourceKeys);
    case 'clairvoyant':
      return new ClairvoyantModel(future, sourceKeys);
    default:
      throw new Error(`no model for selection ${o.selection}: add test/models/selection-${o.selection}-model.ts`);
  }
}

declare global {
  interface ImportMeta {
    /** Vite's (vitest's) build-time glob import: every matching module's default export, by path. */
    glob<T>(pattern: string, options: { eager: true; import: 'default' }): Record<string, T>;
  }
}

/** Every eviction policy's plain model (test/models/<name>-model.ts), by policy name. */
const policyModels = new Map(
  Object.entries(import.meta.glob<PolicyModelFactory>('./models/*-model.ts', { eager: true, import: 'default' }))
    .map(([path, create]) => [path.replace(/^.*\/(.+)-model\.ts$/, '$1'), create] as const)
    .filter(([name]) => name !== 'policy' && name !== 'admission' && !name.startsWith('selection')),
);

/** The cache that only grows (any policy at an unbounded capacity). */
class UnboundedModel implements PolicyModel {
  private readonly cached = new Set<number>();
  get usedBytes(): number {
    return this.cached.size;
  }
  find = (key: number) => this.cached.has(key);
  contains = (key: number) => this.cached.has(key);
  insert(key: number): { admitted: boolean; evicted: number[] } {
    this.cached.add(key);
    return { admitted: true, evicted: [] };
  }
  remove = (key: number) => this.cached.delete(key);
  keys = () => [...this.cached];
}

/** A copy of a plain model (its fields are arrays, maps, sets and numbers), to try an insert on. */
function cloneModel<T extends object>(m: T): T {
  return Object.assign(Object.create(Object.getPrototypeOf(m) as object) as T, structuredClone({ ...m }));
}

/**
 * The composed strategy, written plainly: the policy's model x the admission's model x the trigger
 * (the reference's miss rate, cumulative or windowed, and/or a timer) x source-order selection.
 */
class StrategyModel {
  readonly cache: PolicyModel;
  readonly admission: AdmissionModel;
  outcomes: number[] = []; // 1 = miss
  readonly selection: SelectionModel;
  backfills = 0;
  backfilledKeys = 0;
  evictions = 0;
  wasted = 0;
  rejected = 0;
  unrequested = new Set<number>();
  demandReads = 0;
  throttled = 0;
  /** The rate limit's bucket: tokens at time `last`, at most one batch, full at time 0. */
  tokens: number;
  last = 0;
  nextTimer: number;
  tick = 1;

  readonly o: ModelOptions & { readonly capacity: number | undefined };

  constructor(
    options: ModelOptions,
    readonly sourceKeys: number,
    params: Readonly<Record<string, unknown>> = {},
    future: readonly number[] = [],
  ) {
    // A capacity given as a share of the keys ("1%") is resolved as the runner does.
    const o = { ...options, capacity: resolveCapacity(options.capacity, { sourceKeys }, 'model').capacity };
    this.o = o;
    this.nextTimer = o.intervalMs ?? Infinity;
    this.tokens = o.batch ?? 0;
    const policy = o.eviction ?? 'lru';
    const create = policyModels.get(policy);
    if (!create) throw new Error(`no model for eviction policy ${policy}: add test/models/${policy}-model.ts`);
    this.cache = o.capacity === undefined ? new UnboundedModel() : create(o.capacity, params as Record<string, number | boolean | string>);
    this.admission = admissionModel(o.admission ?? 'always', o.capacity ?? sourceKeys, 1, params);
    this.selection = selectionModel(o, sourceKeys, params, future);
  }

  access(key: number, now: number): boolean {
    while (this.o.intervalMs !== undefined && this.nextTimer <= now) {
      this.backfill(this.nextTimer);
      this.tick++;
      this.nextTimer = this.tick * this.o.intervalMs;
    }
    this.admission.record(key);
    this.selection.observe(key);
    if (this.cache.find(key)) {
      this.evictedByFind();
      this.outcomes.push(0);
      this.unrequested.delete(key);
      return true;
    }
    this.outcomes.push(1);
    let backfilled = false;
    if (this.o.threshold !== undefined && this.outcomes.length >= 3) {
      const seen = this.o.window === undefined ? this.outcomes : this.outcomes.slice(-this.o.window);
      const rate = seen.reduce((a, b) => a + b, 0) / seen.length;
      if (pythonRound4(rate) >= this.o.threshold) backfilled = this.backfill(now);
    }
    this.demandReads++;
    if (key < this.sourceKeys) {
      // After a backfill the key is looked up again: if the backfill loaded it, it is used (and
      // touched) now; if the backfill evicted it meanwhile, the lookup is the policy's ghost hit (ARC
      // adapts). Otherwise it is cached now.
      if (backfilled && this.cache.find(key)) {
        this.evictedByFind();
        this.unrequested.delete(key);
      } else this.put(key, false);
    }
    return false;
  }

  get size(): number {
    return this.cache.keys().length;
  }

  /** Keys a hit evicted, for a policy whose hits may evict (its model lists them in evictedByFind). */
  private evictedByFind(): void {
    for (const v of (this.cache as { evictedByFind?: number[] }).evictedByFind ?? []) {
      this.evictions++;
      this.selection.evicted(v);
      if (this.unrequested.delete(v)) this.wasted++;
    }
  }

  /** Caches a key that is not cached; false when the admission or the policy refuses it. */
  private put(key: number, backfilled: boolean): boolean {
    const asked = !backfilled || this.o.backfillAdmission !== 'bypass';
    if (asked && (this.o.admission ?? 'always') !== 'always') {
      const full = this.o.capacity !== undefined && this.cache.usedBytes + 1 > this.o.capacity;
      // The victim: the first key an insert would evict, tried on a copy.
      const victim = full && this.admission.needsVictim ? (cloneModel(this.cache).insert(key, 1).evicted[0] ?? -1) : -1;
      if (!this.admission.admit(key, victim)) {
        if (backfilled) this.rejected++;
        return false;
      }
    }
    const r = this.cache.insert(key, 1);
    for (const v of r.evicted) {
      this.evictions++;
      this.selection.evicted(v);
      if (this.unrequested.delete(v)) this.wasted++;
    }
    if (!r.admitted && backfilled) this.rejected++;
    return r.admitted;
  }

  /** True when it loaded keys. */
  private backfill(now: number): boolean {
    let batch = this.o.batch!;
    const rate = this.o.rateLimit;
    if (rate !== undefined) {
      // The token bucket, plainly: refill since the last look, at most one batch; whole tokens only.
      this.tokens = Math.min(batch, this.tokens + ((now - this.last) * rate) / 1000);
      this.last = now;
      const whole = Math.floor(this.tokens + 1e-6);
      if (whole === 0) {
        this.throttled++;
        return false;
      }
      if (whole < batch) {
        this.throttled++;
        batch = whole;
      }
    }
    const cache = this.cache;
    const chosen = this.selection.select({ has: (k) => cache.contains(k), size: this.size }, batch);
    // Nothing to give: the strategy skips the backfill (it is not counted).
    if (chosen.length === 0) return false;
    this.backfills++;
    this.backfilledKeys += chosen.length;
    this.tokens -= chosen.length;
    for (const k of chosen) if (this.put(k, true)) this.unrequested.add(k);
    return true;
  }
}

interface Real {
  run: StrategyRun;
  now: number;
  requests: number;
}
interface Model {
  m: StrategyModel;
  now: number;
}

class GetCommand implements fc.Command<Model, Real> {
  constructor(readonly key: number) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const chunk = createChunk(1);
    chunk.keys[0] = this.key;
    chunk.times[0] = real.now;
    chunk.length = 1;
    const hitsBefore = real.run.hits;
    real.run.replay(chunk);
    const hit = real.run.hits > hitsBefore;
    expect(hit).toBe(model.m.access(this.key, model.now));
    const st = real.run.strategy.stats();
    expect({
      demandReads: real.run.source.demandReads,
      backfills: st.backfills,
      backfilledKeys: st.backfilledKeys,
      backfillWaste: st.backfillWaste,
      backfillRejected: st.backfillRejected,
      backfillEvictedBeforeUse: st.backfillEvictedBeforeUse,
      evictions: st.evictions,
      finalSize: st.finalSize,
      throttledBackfills: st.throttledBackfills ?? 0,
    }).toEqual({
      demandReads: model.m.demandReads,
      backfills: model.m.backfills,
      backfilledKeys: model.m.backfilledKeys,
      backfillWaste: model.m.wasted + model.m.rejected + model.m.unrequested.size,
      backfillRejected: model.m.rejected,
      backfillEvictedBeforeUse: model.m.wasted,
      evictions: model.m.evictions,
      finalSize: model.m.size,
      throttledBackfills: model.m.throttled,
    });
  }
  toString = () => `get(${this.key})`;
}

class AdvanceCommand implements fc.Command<Model, Real> {
  constructor(readonly ms: number) {}
  check = () => true;
  run(model: Model, real: Real): void {
    model.now += this.ms;
    real.now += this.ms;
  }
  toString = () => `advance(${this.ms})`;
}

/** The keys the commands will request, in order: the stream a clairvoyant selection reads ahead. */
function futureOf(cmds: Iterable<fc.Command<Model, Real>>): number[] {
  // fast-check hands the commands wrapped (CommandWrapper.cmd).
  return [...cmds].flatMap((w) => {
    const c = (w as { cmd?: unknown }).cmd ?? w;
    return c instanceof GetCommand ? [c.key] : [];
  });
}

const readAhead = (spec: AnyStrategySpec, params: Record<string, unknown>, future: readonly number[]) =>
  traitsOf(spec, params).includes('clairvoyant') ? { keys: Uint32Array.from(future) } : undefined;

function modelCase(spec: AnyStrategySpec) {
  return fc.integer({ min: 1, max: 25 }).chain((sourceKeys) =>
    fc.tuple(
      fc.constant(sourceKeys),
      // Expiry and refresh have their own model (freshness); this one knows no time-to-live.
      paramsFor(spec, sourceKeys, { freshness: false }),
      fc.commands(
        [
          fc.integer({ min: 0, max: 2 * sourceKeys - 1 }).map((k) => new GetCommand(k)),
          fc.integer({ min: 0, max: sourceKeys - 1 }).map((k) => new GetCommand(k)),
          fc.constantFrom(0.5, 1, 7, 40).map((ms) => new AdvanceCommand(ms)),
        ],
        { maxCommands: 120, size: 'max' },
      ),
    ),
  );
}

// Strategies with their own semantics are checked against their own model, below; every other
// registered strategy shares the CacheStrategy model above.
const clairvoyant = (spec: AnyStrategySpec) => spec.traits.includes('clairvoyant');
// The freshness presets (ttl, refresh-ahead, swr, xfetch, bulk-refresh) are, with freshness off as
// here, LRU demand fill (`none` already); their freshness is checked against the freshness model
// (test/freshness-property.test.ts).
const freshnessPreset = (spec: AnyStrategySpec) => bundleOf(spec)?.defaults?.[TTL.name] !== undefined;

describe.each(
  allStrategySpecs()
    .filter((s) => !clairvoyant(s) && !freshnessPreset(s))
    .map((s) => [s.name, s] as const),
)('strategy %s against its model', (_name, spec) => {
  it('agrees after every command (hit or miss, source reads, backfills, waste, evictions, size)', () => {
    fc.assert(
      fc.property(modelCase(spec), ([sourceKeys, params, cmds]) => {
        const stream = arrayStream([], sourceKeys, [], 2 * sourceKeys);
        const future = futureOf(cmds);
        const setup = () => ({
          model: { m: new StrategyModel(params as ModelOptions, sourceKeys, params, future), now: 0 },
          real: { run: new StrategyRun({ name: spec.name, spec, params }, stream, { seed: 1, latency: DEFAULT_LATENCY, verifyValues: true }, readAhead(spec, params, future)), now: 0, requests: 0 },
        });
        fc.modelRun(setup, cmds);
      }),
      { numRuns: 150 },
    );
  });
});

// Every registered eviction policy composed with a request-path trigger (`policy+lru-backfill`) and
// with demand fill (`policy+none`), against the same composed model: the policy's own model found by
// file name, so a new policy is covered by its file and its model alone. Admission, backfillAdmission
// and the policy's parameters vary with the case.
describe.each(allPolicySpecs().flatMap((p) => [`${p.name}+lru-backfill`, `${p.name}+none`]))('composed strategy %s against the composed models', (name) => {
  const spec = strategySpec(name);
  it('agrees after every command', () => {
    fc.assert(
      fc.property(modelCase(spec), ([sourceKeys, params, cmds]) => {
        const stream = arrayStream([], sourceKeys, [], 2 * sourceKeys);
        const future = futureOf(cmds);
        const setup = () => ({
          model: { m: new StrategyModel(params as ModelOptions, sourceKeys, params, future), now: 0 },
          real: { run: new StrategyRun({ name, spec, params }, stream, { seed: 1, latency: DEFAULT_LATENCY, verifyValues: true }, readAhead(spec, params, future)), now: 0, requests: 0 },
        });
        fc.modelRun(setup, cmds);
      }),
      { numRuns: 25 },
    );
  });
});

// Clairvoyant strategies (trait `clairvoyant`, e.g. opt) see the whole stream ahead: their model is
// Belady's MIN written naively, run over the same random stream, compared after every request.
describe.each(
  allStrategySpecs()
    .filter(clairvoyant)
    .map((s) => [s.name, s] as const),
)('clairvoyant strategy %s against a naive Belady model', (_name, spec) => {
  it('agrees after every request (hit or miss, source reads, evictions, size)', () => {
    const caseArb = fc
      .integer({ min: 1, max: 25 })
      .chain((sourceKeys) =>
        fc.tuple(
          fc.constant(sourceKeys),
          paramsFor(spec, sourceKeys),
          fc.array(fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: sourceKeys - 1 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 * sourceKeys - 1 }) }), { maxLength: 150 }),
        ),
      );
    fc.assert(
      fc.property(caseArb, ([sourceKeys, params, keys]) => {
        const stream = arrayStream([], sourceKeys, [], 2 * sourceKeys);
        const run = new StrategyRun({ name: spec.name, spec, params }, stream, { seed: 1, latency: DEFAULT_LATENCY, verifyValues: true }, { keys: Uint32Array.from(keys) });
        const model = naiveBelady(keys, sourceKeys, resolveCapacity(params.capacity, { sourceKeys }, 'model').capacity);
        const chunk = createChunk(1);
        keys.forEach((key, i) => {
          chunk.keys[0] = key;
          chunk.times[0] = i;
          chunk.length = 1;
          const hitsBefore = run.hits;
          run.replay(chunk);
          const st = run.strategy.stats();
          expect({ hit: run.hits > hitsBefore, demandReads: run.source.demandReads, evictions: st.evictions, size: st.finalSize }).toEqual(model[i]);
        });
        run.strategy.finish();
      }),
      { numRuns: 150 },
    );
  });
});

it('opt is marked clairvoyant, so it is checked against the Belady model, not the cache model', () => {
  expect(
    allStrategySpecs()
      .filter(clairvoyant)
      .map((s) => s.name),
  ).toContain('opt');
});

it('the model itself reproduces a hand-computed reference case', () => {
  // threshold 0.5, batch 2, source 0..4: miss(0) miss(1) -> miss(2) at 3 lookups, rate 1 >= 0.5:
  // backfill 0,1? no: 0 and 1 are cached, so 2 and 3 load; then 2 is read from the source again.
  const m = new StrategyModel({ threshold: 0.5, batch: 2 }, 5);
  expect([m.access(0, 0), m.access(1, 0), m.access(2, 0), m.access(3, 0)]).toEqual([false, false, false, true]);
  expect(m.backfills).toBe(1);
  expect(m.backfilledKeys).toBe(2);
  expect(m.demandReads).toBe(3);
});
