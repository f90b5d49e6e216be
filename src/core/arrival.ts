// Virtual arrival times: `rate` requests per virtual second, evenly spaced or a Poisson process.
import type { Rng } from './types.ts';

const TWO_POW_M32 = 2.3283064365386963e-10;

export type ArrivalProcess = 'constant' | 'poisson';

export interface ArrivalClock {
  /** Writes the arrival times (ms) of the next n requests into times[0..n). */
  fill(times: Float64Array, n: number): void;
}

export function createArrivalClock(process: ArrivalProcess, ratePerSecond: number, rng: Rng): ArrivalClock {
  const meanGapMs = 1000 / ratePerSecond;
  if (process === 'constant') {
    let index = 0;
    return {
      fill(times, n) {
        // index * gap rather than a running sum: no drift over 10^8 requests.
        for (let i = 0; i < n; i++) times[i] = index++ * meanGapMs;
      },
    };
  }
  let now = 0;
  return {
    fill(times, n) {
      for (let i = 0; i < n; i++) {
        // Exponential gaps by inversion of a uniform in (0, 1) with 32 random bits (one draw, not
        // two: the gap's resolution is 2^-32 of its mean, far below anything a run can resolve).
        now -= Math.log((rng.nextUint32() + 0.5) * TWO_POW_M32) * meanGapMs;
        times[i] = now;
      }
    },
  };
}
