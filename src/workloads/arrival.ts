// Virtual arrival times: `rate` requests per virtual second, evenly spaced or a Poisson process.
import type { Rng } from '../core/types.ts';

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
        // Exponential gaps by inversion; 1 - u is in (0, 1], so the log is finite.
        now += -Math.log(1 - rng.nextDouble()) * meanGapMs;
        times[i] = now;
      }
    },
  };
}
