// Every declared parameter of every registered part (strategies, eviction policies, workload
// generators and common fields, the latency model) goes the same way through every place that
// derives from declarations: `list` shows it with its declared default and allowed values; values
// drawn by the test arbitraries validate; a value written as text (on the command line, in a sweep
// grid) reads back to the same validated value; a strategy parameter is a sweep grid axis and a CLI
// flag. A part added later is covered without edits here.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedText, declaredDefaults, defaultText, flagOf, isScalar, nullWords, validateDeclared, validateOne, type ParamDecl, type ScalarDecl } from '../../src/core/param-decl.ts';
import { listData, type ParamData } from '../../src/cli/commands/list.ts';
import { paramFlag } from '../../src/cli/param-flags.ts';
import { LATENCY_PARAMS } from '../../src/source/source-model.ts';
import { SOURCE_PARAMS } from '../../src/source/queue/source-params.ts';
import { allAdmissionSpecs } from '../../src/strategies/admission/registry.ts';
import { allPolicySpecs } from '../../src/strategies/eviction/registry.ts';
import { partsDeclaring } from '../../src/strategies/presets/preset.ts';
import { allStrategySpecs } from '../../src/strategies/registry.ts';
import { strategyParamDecl } from '../../src/strategies/strategy-param-index.ts';
import { parseGrid, parseGridItem } from '../../src/sweep/grid.ts';
import { allWorkloadSpecs } from '../../src/workloads/registry.ts';
import { COMMON_PARAMS } from '../../src/workloads/workload-config.ts';
import { declArbitrary } from '../helpers/param-arbitraries.ts';

interface Part {
  readonly what: string;
  readonly params: readonly ParamDecl[];
  /** The part's entry in `list --format json`. */
  readonly listed: readonly ParamData[] | undefined;
}

const list = listData();
const parts: Part[] = [
  // A strategy lists its own parameters; a policy's or admission's own are listed with that part.
  ...allStrategySpecs().map((s) => ({
    what: `strategy ${s.name}`,
    params: s.params.filter((d) => partsDeclaring(d.name).length === 0),
    listed: list.strategies.find((x) => x.name === s.name)?.params,
  })),
  ...allPolicySpecs().map((p) => ({ what: `eviction ${p.name}`, params: p.params, listed: list.evictionPolicies.find((x) => x.name === p.name)?.params })),
  ...allAdmissionSpecs().map((a) => ({ what: `admission ${a.name}`, params: a.params, listed: list.admissions.find((x) => x.name === a.name)?.params })),
  ...allWorkloadSpecs().map((w) => ({ what: `workload ${w.name}`, params: w.params, listed: list.workloads.find((x) => x.name === w.name)?.params })),
  { what: 'workload fields', params: COMMON_PARAMS, listed: list.workloadFields },
  { what: 'latency', params: LATENCY_PARAMS, listed: list.latency },
  { what: 'source model', params: SOURCE_PARAMS, listed: list.source },
];

/** A validated value written the way a user types it. */
const asText = (d: ScalarDecl, v: unknown) => (v === null || v === undefined ? (d.nullable?.word ?? 'null') : String(v));

describe.each(parts.map((p) => [p.what, p] as const))('%s', (_what, part) => {
  it('`list` shows every parameter with its declared default, allowed values and doc', () => {
    expect(part.listed?.map((p) => p.name)).toEqual(part.params.map((d) => d.name));
    for (const d of part.params) {
      const row = part.listed!.find((p) => p.name === d.name)!;
      expect(row).toMatchObject({ default: defaultText(d), allowed: allowedText(d), description: d.doc, flag: `--${flagOf(d)}` });
    }
  });

  it('arbitrary values validate, and read back from their text (flag, grid) to the same value', () => {
    // Parameters declared before one with a computed bound (scan's start < keys) at their defaults.
    const earlierOf = (i: number) => {
      const before = part.params.slice(0, i).filter(isScalar);
      return validateDeclared(before, declaredDefaults(before, { sourceKeys: 1000 }), 'test');
    };
    part.params.forEach((d, i) => {
      if (!isScalar(d)) return;
      const earlier = earlierOf(i);
      for (const v of fc.sample(declArbitrary(d, { sizeForms: true }), { numRuns: 25, seed: 12 })) {
        const valid = validateOne(d, { [d.name]: v }, 'test', earlier);
        const text = asText(d, v);
        const [fromGrid, ...more] = parseGridItem(d, text, 'test');
        expect(more).toEqual([]);
        expect(validateOne(d, { [d.name]: fromGrid }, 'test', earlier), `${d.name}=${text} (grid)`).toEqual(valid);
        const fromFlag = paramFlag(d, { [flagOf(d)]: text });
        expect(validateOne(d, { [d.name]: fromFlag }, 'test', earlier), `--${flagOf(d)} ${text}`).toEqual(valid);
      }
      if (d.nullable) for (const w of nullWords(d)) expect(parseGridItem(d, w, 'test')).toEqual([null]);
    });
  });
});

describe.each(allStrategySpecs().map((s) => [s.name, s] as const))('strategy %s on the sweep grid', (_name, spec) => {
  it('each parameter is a sweep grid axis under its flag and its name', () => {
    for (const d of spec.params.filter(isScalar)) {
      expect(strategyParamDecl(d.name)?.name).toBe(d.name);
      const [v] = fc.sample(declArbitrary(d), { numRuns: 1, seed: 3 });
      for (const given of new Set([flagOf(d), d.name])) expect(parseGrid(`${given}=${asText(d, v)}`)[0]!.name).toBe(d.name);
    }
  });
});

describe('eviction policy parameters and the sweep grid', () => {
  it('once a strategy takes an eviction policy, every policy parameter is a strategy parameter (a grid axis)', () => {
    const composed = strategyParamDecl('eviction') !== undefined;
    const policyParams = allPolicySpecs().flatMap((p) => p.params.filter(isScalar));
    // Before the eviction axis is a strategy parameter no policy parameter can be swept; after, all can.
    const reachable = policyParams.filter((d) => strategyParamDecl(d.name) !== undefined).map((d) => d.name);
    expect(reachable).toEqual(composed ? policyParams.map((d) => d.name) : []);
  });
});
