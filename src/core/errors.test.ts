// ConfigError carries where and field; callers move an error to a better location without touching
// its detail (no message rewriting).
import { describe, expect, it } from 'vitest';
import { resolveStrategies } from '../runner/strategy-config.ts';
import { ConfigError } from './errors.ts';
import { integerParam } from './params.ts';

describe('ConfigError', () => {
  it('reads "where: detail" and keeps both, with the field', () => {
    const e = ConfigError.at('strategy none', '"capacity" is 0; allowed: an integer >= 1', 'capacity');
    expect(e.message).toBe('strategy none: "capacity" is 0; allowed: an integer >= 1');
    expect([e.where, e.field, e.detail]).toEqual(['strategy none', 'capacity', '"capacity" is 0; allowed: an integer >= 1']);
  });

  it('moves to another location, or inside an outer one, keeping detail and field', () => {
    const e = ConfigError.at('strategy none', 'bad', 'capacity');
    expect(e.relocated('--capacity').message).toBe('--capacity: bad');
    expect(e.relocated('--capacity').field).toBe('capacity');
    expect(e.within('suite.json:3').message).toBe('suite.json:3: strategy none: bad');
    expect(e.nestedAt('workload mix', 'components[1]', 'components').message).toBe('workload mix: components[1]: bad');
    expect(new ConfigError('plain').relocated('x').message).toBe('x: plain');
  });

  it('the parameter helpers give structured errors, and a flag gets the blame for a value it gave', () => {
    let thrown: unknown;
    try {
      integerParam({ n: 1.5 }, 'n', { min: 0 }, 'workload w');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).where).toBe('workload w');
    expect((thrown as ConfigError).field).toBe('n');
    expect(() => resolveStrategies(['none'], { capacity: 0 }, 1000)).toThrow(/^--capacity: "capacity" is 0; allowed: /);
  });
});
