// The service time of one source call: fixed + per key (deterministic), or exponentially distributed
// with that mean, drawn from the project's seeded rng (one stream of its own, so drawing service times
// never shifts any other random choice of a run). Times are in the kernel's unit (ms of virtual time).
import type { Rng } from '../../core/types.ts';

export type ServiceDistribution = 'fixed' | 'exponential';

export class ServiceTime {
  /**
   * @param fixedMs cost of a call, whatever its size
   * @param perKeyMs added cost per key the call reads
   * @param rng needed for 'exponential' only
   */
  constructor(
    readonly fixedMs: number,
    readonly perKeyMs: number,
    readonly distribution: ServiceDistribution,
    private readonly rng: Rng | undefined,
  ) {
    if (!(fixedMs >= 0) || !(perKeyMs >= 0) || !Number.isFinite(fixedMs) || !Number.isFinite(perKeyMs))
      throw new RangeError(`service times must be finite and >= 0: fixed ${fixedMs}, per key ${perKeyMs}`);
    if (distribution === 'exponential' && rng === undefined) throw new RangeError('an exponential service time needs an rng');
  }

  /** The mean service time of a call reading `keys` keys. */
  meanMs(keys: number): number {
    return this.fixedMs + this.perKeyMs * keys;
  }

  /** One call's service time. A single class with a branch keeps the caller's call site monomorphic. */
  sample(keys: number): number {
    const mean = this.fixedMs + this.perKeyMs * keys;
    if (this.distribution === 'fixed') return mean;
    // Inversion: 1 - U is in (0, 1], so the log is finite.
    return -mean * Math.log(1 - this.rng!.nextDouble());
  }
}
