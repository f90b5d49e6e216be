// Reference values: scipy 1.17 (scipy.special.erfc, scipy.stats.norm.sf / .ppf), printed with repr().
import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, normalQuantile, normalSf } from './normal.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('normal distribution', () => {
  it('erfc matches scipy to ~1e-15 relative, from the centre far into the tail', () => {
    const cases: [number, number][] = [
      [0, 1.0],
      [0.1, 0.8875370839817152],
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028516],
      [1.4, 0.04771488023735121],
      [1.5, 0.03389485352468927],
      [1.51, 0.032723251871288356],
      [2, 0.004677734981047266],
      [2.5, 0.00040695201744495886],
      [3, 2.2090496998585445e-5],
      [5, 1.5374597944280347e-12],
      [10, 2.0884875837625446e-45],
      [20, 5.395865611607901e-176],
    ];
    for (const [x, v] of cases) expect(rel(erfc(x), v), `erfc(${x})`).toBeLessThan(2e-15);
    expect(rel(erfc(-1), 2 - 0.15729920705028516)).toBeLessThan(1e-15);
  });

  it('normalSf and normalCdf match scipy.stats.norm', () => {
    const sf: [number, number][] = [
      [-3, 0.9986501019683699],
      [0, 0.5],
      [1, 0.15865525393145707],
      [1.6, 0.054799291699557974],
      [3, 0.0013498980316300933],
      [6, 9.865876450376946e-10],
      [10, 7.61985302416047e-24],
      [30, 4.906713927147908e-198],
    ];
    for (const [z, v] of sf) expect(rel(normalSf(z), v), `sf(${z})`).toBeLessThan(5e-13);
    expect(rel(normalCdf(-1.96), 1 - 0.9750021048517795)).toBeLessThan(1e-12);
  });

  it('normalQuantile matches scipy.stats.norm.ppf', () => {
    const ppf: [number, number][] = [
      [1e-12, -7.034483825301131],
      [1e-6, -4.753424308822899],
      [0.005, -2.575829303548901],
      [0.01, -2.3263478740408408],
      [0.025, -1.9599639845400545],
      [0.3, -0.5244005127080409],
      [0.5, 0],
      [0.7, 0.5244005127080407],
      [0.975, 1.959963984540054],
      [0.995, 2.5758293035489004],
      [0.999999, 4.753424308817087],
    ];
    for (const [p, v] of ppf) expect(Math.abs(normalQuantile(p) - v), `ppf(${p})`).toBeLessThan(1e-13);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });

  it('quantile inverts the CDF', () => {
    for (const p of [1e-9, 0.001, 0.2, 0.5, 0.8, 0.999]) expect(rel(normalCdf(normalQuantile(p)), p)).toBeLessThan(1e-12);
  });
});
